#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer lab demo end to end: exit 0, and afterwards no lab namespace, process or file,
# and no child left unreaped (run under a subreaper, which inherits whatever it leaves).
. "$(dirname "$0")/lib.sh"

dir="$WORK/lab"
cd "$WORK"
rc=0
# the demo as the child of a subreaper (PR_SET_CHILD_SUBREAPER): any process it did not
# wait for, zombie or still running, is reparented to it and listed in left.txt
/usr/bin/python3 -c '
import ctypes, os, subprocess, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
with open("demo.log", "w") as log:
    rc = subprocess.call(sys.argv[1:], stdout=log, stderr=subprocess.STDOUT)
left = []
for pid in os.listdir("/proc"):
    try:
        stat = open("/proc/%s/stat" % pid).read()
    except (OSError, ValueError):
        continue
    fields = stat[stat.rindex(")") + 2:].split()
    if pid.isdigit() and int(fields[1]) == os.getpid():
        left.append("%s %s state %s" % (pid, stat[stat.index("(") + 1:stat.rindex(")")], fields[0]))
open("left.txt", "w").write("\n".join(left))
sys.exit(rc)' "$CROSSPEER" lab demo --dir "$dir" --report "$WORK/report" || rc=$?
cat demo.log
[ $rc -eq 0 ] || fail "lab demo exited $rc"
[ ! -s left.txt ] || fail "lab demo left children it did not reap: $(cat left.txt)"
grep -q "tunnel  *up in" demo.log || fail "the demo shows no tunnel"
tail -1 demo.log | grep -q "reports in $WORK/report" || fail "the last line does not name the reports"
for f in report.json junit.xml report.html metrics.prom; do
	[ -s "$WORK/report/$f" ] || fail "the demo wrote no $f"
done
grep -q "lab demo: PASS" demo.log || fail "the demo did not pass"
# apply creates both tenants at once, so which gateway gets which public IP varies
grep -Eq "gateways simulated from ARM: A 198\.51\.100\.1[01] \(10\.1\.0\.0/16\), B 198\.51\.100\.1[01] \(10\.2" demo.log ||
	fail "the gateways were not configured from the ARM resources"
grep -Eq "onprem-to-tenant-a: configured from ARM connection .*/connections/conn-to-onprem: gateway 198\.51\.100\.1[01]" demo.log ||
	fail "on-prem's verify was not configured from the ARM connection"
grep -q "crosspeer onprem-to-tenant-a: PASS" demo.log || fail "on-prem's verify from ARM did not pass"
/usr/bin/python3 - "$WORK/report/report.json" <<'PY' || fail "Azure's view (getikesas, counters) does not match ours"
import json, sys
r = json.load(open(sys.argv[1]))
a = r["azure"]
assert a["error"] == "" and a["connection_status"] == "Connected", a
assert a["ike_sas"] >= 1 and a["ike_proposal"] == r["tunnel"]["ike_proposal"], a
assert a["esp_proposal"] == r["tunnel"]["esp_proposal"], a
assert a["bytes_after"]["ingress"] > a["bytes_before"]["ingress"], a
assert a["disagreements"] == [], a["disagreements"]
PY
grep -q "crosspeer tenant-a-to-tenant-b: PASS" demo.log ||
	fail "verify did not pass across the cross-tenant path A <-> B"
/usr/bin/python3 - "$WORK/report/cross-tenant/report.json" <<'PY' || fail "the cross-tenant report does not show the probes crossing as ESP"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["tunnel"]["established"] and r["probes"][0]["received"] == 200, r["probes"][0]
assert r["encapsulation"]["esp_packets"] >= 200 and r["encapsulation"]["plaintext_leaks"] == 0
PY
# ARM follows the gateways' real IKE state: the cross-tenant pair is still up and carried
# the probes; on-prem's connection was up during its verify and is down now that it ended
for c in conn-to-b conn-to-a; do
	grep -Eq "connections/$c +Succeeded +Connected in [1-9][0-9]* B out [1-9][0-9]* B" demo.log ||
		fail "ARM does not report $c as Connected with traffic"
done
grep -Eq "connections/conn-to-onprem +Succeeded +NotConnected in [1-9][0-9]* B" demo.log ||
	fail "ARM does not report conn-to-onprem as NotConnected (with its bytes) after verify"
[ "$(grep -Ec "connections/conn-to-[a-z]+ +(NotConnected|Connecting) > .*Connected" demo.log)" -eq 3 ] ||
	fail "the connectionStatus history does not show each connection coming up"
if ip netns list | grep -q "crosspeer-lab-"; then
	fail "lab namespaces left behind: $(ip netns list | grep crosspeer-lab-)"
fi
[ ! -e "$dir" ] || fail "the lab directory $dir was left behind"
# this build's processes only: other checkouts on the machine may run their own
if pgrep -f "^$CROSSPEER (simulate|reflect|lab relay)" | grep -q .; then
	fail "lab processes left behind: $(pgrep -af "^$CROSSPEER (simulate|reflect|lab relay)")"
fi
pass "lab demo passed and left nothing behind (no namespace, file, process or zombie)"

# down is idempotent and also cleans up after a crash (a namespace left by a killed run)
ip netns add crosspeer-lab-onprem
"$CROSSPEER" lab down --dir "$dir" > down.log 2>&1 || fail "lab down failed"
ip netns list | grep -q "crosspeer-lab-" && fail "lab down left a namespace"
"$CROSSPEER" lab down --dir "$dir" > /dev/null 2>&1 || fail "a second lab down failed"
pass "lab down is idempotent and removes leftovers"

# With a WAN impairment: on-prem's ESP and gateway A's ESP (to B and to on-prem) are delayed.
# A lab profile sets the probes of both verify runs and a 50 ms delay that --impair
# overrides with 5 ms (the command line wins over the profile).
cat > slow.json <<'JSON'
{ "version": 1, "name": "slow-wan", "impairment": { "delay_ms": 50 },
  "probe": { "rate_pps": 100, "count": 150 }, "thresholds": { "rtt_p99_ms": 40 } }
JSON
"$CROSSPEER" lab demo --dir "$dir" --report "$WORK/slow" --profile slow.json --impair delay=5ms \
	> slow.log 2>&1 || fail "lab demo with --profile and --impair exited $?: $(tail -5 slow.log)"
/usr/bin/python3 - "$WORK/slow" <<'PY' || fail "the impairment did not apply between the sites"
import json, sys
onprem = json.load(open(sys.argv[1] + "/report.json"))
cross = json.load(open(sys.argv[1] + "/cross-tenant/report.json"))
o, c = onprem["probes"][0], cross["probes"][0]
print("RTT p50 with delay=5ms: on-prem <-> A %.2f ms (both ways delayed), A -> B %.2f ms"
      % (o["rtt_ms"]["p50"], c["rtt_ms"]["p50"]))
assert 10 <= o["rtt_ms"]["p50"] < 14 and 5 <= c["rtt_ms"]["p50"] < 9, (o["rtt_ms"], c["rtt_ms"])
# the lab profile's probe section and thresholds reached both verify runs
assert o["sent"] == 150 and c["sent"] == 150, (o["sent"], c["sent"])
for r in (onprem, cross):
    rtt = [k for k in r["verdict"]["checks"] if k["check"] == "rtt_p99_ms"]
    assert [k["allowed"] for k in rtt] == [40], rtt
    assert not [k for k in r["verdict"]["checks"] if k["check"] in ("loss_pct", "min_pmtu")]
PY
pass "the impairment applies on the on-prem uplink and between the gateways"
