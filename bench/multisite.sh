#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Benchmark: one gateway answering N on-prem sites at once (Multi-Site), crosspeer simulate
# against a stock strongSwan charon configured with swanctl, in the same run on the same
# namespaces. The sites are one stock charon holding N connections, each from its own
# address (lab/multisite.sh), initiating all of them when its configuration is loaded. For
# each gateway it prints:
#   - setup rate: N / seconds from loading the sites' configuration to the N-th CHILD_SA
#     established (as the sites' charon logs it);
#   - memory per configured connection: the gateway's RSS with N connections loaded, idle, / N;
#   - memory per tunnel: its RSS growth from idle to N tunnels up, / N;
# and the ratios crosspeer/stock. A gateway that has not set up all N tunnels within the
# bound says how many it reached.
# Usage: sudo bench/multisite.sh [N]     (default 1000; run scripts/build.sh first)
set -eu

N=${1:-1000}
BOUND_S=${BOUND_S:-300}
top=$(cd "$(dirname "$0")/.." && pwd)
CROSSPEER=${CROSSPEER:-$top/build/agent/crosspeer}
STRONGSWAN_PREFIX=${STRONGSWAN_PREFIX:-$("$top/scripts/build-strongswan.sh" | tail -1)}
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root for network namespaces" >&2; exit 5; }
[ -x "$CROSSPEER" ] || { echo "bench: build first: scripts/build.sh" >&2; exit 2; }
case $N in *[!0-9]*|"") echo "bench: N must be a number" >&2; exit 2;; esac
if [ "$N" -lt 1 ] || [ "$N" -gt 1000 ]; then echo "bench: N must be 1 to 1000" >&2; exit 2; fi

TAG=msbench
NS_A=crosspeer-$TAG-onprem
NS_B=crosspeer-$TAG-partner
WORK=$(mktemp -d /tmp/crosspeer-msbench.XXXXXX)
PSK_VALUE="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
fail() { echo "bench: $*" >&2; exit 1; }
trap '"$top/lab/netns_pair.sh" down $TAG >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT INT TERM
. "$top/lab/stock_charon.sh"
. "$top/lab/multisite.sh"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# stop_ns NS: end the processes this benchmark started there, wait (bounded) for them
stop_ns() {
	for pid in $(ip netns pids "$1"); do kill -TERM "$pid" 2>/dev/null || true; done
	i=0
	while [ -n "$(ip netns pids "$1")" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	for pid in $(ip netns pids "$1"); do kill -KILL "$pid" 2>/dev/null || true; done
}

# run NAME GW_PID: idle RSS of GW_PID, then the sites come up; prints
# "reached ms idle_kb up_kb"
run() {
	idle=$(rss_kb "$2")
	ms_stock_conf "$WORK/sites-$1" "$N" sites
	t0=$(now_ms)
	start_stock "$NS_A" "$WORK/sites-$1" "$WORK/sites-$1.log"
	while [ "$(ms_established "$WORK/sites-$1.log")" -lt "$N" ] &&
		[ $(($(now_ms) - t0)) -lt $((BOUND_S * 1000)) ]; do
		sleep 0.1
	done
	t1=$(now_ms)
	reached=$(ms_established "$WORK/sites-$1.log")
	sleep 1	# the gateway installs its last CHILD_SAs as the sites log theirs
	echo "$reached $((t1 - t0)) $idle $(rss_kb "$2")"
	stop_ns "$NS_A"
	stop_ns "$NS_B"
}

"$top/lab/netns_pair.sh" up $TAG
ms_addrs "$NS_A" "xp${TAG}a" "$NS_B" "xp${TAG}b" "$N"
mkdir -p "$WORK/gw"
(umask 077; echo "$PSK_VALUE" > "$WORK/gw/psk.txt")
ARGS=$(ms_gw_profiles "$WORK/gw" "$N" strongswan)

# crosspeer simulate as the gateway
# shellcheck disable=SC2086 # ARGS is a list of options
ip netns exec "$NS_B" "$CROSSPEER" simulate -q $ARGS > "$WORK/sim.out" 2> "$WORK/sim.log" &
SIM=$!
i=0
while [ "$(grep -c "^simulating" "$WORK/sim.out" 2>/dev/null || true)" -lt "$N" ]; do
	i=$((i + 1)); [ $i -le 600 ] || fail "simulate did not start: $(tail -3 "$WORK/sim.log")"
	sleep 0.1
done
sleep 0.5
run crosspeer "$SIM" > "$WORK/crosspeer.res"
read -r xp_n xp_ms xp_idle xp_up < "$WORK/crosspeer.res"

# stock charon as the gateway
ms_stock_conf "$WORK/gw-stock" "$N" gateway
start_stock "$NS_B" "$WORK/gw-stock" "$WORK/gw-stock.log"
STOCK=
for pid in $(ip netns pids "$NS_B"); do
	[ "$(cat "/proc/$pid/comm")" = charon ] && STOCK=$pid
done
[ -n "$STOCK" ] || fail "stock gateway charon not found"
sleep 0.5
run stock "$STOCK" > "$WORK/stock.res"
read -r st_n st_ms st_idle st_up < "$WORK/stock.res"

awk -v n="$N" -v xn="$xp_n" -v xms="$xp_ms" -v xi="$xp_idle" -v xu="$xp_up" \
	-v sn="$st_n" -v sms="$st_ms" -v si="$st_idle" -v su="$st_up" 'BEGIN {
	xr = xn * 1000 / xms; sr = sn * 1000 / sms
	printf "multi-site: %d sites (one stock charon, one address each) against one gateway, libipsec\n", n
	printf "%-22s %10s %12s %14s %16s %14s\n", "gateway", "tunnels up", "seconds", "tunnels/s",
		"KiB/connection", "KiB/tunnel"
	printf "%-22s %10d %12.2f %14.1f %16.1f %14.1f\n", "crosspeer simulate", xn, xms / 1000, xr,
		xi / n, (xu - xi) / (xn ? xn : 1)
	printf "%-22s %10d %12.2f %14.1f %16.1f %14.1f\n", "stock charon/swanctl", sn, sms / 1000, sr,
		si / n, (su - si) / (sn ? sn : 1)
	printf "ratio crosspeer/stock: setup rate %.2f, memory per connection %.2f, per tunnel %.2f\n",
		xr / sr, (xi / n) / (si / n), ((xu - xi) / (xn ? xn : 1)) / ((su - si) / (sn ? sn : 1))
}'
