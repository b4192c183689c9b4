#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer up against crosspeer simulate: 100 pings between the inner subnets with no
# loss, seen on the veth only as IKE/ESP in UDP 500/4500, never an inner address in clear.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log

ip netns exec "$NS_A" tcpdump -i "xp${TAG}a" -nn -U --immediate-mode -w wire.pcap > tcpdump.log 2>&1 &
TCPDUMP=$!
wait_for tcpdump.log "listening on" 10 || fail "tcpdump did not start"
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel lab-onprem up" 15 || fail "tunnel not up: $(tail -3 up.log)"

ip netns exec "$NS_A" ping -n -q -c 100 -i 0.01 -W 1 10.2.0.1 > ping.log 2>&1 ||
	fail "ping through the tunnel failed: $(cat ping.log)"
grep -q " 0% packet loss" ping.log || fail "ping lost packets: $(tail -2 ping.log)"
pass "100 pings through the tunnel, 0 lost"

kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM, expected 0"
grep -q "IKE_SA deleted" up.log || fail "up did not delete its IKE_SA on SIGTERM"
sleep 0.3
kill -INT $TCPDUMP
wait $TCPDUMP || true

total=$(tcpdump -nn -r wire.pcap 'ip' 2>/dev/null | wc -l)
ike_esp=$(tcpdump -nn -r wire.pcap 'udp port 500 or udp port 4500' 2>/dev/null | wc -l)
other=$(tcpdump -nn -r wire.pcap 'ip and not (udp port 500 or udp port 4500)' 2>/dev/null | wc -l)
clear=$(tcpdump -nn -r wire.pcap 'net 10.1.0.0/24 or net 10.2.0.0/24' 2>/dev/null | wc -l)
echo "capture: $total IP packets, $ike_esp IKE/ESP-in-UDP, $other other, $clear with inner addresses"
[ "$ike_esp" -ge 200 ] || fail "expected at least 200 ESP-in-UDP packets, saw $ike_esp"
[ "$other" -eq 0 ] || fail "$other packets crossed outside UDP 500/4500"
[ "$clear" -eq 0 ] || fail "$clear packets carried inner addresses in the clear"
pass "the veth saw only UDP 500/4500, no inner address"

no_tunnel_left "$NS_A"
no_secret_in up.out up.log sim.log
pass "no tunnel left, no secret in any output"
