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

# EXTRA_NS: namespaces a test makes beside the lab's, removed with it (ns_remove)
EXTRA_NS=""
cleanup() {
	rc=$?
	"$LAB" down "$TAG" >/dev/null 2>&1 || true
	for ns in $EXTRA_NS; do
		ns_remove "$ns"
	done
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

# The data path the tunnel runs on, as crosspeer's auto choice makes it: kernel XFRM where
# the kernel has ESP (tests/uml/run.sh's guest), strongSwan's libipsec where not (this
# machine's kernel). Each test asserts what is true on its path:
#   ESP_WIRE     capture filter for the tunnel's ESP: IP protocol 50, or ESP-in-UDP 4500
#   TUNNEL_WIRE  capture filter for everything the tunnel may send: IKE and ESP
#   INNER_MTU    the inner path MTU with aes256gcm16 on the 1500-byte veth: the TUN's 1400,
#                or 1500 less ESP's tunnel-mode overhead (20 + 8 + 8 IV + 16 ICV + 2, to 4)
#   SLACK_S      seconds of start-up a wall-clock bound allows: UML forks 10x slower
#   RTT_P99_MS   an RTT threshold the path meets: timings in UML are UML's, not crosspeer's
# Leaks are counted on outbound packets only (tcpdump -Q out): on XFRM a decrypted inbound
# packet shows up again on the interface it arrived on, which is not a leak.
if [ -e /sys/module/esp4 ]; then
	DATAPATH=xfrm ESP_WIRE="ip proto 50" INNER_MTU=1446
else
	DATAPATH=libipsec ESP_WIRE="udp port 4500" INNER_MTU=1400
fi
TUNNEL_WIRE="udp port 500 or udp port 4500 or ip proto 50"
SLACK_S=0 RTT_P99_MS=50
if grep -q "User Mode Linux" /proc/cpuinfo 2>/dev/null; then
	SLACK_S=10 RTT_P99_MS=2000
fi
# shellcheck disable=SC2034 # used by the tests that source this file
readonly DATAPATH ESP_WIRE TUNNEL_WIRE INNER_MTU SLACK_S RTT_P99_MS

# kill_peer PID NS: the peer crashes: SIGKILL its IKE daemon and, on XFRM, drop its data
# plane too (the kernel's SAs and policies would otherwise outlive the daemon and keep
# answering through the tunnel, as they do not after a real crash or reboot)
kill_peer() {
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	if [ "$DATAPATH" = xfrm ]; then
		ip -n "$2" xfrm state flush
		ip -n "$2" xfrm policy flush
	fi
}

# capture_out NS IFACE PCAP LOG: tcpdump of the packets IFACE sends (outbound only);
# sets CAPTURE_PID. Stop it with capture_stop.
capture_out() {
	ip netns exec "$1" tcpdump -i "$2" -Q out -nn -U --immediate-mode -w "$3" > "$4" 2>&1 &
	CAPTURE_PID=$!
	wait_for "$4" "listening on" 10 || fail "tcpdump did not start: $(cat "$4")"
}

capture_stop() {
	sleep 0.3
	kill -INT "$CAPTURE_PID"
	wait "$CAPTURE_PID" || true
}

# pcap_count PCAP FILTER: packets in the file matching the filter
pcap_count() {
	tcpdump -nn -r "$1" "$2" 2>/dev/null | wc -l
}
pass() { echo "PASS: $*"; }

lab_up() { "$LAB" up "$TAG"; }

# ns_remove NS: a namespace a test made beside the lab's: its processes stopped (TERM, then
# KILL), then the namespace deleted; idempotent
ns_remove() {
	for pid in $(ip netns pids "$1" 2>/dev/null); do
		kill -TERM "$pid" 2>/dev/null || true
	done
	sleep 0.5
	for pid in $(ip netns pids "$1" 2>/dev/null); do
		kill -KILL "$pid" 2>/dev/null || true
	done
	ip netns del "$1" 2>/dev/null || true
}

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

# no_tunnel_left NS: the agent there has exited: no ipsec TUN device, no routes, and on
# XFRM no SA or policy in the kernel
no_tunnel_left() {
	if ip -n "$1" link show 2>/dev/null | grep -q ipsec; then
		fail "a TUN device is left in $1"
	fi
	if [ "$DATAPATH" = xfrm ] && [ -n "$(ip -n "$1" xfrm state)$(ip -n "$1" xfrm policy)" ]; then
		fail "XFRM SAs or policies are left in $1: $(ip -n "$1" xfrm policy | head -3)"
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
