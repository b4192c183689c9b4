#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Interop with an independent STAMP implementation: Scapy's contrib.stamp layer
# (Debian python3-scapy). Scapy's session-sender talks to our reflector, and our
# session-sender talks to a reflector built from Scapy's packets. 127.0.0.1 only.
import socket
import subprocess
import sys
import threading
import time

try:
    from scapy.contrib.stamp import (STAMPSessionReflectorTestUnauthenticated,
                                     STAMPSessionSenderTestUnauthenticated)
except ImportError:
    print("SKIP: scapy.contrib.stamp not importable by", sys.executable)
    sys.exit(77)

NTP_OFFSET = 2208988800
TOOL = sys.argv[1]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def scapy_sender_against_our_reflector():
    proc = subprocess.Popen([TOOL, "reflect"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "port":
        fail("reflector did not start: %r" % line)
    port = int(line[1])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(1.0)
    for seq in range(10):
        now = time.time() + NTP_OFFSET
        req = STAMPSessionSenderTestUnauthenticated(seq=seq, ts=now, ssid=4242)
        sock.sendto(bytes(req), ("127.0.0.1", port))
        data, _ = sock.recvfrom(2048)
        if len(data) != len(bytes(req)):
            fail("reply length %d != request %d" % (len(data), len(bytes(req))))
        rep = STAMPSessionReflectorTestUnauthenticated(data)
        if rep.seq_sender != seq or rep.ssid != 4242:
            fail("reply fields: seq_sender %d ssid %d" % (rep.seq_sender, rep.ssid))
        if rep.seq != seq:
            fail("stateful reflector sequence %d, expected %d" % (rep.seq, seq))
        if abs(float(rep.ts_sender) - now) > 1e-6:
            fail("sender timestamp not copied: %s vs %s" % (rep.ts_sender, now))
        if not (now - 1 < float(rep.ts_rx) < now + 1) or float(rep.ts) < float(rep.ts_rx):
            fail("reflector timestamps implausible: rx %s tx %s" % (rep.ts_rx, rep.ts))
        if rep.ttl_sender != 64:
            fail("sender TTL %d, expected 64 on loopback" % rep.ttl_sender)
    # a malformed (short) request is dropped, not answered
    sock.sendto(b"\x00" * 20, ("127.0.0.1", port))
    try:
        sock.recvfrom(2048)
        fail("a 20-byte request was answered")
    except socket.timeout:
        pass
    out, _ = proc.communicate(input="", timeout=10)
    if "received 11 reflected 10 malformed 1" not in out:
        fail("reflector counters: %r" % out)
    print("ok: scapy sender -> crosspeer reflector, 10/10 replies, 1 malformed dropped")


def scapy_reflector(sock, stop, seen):
    while not stop.is_set():
        try:
            data, peer = sock.recvfrom(2048)
        except socket.timeout:
            continue
        req = STAMPSessionSenderTestUnauthenticated(data[:44])
        seen.append(req.seq)
        rx = time.time() + NTP_OFFSET
        rep = STAMPSessionReflectorTestUnauthenticated(
            seq=req.seq, ts=time.time() + NTP_OFFSET, ts_rx=rx, seq_sender=req.seq,
            ts_sender=req.ts, ssid=req.ssid, ttl_sender=64)
        rep.err_estimate_sender = req.err_estimate
        out = bytes(rep) + data[44:]
        sock.sendto(out, peer)


def our_sender_against_scapy_reflector():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    stop, seen = threading.Event(), []
    t = threading.Thread(target=scapy_reflector, args=(sock, stop, seen))
    t.start()
    try:
        out = subprocess.run([TOOL, "send", str(sock.getsockname()[1]), "20"],
                             capture_output=True, text=True, timeout=30).stdout
    finally:
        stop.set()
        t.join()
    f = out.split()
    if len(f) != 6 or f[1] != "20" or f[3] != "20":
        fail("our sender via scapy reflector: %r" % out)
    if seen != list(range(20)):
        fail("scapy saw sequence numbers %r" % seen)
    if not 0 < float(f[5]) < 100000:
        fail("rtt_min_us %s" % f[5])
    print("ok: crosspeer sender -> scapy reflector, 20/20, min RTT %s us" % f[5])


scapy_sender_against_our_reflector()
our_sender_against_scapy_reflector()
