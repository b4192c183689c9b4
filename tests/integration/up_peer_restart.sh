#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The peer dies (its daemon and, on XFRM, its kernel SAs) and comes back: up notices (DPD),
# keeps trying, and re-establishes the tunnel within 5 s of the peer answering again.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
IKE_JSON='{ "dpd_delay_s": 2, "dpd_timeout_s": 9 }' write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log

ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel lab-onprem up" 15 || fail "tunnel not up"
kill_peer "$SIM_PID" "$NS_B"
wait_for up.out "tunnel lab-onprem down" 20 || fail "up did not notice the peer dying"
grep "down" up.out
sleep 2
start_simulate partner.json sim2.log
back=$(date +%s%N)
wait_for up.out "tunnel lab-onprem up.*" 10 || fail "no second tunnel"
i=0
while [ "$(grep -c "tunnel lab-onprem up" up.out)" -lt 2 ]; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "up did not re-establish within 10 s: $(tail -3 up.out)"
	sleep 0.1
done
took=$(( ($(date +%s%N) - back) / 1000000 ))
tail -1 up.out
[ $took -le 5000 ] || fail "re-established after $took ms, more than 5 s"
ip netns exec "$NS_A" ping -n -q -c 10 -i 0.05 -W 1 10.2.0.1 > ping.log 2>&1 ||
	fail "no traffic through the new tunnel"
pass "peer restarted: tunnel back after $took ms, carrying traffic"
kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM"
