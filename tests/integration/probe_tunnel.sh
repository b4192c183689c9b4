#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Probes through the tunnel of `crosspeer up` / `crosspeer simulate` (the foundation lab):
# STAMP across the tunnel with the pcap proof on the outer veth (ESP only, no leak), the
# tunnel's path MTU, then the same probe with the tunnel gone and plain routes instead,
# which the capture must flag as plaintext leaks.
TAG=p$$
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel lab-onprem up" 15 || fail "tunnel not up: $(tail -3 up.log)"

ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 10.2.0.1 --stateful > reflect.log 2>&1 &
REFLECT=$!
wait_for reflect.log "^reflecting on" 5 || fail "reflect did not start: $(cat reflect.log)"

json() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
check() {
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$3" ||
		fail "$1: condition '$2' false"
	pass "$1"
}

# 1. through the tunnel: every probe answered, the outer veth sees ESP only
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.2.0.1 --stateful --count 300 --rate 300 \
	--capture "xp${TAG}a" --pcap wire.pcap --json > tunnel.json 2> probe.log ||
	fail "probe exited $?: $(cat probe.log)"
check "300 STAMP probes through the tunnel, none lost" \
	"d['probes'][0]['received'] == 300 and d['probes'][0]['loss_forward'] == 0" tunnel.json
check "capture: at least 300 ESP packets out, no plaintext leak" \
	"d['encapsulation']['esp_packets'] >= 300 and d['encapsulation']['plaintext_leaks'] == 0" tunnel.json
clear=$(tcpdump -nn -r wire.pcap 'net 10.1.0.0/24 or net 10.2.0.0/24' 2>/dev/null | wc -l)
[ "$clear" -eq 0 ] || fail "the kept pcap shows $clear packets with inner addresses"
[ "$(pcap_count wire.pcap "$ESP_WIRE")" -ge 300 ] ||
	fail "the kept pcap lacks the ESP packets ($ESP_WIRE)"
pass "the pcap file kept for Wireshark holds the ESP packets and no inner address"
echo "RTT through the tunnel: p50 $(json tunnel.json "d['probes'][0]['rtt_ms']['p50']") ms"

# 1b. the kernel's reflector (reflect --in-kernel) on the partner's TUN: answered through
#     the tunnel as the kernel answers a ping, still ESP only on the wire. On XFRM the
#     decrypted requests carry a secpath and go to the process: probe_xfrm_in_kernel's part.
if [ "$DATAPATH" = libipsec ]; then
	ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 10.2.0.1:8862 --no-sink --in-kernel \
		> kreflect.log 2>&1 &
	KREFLECT=$!
	wait_for kreflect.log "^reflecting on" 5 || fail "reflect --in-kernel did not start: $(cat kreflect.log)"
	ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.2.0.1:8862 --count 300 --rate 300 \
		--capture "xp${TAG}a" --json > ktunnel.json 2>> probe.log || fail "probe exited $?"
	kill -TERM $KREFLECT
	wait $KREFLECT || fail "reflect --in-kernel exited $?"
	check "kernel reflector through the tunnel: 300 of 300, ESP only, no plaintext leak" \
		"d['probes'][0]['received'] == 300 and d['encapsulation']['esp_packets'] >= 300 and d['encapsulation']['plaintext_leaks'] == 0" ktunnel.json
	kernel=$(tail -1 kreflect.log | tr ' ' '\n' | grep -A1 -x kernel_reflected | tail -1)
	[ "$kernel" -eq 300 ] || fail "the kernel answered $kernel of 300: $(tail -1 kreflect.log)"
	pass "all 300 answered by the TC program on the partner's TUN (kernel_reflected 300)"
	echo "RTT through the tunnel, kernel reflector: p50 $(json ktunnel.json "d['probes'][0]['rtt_ms']['p50']") ms"
fi

# 2. the tunnel's path MTU (inner packets), and what ESP adds
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.2.0.1 --count 3 --pmtu --pmtu-max 1500 \
	--esp-proposal aes256gcm16 --natt --json > pmtu.json 2>> probe.log || fail "pmtu probe exited $?"
pmtu=$(json pmtu.json "d['pmtu']['inner']")
echo "tunnel path MTU: $pmtu (MSS $(json pmtu.json "d['probes'][0]['pmtu']['mss']"))"
check "inner path MTU $INNER_MTU on $DATAPATH" "d['pmtu']['inner'] == $INNER_MTU" pmtu.json
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.2.0.1 --df --size "$pmtu" --count 5 --rate 50 \
	--json > at.json 2>> probe.log || fail "probe exited $?"
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.2.0.1 --df --size $((pmtu + 1)) --count 5 \
	--rate 50 --timeout 300 --json > above.json 2>> probe.log || fail "probe exited $?"
check "DF probes of the PMTU pass" "d['probes'][0]['received'] == 5" at.json
check "DF probes one byte larger do not" "d['probes'][0]['received'] == 0" above.json

# 3. no tunnel, plain routes: the same probe crosses in clear and is flagged
kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM"
ip -n "$NS_A" route add 10.2.0.0/24 via 192.0.2.2 src 10.1.0.1
ip -n "$NS_B" route add 10.1.0.0/24 via 192.0.2.1 src 10.2.0.1
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.2.0.1 --count 100 --rate 200 \
	--capture "xp${TAG}a" --json > clear.json 2>> probe.log || fail "probe exited $?"
check "without the tunnel: probes answered, 100 plaintext leaks flagged, no ESP" \
	"d['probes'][0]['received'] == 100 and d['encapsulation']['plaintext_leaks'] >= 100 and d['encapsulation']['esp_packets'] == 0" clear.json
kill -TERM $REFLECT
wait $REFLECT || fail "reflect exited $?"
no_secret_in up.out up.log sim.log reflect.log probe.log tunnel.json
