#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Two independent lab pairs at once: four agents on one machine, same addresses in their own
# namespaces, no pid file, socket or TUN name collision; both tunnels carry traffic.
. "$(dirname "$0")/lib.sh"

TAG2="${TAG}x"
trap '"$LAB" down "$TAG2" > /dev/null 2>&1 || true; cleanup' EXIT INT TERM
lab_up
"$LAB" up "$TAG2"
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem
write_profile partner.json partner

for t in "$TAG" "$TAG2"; do
	ip netns exec "crosspeer-$t-partner" "$CROSSPEER" simulate --profile partner.json \
		> "sim-$t.log" 2>&1 &
done
for t in "$TAG" "$TAG2"; do
	wait_for "sim-$t.log" "simulating" 10 || fail "simulate $t did not start"
	ip netns exec "crosspeer-$t-onprem" "$CROSSPEER" up --profile onprem.json \
		> "up-$t.out" 2> "up-$t.log" &
done
for t in "$TAG" "$TAG2"; do
	wait_for "up-$t.out" "tunnel lab-onprem up" 15 || fail "tunnel $t not up: $(tail -3 "up-$t.log")"
	ip netns exec "crosspeer-$t-onprem" ping -n -q -c 20 -i 0.02 -W 1 10.2.0.1 > "ping-$t.log" 2>&1 ||
		fail "ping through tunnel $t failed"
	grep -q " 0% packet loss" "ping-$t.log" || fail "tunnel $t lost packets"
done
pass "four agents, two tunnels at once, each carrying traffic"
