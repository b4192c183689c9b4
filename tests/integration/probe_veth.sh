#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer probe and reflect over a bare veth between two namespaces: authenticated
# stateful STAMP, a wrong key and a malformed packet dropped and counted, replies never
# larger than requests, ICMP and TCP-connect probes, several targets at once, CSV, exit codes.
. "$(dirname "$0")/probe_lib.sh"

p_pair
cd "$PWORK"
(umask 077; printf 'probe-test-key\n' > key; printf 'another-key\n' > wrong)

p_reflect "$NS_B" 198.51.100.2 reflect.log --stateful --auth-key-file key --allow 198.51.100.0/24
ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 198.51.100.2:8862 --no-sink --allow 10.0.0.0/8 \
	> deny.log 2>&1 &
DENY=$!
ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 198.51.100.2:8863 > plain.log 2>&1 &
PLAIN=$!
sleep 0.5

# 1. authenticated, stateful: nothing lost on a bare veth, sub-millisecond round trips
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --auth-key-file key --stateful \
	--count 500 --rate 1000 --size 200 --json --csv samples.csv > auth.json 2> probe.log ||
	fail "probe exited $?: $(cat probe.log)"
p_check "500 authenticated STAMP probes, none lost" \
	"d['probes'][0]['sent'] == 500 and d['probes'][0]['received'] == 500 and d['probes'][0]['loss_pct'] == 0" auth.json
p_check "loss split known (stateful reflector): 0 forward, 0 backward" \
	"d['probes'][0]['loss_forward'] == 0 and d['probes'][0]['loss_backward'] == 0" auth.json
p_check "RTT p50 under 1 ms, min <= p50 <= p99 <= max" \
	"0 < d['probes'][0]['rtt_ms']['p50'] < 1 and d['probes'][0]['rtt_ms']['min'] <= d['probes'][0]['rtt_ms']['p50'] <= d['probes'][0]['rtt_ms']['p99'] <= d['probes'][0]['rtt_ms']['max']" auth.json
p_check "kernel timestamps used and reported" \
	"d['probes'][0]['timestamp_source'].startswith('kernel-sw-rx')" auth.json
p_check "one-way delays reported with a clock flag" \
	"isinstance(d['probes'][0]['owd_ms']['clock_synced'], bool)" auth.json
p_check "the report's probes[] element: series and CDF of the 500 probes" \
	"d['probes'][0]['series']['offered'] == 500 and len(d['probes'][0]['cdf']) > 40 and 'tunnel' not in d" auth.json
cp auth.json report.json
/usr/bin/python3 "$CROSSPEER_SRC/tests/unit/report/check_schema.py" \
	"$CROSSPEER_SRC/docs/report.schema.json" report.json ||
	fail "probe --json is not valid against docs/report.schema.json"
pass "probe --json is valid against docs/report.schema.json"
[ "$(wc -l < samples.csv)" -eq 501 ] || fail "CSV has $(wc -l < samples.csv) lines, expected 501"
pass "CSV: header + 500 records"

# 2. a wrong key: every request dropped by the reflector and counted
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --auth-key-file wrong \
	--count 20 --rate 200 --timeout 200 --json > wrong.json 2>> probe.log || fail "probe exited $?"
p_check "wrong key: 20 sent, 0 answered" "d['probes'][0]['received'] == 0 and d['probes'][0]['loss_pct'] == 100" wrong.json

# 3. a malformed (short) request, unauthenticated on an authenticated reflector
ip netns exec "$NS_A" /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"\0" * 20, ("198.51.100.2", 862))
s.sendto(b"\0" * 44, ("198.51.100.2", 862))'
sleep 0.3
p_reflect_stop
[ "$(p_counter reflect.log bad_hmac)" -eq 20 ] || fail "bad_hmac $(p_counter reflect.log bad_hmac), expected 20"
[ "$(p_counter reflect.log malformed)" -eq 2 ] || fail "malformed $(p_counter reflect.log malformed), expected 2"
[ "$(p_counter reflect.log reflected)" -eq 500 ] || fail "reflected $(p_counter reflect.log reflected), expected 500"
pass "reflector counted 20 bad HMAC and 2 malformed, answered exactly the 500 good ones"

# 4. the reply is never larger than the request (and short ones get nothing)
ip netns exec "$NS_A" /usr/bin/python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
for n in (44, 45, 300, 1400):
    s.sendto(struct.pack(">I", n) + b"\0" * (n - 4), ("198.51.100.2", 8863))
    r = s.recv(4096)
    if len(r) != n:
        sys.exit("request %d bytes, reply %d" % (n, len(r)))
