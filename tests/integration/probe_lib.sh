# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced by the probe_*.sh namespace tests: root check, namespaces named crosspeer-p-*,
# veth links, JSON field reads, and a teardown that always runs.
# shellcheck shell=sh
set -eu

: "${CROSSPEER:?set by ctest: path of the crosspeer binary}"

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root for network namespaces (CI runs as root)"
	exit 77
fi

PTAG=${PTAG:-$$}
NS_A="crosspeer-p-$PTAG-a"
NS_B="crosspeer-p-$PTAG-b"
NS_R="crosspeer-p-$PTAG-r"
PWORK=$(mktemp -d "/tmp/crosspeer-p-$PTAG.XXXXXX")

p_cleanup() {
	rc=$?
	for ns in "$NS_A" "$NS_B" "$NS_R"; do
		ip netns list 2>/dev/null | grep -qw "^$ns" || continue
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -TERM "$pid" 2>/dev/null || true
		done
		sleep 0.2
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null || true
		done
		ip netns del "$ns" 2>/dev/null || true
	done
	if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
		for f in "$PWORK"/*.log "$PWORK"/*.json; do
			[ -f "$f" ] || continue
			echo "---- $f (last 30 lines)"
			tail -30 "$f"
		done
	fi
	rm -rf "$PWORK"
	exit $rc
}
trap p_cleanup EXIT INT TERM

fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "PASS: $*"; }

# p_pair: A (198.51.100.1) and B (198.51.100.2) joined by one veth
p_pair() {
	ip netns add "$NS_A"
	ip netns add "$NS_B"
	ip link add "xpp${PTAG}a" netns "$NS_A" type veth peer name "xpp${PTAG}b" netns "$NS_B"
	ip -n "$NS_A" addr add 198.51.100.1/24 dev "xpp${PTAG}a"
	ip -n "$NS_B" addr add 198.51.100.2/24 dev "xpp${PTAG}b"
	for ns in "$NS_A" "$NS_B"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_A" link set "xpp${PTAG}a" up
	ip -n "$NS_B" link set "xpp${PTAG}b" up
}

# p_routed MTU: A (203.0.113.1) -- R -- B (10.9.0.2), the R-B link with the given MTU
p_routed() {
	ip netns add "$NS_A"
	ip netns add "$NS_B"
	ip netns add "$NS_R"
	ip link add "xpp${PTAG}a" netns "$NS_A" type veth peer name "xpp${PTAG}ra" netns "$NS_R"
	ip link add "xpp${PTAG}b" netns "$NS_B" type veth peer name "xpp${PTAG}rb" netns "$NS_R"
	ip -n "$NS_A" addr add 203.0.113.1/24 dev "xpp${PTAG}a"
	ip -n "$NS_R" addr add 203.0.113.254/24 dev "xpp${PTAG}ra"
	ip -n "$NS_R" addr add 10.9.0.254/24 dev "xpp${PTAG}rb"
	ip -n "$NS_B" addr add 10.9.0.2/24 dev "xpp${PTAG}b"
	ip -n "$NS_R" link set "xpp${PTAG}rb" mtu "$1"
	ip -n "$NS_B" link set "xpp${PTAG}b" mtu "$1"
	for ns in "$NS_A" "$NS_B" "$NS_R"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_A" link set "xpp${PTAG}a" up
	ip -n "$NS_R" link set "xpp${PTAG}ra" up
	ip -n "$NS_R" link set "xpp${PTAG}rb" up
	ip -n "$NS_B" link set "xpp${PTAG}b" up
	ip -n "$NS_A" route add 10.9.0.0/24 via 203.0.113.254
	ip -n "$NS_B" route add 203.0.113.0/24 via 10.9.0.254
	ip netns exec "$NS_R" sysctl -qw net.ipv4.ip_forward=1
}

# p_reflect NS ADDR LOG [OPTIONS...]: crosspeer reflect in the background, waits for it
p_reflect() {
	ns=$1 addr=$2 log=$3
	shift 3
	ip netns exec "$ns" "$CROSSPEER" reflect --listen "$addr" "$@" > "$log" 2>&1 &
	REFLECT_PID=$!
	i=0
	until grep -q "^reflecting on" "$log" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 50 ] || fail "reflect did not start: $(cat "$log")"
		sleep 0.1
	done
}

# p_reflect_stop: SIGTERM, exit 0, counters printed
p_reflect_stop() {
	kill -TERM "$REFLECT_PID"
	wait "$REFLECT_PID" || fail "reflect exited $? after SIGTERM, expected 0"
}

# p_json FILE EXPR: a value from a JSON file, EXPR in Python syntax on the variable d
p_json() {
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

# p_counter LOG NAME: a counter from reflect's final line
p_counter() {
	tail -1 "$1" | tr ' ' '\n' | grep -A1 -x "$2" | tail -1
}

# p_check DESCRIPTION PYTHON_CONDITION FILE: assert on a JSON file
p_check() {
	if /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$3"; then
		pass "$1"
	else
		fail "$1: condition '$2' false"
	fi
}
