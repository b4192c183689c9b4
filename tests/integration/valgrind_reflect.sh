#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# valgrind memcheck over the STAMP reflector (and its throughput sink): a probe run and a
# throughput test against it, malformed packets, then SIGTERM: no invalid access, no leak.
. "$(dirname "$0")/lib.sh"
command -v valgrind > /dev/null || { echo "SKIP: valgrind is not installed"; exit 77; }
if [ "${CROSSPEER_BUILD_TYPE:-}" = Asan ]; then
	echo "SKIP: valgrind cannot run an AddressSanitizer build; the other build's suite runs it"
	exit 77
fi
cd "$WORK"

valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 \
	"$CROSSPEER" reflect --listen 127.0.0.1:18620 > vg.log 2>&1 &
VG=$!
i=0
until grep -q "listening\|reflecting" vg.log 2>/dev/null || [ $i -ge 100 ]; do
	i=$((i + 1)); sleep 0.1
done
sleep 1
"$CROSSPEER" probe --target 127.0.0.1:18620 --count 200 --rate 200 --json > probe.json ||
	fail "probe against the reflector under valgrind failed"
[ "$(pyjson probe.json 'r["probes"][0]["received"]')" -ge 190 ] || fail "replies missing"
"$CROSSPEER" probe --target 127.0.0.1:18620 --count 1 --throughput tcp --throughput-duration 1 \
	> tput.txt 2>&1 || fail "throughput against the sink failed: $(cat tput.txt)"
# malformed datagrams: too short, garbage
printf 'x' | timeout 2 /usr/bin/python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for p in (b'x', b'\xff' * 3, b'\x00' * 43, b'A' * 2000):
    s.sendto(p, ('127.0.0.1', 18620))
"
sleep 0.5
kill -TERM $VG
rc=0
wait $VG || rc=$?
grep -E "ERROR SUMMARY|definitely lost" vg.log || true
[ $rc -eq 0 ] || fail "valgrind reported errors or leaks (exit $rc)"
pass "reflector: probes, throughput, malformed packets, stop: valgrind clean"
