#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer lab demo --topology active-active-bgp: two simulated instances of tenant A's
# gateway, each with its tunnel and BIRD, on-prem's verify with a tunnel and BGP session to
# each; the instance carrying the probes is killed and the failover is measured: exit 0,
# failover.json with the outage within the hold time, and nothing left behind. The lab's
# namespace names are fixed: one lab at a time on the machine (flock /tmp/xp-lab.lock).
if [ -z "${XP_LAB_LOCKED:-}" ] && [ "$(id -u)" -eq 0 ]; then
	XP_LAB_LOCKED=1 exec flock /tmp/xp-lab.lock "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

dir="$WORK/lab"
cd "$WORK"
rc=0
"$CROSSPEER" lab demo --topology active-active-bgp --dir "$dir" --report "$WORK/report" \
	> demo.log 2>&1 || rc=$?
cat demo.log
[ $rc -eq 0 ] || fail "lab demo --topology active-active-bgp exited $rc"
grep -q "bgp up: 2 tunnels" demo.log || fail "BGP did not come up over both tunnels"
grep -q "failing gateway instance [01]" demo.log || fail "no instance was failed"
grep -q "lab demo: PASS" demo.log || fail "the demo did not pass"
/usr/bin/python3 - "$WORK/report/report.json" <<'PY' || fail "report.json: see above"
import json, sys
f = json.load(open(sys.argv[1]))["failover"]
o = f["outage"]
assert f["pass"] and o["recovered"] and o["probes_lost"] > 0, f
assert 0 < o["ms"] <= (f["hold_s"] + 2) * 1000, o
assert len(f["tunnels_after"]) == 1, f["tunnels_after"]
print("failover: outage %.0f ms, %d probes lost, hold %d s, DPD timeout %d s"
      % (o["ms"], o["probes_lost"], f["hold_s"], f["dpd_timeout_s"]))
PY
if ip netns list | grep -q "crosspeer-lab-"; then
	fail "lab namespaces left behind: $(ip netns list | grep crosspeer-lab-)"
fi
[ ! -e "$dir" ] || fail "the lab directory $dir was left behind: $(ls -A "$dir")"
pass "active-active BGP demo: failover measured, nothing left behind"
