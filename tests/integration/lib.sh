# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced by the namespace integration tests: root check, the two-namespace lab, profiles,
# PSK files, a stock strongSwan charon, and teardown that always runs.
# shellcheck shell=sh
set -eu

: "${CROSSPEER:?set by ctest: path of the crosspeer binary}"
: "${CROSSPEER_SRC:?set by ctest: source tree}"
LAB="$CROSSPEER_SRC/lab/netns_pair.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root for network namespaces (CI runs as root)"
	exit 77
fi

TAG=${TAG:-t$$}
# shellcheck disable=SC2034 # used by the tests that source this file
NS_A="crosspeer-$TAG-onprem"
NS_B="crosspeer-$TAG-partner"
WORK=$(mktemp -d "/tmp/crosspeer-$TAG.XXXXXX")
PSK_VALUE="xp-psk-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

cleanup() {
	rc=$?
	"$LAB" down "$TAG" >/dev/null 2>&1 || true
	# KEEP_WORK=1: keep a copy of the test folder in /tmp/xp-keep-TAG for a look afterwards
	if [ -n "${KEEP_WORK:-}" ]; then cp -r "$WORK" "/tmp/xp-keep-$TAG"; fi
	if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
		for f in "$WORK"/*.log; do
			[ -f "$f" ] || continue
			echo "---- $f (last 40 lines)"
			tail -40 "$f"
		done
	fi
	rm -rf "$WORK"
	exit $rc
}
trap cleanup EXIT INT TERM

fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "PASS: $*"; }

lab_up() { "$LAB" up "$TAG"; }

# write_psk FILE [VALUE]
write_psk() {
	(umask 077; printf '%s\n' "${2:-$PSK_VALUE}" > "$1")
}

# write_profile FILE SIDE [EXTRA_JSON]: SIDE onprem (192.0.2.1, 10.1/24) or partner
write_profile() {
	if [ "$2" = onprem ]; then
		l=192.0.2.1 r=192.0.2.2 ls=10.1.0.0/24 rs=10.2.0.0/24
	else
		l=192.0.2.2 r=192.0.2.1 ls=10.2.0.0/24 rs=10.1.0.0/24
	fi
	ike=${IKE_JSON:-'{ "dpd_delay_s": 5, "dpd_timeout_s": 15 }'}
	cat > "$1" <<JSON
{ "version": 1, "name": "lab-$2",
  "local": { "address": "$l", "subnets": ["$ls"] },
  "remote": { "address": "$r", "subnets": ["$rs"] },
  "auth": { "psk_file": "psk-$2.txt" },
  "ike": $ike${3:+,
  $3} }
JSON
}

# wait_for FILE PATTERN SECONDS
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le $(($3 * 10)) ] || return 1
		sleep 0.1
	done
}

# start_simulate PROFILE LOG: crosspeer simulate in the partner namespace
start_simulate() {
	ip netns exec "$NS_B" "$CROSSPEER" simulate --profile "$1" > "$2" 2>&1 &
	# shellcheck disable=SC2034 # used by the tests that source this file
	SIM_PID=$!
	wait_for "$2" "simulating" 10 || fail "simulate did not start: $(tail -5 "$2")"
}

# no_secret_in FILES...: the PSK value must appear nowhere
no_secret_in() {
	if grep -l -F "$PSK_VALUE" "$@" 2>/dev/null; then
		fail "the pre-shared key appears in the output above"
	fi
}

# no_sa_routes NS: no tunnel routes in table 220 (the agent there may still run)
no_sa_routes() {
	if [ -n "$(ip -n "$1" route show table 220 2>/dev/null)" ]; then
		fail "routes are left in table 220 in $1"
	fi
}

# no_tunnel_left NS: the agent there has exited: no ipsec TUN device, no routes
no_tunnel_left() {
	if ip -n "$1" link show 2>/dev/null | grep -q ipsec; then
		fail "a TUN device is left in $1"
	fi
	no_sa_routes "$1"
}

. "$CROSSPEER_SRC/lab/stock_charon.sh"

# start_reflect LOG: a STAMP reflector (and throughput sink) on the partner's inner address
start_reflect() {
	ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 10.2.0.1:862 > "$1" 2>&1 &
	REFLECT_PID=$!
	sleep 0.3
	kill -0 "$REFLECT_PID" 2>/dev/null || fail "reflect did not start: $(cat "$1")"
}

# PROBES_JSON: a probe section towards the partner's reflector
probes_json() {
	echo "\"probe\": { \"targets\": [ { \"address\": \"10.2.0.1\", \"kind\": \"stamp\" } ], \"rate_pps\": ${2:-100}, \"count\": ${1:-300} }"
}

# pyjson FILE EXPR: evaluate a Python expression over the parsed JSON file as r
pyjson() {
	/usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"
}
