#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The official Azure SDK for JavaScript (@azure/identity, @azure/arm-resources,
# @azure/arm-network, pinned in package-lock.json) against crosspeer armsim over HTTPS on
# 127.0.0.1 (no root): seed.mjs builds the cross-tenant site-to-site topology in two
# tenants, then `crosspeer azure status` and `plan` read what the SDK made, then the SDK
# lists, reads the shared keys and deletes it all. Node.js and npm come from the machine
# (scripts/install-deps.sh); the packages are installed with `npm ci` into this folder
# (node_modules/, ignored by git) or XP_NPM_DIR, once per lock file.
set -eu

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
here=$(cd "$(dirname "$0")" && pwd)
XP_NPM_DIR=${XP_NPM_DIR:-$here}
fail() { echo "azure_sdk_interop: FAIL: $*" >&2; [ -n "${XP_DEBUG:-}" ] && cat "$work/out.$n" >&2; [ -f "$work/last.err" ] && cat "$work/last.err" >&2; exit 1; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "azure_sdk_interop: FAIL: node and npm are needed (scripts/install-deps.sh installs them)" >&2
	exit 1
fi

# npm ci only when the lock file changed since the last install
if [ "$XP_NPM_DIR" != "$here" ]; then
	mkdir -p "$XP_NPM_DIR"
	cp "$here/package.json" "$here/package-lock.json" "$here/seed.mjs" "$XP_NPM_DIR/"
fi
stamp=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$XP_NPM_DIR/node_modules/.xp-lock-sha256" 2>/dev/null)" != "$stamp" ]; then
	(cd "$XP_NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
		{ echo "azure_sdk_interop: FAIL: npm ci in $XP_NPM_DIR" >&2; exit 1; }
	echo "$stamp" > "$XP_NPM_DIR/node_modules/.xp-lock-sha256"
fi

work=$(mktemp -d /tmp/xp-azure-sdk.XXXXXX)
umask 077
# shellcheck source=tests/integration/armsim_lib.sh
. "$(dirname "$0")/../../integration/armsim_lib.sh"
cleanup() {
	armsim_stop
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

rnd() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
XP_TENANT_A=11111111-aaaa-4aaa-8aaa-111111111111; XP_TENANT_B=22222222-bbbb-4bbb-8bbb-222222222222
XP_SUB_A=aaaaaaaa-0000-4000-8000-00000000000a; XP_SUB_B=bbbbbbbb-0000-4000-8000-00000000000b
XP_CLIENT_A=33333333-aaaa-4aaa-8aaa-333333333333; XP_CLIENT_B=44444444-bbbb-4bbb-8bbb-444444444444
XP_SECRET_A="secA-$(rnd)"; XP_SECRET_B="secB-$(rnd)"; XP_SHARED_KEY="psk-$(rnd)"
export XP_TENANT_A XP_TENANT_B XP_SUB_A XP_SUB_B XP_CLIENT_A XP_CLIENT_B XP_SECRET_A XP_SECRET_B XP_SHARED_KEY

cat > "$work/tenants.json" <<JSON
[{"tenant_id":"$XP_TENANT_A","subscription_id":"$XP_SUB_A","client_id":"$XP_CLIENT_A","client_secret":"$XP_SECRET_A"},
 {"tenant_id":"$XP_TENANT_B","subscription_id":"$XP_SUB_B","client_id":"$XP_CLIENT_B","client_secret":"$XP_SECRET_B"}]
JSON
armsim_start "$work" --gateway-seconds 2 --resource-seconds 0.2 --retry-after 1 \
	--record "$work/requests.jsonl" || fail "armsim did not start"
XP_ARM=$ARMSIM_URL
export XP_ARM NODE_EXTRA_CA_CERTS="$work/tls/ca.pem"

seed() { # $1 step
	node "$XP_NPM_DIR/seed.mjs" "$1" >"$work/seed.$1" 2>"$work/last.err" || fail "node seed.mjs $1"
	cat "$work/seed.$1"
}
n=0
run() { # $1 expected exit code, rest: crosspeer args
	want=$1; shift; n=$((n + 1))
	set +e
	"$CROSSPEER" "$@" >"$work/out.$n" 2>"$work/err.$n"; rc=$?
	set -e
	cp "$work/err.$n" "$work/last.err"
	[ "$rc" -eq "$want" ] || fail "crosspeer $* exited $rc, expected $want"
}

seed create

# what a user of crosspeer would write for the topology the SDK built
cat > "$work/xt.json" <<JSON
{ "version": 1, "name": "xt-sdk",
  "local": { "address": "192.0.2.1", "subnets": ["10.9.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.1.0.0/16"] },
  "auth": { "psk_env": "XP_SHARED_KEY" },
  "azure": {
    "authority_host": "$XP_ARM", "resource_manager": "$XP_ARM", "ca_file": "tls/ca.pem",
    "pattern": "s2s", "shared_key": { "env": "XP_SHARED_KEY" },
    "tenants": [
      { "name": "a", "tenant_id": "$XP_TENANT_A", "subscription_id": "$XP_SUB_A", "client_id": "$XP_CLIENT_A",
        "client_secret_env": "XP_SECRET_A", "resource_group": "rg-xt-a", "location": "westeurope",
        "vnet": { "name": "vnet-a", "address_space": ["10.1.0.0/16"], "gateway_subnet": "10.1.255.0/27" },
        "gateway": { "name": "gw-a", "sku": "VpnGw1", "generation": "Generation1" } },
      { "name": "b", "tenant_id": "$XP_TENANT_B", "subscription_id": "$XP_SUB_B", "client_id": "$XP_CLIENT_B",
        "client_secret_env": "XP_SECRET_B", "resource_group": "rg-xt-b", "location": "westeurope",
        "vnet": { "name": "vnet-b", "address_space": ["10.2.0.0/16"], "gateway_subnet": "10.2.255.0/27" },
        "gateway": { "name": "gw-b", "sku": "VpnGw1", "generation": "Generation1" } } ] } }
JSON

run 0 azure status --profile "$work/xt.json"
cat "$work/out.$n"
for r in resourceGroups/rg-xt-a virtualNetworks/vnet-a publicIPAddresses/gw-a-pip \
	virtualNetworkGateways/gw-a localNetworkGateways/lng-to-b virtualNetworkGateways/gw-b \
	localNetworkGateways/lng-to-a; do
	grep -q "$r .*Succeeded" "$work/out.$n" || fail "status: $r not Succeeded"
done
grep -q "a: connections/conn-to-b .*Succeeded *Unknown" "$work/out.$n" || fail "status: conn-to-b"
grep -q "b: connections/conn-to-a .*Succeeded *Unknown" "$work/out.$n" || fail "status: conn-to-a"
run 0 azure status --profile "$work/xt.json" --peer a
pip_a=$(sed -n 's/^seed: a: .* gw-a-pip \([0-9.]*\)$/\1/p' "$work/seed.create")
grep -q "\"address\": \"$pip_a\"" "$work/out.$n" || fail "status --peer a: not tenant a's gateway $pip_a"
grep -q '"shared_key_matches_profile": true' "$work/out.$n" || fail "status --peer a: shared key"

# plan reads the SDK's topology: nothing to create; what it would change is named
run 0 azure plan --profile "$work/xt.json"
cat "$work/out.$n"
grep -q "Plan: 0 to create, 0 to update, 12 unchanged" "$work/out.$n" || fail "plan wants to change what the SDK made"

seed check
seed delete

run 0 azure plan --profile "$work/xt.json"
grep -q "12 to create" "$work/out.$n" || fail "plan after the SDK's delete: $(tail -1 "$work/out.$n")"

# every secret stayed out of every output and of armsim's request record
for s in "$XP_SECRET_A" "$XP_SECRET_B" "$XP_SHARED_KEY"; do
	if grep -rqF -- "$s" "$work"/out.* "$work"/err.* "$work"/seed.* "$work/armsim.log" "$work/requests.jsonl"; then
		fail "a secret appeared in an output"
	fi
done
echo "azure_sdk_interop: $(grep -c . "$work/requests.jsonl") requests; $(grep -o '"path":"[^"?]*' "$work/requests.jsonl" | sed 's/.*"path":"//' | grep -vc '^/subscriptions') to Entra ID"
echo "azure_sdk_interop: PASS"
