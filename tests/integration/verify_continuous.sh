#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Continuous mode: verify --every keeps the tunnel, repeats the measurement, serves the
# latest metrics on a loopback Prometheus endpoint, records every cycle into a SQLite baseline
# store (--baseline) with the trend in report.html, and stops cleanly on SIGTERM.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem "$(probes_json 50 100)"
write_profile partner.json partner
start_simulate partner.json sim.log
start_reflect reflect.log

ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --every 1s \
	--metrics 127.0.0.1:9862 --report "$WORK/report" --baseline "$WORK/b.db" \
	> verify.out 2> verify.log &
VERIFY=$!
i=0
while [ "$(grep -c "^crosspeer lab-onprem:" verify.out 2>/dev/null || true)" -lt 3 ]; do
	i=$((i + 1))
	[ $i -le 300 ] || fail "fewer than 3 cycles in 30 s: $(cat verify.out)"
	sleep 0.1
done
ip netns exec "$NS_A" curl -sf http://127.0.0.1:9862/metrics > metrics.txt ||
	fail "the metrics endpoint did not answer"
grep -q '^crosspeer_' metrics.txt || fail "no crosspeer_ metric served"
[ "$(grep -c "IKE_SA_INIT request" verify.log || true)" -le 1 ] ||
	fail "the tunnel was set up again between cycles"
pass "3 cycles on one tunnel, metrics served on loopback"

kill -TERM $VERIFY
rc=0
wait $VERIFY || rc=$?
[ $rc -eq 0 ] || fail "verify exited $rc after SIGTERM"
grep -q "IKE_SA deleted" verify.log || fail "the tunnel was not closed on SIGTERM"
pass "SIGTERM: clean stop, exit 0"

cycles=$(grep -c "^crosspeer lab-onprem:" verify.out || true)
runs=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM runs").fetchone()[0])' b.db)
[ "$runs" = "$cycles" ] || fail "--baseline: $runs runs stored for $cycles cycles"
grep -q '<section id="trend">' report/report.html || fail "--baseline: no trend in report.html"
pass "--baseline: each of the $cycles cycles recorded, trend in report.html"
