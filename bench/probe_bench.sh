#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Side-by-side benchmark of crosspeer's probes against the anchors, in one run, over a veth
# between two namespaces (crosspeer-p-bench-a/b) and through the lab tunnel:
#   RTT         crosspeer STAMP median / ping median / irtt median, in alternating rounds
#               (goal: ratio <= 1.0)
#   rate        highest loss-free probe rate achieved (packets sent per second with no
#               loss, over 2 s at each requested rate), crosspeer / irtt (goal: >= 5x, >= 100k/s)
#   throughput  crosspeer TCP / iperf3                                 (goal: ratio >= 0.95)
# Not a test: it prints each figure and the ratio. Needs root.
#   CROSSPEER=build/agent/crosspeer bench/probe_bench.sh [--quick]
#   SECTIONS="rtt rate tput tunnel" (the default) picks the parts to run; with "tunnel", rtt
#   and tput run on the bare veth and again through the tunnel ("rtt tunnel": RTT only).
set -eu

CROSSPEER=${CROSSPEER:-$(dirname "$0")/../build/agent/crosspeer}
SRC=$(cd "$(dirname "$0")/.." && pwd)
QUICK=${1:-}
SECTIONS=${SECTIONS:-rtt rate tput tunnel}
want() { case " $SECTIONS " in *" $1 "*) return 0;; *) return 1;; esac; }
A=crosspeer-p-bench-a
B=crosspeer-p-bench-b
TAG=pbench
W=$(mktemp -d /tmp/crosspeer-p-bench.XXXXXX)
PY=/usr/bin/python3

[ "$(id -u)" -eq 0 ] || { echo "probe_bench: needs root for namespaces" >&2; exit 5; }
for t in ping irtt iperf3; do
	command -v $t > /dev/null || { echo "probe_bench: $t not installed" >&2; exit 5; }
done

cleanup() {
	for ns in $A $B; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
		ip netns del "$ns" 2>/dev/null || true
	done
	"$SRC/lab/netns_pair.sh" down $TAG > /dev/null 2>&1 || true
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

jget() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
ratio() { $PY -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.3f' % (a/b) if b else 'n/a')" "$1" "$2"; }
median_ping() { grep -o 'time=[0-9.]*' "$1" | cut -d= -f2 | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# rtt NS_SRC NS_DST DST LABEL: median RTT of crosspeer, ping and irtt to DST (servers in
# NS_DST). The machine is shared and its load drifts over seconds, so the tools take turns
# in ROUNDS short rounds (300 probes at 200/s each), the order rotating every round; each
# tool's figure is the median of its round medians, and the ratio is taken per round too.
rtt() {
	# shellcheck disable=SC2086 # REFLECT_OPTS is a list of options on purpose
	ip netns exec "$2" "$CROSSPEER" reflect --listen "$3" ${REFLECT_OPTS:-} > "$W/r.log" 2>&1 &
	R=$!
	ip netns exec "$2" irtt server -b "$3:2112" -i 0 > /dev/null 2>&1 &
	I=$!
	sleep 0.5
	rounds=${ROUNDS:-20}
	[ "$QUICK" = --quick ] && rounds=3
	: > "$W/rounds"
	for round in $(seq 1 "$rounds"); do
		case $((round % 3)) in
			0) order="crosspeer ping irtt";; 1) order="ping irtt crosspeer";; *) order="irtt crosspeer ping";;
		esac
		for tool in $order; do
			case $tool in
			crosspeer)
				ip netns exec "$1" "$CROSSPEER" probe --target "$3" --count 300 --rate 200 --json > "$W/x.json"
				x=$(jget "$W/x.json" "d['probes'][0]['rtt_ms']['p50']");;
			ping)
				ip netns exec "$1" ping -n -c 300 -i 0.005 "$3" > "$W/ping.txt"
				p=$(median_ping "$W/ping.txt");;
			irtt)
				ip netns exec "$1" irtt client -i 5ms -d 1.5s -Q -o "$W/irtt.json" "$3:2112"
				i=$(jget "$W/irtt.json" "d['stats']['rtt']['median'] / 1e6");;
			esac
		done
		echo "$x $p $i" >> "$W/rounds"
	done
	kill -TERM $R $I; wait $R $I 2>/dev/null || true
	$PY - "$W/rounds" "$4" "$(jget "$W/x.json" "d['probes'][0]['timestamp_source']")" <<'PY'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
