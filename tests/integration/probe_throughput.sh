#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Throughput against a known rate: a TBF of 50 Mbit/s on the sender's veth. TCP (4 streams)
# must measure 40-51 Mbit/s up and far more down (unshaped); UDP at 30 Mbit/s must arrive
# whole at about 30 Mbit/s, and UDP at 80 Mbit/s must show the loss the TBF causes.
. "$(dirname "$0")/probe_lib.sh"

p_pair
cd "$PWORK"
ip netns exec "$NS_A" tc qdisc add dev "xpp${PTAG}a" root tbf rate 50mbit burst 32kb latency 20ms
p_reflect "$NS_B" 198.51.100.2 reflect.log

ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --count 10 --throughput tcp \
	--streams 4 --throughput-duration 3 --json > tcp.json 2> probe.log || fail "probe exited $?: $(cat probe.log)"
p_check "TCP up through a 50 Mbit/s TBF: 40-51 Mbit/s" \
	"40 <= d['probes'][0]['throughput']['up_mbps'] <= 51 and d['throughput_mbps']['up'] == d['probes'][0]['throughput']['up_mbps']" tcp.json
p_check "TCP down (not shaped): above 200 Mbit/s" "d['probes'][0]['throughput']['down_mbps'] > 200" tcp.json

ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --count 10 --throughput udp \
	--udp-rate 30 --size 1400 --throughput-duration 2 --json > udp.json 2>> probe.log || fail "probe exited $?"
p_check "UDP at 30 Mbit/s under a 50 Mbit/s TBF: 27-31 Mbit/s, under 1 % lost" \
	"27 <= d['probes'][0]['throughput']['up_mbps'] <= 31 and d['probes'][0]['throughput']['udp_loss_pct'] < 1" udp.json
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --count 10 --throughput udp \
	--udp-rate 80 --size 1400 --throughput-duration 2 --json > over.json 2>> probe.log || fail "probe exited $?"
p_check "UDP at 80 Mbit/s: the TBF lets about 50 through, the rest is counted lost" \
	"40 <= d['probes'][0]['throughput']['up_mbps'] <= 52 and d['probes'][0]['throughput']['udp_loss_pct'] > 20" over.json
p_reflect_stop
[ "$(p_counter reflect.log sink_connections)" -eq 10 ] ||
	fail "sink served $(p_counter reflect.log sink_connections) connections, expected 4 + 4 + 1 + 1"
pass "the reflector's sink served every stream"
