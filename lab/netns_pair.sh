#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The two-namespace lab: an on-prem peer and a partner gateway joined by a veth pair.
#   netns_pair.sh up TAG     creates crosspeer-TAG-onprem and crosspeer-TAG-partner
#   netns_pair.sh down TAG   kills their processes and removes them (idempotent)
# Addresses: outer 192.0.2.1 (on-prem) and 192.0.2.2 (partner) on the veth; inner
# 10.1.0.1 and 10.2.0.1 on lo, standing for the subnets 10.1.0.0/24 and 10.2.0.0/24.
set -eu

usage() { echo "usage: $0 up|down TAG" >&2; exit 2; }
[ $# -eq 2 ] || usage
tag=$2
case $tag in *[!a-z0-9]*|"") echo "$0: TAG must be lowercase letters and digits" >&2; exit 2;; esac
a="crosspeer-$tag-onprem"
b="crosspeer-$tag-partner"
# interface names are limited to 15 characters
va="xp${tag}a"
vb="xp${tag}b"

ns_down() {
	ns=$1
	ip netns list 2>/dev/null | grep -qw "^$ns" || return 0
	for pid in $(ip netns pids "$ns" 2>/dev/null); do
		kill -TERM "$pid" 2>/dev/null || true
	done
	# give daemons a moment to send their DELETEs, then insist
	i=0
	while [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for pid in $(ip netns pids "$ns" 2>/dev/null); do
		kill -KILL "$pid" 2>/dev/null || true
	done
	ip netns del "$ns"
}

down() {
	ns_down "$a"
	ns_down "$b"
	ip link del "$va" 2>/dev/null || true
}

up() {
	[ "$(id -u)" -eq 0 ] || { echo "$0: needs root for network namespaces" >&2; exit 5; }
	down
	ip netns add "$a"
	ip netns add "$b"
	ip link add "$va" netns "$a" type veth peer name "$vb" netns "$b"
	ip -n "$a" addr add 192.0.2.1/24 dev "$va"
	ip -n "$b" addr add 192.0.2.2/24 dev "$vb"
	ip -n "$a" link set "$va" up
	ip -n "$b" link set "$vb" up
	ip -n "$a" link set lo up
	ip -n "$b" link set lo up
	ip -n "$a" addr add 10.1.0.1/32 dev lo
	ip -n "$b" addr add 10.2.0.1/32 dev lo
}

case $1 in
	up) up ;;
	down) down ;;
	*) usage ;;
esac
