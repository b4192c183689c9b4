#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Multi-Site at Azure's scale: one simulated VpnGw4 gateway holds 100 S2S connections, one
# per on-prem site (a stock charon holding 100 connections, each from its own address); each
# tunnel carries a ping, and simulate's status file shows every connection Connected with
# bytes both ways. A 101st connection, or a 31st on a VpnGw1, is refused before any tunnel.
. "$(dirname "$0")/lib.sh"
. "$CROSSPEER_SRC/lab/multisite.sh"

N=${MULTISITE_N:-100}
lab_up
cd "$WORK"
write_psk psk.txt
mkdir -p gw
ARGS=$(ms_gw_profiles "$WORK/gw" 101 azure)
cp psk.txt gw/

# what the SKU holds, checked before charon starts
set +e
# shellcheck disable=SC2086 # ARGS is a list of options
"$CROSSPEER" simulate --sku VpnGw4 $ARGS > sku.out 2> sku.log
rc=$?
set -e
[ $rc -eq 2 ] || fail "101 connections on a VpnGw4: exit $rc, expected 2"
grep -q "101 connections, but a VpnGw4 gateway (--sku) holds at most 100" sku.log ||
	fail "no SKU limit named: $(cat sku.log)"
ARGS31=$(echo "$ARGS" | awk '{ for (i = 1; i <= 62; i++) printf " %s", $i }')
# shellcheck disable=SC2086
if "$CROSSPEER" simulate $ARGS31 > sku.out 2> sku31.log; then
	fail "31 connections on the default VpnGw1 were accepted"
fi
grep -q "31 connections, but a VpnGw1 gateway (the default SKU) holds at most 30" sku31.log ||
	fail "VpnGw1 limit not named: $(cat sku31.log)"
pass "a VpnGw4 refuses a 101st connection, a VpnGw1 a 31st (exit 2, limit named)"

ms_addrs "$NS_A" "xp${TAG}a" "$NS_B" "xp${TAG}b" "$N"
ARGS=$(echo "$ARGS" | awk -v n="$N" '{ for (i = 1; i <= 2 * n; i++) printf " %s", $i }')
# shellcheck disable=SC2086
ip netns exec "$NS_B" "$CROSSPEER" simulate -q --sku VpnGw4 --status-file status.json $ARGS \
	> sim.out 2> sim.log &
SIM=$!
wait_for sim.out "simulating" 10 || fail "simulate did not start: $(tail -5 sim.log)"

ms_stock_conf "$WORK/sites" "$N" sites
t0=$(date +%s%N)
start_stock "$NS_A" "$WORK/sites" sites.log
i=0
while [ "$(grep -c "established by" sim.out)" -lt "$N" ]; do
	i=$((i + 1))
	[ $i -le 900 ] || fail "$(grep -c "established by" sim.out) of $N tunnels up after 90 s"
	sleep 0.1
done
pass "$N sites established with one simulated VpnGw4 gateway in $((($(date +%s%N) - t0) / 1000000)) ms"

s=1
while [ "$s" -le "$N" ]; do
	ip netns exec "$NS_A" ping -n -q -c 1 -W 2 -I "$(ms_inner "$s")" 10.100.0.1 \
		> ping.log 2>&1 || fail "site $s: no answer through its tunnel: $(cat ping.log)"
	s=$((s + 1))
done
sleep 1.5
python3 - "$WORK/status.json" "$N" <<'PY' || fail "status file: $(head -c 600 status.json)"
import json, sys
doc = json.load(open(sys.argv[1]))
conns = doc["connections"]
n = int(sys.argv[2])
assert len(conns) == n, len(conns)
bad = [c["name"] for c in conns if c["connection_status"] != "Connected"
       or c["ingress_bytes"] <= 0 or c["egress_bytes"] <= 0]
assert not bad, "without traffic or down: %s" % bad
PY
pass "each of the $N tunnels carried a ping: Connected, bytes in and out in the status file"

kill -TERM $SIM
wait $SIM || fail "simulate exited $? after SIGTERM"
grep -q "IKE_SAs still busy" sim.log && fail "simulate could not delete its SAs in time"
no_tunnel_left "$NS_B"
no_secret_in sim.out sim.log sites.log status.json
pass "simulate deleted all $N IKE_SAs and left no tunnel"
