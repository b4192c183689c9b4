#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# up, verify and simulate configured from ARM (azure_connection): armsim runs in the on-prem
# namespace on 192.0.2.1 (reachable from both ends), `azure apply` makes tenant A's gateway
# (public IP 192.0.2.2) and its on-prem connection; `simulate` stands in for that gateway
# from ARM, `verify` from ARM probes across it. Then: a profile disagreeing with ARM, a wrong
# key, no permission to read the shared key (exit 2/4 before charon starts), and a policy
# changed in ARM between two runs (the second run negotiates the new one).
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
. "$CROSSPEER_SRC/tests/integration/arm_connection_lib.sh"
arm_profile apply.json xt-arm AES256
ip netns exec "$NS_A" "$CROSSPEER" azure apply --profile apply.json > apply.log 2>&1 ||
	fail "azure apply failed: $(tail -3 apply.log)"
pass "azure apply against armsim on $base"

arm_profile gw.json azure-gw AES256
arm_profile onprem.json onprem AES256 "$(probes_json 200)"
start_reflect reflect.log
start_simulate gw.json sim.log
grep -q "configured from ARM connection .*conn-to-onprem: gateway (us) 192.0.2.2" sim.log ||
	fail "simulate was not configured from ARM: $(head -3 sim.log)"
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report rep1 > verify.out 2> verify.log ||
	fail "verify from ARM exited $?: $(tail -3 verify.log)"
grep -q "configured from ARM connection" verify.out || fail "verify did not read ARM"
grep -q "AES_CBC_256" rep1/report.json || fail "verify did not negotiate ARM's AES256 policy"
grep -q "onprem: PASS" verify.out || fail "verify did not pass: $(cat verify.out)"
grep -E "10.2.0.1 +stamp +200 +200" verify.out || fail "not every probe crossed: $(cat verify.out)"
pass "verify from ARM through simulate from ARM: PASS, IKE AES256 as ARM's policy says"

# Azure's view beside ours: nothing mirrors this simulate's state into armsim, so Azure
# "sees" no SA and a connection that is not Connected, and the report says so
pyjson rep1/report.json "'\n'.join(r['azure']['disagreements'])" > dis1.txt
grep -q "Azure's gateway reports no IKE SA while ours is up" dis1.txt || fail "$(cat dis1.txt)"
grep -q "connectionStatus is .* while our tunnel is up" dis1.txt || fail "$(cat dis1.txt)"
grep -q "DISAGREE *Azure's gateway reports no IKE SA" verify.out || fail "summary shows no disagreement"
grep -q "Azure's view" rep1/report.html || fail "report.html has no Azure section"
/usr/bin/python3 "$CROSSPEER_SRC/tests/unit/report/check_schema.py" \
	"$CROSSPEER_SRC/docs/report.schema.json" rep1/report.json || fail "report.json breaks the schema"
# a gateway that reports other algorithms and counters that stand still
conn="/subscriptions/$SA/resourceGroups/rg-xt-a/providers/Microsoft.Network/connections/conn-to-onprem"
ip netns exec "$NS_A" curl -sS --cacert cert.pem -X PUT "$base/_armsim/connectionStatus" --data \
	"{\"id\":\"$conn\",\"connectionStatus\":\"Connected\",\"ingressBytesTransferred\":5,\"egressBytesTransferred\":5}"
ip netns exec "$NS_A" curl -sS --cacert cert.pem -X PUT "$base/_armsim/ikeSas" --data \
	"{\"id\":\"$conn\",\"ikeSas\":[{\"ikeProposal\":\"IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048\",\"quickModeSa\":[]}]}"
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report rep2 > verify2.out 2> verify2.log ||
	fail "second verify exited $?: $(tail -3 verify2.log)"
pyjson rep2/report.json "'\n'.join(r['azure']['disagreements'])" > dis2.txt
grep -q "IKE algorithms differ: ours IKE:AES_CBC_256.*, Azure's IKE:AES_CBC_128" dis2.txt || fail "$(cat dis2.txt)"
grep -q "byte counters did not grow (in 5 -> 5 B, out 5 -> 5 B) while 200 probes crossed" dis2.txt ||
	fail "$(cat dis2.txt)"
pass "Azure's view beside ours: no SA, not Connected, other algorithms, still counters each flagged"

# a profile that disagrees with ARM: named before IKE starts, exit 2
arm_profile bad.json onprem AES256 '"remote": { "address": "192.0.2.99", "subnets": ["10.2.0.0/16"] }'
set +e
ip netns exec "$NS_A" "$CROSSPEER" up --profile bad.json > bad.out 2> bad.log; rc=$?
set -e
[ $rc -eq 2 ] || fail "a remote.address ARM disagrees with: exit $rc, expected 2"
grep -q "remote.address: the profile says 192.0.2.99, ARM connection .* says 192.0.2.2" bad.log ||
	fail "the disagreement is not named: $(cat bad.log)"
grep -q "charon\|IKE_SA" bad.log bad.out && fail "charon started although ARM disagreed"
pass "remote.address disagreeing with ARM: exit 2, both values named, no charon"

