#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer reflect --in-kernel over a bare veth: the TC program answers crosspeer's own
# sender and Scapy's independent STAMP layer byte for byte (the sender's kernel checks the
# checksums it wrote), reflects TLV octets, leaves short, authenticated-size and IPv6 work
# to the process (counted there), answers the reflector's address and port only, and on
# exit leaves no TC filter or qdisc behind. The same through the tunnel is probe_tunnel's.
. "$(dirname "$0")/probe_lib.sh"

p_pair
cd "$PWORK"
IF_B="xpp${PTAG}b"
p_reflect "$NS_B" 198.51.100.2 reflect.log --in-kernel
grep -q "answered in the kernel" reflect.log || fail "reflect did not say it answers in the kernel"
ip netns exec "$NS_B" tc filter show dev "$IF_B" ingress | grep -q "stamp_tc_reflec" ||
	fail "no TC program on $IF_B: $(ip netns exec "$NS_B" tc filter show dev "$IF_B" ingress)"
pass "TC program attached at ingress of $IF_B"

# 1. crosspeer's sender: all answered, by the kernel, not the process
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --count 500 --rate 1000 \
	--size 120 --json --csv samples.csv > k.json 2> probe.log || fail "probe exited $?: $(cat probe.log)"
p_check "500 STAMP probes answered, none lost" \
	"d['probes'][0]['sent'] == 500 and d['probes'][0]['received'] == 500" k.json
p_check "RTT p50 under 1 ms, reflector residence removed (>= 0)" \
	"0 <= d['probes'][0]['rtt_ms']['p50'] < 1" k.json
[ "$(awk -F, 'NR > 1 && $10 != 120' samples.csv | wc -l)" -eq 0 ] || fail "a reply of another size"
pass "every reply 120 bytes, as its request"

# 2. Scapy's sender: the reply parses as RFC 8762 4.3.1, fields as the request's, TLVs back
ip netns exec "$NS_A" /usr/bin/python3 - <<'PY' || fail "Scapy's view of the kernel's replies"
import socket, sys, time
try:
    from scapy.contrib.stamp import (STAMPSessionReflectorTestUnauthenticated,
                                     STAMPSessionSenderTestUnauthenticated)
except ImportError:
    print("SKIP part: no scapy.contrib.stamp"); sys.exit(0)
NTP = 2208988800
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1.0)
tlv = bytes([0x01, 0x00, 0x00, 0x08]) + b"padpadpa"
for seq in range(10):
    now = time.time() + NTP
    req = bytearray(bytes(STAMPSessionSenderTestUnauthenticated(seq=seq, ts=now, ssid=777)))
    req[12:14] = b"\x80\x01"      # error estimate: S bit, multiplier 1
    req = bytes(req)
    s.sendto(req + tlv, ("198.51.100.2", 862))
    data = s.recv(2048)
    assert len(data) == len(req) + len(tlv), (len(data), len(req))
    rep = STAMPSessionReflectorTestUnauthenticated(data[:44])
    assert rep.seq == seq and rep.seq_sender == seq and rep.ssid == 777, (rep.seq, rep.ssid)
    assert abs(float(rep.ts_sender) - now) < 1e-6, (rep.ts_sender, now)
    assert data[36:38] == b"\x80\x01", data[36:38]
    assert now - 1 < float(rep.ts_rx) <= float(rep.ts) < now + 1, (rep.ts_rx, rep.ts, now)
    assert rep.ttl_sender == 64, rep.ttl_sender
    assert data[44:] == tlv, data[44:]
    assert data[40 + 1:44] == b"\0\0\0" and data[38:40] == b"\0\0", data[36:44]
print("ok: 10 replies parsed by scapy.contrib.stamp, TLV reflected")
PY
pass "Scapy's STAMP layer reads the kernel's replies: fields, timestamps, TTL, TLVs"

# 3. what the kernel leaves to the process: a 20-byte datagram (malformed there), and the
#    authenticated size, which the unauthenticated reflector reads as plain STAMP
ip netns exec "$NS_A" /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"\0" * 20, ("198.51.100.2", 862))
s.sendto(b"\0" * 30, ("198.51.100.2", 862))
s.sendto(b"\0" * 44, ("198.51.100.2", 9))'
sleep 0.3
p_reflect_stop
[ "$(p_counter reflect.log kernel_reflected)" -eq 510 ] ||
	fail "kernel_reflected $(p_counter reflect.log kernel_reflected), expected 510"
[ "$(p_counter reflect.log kernel_passed)" -eq 2 ] ||
	fail "kernel_passed $(p_counter reflect.log kernel_passed), expected 2 (the short ones)"
[ "$(p_counter reflect.log malformed)" -eq 2 ] ||
	fail "malformed $(p_counter reflect.log malformed), expected 2"
[ "$(p_counter reflect.log received)" -eq 2 ] ||
	fail "the process received $(p_counter reflect.log received), expected only the 2 short ones"
pass "kernel answered 510, passed the 2 short datagrams to the process (malformed there); port 9 untouched"

# 4. nothing left behind on the interfaces
if ip netns exec "$NS_B" tc filter show dev "$IF_B" ingress | grep -q bpf; then
	fail "a TC filter was left on $IF_B"
fi
if ip netns exec "$NS_B" tc qdisc show dev "$IF_B" | grep -q clsact; then
	fail "the clsact qdisc was left on $IF_B"
fi
pass "no TC filter or qdisc left after exit"

# 5. what it cannot do is a usage error, said before anything is loaded
rc=0; ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 198.51.100.2 --in-kernel --stateful \
	2> usage.log || rc=$?
if [ $rc -ne 2 ] || ! grep -q "^crosspeer reflect: --in-kernel: is stateless" usage.log; then
	fail "--in-kernel --stateful: exit $rc, $(cat usage.log)"
fi
rc=0; ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 0.0.0.0 --in-kernel 2> usage.log || rc=$?
if [ $rc -ne 2 ] || ! grep -q "needs one IPv4 address" usage.log; then
	fail "--in-kernel on a wildcard: exit $rc, $(cat usage.log)"
fi
pass "--in-kernel with --stateful or a wildcard address: exit 2, named"
