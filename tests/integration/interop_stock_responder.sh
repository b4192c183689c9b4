#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Interop: crosspeer up against a stock strongSwan charon configured with swanctl.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_profile onprem.json onprem '"esp": { "proposals": ["aes256gcm16"] }'
stock_conf "$WORK/stock" partner
start_stock "$NS_B" "$WORK/stock" stock.log

ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel lab-onprem up" 15 || fail "tunnel not up: $(tail -3 up.log)"
cat up.out
ip netns exec "$NS_A" ping -n -q -c 20 -i 0.02 -W 1 10.2.0.1 > ping.log 2>&1 ||
	fail "ping failed: $(cat ping.log)"
grep -q " 0% packet loss" ping.log || fail "ping lost packets"
stock_swanctl "$WORK/stock" --list-sas | grep -q "lab: .*ESTABLISHED" ||
	fail "stock charon shows no established IKE_SA"
pass "crosspeer up -> stock charon: established, 20 pings, 0 lost"
kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM"
no_tunnel_left "$NS_A"
