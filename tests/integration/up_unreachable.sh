#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# No IKE daemon on the other side: up exits 3 within its timeout, naming an unreachable peer.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_profile onprem.json onprem

start=$(date +%s)
rc=0
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json --timeout 3 > up.out 2> up.log || rc=$?
took=$(($(date +%s) - start))
[ $rc -eq 3 ] || fail "up exited $rc, expected 3"
grep "crosspeer up:" up.log
grep -q "peer unreachable: no answer from 192.0.2.2" up.log || fail "no unreachable message"
[ $took -le $((6 + SLACK_S)) ] || fail "up took ${took}s with --timeout 3"
pass "unreachable peer: exit 3 in ${took}s with the cause"
no_tunnel_left "$NS_A"
