#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The peer crashes during a probe run (SIGKILL, and on XFRM its kernel SAs go too, as in a
# real crash): DPD declares it dead within the DPD timeout + 1 s of the first unanswered DPD
# request, the report records it, verify exits 3.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
IKE_JSON='{ "dpd_delay_s": 2, "dpd_timeout_s": 9 }' write_profile onprem.json onprem "$(probes_json 2000 100)"
write_profile partner.json partner
start_simulate partner.json sim.log
start_reflect reflect.log

ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report "$WORK/report" \
	> verify.out 2> verify.log &
VERIFY=$!
wait_for verify.log "CHILD_SA .* established" 15 || fail "tunnel not up"
sleep 3
kill_peer "$SIM_PID" "$NS_B"
rc=0
wait $VERIFY || rc=$?
cat verify.out
[ $rc -eq 3 ] || fail "verify exited $rc after the peer died, expected 3"
pass "peer killed during the probe run: exit 3"

/usr/bin/python3 - report/report.json <<'PY' || fail "the report does not show DPD declaring the peer dead in time"
import json, sys
r = json.load(open(sys.argv[1]))
ev = r["tunnel"]["events"]
dead = [e for e in ev if e["name"] == "PEER_DEAD"]
assert dead, [e["name"] for e in ev]
# the last DPD request answered, then the first one that was not
dpd = [e for e in ev if e["name"] == "DPD" and e["offset_ms"] < dead[0]["offset_ms"]]
answered = [e["offset_ms"] for e in dpd if "response received" in e["detail"]]
requests = [e["offset_ms"] for e in dpd if "request sent" in e["detail"]
            and (not answered or e["offset_ms"] > max(answered))]
assert requests, dpd
took = (dead[0]["offset_ms"] - requests[0]) / 1000
print("dead %.1f s after the first unanswered DPD request (timeout 9 s)" % took)
assert took <= 9 + 1, took
assert r["tunnel"]["established"] is False
assert r["verdict"]["pass"] is False
PY
pass "DPD declared the peer dead within the timeout + 1 s; the report records it"