s.sendto(b"\0" * 43, ("198.51.100.2", 8863))
try:
    s.recv(4096)
    sys.exit("a 43-byte request was answered")
except socket.timeout:
    pass' || fail "reply sizes"
pass "replies of 44, 45, 300 and 1400 bytes for requests of the same sizes; 43 bytes dropped"

# 5. a source outside --allow gets nothing; the denial is counted
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2:8862 --count 5 --rate 100 \
	--timeout 200 --json > deny.json 2>> probe.log || fail "probe exited $?"
p_check "denied source: 0 of 5 answered" "d['probes'][0]['received'] == 0" deny.json

# 6. ICMP and TCP-connect, and several targets at once (one thread each)
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --kind icmp --count 50 \
	--rate 200 --json > icmp.json 2>> probe.log || fail "icmp probe exited $?: $(cat probe.log)"
p_check "ICMP echo: 50 of 50" "d['probes'][0]['received'] == 50 and d['probes'][0]['kind'] == 'icmp'" icmp.json
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --target 198.51.100.1 --kind tcp \
	--port 8863 --count 30 --rate 100 --json > tcp.json 2>> probe.log || fail "tcp probe exited $?"
p_check "TCP connect to the sink port: 30 handshakes" \
	"d['probes'][0]['received'] == 30 and d['probes'][0]['refused'] == 0" tcp.json
p_check "TCP connect to a closed port: 30 resets" \
	"d['probes'][1]['received'] == 30 and d['probes'][1]['refused'] == 30" tcp.json
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2:8863 --target 198.51.100.2:8863 \
	--duration 1 --rate 500 --json > multi.json 2>> probe.log || fail "multi probe exited $?"
p_check "two targets concurrently for 1 s at 500 pps: both about 500 sent, none lost" \
	"all(450 <= p['sent'] <= 550 and p['received'] == p['sent'] for p in d['probes'])" multi.json

# 7. the same from a profile's probe section (options given on the command line win)
printf 'profile-psk-value\n' > psk.txt
chmod 600 psk.txt
cat > profile.json <<JSON
{ "version": 1, "name": "probe-profile",
  "local": { "address": "198.51.100.1", "subnets": ["10.1.0.0/24"] },
  "remote": { "address": "198.51.100.2", "subnets": ["10.2.0.0/24"] },
  "auth": { "psk_file": "psk.txt" },
  "probe": { "targets": [ { "address": "198.51.100.2", "kind": "stamp", "port": 8863 },
                          { "address": "198.51.100.2", "kind": "icmp" } ],
             "rate_pps": 200, "count": 40, "size": 100 } }
JSON
ip netns exec "$NS_A" "$CROSSPEER" probe --profile profile.json --csv profile.csv --json \
	> profile_run.json 2>> probe.log || fail "probe --profile exited $?: $(cat probe.log)"
p_check "profile: two targets (stamp on 8863, icmp), 40 each, all answered" \
	"[(p['kind'], p['port'], p['sent'], p['received']) for p in d['probes']] == [('stamp', 8863, 40, 40), ('icmp', 0, 40, 40)]" profile_run.json
[ "$(awk -F, 'NR > 1 && $10 != 100' profile.csv | wc -l)" -eq 0 ] || fail "profile size 100 not used"
ip netns exec "$NS_A" "$CROSSPEER" probe --profile profile.json --count 7 --json > override.json \
	2>> probe.log || fail "probe exited $?"
p_check "--count on the command line overrides the profile" \
	"all(p['sent'] == 7 for p in d['probes'])" override.json

# 8. exit codes
rc=0; ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --kind bogus 2> usage.log || rc=$?
[ $rc -eq 2 ] || fail "bad --kind exited $rc, expected 2"
[ "$(wc -l < usage.log)" -eq 1 ] || fail "expected one stderr line: $(cat usage.log)"
grep -q "^crosspeer probe: --kind: 'bogus'" usage.log || fail "usage line: $(cat usage.log)"
rc=0; ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 198.51.100.2:8863 > inuse.log 2>&1 || rc=$?
[ $rc -eq 5 ] || fail "reflect on a port in use exited $rc, expected 5"
rc=0; ip netns exec "$NS_A" "$CROSSPEER" reflect 2> /dev/null || rc=$?
[ $rc -eq 2 ] || fail "reflect without --listen exited $rc, expected 2"
pass "exit codes: 2 for usage, 5 for a port in use"
if grep -q "probe-test-key" ./*.log ./*.json; then
	fail "the key appears in an output"
fi
kill -TERM $DENY $PLAIN
wait $DENY $PLAIN || true
pass "no key in any output"