# a wrong key in the profile: only that it differs
printf 'not-the-key-%s' "$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')" > psk-wrong.txt
chmod 600 psk-wrong.txt
arm_profile badkey.json onprem AES256 '"auth": { "psk_file": "psk-wrong.txt" }'
set +e
ip netns exec "$NS_A" "$CROSSPEER" up --profile badkey.json > badkey.out 2> badkey.log; rc=$?
set -e
[ $rc -eq 2 ] || fail "a key ARM disagrees with: exit $rc, expected 2"
grep -q "auth: the profile's pre-shared key differs" badkey.log || fail "$(cat badkey.log)"
grep -q -F "$(cat psk-wrong.txt)" badkey.log badkey.out && fail "the profile's key was printed"
pass "a key that differs from ARM's: exit 2, neither value shown"

# no permission to read the shared key: exit 4, nothing started
ip netns exec "$NS_A" curl -sS --cacert cert.pem -X POST --data "403@GET~sharedkey" "$base/_armsim/faults" >/dev/null
set +e
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json > denied.out 2> denied.log; rc=$?
set -e
[ $rc -eq 4 ] || fail "403 on sharedkey: exit $rc, expected 4"
grep -q "sharedkey: AuthorizationFailed" denied.log || fail "$(cat denied.log)"
grep -q "charon\|IKE_SA" denied.log denied.out && fail "charon started without a key"
pass "no permission to read the shared key: exit 4, AuthorizationFailed named, no charon"

# ARM refusing: each named before charon starts
refused() { # $1 exit code, $2 message pattern, $3 profile
	set +e
	ip netns exec "$NS_A" "$CROSSPEER" up --profile "$3" > refused.out 2> refused.log; rc=$?
	set -e
	[ $rc -eq "$1" ] || fail "$3: exit $rc, expected $1: $(cat refused.log)"
	grep -q "$2" refused.log || fail "$3: $(cat refused.log)"
	grep -q "IKE_SA\|charon" refused.log refused.out && fail "$3: charon started"
	true
}
sed 's/"conn-to-onprem"/"conn-gone"/' onprem.json > gone.json
refused 2 "connections/conn-gone: ResourceNotFound" gone.json
rg="/subscriptions/$SA/resourceGroups/rg-xt-a/providers/Microsoft.Network"
ip netns exec "$NS_A" curl -sS --cacert cert.pem -X PUT "$base/_armsim/resource?id=$rg/connections/conn-er" \
	--data "{\"name\":\"conn-er\",\"properties\":{\"connectionType\":\"ExpressRoute\",\"provisioningState\":\"Succeeded\",\"virtualNetworkGateway1\":{\"id\":\"$rg/virtualNetworkGateways/gw-a\"}}}"
sed 's/"conn-to-onprem"/"conn-er"/' onprem.json > er.json
refused 2 "UnsupportedConnectionType: connectionType is 'ExpressRoute'" er.json
ip netns exec "$NS_A" curl -sS --cacert cert.pem "$base/_armsim/resource?id=$rg/virtualNetworkGateways/gw-a" > gw-a.json
python3 -c "import json,sys; d=json.load(open('gw-a.json')); d['properties']['provisioningState']='Updating'; json.dump(d, open('gw-upd.json','w'))"
ip netns exec "$NS_A" curl -sS --cacert cert.pem -X PUT "$base/_armsim/resource?id=$rg/virtualNetworkGateways/gw-a" --data @gw-upd.json
refused 4 "GatewayUpdating: the gateway is Updating" onprem.json
ip netns exec "$NS_A" curl -sS --cacert cert.pem -X PUT "$base/_armsim/resource?id=$rg/virtualNetworkGateways/gw-a" --data @gw-a.json
pass "a connection that is not there (2), an ExpressRoute one (2), a gateway Updating (4): no charon"

# the policy changes in ARM: the next runs (gateway and on-prem) negotiate the new one
kill -TERM "$SIM_PID"; wait "$SIM_PID" || true
arm_profile apply.json xt-arm AES128
ip netns exec "$NS_A" "$CROSSPEER" azure apply --profile apply.json > apply2.log 2>&1 ||
	fail "second apply failed: $(tail -3 apply2.log)"
start_simulate gw.json sim2.log
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json > up2.out 2> up2.log &
UP=$!
wait_for up2.out "tunnel onprem up" 15 || fail "tunnel not up after the policy change: $(tail -3 up2.log)"
grep -q "IKE:AES_CBC_128" up2.out || fail "second run did not use ARM's new AES128: $(cat up2.out)"
ip netns exec "$NS_A" ping -n -q -c 20 -i 0.02 -W 1 10.2.0.1 > ping.log 2>&1 ||
	fail "ping through the tunnel failed: $(cat ping.log)"
kill -TERM $UP; wait $UP || fail "up exited $? after SIGTERM"
pass "policy changed in ARM between two runs: the second negotiated AES128, 20 pings crossed"

kill -TERM "$SIM_PID" "$REFLECT_PID" "$SIM_ARM" 2>/dev/null || true
wait 2>/dev/null || true
no_tunnel_left "$NS_A"
no_secret_in ./*.log ./*.out rep1/*
if grep -l -F "$SECRET_A" ./*.log ./*.out rep1/* 2>/dev/null; then fail "client secret printed"; fi
pass "no tunnel left, no secret in any output"
