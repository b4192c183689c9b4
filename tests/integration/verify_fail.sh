#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# verify's failure exits: an impossible threshold is exit 1 with the failure in junit.xml;
# with the peer absent it is exit 3, and the report says the tunnel was not established.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem "$(probes_json 100),
  \"thresholds\": { \"rtt_p99_ms\": 0.001 }"
write_profile partner.json partner

rc=0
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --timeout 3 --report "$WORK/absent" \
	> absent.out 2> absent.log || rc=$?
[ $rc -eq 3 ] || fail "verify without a peer exited $rc, expected 3"
[ "$(pyjson absent/report.json 'r["tunnel"]["established"]')" = False ] ||
	fail "report.json does not say the tunnel was not established"
grep "tunnel" absent.out | head -2
pass "peer absent: exit 3, report written"

start_simulate partner.json sim.log
start_reflect reflect.log
rc=0
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report "$WORK/strict" \
	> strict.out 2> strict.log || rc=$?
cat strict.out
[ $rc -eq 1 ] || fail "verify with an impossible threshold exited $rc, expected 1"
grep -q '<failure' strict/junit.xml || fail "junit.xml carries no failure"
grep -q 'allowed &lt;= 0.001 ms\|allowed <= 0.001 ms' strict/junit.xml ||
	fail "the junit failure does not state measured vs allowed"
pass "impossible threshold: exit 1, junit.xml carries the failure"
