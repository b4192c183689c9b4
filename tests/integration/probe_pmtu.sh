#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Path MTU through a router whose far link has MTU 1394 (the Azure figure): first with the
# router's ICMP "fragmentation needed" (reported), then with it suppressed (a black hole:
# 1394 answered, 1395 silently lost). Plus the ESP overhead and MSS arithmetic.
. "$(dirname "$0")/probe_lib.sh"

p_routed 1394
cd "$PWORK"
p_reflect "$NS_B" 10.9.0.2 reflect.log

# 1. ICMP frag-needed reaches the sender: the search lands on 1394 and says why
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.9.0.2 --count 3 --pmtu --pmtu-max 1500 \
	--esp-proposal aes256gcm16 --natt --json > icmp.json 2> probe.log || fail "probe exited $?: $(cat probe.log)"
p_check "path MTU 1394 with ICMP" "d['pmtu']['inner'] == 1394 and d['probes'][0]['pmtu']['pmtu'] == 1394" icmp.json
p_check "the router's ICMP announced 1394; not a black hole" \
	"d['probes'][0]['pmtu']['icmp_mtu'] == 1394 and not d['probes'][0]['pmtu']['black_hole']" icmp.json
p_check "MSS to clamp 1354, ESP (aes256gcm16, NAT-T) adds 62: outer MTU 1456" \
	"d['probes'][0]['pmtu']['mss'] == 1354 and d['probes'][0]['pmtu']['esp']['overhead'] == 62 and d['probes'][0]['pmtu']['esp']['outer_mtu_needed'] == 1456" icmp.json

# 2. the router stops sending ICMP to the sender: a black hole above 1394
# (frag-needed is exempt from ICMP rate limits, so drop what the router itself sends
# towards the sender: forwarded replies still pass, its own ICMP goes to a blackhole)
ip -n "$NS_R" route add blackhole 203.0.113.0/24 table 100
ip -n "$NS_R" rule add iif lo to 203.0.113.0/24 lookup 100 pref 100
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.9.0.2 --count 3 --pmtu --pmtu-max 1500 \
	--json > hole.json 2>> probe.log || fail "probe exited $?: $(cat probe.log)"
p_check "path MTU 1394 without ICMP" "d['probes'][0]['pmtu']['pmtu'] == 1394" hole.json
p_check "1395 silently lost: black hole detected" \
	"d['probes'][0]['pmtu']['black_hole'] and d['probes'][0]['pmtu']['icmp_mtu'] == 0" hole.json

# 3. the same seen as plain probes with DF: 1394 passes, 1395 does not
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.9.0.2 --df --size 1394 --count 5 --rate 50 \
	--timeout 300 --json > ok.json 2>> probe.log || fail "probe exited $?"
ip netns exec "$NS_A" "$CROSSPEER" probe --target 10.9.0.2 --df --size 1395 --count 5 --rate 50 \
	--timeout 300 --json > big.json 2>> probe.log || fail "probe exited $?"
p_check "DF probes of 1394 bytes: 5 of 5" "d['probes'][0]['received'] == 5" ok.json
p_check "DF probes of 1395 bytes: 0 of 5" "d['probes'][0]['received'] == 0" big.json
p_reflect_stop
