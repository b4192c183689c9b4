#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer up against crosspeer simulate: 100 pings between the inner subnets with no
# loss; what the veth sends is IKE and ESP only (ESP-in-UDP 4500 on libipsec, IP protocol
# 50 on XFRM), never an inner address in clear.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log

capture_out "$NS_A" "xp${TAG}a" wire.pcap tcpdump.log
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
capture_stop

total=$(pcap_count wire.pcap 'ip')
esp=$(pcap_count wire.pcap "$ESP_WIRE")
other=$(pcap_count wire.pcap "ip and not ($TUNNEL_WIRE)")
clear=$(pcap_count wire.pcap 'net 10.1.0.0/24 or net 10.2.0.0/24')
echo "capture ($DATAPATH, outbound): $total IP packets, $esp ESP ($ESP_WIRE), $other other," \
	"$clear with inner addresses"
[ "$esp" -ge 100 ] || fail "expected at least 100 ESP packets ($ESP_WIRE) out, saw $esp"
[ "$other" -eq 0 ] || fail "$other packets went out neither IKE nor ESP"
[ "$clear" -eq 0 ] || fail "$clear packets carried inner addresses in the clear"
if [ "$DATAPATH" = xfrm ]; then
	natt=$(pcap_count wire.pcap 'udp port 4500')
	[ "$natt" -eq 0 ] || fail "$natt packets in UDP 4500 on XFRM without NAT: expected IP protocol 50"
fi
pass "the veth sent only IKE and ESP ($ESP_WIRE), no inner address"

no_tunnel_left "$NS_A"
no_secret_in up.out up.log sim.log
pass "no tunnel left, no secret in any output"
