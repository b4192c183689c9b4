#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Soak: `verify --every 10s` for 30 minutes over the namespace lab (tests/integration/lib.sh's
# two namespaces, crosspeer simulate as the peer), with short lifetimes so the CHILD_SA and
# IKE_SA rekey throughout, and the peer restarted in the middle. Samples verify's RSS and open
# file descriptors every few seconds and prints the figures: RSS at the first and last sample,
# its maximum and its floor in the first and last third, fds in the first and last third, cycles run / recorded (the summary lines
# and crosspeer_verify_cycles_total) / failed, rekeys. Exit 1 when a cycle went unrecorded,
# file descriptors grew, or no cycle passed after the restart. Not in the CI suite; its short
# form is tests/integration/verify_soak_short.sh.
#   sudo bench/soak.sh                       30 minutes
#   sudo SOAK_S=180 bench/soak.sh            3 minutes
# Environment: SOAK_S (1800), EVERY (10s), ESP_LIFE_S (40), IKE_LIFE_S (100), SAMPLE_S (2).
set -eu
CROSSPEER_SRC=$(cd "$(dirname "$0")/.." && pwd)
CROSSPEER=${CROSSPEER:-$CROSSPEER_SRC/build/agent/crosspeer}
STRONGSWAN_PREFIX=${STRONGSWAN_PREFIX:-$(find /var/cache/crosspeer -maxdepth 1 -name "strongswan-5.9.8-*" | head -1)}
export CROSSPEER CROSSPEER_SRC STRONGSWAN_PREFIX
SOAK_S=${SOAK_S:-1800}
EVERY=${EVERY:-10s}
ESP_LIFE_S=${ESP_LIFE_S:-40}
IKE_LIFE_S=${IKE_LIFE_S:-100}
SAMPLE_S=${SAMPLE_S:-2}
TAG=${TAG:-soak$$}
. "$CROSSPEER_SRC/tests/integration/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
IKE_JSON="{ \"lifetime_s\": $IKE_LIFE_S, \"dpd_delay_s\": 2, \"dpd_timeout_s\": 9 }" \
	write_profile onprem.json onprem "\"esp\": { \"lifetime_s\": $ESP_LIFE_S }, $(probes_json 200 100)"
# the partner's lifetimes outlast the soak: the on-prem side rekeys (no collisions)
IKE_JSON='{ "lifetime_s": 86400 }' write_profile partner.json partner '"esp": { "lifetime_s": 86400 }'
start_simulate partner.json sim.log
start_reflect reflect.log

ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --every "$EVERY" \
	--metrics 127.0.0.1:9864 > verify.out 2> verify.log &
VERIFY=$!
wait_for verify.out "^crosspeer lab-onprem:" 60 || fail "no first cycle: $(tail -5 verify.log)"

start=$(date +%s)
restarted=0 restart_at=$((SOAK_S / 2)) passed_before=0
: > samples
while [ $(($(date +%s) - start)) -lt "$SOAK_S" ]; do
	kill -0 "$VERIFY" 2>/dev/null || fail "verify exited during the soak: $(tail -5 verify.log)"
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$VERIFY/status")
	fds=$(find "/proc/$VERIFY/fd" -mindepth 1 -maxdepth 1 | wc -l)
	echo "$(($(date +%s) - start)) $rss $fds" >> samples
	if [ $restarted = 0 ] && [ $(($(date +%s) - start)) -ge $restart_at ]; then
		echo "soak: restarting the peer at $(($(date +%s) - start)) s"
		passed_before=$(grep -c "^crosspeer lab-onprem: PASS" verify.out || true)
		kill -TERM "$SIM_PID"
		wait "$SIM_PID" 2>/dev/null || true
		sleep 1
		start_simulate partner.json sim2.log
		restarted=1
	fi
	sleep "$SAMPLE_S"
done

# the counter must match the summaries printed around the scrape (a cycle may end meanwhile;
# its summary is printed just before its metrics are set, so scrape again briefly)
n=0
while :; do
	before=$(grep -c "^crosspeer lab-onprem:" verify.out || true)
	ip netns exec "$NS_A" curl -sf http://127.0.0.1:9864/metrics > metrics.txt ||
		fail "the metrics endpoint did not answer"
	counted=$(sed -n 's/^crosspeer_verify_cycles_total //p' metrics.txt)
	printed=$(grep -c "^crosspeer lab-onprem:" verify.out || true)
	n=$((n + 1))
	if [ "${counted:-0}" -ge "$before" ] || [ $n -ge 10 ]; then
		break
	fi
	sleep 0.2
done
kill -TERM $VERIFY
rc=0
wait $VERIFY || rc=$?

cycles=$(grep -c "^crosspeer lab-onprem:" verify.out || true)
passed=$(grep -c "^crosspeer lab-onprem: PASS" verify.out || true)
failed=$(sed -n 's/^crosspeer_verify_cycles_failed_total //p' metrics.txt)
after=$((passed - ${passed_before:-0}))
child_rekeys=$(grep -c "CHILD_SA .* established with SPIs" verify.log || true)
ike_rekeys=$(grep -c "IKE_SA .* rekeyed between" verify.log || true)
/usr/bin/python3 - samples "$cycles" "$counted" "$failed" "$passed" "$after" "$child_rekeys" "$ike_rekeys" "$rc" "$before" "$printed" <<'PY'
import sys
rows = [tuple(int(x) for x in l.split()) for l in open(sys.argv[1]) if len(l.split()) == 3]
cycles, counted, failed, passed, after, child, ike, rc, before, printed = (int(x or 0) for x in sys.argv[2:])
third = max(1, len(rows) // 3)
rss = [r[1] for r in rows]
fd_first, fd_last = max(r[2] for r in rows[:third]), max(r[2] for r in rows[-third:])
print("soak: %d s, %d samples" % (rows[-1][0], len(rows)))
# between cycles RSS falls back to the agent's resident floor; its lowest value per third is the
# figure to watch for growth (the samples during a cycle show the probes' buffers on top)
floor_first, floor_last = min(r[1] for r in rows[:third]), min(r[1] for r in rows[-third:])
print("  RSS kB: first %d, last %d, max %d; floor (lowest) %d in the first third, %d in the last"
      % (rss[0], rss[-1], max(rss), floor_first, floor_last))
print("  open fds: max %d in the first third, %d in the last third" % (fd_first, fd_last))
print("  cycles: %d summaries (%d when scraped), %d counted by crosspeer_verify_cycles_total, "
      "%d failed, %d passed" % (cycles, printed, counted, failed, passed))
print("  CHILD_SAs established (first + rekeys + after the restart): %d; IKE_SA rekeys: %d" % (child, ike))
print("  cycles passed after the peer restart: %d; verify exit on SIGTERM: %d" % (after, rc))
bad = []
if not before <= counted <= printed:
    bad.append("cycles unrecorded: %d-%d summaries at the scrape, %d counted" % (before, printed, counted))
if fd_last > fd_first:
    bad.append("file descriptors grew: %d -> %d" % (fd_first, fd_last))
if after < 1:
    bad.append("no cycle passed after the peer restart")
if child < 3:
    bad.append("fewer than 2 CHILD_SA rekeys/re-establishments")
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
