#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Different pre-shared keys: up exits 3 naming an authentication failure, leaves nothing.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt "another-key-entirely"
write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log

rc=0
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json --timeout 10 > up.out 2> up.log || rc=$?
[ $rc -eq 3 ] || fail "up exited $rc, expected 3"
grep "crosspeer up:" up.log
grep -q "crosspeer up: tunnel to 192.0.2.2: authentication failed" up.log ||
	fail "no authentication failure message"
grep -q "pre-shared key mismatch" up.log || fail "the message does not suggest a PSK mismatch"
pass "wrong PSK: exit 3 with the authentication message"
wait_for sim.log "down: authentication failed" 5 || fail "simulate did not report the failure"
no_tunnel_left "$NS_A"
no_sa_routes "$NS_B"
no_secret_in up.out up.log sim.log
pass "no tunnel left on either side"