x, p, i = (statistics.median(r[k] for r in rows) for k in range(3))
per_round = statistics.median(r[0] / r[1] for r in rows)
print("RTT median, %s, %d rounds (crosspeer | ping | irtt per round, ms):" % (sys.argv[2], len(rows)))
for r in rows:
    print("    %.4f | %.4f | %.4f" % r)
print("  crosspeer %.4f ms (timestamps %s), ping %.4f ms, irtt %.4f ms" % (x, sys.argv[3], p, i))
print("  ratio crosspeer/ping %.3f (median of per-round ratios %.3f)   crosspeer/irtt %.3f"
      % (x / p, per_round, x / i))
PY
}

# rate: highest loss-free rate of each tool over 2 s at each step
rate() {
	steps="1000 5000 10000 25000 50000 100000 150000 200000 300000 400000 600000 800000 1000000"
	[ "$QUICK" = --quick ] && steps="1000 5000 50000 100000"
	ip netns exec $B "$CROSSPEER" reflect --listen 198.51.100.2 > "$W/r.log" 2>&1 &
	R=$!
	ip netns exec $B irtt server -b 198.51.100.2:2112 -i 0 > /dev/null 2>&1 &
	I=$!
	sleep 0.5
	best_x=0 best_i=0
	for r in $steps; do
		ip netns exec $A "$CROSSPEER" probe --target 198.51.100.2 --rate "$r" --duration 2 \
			--timeout 500 --json > "$W/x.json"
		lx=$(jget "$W/x.json" "d['probes'][0]['loss_pct']")
		sx=$(jget "$W/x.json" "d['probes'][0]['sent']")
		ip netns exec $A irtt client -i "$((1000000000 / r))ns" -d 2s -Q -o "$W/i.json" \
			198.51.100.2:2112 2> /dev/null || true
		li=$(jget "$W/i.json" "d['stats']['packet_loss_percent']" 2> /dev/null || echo 100)
		si=$(jget "$W/i.json" "d['stats']['packets_sent']" 2> /dev/null || echo 0)
		echo "  rate $r/s for 2 s: crosspeer sent $sx loss $lx %; irtt sent $si loss $li %"
		# the rate achieved (packets actually sent per second) with no loss
		best_x=$($PY -c "print(max($best_x, $sx // 2 if $lx == 0 else 0))")
		best_i=$($PY -c "print(max($best_i, $si // 2 if $li == 0 else 0))")
	done
	kill -TERM $R $I; wait $R $I 2>/dev/null || true
	echo "Highest loss-free rate achieved: crosspeer $best_x/s, irtt $best_i/s, ratio $(ratio "$best_x" "$best_i")"
}

