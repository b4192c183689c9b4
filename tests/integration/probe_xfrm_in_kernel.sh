#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# reflect --in-kernel over kernel IPsec (XFRM): a request decrypted by the kernel comes back
# to the TC program at the veth's ingress with a secpath; the program's guard hands it to
# the stack (kernel_passed), whose reply the XFRM policy encrypts. Were the TC program to
# answer it, the reply would leave the veth in plaintext. All 300 probes answered, ESP only
# out of both ends, no plaintext leak, the kernel reflecting none of them.
# Runs on the XFRM data path only (tests/uml/run.sh's guest); skips elsewhere, and where the
# kernel cannot load the TC program, with the reason reflect gives.
TAG=k$$
. "$(dirname "$0")/lib.sh"

if [ "$DATAPATH" != xfrm ]; then
	echo "SKIP: needs the kernel XFRM data path (kernel ESP); this kernel has none (tests/uml/run.sh runs it in a guest)"
	exit 77
fi
# can this kernel load the TC program at all? (a User-Mode Linux kernel has no BTF)
cd "$WORK"
ip netns add "crosspeer-$TAG-probe"
ip -n "crosspeer-$TAG-probe" link set lo up
ip netns exec "crosspeer-$TAG-probe" timeout 120 "$CROSSPEER" reflect --listen 127.0.0.1:8862 \
	--no-sink --in-kernel > try.log 2>&1 &
TRY=$!
wait_for try.log "^reflecting on\|crosspeer reflect" 120 || true
kill -TERM $TRY 2>/dev/null || true
wait $TRY || true
ip netns del "crosspeer-$TAG-probe"
if ! grep -q "^reflecting on" try.log; then
	btf="/sys/kernel/btf/vmlinux is there"
	[ -e /sys/kernel/btf/vmlinux ] || btf="no BTF: /sys/kernel/btf/vmlinux is missing"
	echo "SKIP: reflect --in-kernel cannot run in this kernel ($(uname -r), $btf): $(grep 'crosspeer reflect' try.log | head -2)"
	exit 77
fi
lab_up
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel lab-onprem up" 30 || fail "tunnel not up: $(tail -3 up.log)"

ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 10.2.0.1:8862 --no-sink --in-kernel \
	> kreflect.log 2>&1 &
KREFLECT=$!
wait_for kreflect.log "^reflecting on" 60 || fail "reflect --in-kernel did not start: $(cat kreflect.log)"
capture_out "$NS_B" "xp${TAG}b" partner.pcap tcpdump.log
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.2.0.1:8862 --count 300 --rate 100 \
	--capture "xp${TAG}a" --json > k.json 2> probe.log || fail "probe exited $?: $(cat probe.log)"
capture_stop
kill -TERM $KREFLECT
wait $KREFLECT || fail "reflect --in-kernel exited $?"
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); p=d['probes'][0]; e=d['encapsulation']; \
	sys.exit(0 if p['received'] == 300 and e['esp_packets'] >= 300 and e['plaintext_leaks'] == 0 else 1)" k.json ||
	fail "through XFRM with the kernel reflector: $(cat k.json)"
pass "300 of 300 answered through the tunnel, ESP only out of on-prem, no plaintext leak"
last=$(tail -1 kreflect.log)
counter() { echo "$last" | tr ' ' '\n' | grep -A1 -x "$1" | tail -1; }
[ "$(counter kernel_reflected)" -eq 0 ] || fail "the TC program answered decrypted requests: $last"
[ "$(counter kernel_passed)" -ge 300 ] || fail "the guard passed fewer than 300 requests: $last"
[ "$(counter reflected)" -ge 300 ] || fail "the process answered fewer than 300: $last"
clear=$(pcap_count partner.pcap 'net 10.1.0.0/24 or net 10.2.0.0/24')
esp=$(pcap_count partner.pcap "$ESP_WIRE")
[ "$clear" -eq 0 ] || fail "the partner's veth sent $clear packets with inner addresses in clear"
[ "$esp" -ge 300 ] || fail "the partner's veth sent $esp ESP packets, expected the 300 answers"
pass "the guard passed all $(counter kernel_passed) decrypted requests to the stack; the partner sent $esp ESP, 0 in clear"
kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM"
no_secret_in up.out up.log sim.log kreflect.log probe.log
