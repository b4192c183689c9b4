#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Interop: a stock strongSwan charon initiating (swanctl --initiate) to crosspeer simulate.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-partner.txt
write_profile partner.json partner
start_simulate partner.json sim.log
stock_conf "$WORK/stock" onprem
start_stock "$NS_A" "$WORK/stock" stock.log

stock_swanctl "$WORK/stock" --initiate --child lab > initiate.log 2>&1 ||
	fail "swanctl --initiate failed: $(tail -5 initiate.log)"
wait_for sim.log "established by 192.0.2.1" 5 || fail "simulate did not see the tunnel"
grep "established by" sim.log
ip netns exec "$NS_A" ping -n -q -c 20 -i 0.02 -W 1 10.2.0.1 > ping.log 2>&1 ||
	fail "ping failed: $(cat ping.log)"
grep -q " 0% packet loss" ping.log || fail "ping lost packets"
pass "stock charon -> crosspeer simulate: established, 20 pings, 0 lost"
no_secret_in sim.log
