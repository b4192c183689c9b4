#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Short lifetimes force IKE and CHILD_SA rekeys during a probe run: the rekeys are in the
# report's timeline, and the probes lost around them are counted (the goal, and the
# assertion, is zero).
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
IKE_JSON='{ "lifetime_s": 20, "dpd_delay_s": 5, "dpd_timeout_s": 15 }' write_profile onprem.json onprem \
	"\"esp\": { \"lifetime_s\": 12 }, $(probes_json 2500 100)"
# the partner's lifetimes outlast the run, so the on-prem side rekeys and the two sides never
# start a rekey at the same moment (a collision both sides resolve, but not without loss on
# this userspace data path; that case is counted, not asserted to be zero)
IKE_JSON='{ "lifetime_s": 120 }' write_profile partner.json partner '"esp": { "lifetime_s": 120 }'
start_simulate partner.json sim.log
start_reflect reflect.log

rc=0
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report "$WORK/report" \
	> verify.out 2> verify.log || rc=$?
cat verify.out
[ $rc -eq 0 ] || fail "verify exited $rc"
/usr/bin/python3 - report/report.json <<'PY' || fail "rekeys missing from the report, or probes lost"
import json, sys
r = json.load(open(sys.argv[1]))
names = [e["name"] for e in r["tunnel"]["events"]]
child, ike = names.count("CHILD_REKEY"), names.count("IKE_REKEY")
p = r["probes"][0]
print("%d CHILD_SA and %d IKE_SA rekeys; %d sent, %d received, %d lost"
      % (child, ike, p["sent"], p["received"], p["sent"] - p["received"]))
assert child >= 1 and ike >= 1, names
assert p["sent"] == 2500 and p["received"] == 2500
PY
pass "rekeys during the probe run, no probe lost"
