#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer armsim + crosspeer azure plan/apply/status/destroy end to end over HTTPS on
# 127.0.0.1 (no root): exit codes, idempotence, faults survived, kill -9 during apply,
# preflight, a wrong client secret, and no secret in any output.
set -eu

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
work=$(mktemp -d /tmp/xp-azure-e2e.XXXXXX)
umask 077
# shellcheck source=tests/integration/armsim_lib.sh
. "$(dirname "$0")/armsim_lib.sh"
cleanup() {
	armsim_stop
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() { echo "azure_e2e: FAIL: $*" >&2; [ -f "$work/last.err" ] && cat "$work/last.err" >&2; exit 1; }

rnd() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
XP_IT_SECRET_A="secA-$(rnd)"; XP_IT_SECRET_B="secB-$(rnd)"; CROSSPEER_SHARED_KEY="psk-$(rnd)"
export XP_IT_SECRET_A XP_IT_SECRET_B CROSSPEER_SHARED_KEY
TA=11111111-aaaa-4aaa-8aaa-111111111111; TB=22222222-bbbb-4bbb-8bbb-222222222222
SA=aaaaaaaa-0000-4000-8000-00000000000a; SB=bbbbbbbb-0000-4000-8000-00000000000b

cat > "$work/tenants.json" <<JSON
[{"tenant_id":"$TA","subscription_id":"$SA","client_id":"app-a","client_secret":"$XP_IT_SECRET_A"},
 {"tenant_id":"$TB","subscription_id":"$SB","client_id":"app-b","client_secret":"$XP_IT_SECRET_B"}]
JSON
armsim_start "$work" --gateway-seconds 3 --resource-seconds 0.2 --retry-after 1 ||
	fail "armsim did not start"
base=$ARMSIM_URL

profile() { # $1 file, $2 tenant b address space, $3 name
	cat > "$1" <<JSON
{ "version": 1, "name": "$3",
  "local": { "address": "192.0.2.1", "subnets": ["10.9.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.1.0.0/16"] },
  "auth": { "psk_env": "CROSSPEER_SHARED_KEY" },
  "azure": {
    "authority_host": "$base", "resource_manager": "$base", "ca_file": "tls/ca.pem",
    "pattern": "s2s", "shared_key": { "env": "CROSSPEER_SHARED_KEY" },
    "ipsec_policy": { "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
      "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256", "pfsGroup": "PFS2048",
      "saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000 },
    "tenants": [
      { "name": "a", "tenant_id": "$TA", "subscription_id": "$SA", "client_id": "app-a",
        "client_secret_env": "XP_IT_SECRET_A", "resource_group": "rg-xt-a", "location": "westeurope",
        "vnet": { "name": "vnet-a", "address_space": ["10.1.0.0/16"], "gateway_subnet": "10.1.255.0/27" },
        "gateway": { "name": "gw-a", "sku": "VpnGw1", "generation": "Generation1" } },
      { "name": "b", "tenant_id": "$TB", "subscription_id": "$SB", "client_id": "app-b",
        "client_secret_env": "XP_IT_SECRET_B", "resource_group": "rg-xt-b", "location": "westeurope",
        "vnet": { "name": "vnet-b", "address_space": ["$2"], "gateway_subnet": "10.2.255.0/27" },
        "gateway": { "name": "gw-b", "sku": "VpnGw1", "generation": "Generation1" } } ],
    "onprem": { "public_ip": "203.0.113.10", "subnets": ["10.9.0.0/24"], "connect_to": "a" } } }
JSON
}
P="$work/xt.json"
profile "$P" 10.2.0.0/16 xt-e2e

n=0
run() { # $1 expected exit code, rest: crosspeer args; output kept for the secret grep
	want=$1; shift; n=$((n + 1))
	set +e
	"$CROSSPEER" "$@" >"$work/out.$n" 2>"$work/err.$n"; rc=$?
	set -e
	cp "$work/err.$n" "$work/last.err"
	[ "$rc" -eq "$want" ] || fail "crosspeer $* exited $rc, expected $want"
}
stats() { curl -sS --cacert "$work/tls/ca.pem" "$base/_armsim/stats"; }
# shellcheck disable=SC2020 # three characters, each to a newline
count() { stats | tr ',{}' '\n\n\n' | sed -n "s/^\"$1\":\([0-9]*\)$/\1/p"; }
now() { date +%s.%N; }

run 0 azure --help
run 0 armsim --help
run 2 azure frobnicate --profile "$P"
run 2 azure plan

# plan reads only
run 0 azure plan --profile "$P"
grep -q "14 to create" "$work/out.$n" || fail "plan did not list 14 creations"
[ "$(count PUT)" -eq 0 ] || fail "plan wrote"

# apply, then apply again: the second one writes nothing
t0=$(now)
run 0 azure apply --profile "$P"
t_par=$(awk "BEGIN { printf \"%.1f\", $(now) - $t0 }")
puts=$(count PUT)
[ "$puts" -eq 14 ] || fail "first apply sent $puts PUTs, expected 14"
run 0 azure apply --profile "$P"
grep -q "Apply complete: 0 write" "$work/out.$n" || fail "second apply wrote"
[ "$(count PUT)" -eq "$puts" ] || fail "second apply sent PUTs"

run 0 azure status --profile "$P"
grep -q "conn-to-b.*Succeeded" "$work/out.$n" || fail "status lacks conn-to-b"

# the Azure end of the on-prem connection, for up/verify: no shared key in it
run 0 azure status --profile "$P" --peer onprem
grep -q '"address": "198.51.100.1' "$work/out.$n" || fail "peer address missing"
grep -q '"aes256-sha256-modp2048"' "$work/out.$n" || fail "peer IKE proposal missing"
grep -q '"aes256gcm16-modp2048"' "$work/out.$n" || fail "peer ESP proposal missing"
grep -q '"shared_key_matches_profile": true' "$work/out.$n" || fail "shared key not in ARM"
run 2 azure status --profile "$P" --peer nobody

# the lab's hook: a simulated gateway reports its IKE state through the admin surface
curl -sS --cacert "$work/tls/ca.pem" -X PUT "$base/_armsim/connectionStatus" --data \
	"{\"id\":\"/subscriptions/$SA/resourceGroups/rg-xt-a/providers/Microsoft.Network/connections/conn-to-onprem\",\"connectionStatus\":\"Connected\",\"ingressBytesTransferred\":42,\"egressBytesTransferred\":43}"
run 0 azure status --profile "$P"
grep -q "conn-to-onprem.*Connected in 42 B out 43 B tunnels 1" "$work/out.$n" ||
	fail "connectionStatus set through the hook not shown"

# faults: 429, 500 and a dropped connection on reads are survived
curl -sS --cacert "$work/tls/ca.pem" -X POST --data "429:1@GET,500:1@GET,drop:1@GET" \
	"$base/_armsim/faults" >/dev/null
run 0 azure status --profile "$P" --json
grep -q '"connectionStatus": "Unknown"' "$work/out.$n" || fail "status --json lacks connectionStatus"

# a wrong client secret: exit 4, names the tenant, never the secret
XP_IT_SECRET_A="wrong-$(rnd)" run 4 azure plan --profile "$P"
grep -q "$TA" "$work/err.$n" || fail "wrong secret: tenant not named"
grep -q "AADSTS7000215" "$work/err.$n" || fail "wrong secret: no AADSTS code"

# preflight: overlapping prefixes are exit 2 and name the field
profile "$work/overlap.json" 10.1.128.0/17 xt-overlap
run 2 azure apply --profile "$work/overlap.json"
grep -q "azure.tenants\[1\].vnet.address_space\[0\]: .*overlap" "$work/err.$n" ||
	fail "overlap not reported"

# a CA file that cannot be read is the profile's mistake (as a missing psk_file is), named
sed 's|"ca_file": "tls/ca.pem"|"ca_file": "tls/nope.pem"|' "$P" > "$work/noca.json"
run 2 azure plan --profile "$work/noca.json"
grep -q "noca.json: azure.ca_file: cannot read .*nope.pem" "$work/err.$n" || fail "missing CA file not reported"

# a secret file readable by others is refused
sed 's/"client_secret_env": "XP_IT_SECRET_A"/"client_secret_file": "secret-a"/' "$P" > "$work/file.json"
printf '%s\n' "$XP_IT_SECRET_A" > "$work/secret-a"; chmod 644 "$work/secret-a"
run 2 azure plan --profile "$work/file.json"
grep -q "chmod 600" "$work/err.$n" || fail "world-readable secret file not refused"

# destroy, then kill -9 in the middle of an apply and converge with no duplicates
run 0 azure destroy --profile "$P"
run 0 azure status --profile "$P"
grep -q "Succeeded" "$work/out.$n" && fail "destroy left resources"
"$CROSSPEER" azure apply --profile "$P" >"$work/out.killed" 2>&1 &
apid=$!
sleep 2
kill -9 "$apid" 2>/dev/null || true
wait "$apid" 2>/dev/null || true
run 0 azure apply --profile "$P"
run 0 azure apply --profile "$P"
grep -q "Apply complete: 0 write" "$work/out.$n" || fail "apply after kill -9 did not converge"
lngs=$(curl -sS --cacert "$work/tls/ca.pem" \
	"$base/subscriptions/$SA/resourceGroups/rg-xt-a/providers/Microsoft.Network/localNetworkGateways?api-version=2024-05-01" \
	-o /dev/null -w '%{http_code}')
[ "$lngs" = 401 ] || fail "ARM answered without a token"

# what the official clients ask besides, answered as Entra ID and ARM do
c() { curl -sS --cacert "$work/tls/ca.pem" "$@"; }
c "$base/$TA/v2.0/.well-known/openid-configuration" | grep -qF "\"token_endpoint\":\"$base/$TA/oauth2/v2.0/token\"" ||
	fail "OpenID metadata lacks the token endpoint"
c "$base/nobody/v2.0/.well-known/openid-configuration" | grep -q "AADSTS90002" || fail "unknown tenant in OpenID discovery"
c "$base/common/discovery/instance?api-version=1.1&authorization_endpoint=$base/$TA/oauth2/v2.0/authorize" |
	grep -qF "\"tenant_discovery_endpoint\":\"$base/$TA/v2.0/.well-known/openid-configuration\"" ||
	fail "instance discovery"
printf 'grant_type=client_credentials&client_id=app-a&scope=%s/.default&client_secret=%s' "$base" \
	"$XP_IT_SECRET_A" > "$work/form"
tok=$(c --data @"$work/form" "$base/$TA/oauth2/v2.0/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$tok" ] || fail "no token for the server's own ARM audience"
printf 'Authorization: Bearer %s\n' "$tok" > "$work/auth"
arm() { c -H @"$work/auth" -o "$work/arm.out" -w '%{http_code}' "$@"; }
want() { # $1 HTTP status, $2 pattern the body must hold ("" for any), rest: curl arguments
	code=$1; pat=$2; shift 2
	[ "$(arm "$@")" = "$code" ] || return 1
	[ -z "$pat" ] || grep -q -- "$pat" "$work/arm.out"
}
want 200 '"value":\[{.*"name":"rg-xt-a"' "$base/subscriptions/$SA/resourcegroups?api-version=2025-04-01" ||
	fail "resource-group list"
want 204 "" -I "$base/subscriptions/$SA/resourcegroups/rg-xt-a?api-version=2025-04-01" || fail "resource-group HEAD"
arm_a="$base/subscriptions/$SA/resourceGroups/rg-xt-a/providers/Microsoft.Network"
want 400 NoRegisteredProviderFound "$arm_a/virtualNetworks?api-version=2099-01-01" ||
	fail "an unknown api-version was accepted"
want 400 "Required property 'properties'" -X PUT --data '{"location":"westeurope"}' \
	"$arm_a/localNetworkGateways/noprops?api-version=2026-01-01" || fail "a body without properties was accepted"
rg_t="$base/subscriptions/$SA/resourcegroups/rg-tags?api-version=2021-04-01"
want 201 '"tags":{"k":"v"}' -X PUT --data '{"location":"westeurope","tags":{"k":"v"}}' "$rg_t" ||
	fail "resource-group PUT with tags"
want 200 "" -X PATCH --data '{"tags":{}}' "$rg_t" || fail "resource-group PATCH"
if grep -q '"tags"' "$work/arm.out"; then fail "resource-group PATCH answered empty tags"; fi
[ "$(arm -X DELETE "$rg_t")" = 202 ] || fail "resource-group delete"

# benchmark: one tenant after the other
run 0 azure destroy --profile "$P"
t0=$(now)
run 0 azure apply --profile "$P" --parallel 1
t_seq=$(awk "BEGIN { printf \"%.1f\", $(now) - $t0 }")
echo "azure_e2e: apply concurrent ${t_par}s, --parallel 1 ${t_seq}s, ratio $(awk "BEGIN { printf \"%.2f\", $t_par / $t_seq }"), 14 ARM writes"
run 0 azure destroy --profile "$P"

# preflight against what ARM already holds: an NSG on GatewaySubnet, a PolicyBased gateway
net_a="/subscriptions/$SA/resourceGroups/rg-xt-a/providers/Microsoft.Network"
net_b="/subscriptions/$SB/resourceGroups/rg-xt-b/providers/Microsoft.Network"
curl -sS --cacert "$work/tls/ca.pem" -X PUT "$base/_armsim/resource?id=$net_a/virtualNetworks/vnet-a" \
	--data "{\"name\":\"vnet-a\",\"location\":\"westeurope\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.1.0.0/16\"]},\"subnets\":[{\"name\":\"GatewaySubnet\",\"id\":\"$net_a/virtualNetworks/vnet-a/subnets/GatewaySubnet\",\"properties\":{\"addressPrefix\":\"10.1.255.0/27\",\"networkSecurityGroup\":{\"id\":\"$net_a/networkSecurityGroups/nsg1\"}}}]}}"
curl -sS --cacert "$work/tls/ca.pem" -X PUT "$base/_armsim/resource?id=$net_b/virtualNetworkGateways/gw-b" \
	--data '{"name":"gw-b","location":"westeurope","properties":{"gatewayType":"Vpn","vpnType":"PolicyBased","sku":{"name":"Basic"}}}'
puts=$(count PUT)
run 2 azure apply --profile "$P"
grep -q "GatewaySubnet: no network security group" "$work/err.$n" || fail "NSG not reported"
grep -q "gw-b: RouteBased" "$work/err.$n" || fail "PolicyBased gateway not reported"
[ "$(count PUT)" -eq "$puts" ] || fail "apply wrote despite preflight failures"

# no secret anywhere
for s in "$XP_IT_SECRET_A" "$XP_IT_SECRET_B" "$CROSSPEER_SHARED_KEY"; do
	if grep -rqF -- "$s" "$work"/out.* "$work"/err.* "$work/armsim.log" "$work"/.crosspeer-azure-* 2>/dev/null; then
		fail "a secret appeared in an output"
	fi
done
echo "azure_e2e: PASS"
