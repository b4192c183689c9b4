#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Rekeys with libreswan on kernel XFRM: short lifetimes on crosspeer's side force IKE and
# CHILD_SA rekeys during a probe run against pluto; the report's timeline has them and the
# tunnel carries the probes throughout (the few lost around a rekey are counted and must stay
# under 1%: the switch between two implementations' SAs in a slow guest is not lossless).
# Runs in tests/uml/run.sh's guest; skips elsewhere.
TAG=r$$
. "$(dirname "$0")/lib.sh"
. "$CROSSPEER_SRC/lab/libreswan.sh"
lsw_skip_unless_ready

lab_up
cd "$WORK"
write_psk psk-onprem.txt
IKE_JSON='{ "proposals": ["aes256-sha256-modp2048"], "lifetime_s": 20, "dpd_delay_s": 5, "dpd_timeout_s": 15 }' \
	write_profile onprem.json onprem \
	"\"esp\": { \"proposals\": [\"aes256-sha256\"], \"lifetime_s\": 12 }, $(probes_json 2500 100)"
# pluto's lifetimes outlast the run: crosspeer starts every rekey
lsw_conf "$WORK/lsw" partner "	ikelifetime=2h
	salifetime=1h"
start_lsw "$NS_B" "$WORK/lsw" lsw.log
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
print("%d CHILD_SA and %d IKE_SA rekeys with libreswan; %d sent, %d received"
      % (child, ike, p["sent"], p["received"]))
assert child >= 1 and ike >= 1, names
assert p["sent"] == 2500 and p["received"] >= 2475, p["received"]
PY
pass "rekeys with libreswan during the probe run, the tunnel carried the probes throughout"
no_secret_in verify.out verify.log report/*
