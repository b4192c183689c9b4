#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# A dead peer ends the run: stock strongSwan charon (the pinned build, not crosspeer) is the
# responder and is SIGKILLed during a verify of 3000 probes at 50/s; its TUN device, and with
# it its data plane, goes with the process, as in a real crash. verify must exit 3 within the
# DPD timeout + 1 s of the kill (plus a small margin for teardown), the report saying when and
# why (tunnel.lost: the listener's typed DPD timeout). Then the same under --every: the cycle
# with the death is recorded as failed (summary, counters on the metrics endpoint) and the
# tunnel comes back for the next cycle once the peer is restarted.
. "$(dirname "$0")/lib.sh"

DPD_DELAY=2
DPD_TIMEOUT=9
# teardown after the DPD verdict: report files, the IKE_SA charon restarts, charon's stop
MARGIN_MS=1500

lab_up
cd "$WORK"
write_psk psk-onprem.txt
stock_conf "$WORK/stock" partner
start_reflect reflect.log

# stock_pid: the stock charon's pid in the partner namespace
stock_pid() {
	for p in $(ip netns pids "$NS_B"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = charon ] && echo "$p" && return 0
	done
	return 1
}

# kill_stock: SIGKILL the stock charon (and its kernel SAs on XFRM), wait until its TUN
# device is gone; prints the kill time in ms
kill_stock() {
	pid=$(stock_pid) || fail "no stock charon running in $NS_B"
	t=$(date +%s%3N)
	kill -KILL "$pid"
	# on XFRM its kernel SAs would outlive it and keep answering: a crash takes them too
	if [ "$DATAPATH" = xfrm ]; then
		ip -n "$NS_B" xfrm state flush
		ip -n "$NS_B" xfrm policy flush
	fi
	i=0
	while ip -n "$NS_B" link show 2>/dev/null | grep -q ipsec; do
		i=$((i + 1))
		[ $i -le 50 ] || fail "the stock charon's TUN device outlived it"
		sleep 0.1
	done
	# its vici socket stays behind; the next start waits for a new one
	rm -f "$WORK/stock/charon.vici"
	echo "$t"
}

IKE_JSON="{ \"dpd_delay_s\": $DPD_DELAY, \"dpd_timeout_s\": $DPD_TIMEOUT }" \
	write_profile onprem.json onprem \
	"\"esp\": { \"proposals\": [\"aes256gcm16\"] }, $(probes_json 3000 50)"

# ---- one-shot verify: the peer dies 3 s into the probes
start_stock "$NS_B" "$WORK/stock" stock.log
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report "$WORK/report" \
	> verify.out 2> verify.log &
VERIFY=$!
wait_for verify.log "CHILD_SA .* established" 15 || fail "tunnel not up"
sleep 3
killed=$(kill_stock)
rc=0
wait $VERIFY || rc=$?
ended=$(date +%s%3N)
cat verify.out
took=$((ended - killed))
echo "verify ended $took ms after the peer was killed (DPD timeout ${DPD_TIMEOUT} s)"
[ $rc -eq 3 ] || fail "verify exited $rc after the peer died, expected 3"
[ $took -le $((DPD_TIMEOUT * 1000 + 1000 + MARGIN_MS)) ] ||
	fail "verify ended $took ms after the kill: more than the DPD timeout + 1 s (+ margin)"
pass "stock charon killed during the probes: verify exit 3, $took ms after the kill"

/usr/bin/python3 - report/report.json "$DPD_TIMEOUT" <<'PY' ||
import json, sys
r = json.load(open(sys.argv[1]))
t = r["tunnel"]
assert t["established"] is False, t["established"]
lost = t.get("lost")
assert lost and lost["cause"] == "dpd_timeout", lost
assert "DPD timeout" in t["reason"], t["reason"]
dead = [e for e in t["events"] if e["name"] == "PEER_DEAD"]
assert dead and abs(dead[0]["offset_ms"] - lost["offset_ms"]) < 50, (dead, lost)
sent = sum(p["sent"] for p in r["probes"])
assert sent < 3000, "the probes ran to their end: %d sent" % sent
assert r["verdict"]["pass"] is False
print("lost at +%.1f s (%s), %d of 3000 probes sent" % (lost["offset_ms"] / 1000, lost["cause"], sent))
PY
	fail "report.json does not say when and why the tunnel was lost"
grep -q "LOST at .*dpd_timeout" verify.out || fail "the summary does not show the loss"
grep -q "dpd_timeout" report/junit.xml || fail "junit.xml does not name the DPD timeout"
grep -q "dpd_timeout" report/report.html || fail "report.html does not name the DPD timeout"
grep -q "^crosspeer_tunnel_lost 1" report/metrics.prom || fail "metrics.prom lacks crosspeer_tunnel_lost 1"
pass "report.json/summary/junit/html/metrics say when and why: dpd_timeout"

# ---- --every: the cycle with the death fails, the next one runs on a new tunnel
IKE_JSON="{ \"dpd_delay_s\": $DPD_DELAY, \"dpd_timeout_s\": $DPD_TIMEOUT }" \
	write_profile every.json onprem \
	"\"esp\": { \"proposals\": [\"aes256gcm16\"] }, $(probes_json 150 50)"
start_stock "$NS_B" "$WORK/stock" stock2.log
ip netns exec "$NS_A" "$CROSSPEER" verify --profile every.json --every 1s \
	--metrics 127.0.0.1:9863 > every.out 2> every.log &
VERIFY=$!
# cycles: count the summary lines
cycles() { grep -c "^crosspeer lab-onprem:" every.out 2>/dev/null || true; }
wait_for every.out "^crosspeer lab-onprem: PASS" 30 || fail "no passing first cycle"
sleep 1.5
killed=$(kill_stock)
wait_for every.out "LOST at" $((DPD_TIMEOUT + 5)) || fail "no cycle recorded the loss"
lost_at=$(date +%s%3N)
echo "the cycle ended $((lost_at - killed)) ms after the kill"
n=$(cycles)
start_stock "$NS_B" "$WORK/stock" stock3.log
i=0
while [ "$(grep -c "^crosspeer lab-onprem: PASS" every.out || true)" -lt 2 ] ||
	[ "$(cycles)" -le "$n" ] || ! tail -n 20 every.out | grep -q "^crosspeer lab-onprem: PASS"; do
	i=$((i + 1))
	[ $i -le 600 ] || fail "no passing cycle after the peer came back: $(tail -5 every.out)"
	sleep 0.1
done
ip netns exec "$NS_A" curl -sf http://127.0.0.1:9863/metrics > metrics.txt ||
	fail "the metrics endpoint did not answer"
failed=$(sed -n 's/^crosspeer_verify_cycles_failed_total //p' metrics.txt)
total=$(sed -n 's/^crosspeer_verify_cycles_total //p' metrics.txt)
[ "${failed:-0}" -ge 1 ] || fail "crosspeer_verify_cycles_failed_total is '${failed:-}'"
grep -q "^crosspeer_tunnel_established 1" metrics.txt || fail "the last cycle's tunnel is not up"
kill -TERM $VERIFY
rc=0
wait $VERIFY || rc=$?
[ $rc -eq 0 ] || fail "verify --every exited $rc after SIGTERM"
pass "--every: the peer's death failed one cycle ($failed of $total failed), the tunnel came back"
