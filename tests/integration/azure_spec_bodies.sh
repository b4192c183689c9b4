#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Every request body crosspeer sends to ARM follows the official spec's rules (required,
# readOnly, types, enums; arm_spec_rules.py): armsim records each request (--record) while
# crosspeer azure apply builds both patterns in two tenants, updates a user's existing VNet
# (the official GET example of a VNet with a delegated subnet) and changes the shared key;
# then every PUT is checked, and each kind crosspeer writes must have been seen. No root.
set -eu

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
here=$(cd "$(dirname "$0")" && pwd)
data="$here/../unit/azure/data"
work=$(mktemp -d /tmp/xp-azure-spec.XXXXXX)
umask 077
# shellcheck source=tests/integration/armsim_lib.sh
. "$(dirname "$0")/armsim_lib.sh"
cleanup() {
	armsim_stop
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() { echo "azure_spec_bodies: FAIL: $*" >&2; [ -f "$work/last.err" ] && cat "$work/last.err" >&2; exit 1; }

python3 "$here/arm_spec_rules.py" --self-test "$data" || fail "the rules disagree with the official examples"

rnd() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
XP_SB_SECRET_A="secA-$(rnd)"; XP_SB_SECRET_B="secB-$(rnd)"; XP_SB_KEY="psk-$(rnd)"
export XP_SB_SECRET_A XP_SB_SECRET_B XP_SB_KEY
TA=11111111-aaaa-4aaa-8aaa-111111111111; TB=22222222-bbbb-4bbb-8bbb-222222222222
SA=aaaaaaaa-0000-4000-8000-00000000000a; SB=bbbbbbbb-0000-4000-8000-00000000000b
cat > "$work/tenants.json" <<JSON
[{"tenant_id":"$TA","subscription_id":"$SA","client_id":"app-a","client_secret":"$XP_SB_SECRET_A"},
 {"tenant_id":"$TB","subscription_id":"$SB","client_id":"app-b","client_secret":"$XP_SB_SECRET_B"}]
JSON
armsim_start "$work" --gateway-seconds 1 --resource-seconds 0.1 --retry-after 1 \
	--record "$work/requests.jsonl" || fail "armsim did not start"
base=$ARMSIM_URL

profile() { # $1 file, $2 name, $3 pattern, $4 suffix of RG/VNet names, $5 $6 second octets
	cat > "$1" <<JSON
{ "version": 1, "name": "$2",
  "local": { "address": "192.0.2.1", "subnets": ["10.9.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.$5.0.0/16"] },
  "auth": { "psk_env": "XP_SB_KEY" },
  "azure": {
    "authority_host": "$base", "resource_manager": "$base", "ca_file": "tls/ca.pem",
    "pattern": "$3", "shared_key": { "env": "XP_SB_KEY" },
    "ipsec_policy": { "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
      "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256", "pfsGroup": "PFS2048",
      "saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000 },
    "tenants": [
      { "name": "a", "tenant_id": "$TA", "subscription_id": "$SA", "client_id": "app-a",
        "client_secret_env": "XP_SB_SECRET_A", "resource_group": "rg-$4-a", "location": "westeurope",
        "vnet": { "name": "vnet-a", "address_space": ["10.$5.0.0/16"], "gateway_subnet": "10.$5.255.0/27" } },
      { "name": "b", "tenant_id": "$TB", "subscription_id": "$SB", "client_id": "app-b",
        "client_secret_env": "XP_SB_SECRET_B", "resource_group": "rg-$4-b", "location": "westeurope",
        "vnet": { "name": "vnet-b", "address_space": ["10.$6.0.0/16"], "gateway_subnet": "10.$6.255.0/27" } } ],
    "onprem": { "public_ip": "203.0.113.10", "subnets": ["10.9.0.0/24"], "connect_to": "a" } } }
JSON
}
run() { # crosspeer args; must exit 0
	"$CROSSPEER" "$@" >"$work/out" 2>"$work/last.err" || fail "crosspeer $* exited $?"
}

# tenant a's resource group and VNet exist before: the official GET answer of a VNet with a
# delegated subnet (read-only fields and all), moved to this profile's names
rg_a="/subscriptions/$SA/resourceGroups/rg-s2s-a"
curl -sS --cacert "$work/tls/ca.pem" -X PUT "$base/_armsim/resource?id=$rg_a" \
	--data '{"name":"rg-s2s-a","location":"westeurope","properties":{"provisioningState":"Succeeded"}}'
python3 - "$data/VirtualNetworkGetWithSubnetDelegation.json" "$rg_a" > "$work/vnet-a.json" <<'PY'
import json, sys
vnet = json.load(open(sys.argv[1]))["responses"]["200"]["body"]
text = json.dumps(vnet).replace("/subscriptions/subId/resourceGroups/rg1", sys.argv[2])
vnet = json.loads(text.replace("test-vnet", "vnet-a"))
vnet["location"] = "westeurope"
print(json.dumps(vnet))
PY
curl -sS --cacert "$work/tls/ca.pem" -X PUT "$base/_armsim/resource?id=$rg_a/providers/Microsoft.Network/virtualNetworks/vnet-a" \
	--data @"$work/vnet-a.json"

profile "$work/s2s.json" xt-s2s s2s s2s 1 2
run azure apply --profile "$work/s2s.json"
XP_SB_KEY="psk2-$(rnd)" run azure apply --profile "$work/s2s.json"
grep -q "shared key set" "$work/out" || fail "the shared key change sent no sharedkey PUT"
profile "$work/v2v.json" xt-v2v vnet2vnet v2v 3 4
run azure apply --profile "$work/v2v.json"

rc=0
python3 "$here/arm_spec_rules.py" "$work/requests.jsonl" > "$work/rules.out" || rc=$?
cat "$work/rules.out"
[ "$rc" -eq 0 ] || fail "a request body breaks the spec's rules"
for kind in "resource group" VNet "public IP" gateway LNG connection "shared key"; do
	grep -q "[:,] $kind [0-9]" "$work/rules.out" || fail "no $kind body was checked"
done
if grep -rqF -e "$XP_SB_SECRET_A" -e "$XP_SB_SECRET_B" -e "$XP_SB_KEY" "$work/requests.jsonl"; then
	fail "a secret reached armsim's request record"
fi
echo "azure_spec_bodies: PASS"
