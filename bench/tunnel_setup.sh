#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Benchmark: IKE_SA + CHILD_SA setup time, crosspeer against stock strongSwan charon, in
# the same run on the same two namespaces. Each side sets the tunnel up and tears it down
# CYCLES times (default 20). Prints the median of each and the ratio crosspeer/stock for:
#   - the tool's own figure: crosspeer's in-process time from initiate to CHILD_SA
#     installed, against `swanctl --initiate` wall time (what a user of charon sees);
#   - the wire time, the same measure for both: first IKE_SA_INIT request to the IKE_AUTH
#     response, taken from a packet capture on the veth.
# Usage: sudo bench/tunnel_setup.sh [CYCLES]     (run scripts/build.sh first)
set -eu

CYCLES=${1:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
CROSSPEER=${CROSSPEER:-$top/build/agent/crosspeer}
STRONGSWAN_PREFIX=${STRONGSWAN_PREFIX:-$("$top/scripts/build-strongswan.sh" | tail -1)}
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root for network namespaces" >&2; exit 5; }
[ -x "$CROSSPEER" ] || { echo "bench: build first: scripts/build.sh" >&2; exit 2; }

TAG=bench
NS_A=crosspeer-$TAG-onprem
NS_B=crosspeer-$TAG-partner
WORK=$(mktemp -d /tmp/crosspeer-bench.XXXXXX)
PSK_VALUE="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
fail() { echo "bench: $*" >&2; exit 1; }
trap '"$top/lab/netns_pair.sh" down $TAG >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT INT TERM
. "$top/lab/stock_charon.sh"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# wire_times PCAP: one line per cycle, ms from IKE_SA_INIT request to IKE_AUTH response
wire_times() {
	tcpdump -tt -nn -r "$1" 2>/dev/null | awk '
		/ikev2_init\[I\]/ && !start { start = $1 }
		/ikev2_auth\[R\]/ && start { printf "%.3f\n", ($1 - start) * 1000; start = 0 }'
}

capture_start() {
	ip netns exec "$NS_A" tcpdump -i "xp${TAG}a" -nn -U --immediate-mode -w "$1" 'udp port 500 or udp port 4500' \
		> "$1.log" 2>&1 &
	CAPTURE=$!
	i=0
	until grep -q "listening on" "$1.log" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || fail "tcpdump did not start"; sleep 0.1
	done
}

capture_stop() { sleep 0.2; kill -INT "$CAPTURE"; wait "$CAPTURE" 2>/dev/null || true; }

profile() {
	cat > "$WORK/$1.json" <<JSON
{ "version": 1, "name": "bench", "local": { "address": "$2", "subnets": ["$3"] },
  "remote": { "address": "$4", "subnets": ["$5"] }, "auth": { "psk_file": "psk.txt" },
  "ike": { "proposals": ["aes256-sha256-modp1024"] }, "esp": { "proposals": ["aes256gcm16"] } }
JSON
}

"$top/lab/netns_pair.sh" up $TAG
(umask 077; echo "$PSK_VALUE" > "$WORK/psk.txt")
profile onprem 192.0.2.1 10.1.0.0/24 192.0.2.2 10.2.0.0/24
profile partner 192.0.2.2 10.2.0.0/24 192.0.2.1 10.1.0.0/24

# crosspeer <-> crosspeer
ip netns exec "$NS_B" "$CROSSPEER" simulate -q --profile "$WORK/partner.json" > "$WORK/sim.log" 2>&1 &
SIM=$!
sleep 0.5
capture_start "$WORK/crosspeer.pcap"
ip netns exec "$NS_A" "$CROSSPEER" up -q --profile "$WORK/onprem.json" --cycles "$CYCLES" \
	> "$WORK/up.out" 2> "$WORK/up.log" || fail "crosspeer up failed: $(tail -3 "$WORK/up.log")"
capture_stop
kill -TERM $SIM; wait $SIM 2>/dev/null || true
xp_tool=$(sed -n 's/^cycle [0-9]*: setup \([0-9.]*\) ms$/\1/p' "$WORK/up.out" | median)
xp_wire=$(wire_times "$WORK/crosspeer.pcap" | median)

# stock charon <-> stock charon, configured with swanctl
STOCK_IKE=aes256-sha256-modp1024 STOCK_ESP=aes256gcm16
stock_conf "$WORK/a" onprem
stock_conf "$WORK/b" partner
start_stock "$NS_B" "$WORK/b" "$WORK/stock-b.log"
start_stock "$NS_A" "$WORK/a" "$WORK/stock-a.log"
capture_start "$WORK/stock.pcap"
: > "$WORK/stock.ms"
n=0
while [ $n -lt "$CYCLES" ]; do
	t0=$(date +%s%N)
	stock_swanctl "$WORK/a" --initiate --child lab > /dev/null || fail "swanctl --initiate failed"
	t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000 ))" | awk '{ printf "%.3f\n", $1 / 1000 }' >> "$WORK/stock.ms"
	stock_swanctl "$WORK/a" --terminate --ike lab > /dev/null || fail "swanctl --terminate failed"
	n=$((n + 1))
done
capture_stop
st_tool=$(median < "$WORK/stock.ms")
st_wire=$(wire_times "$WORK/stock.pcap" | median)

echo "IKE_SA + CHILD_SA setup, $CYCLES cycles each, median ms (lower is better)"
printf '%-44s %10s %10s %8s\n' "measure" "crosspeer" "charon" "ratio"
printf '%-44s %10s %10s %8s\n' "tool: in-process vs swanctl --initiate" "$xp_tool" "$st_tool" \
	"$(echo "$xp_tool $st_tool" | awk '{ printf "%.2f", $1 / $2 }')"
printf '%-44s %10s %10s %8s\n' "wire: IKE_SA_INIT req -> IKE_AUTH resp" "$xp_wire" "$st_wire" \
	"$(echo "$xp_wire $st_wire" | awk '{ printf "%.2f", $1 / $2 }')"
