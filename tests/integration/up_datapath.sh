#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The data path: auto picks XFRM where the kernel has ESP and libipsec where not, and says
# so; --datapath xfrm on a kernel without ESP fails with a message pointing to libipsec.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log

if [ -e /sys/module/esp4 ]; then
	want=xfrm
else
	want=libipsec
fi
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json --cycles 1 > up.out 2> up.log ||
	fail "up --cycles 1 failed: $(tail -3 up.log)"
grep "data path" up.log
grep -q "data path $want" up.log || fail "auto did not choose $want"
pass "auto chose and logged the $want data path"

if [ "$want" = libipsec ]; then
	rc=0
	ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json --datapath xfrm --timeout 10 \
		> xfrm.out 2> xfrm.log || rc=$?
	[ $rc -eq 3 ] || fail "--datapath xfrm without kernel ESP exited $rc, expected 3"
	grep -q "data path xfrm (forced with --datapath)" xfrm.log || fail "the forced choice is not logged"
	grep -q "installing the CHILD_SA failed in the kernel (try --datapath libipsec" xfrm.log ||
		fail "no hint to use libipsec"
	pass "--datapath xfrm on a kernel without ESP: exit 3 with a hint"
fi