# tput NS_SRC NS_DST DST LABEL STREAMS: crosspeer TCP vs iperf3, same direction and time;
# three rounds in alternating order (the machine is shared), the median round reported
tput() {
	ip netns exec "$2" "$CROSSPEER" reflect --listen "$3" > "$W/r.log" 2>&1 &
	R=$!
	sleep 0.5
	xs="" is=""
	for round in 1 2 3; do
		for tool in $( [ $round = 2 ] && echo "iperf3 crosspeer" || echo "crosspeer iperf3" ); do
			if [ "$tool" = crosspeer ]; then
				ip netns exec "$1" "$CROSSPEER" probe --target "$3" --count 1 --throughput tcp \
					--streams "$5" --throughput-duration 4 --json > "$W/x.json"
				xs="$xs $(jget "$W/x.json" "d['probes'][0]['throughput']['up_mbps']")"
			else
				ip netns exec "$2" iperf3 -s -B "$3" -1 > /dev/null 2>&1 &
				I=$!
				sleep 0.3
				ip netns exec "$1" iperf3 -c "$3" -t 4 -P "$5" -J > "$W/iperf.json"
				wait $I 2>/dev/null || true
				is="$is $(jget "$W/iperf.json" "d['end']['sum_received']['bits_per_second'] / 1e6")"
			fi
		done
	done
	kill -TERM $R; wait $R 2>/dev/null || true
	# shellcheck disable=SC2086 # split the list on purpose: it starts with a blank
	x=$(echo $xs | tr ' ' '\n' | sort -n | sed -n 2p)
	# shellcheck disable=SC2086 # split the list on purpose: it starts with a blank
	i=$(echo $is | tr ' ' '\n' | sort -n | sed -n 2p)
	echo "TCP throughput, $4, $5 stream(s) (rounds:$xs |$is Mbit/s)"
	echo "  crosspeer $x Mbit/s, iperf3 $i Mbit/s, ratio $(ratio "$x" "$i")"
}

echo "== bare veth (crosspeer-p-bench-a -> b) =="
ip netns add $A
ip netns add $B
ip link add xppbencha netns $A type veth peer name xppbenchb netns $B
ip -n $A addr add 198.51.100.1/24 dev xppbencha
ip -n $B addr add 198.51.100.2/24 dev xppbenchb
for ns in $A $B; do ip -n "$ns" link set lo up; done
ip -n $A link set xppbencha up
ip -n $B link set xppbenchb up
if want rtt; then rtt $A $B 198.51.100.2 "bare veth"; fi
if want rate; then rate; fi
if want tput; then
	tput $A $B 198.51.100.2 "bare veth" 1
	tput $A $B 198.51.100.2 "bare veth" 4
fi
want tunnel || exit 0

echo "== through the lab tunnel (crosspeer up <-> crosspeer simulate, 10.1.0.1 -> 10.2.0.1) =="
"$SRC/lab/netns_pair.sh" up $TAG
TA=crosspeer-$TAG-onprem TB=crosspeer-$TAG-partner
(umask 077; printf 'bench-psk-%s\n' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" > "$W/psk.txt")
for side in onprem partner; do
	if [ $side = onprem ]; then l=192.0.2.1 r=192.0.2.2 ls=10.1.0.0/24 rs=10.2.0.0/24
	else l=192.0.2.2 r=192.0.2.1 ls=10.2.0.0/24 rs=10.1.0.0/24; fi
	cat > "$W/$side.json" <<JSON
{ "version": 1, "name": "bench-$side", "local": { "address": "$l", "subnets": ["$ls"] },
  "remote": { "address": "$r", "subnets": ["$rs"] }, "auth": { "psk_file": "psk.txt" } }
JSON
done
ip netns exec $TB "$CROSSPEER" simulate --profile "$W/partner.json" > "$W/sim.log" 2>&1 &
sleep 1
ip netns exec $TA "$CROSSPEER" up --profile "$W/onprem.json" > "$W/up.log" 2>&1 &
i=0
until grep -q "up in" "$W/up.log"; do
	i=$((i + 1)); [ $i -le 150 ] || { echo "tunnel not up"; tail "$W/up.log"; exit 1; }
	sleep 0.1
done
grep "up in" "$W/up.log"
if want rtt; then
	rtt $TA $TB 10.2.0.1 "tunnel"
	# the reflector in the partner's kernel (TC), as ping's echo is answered
	REFLECT_OPTS=--in-kernel
	rtt $TA $TB 10.2.0.1 "tunnel, reflect --in-kernel"
	REFLECT_OPTS=
fi
if want tput; then
	tput $TA $TB 10.2.0.1 "tunnel" 1
	tput $TA $TB 10.2.0.1 "tunnel" 4
fi
