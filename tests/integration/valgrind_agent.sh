#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# valgrind memcheck over the agent's whole start/stop cycle (charon up, two tunnels set up
# and torn down, charon down): no invalid access, no definite leak (indirect ones hang off a definite one).
. "$(dirname "$0")/lib.sh"
command -v valgrind > /dev/null || { echo "SKIP: valgrind is not installed"; exit 77; }
if [ "${CROSSPEER_BUILD_TYPE:-}" = Asan ]; then
	echo "SKIP: valgrind cannot run an AddressSanitizer build; the other build's suite runs it"
	exit 77
fi

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem
write_profile partner.json partner
start_simulate partner.json sim.log

rc=0
ip netns exec "$NS_A" valgrind --leak-check=full --errors-for-leak-kinds=definite \
	--error-exitcode=9 --suppressions="$CROSSPEER_SRC/tests/valgrind.supp" \
	"$CROSSPEER" up -q --profile onprem.json --cycles 2 --timeout 60 > vg.log 2>&1 || rc=$?
grep -E "ERROR SUMMARY|definitely lost|indirectly lost" vg.log || true
[ $rc -eq 0 ] || fail "valgrind reported errors or leaks (exit $rc)"
grep -q "setup_ms median" vg.log || fail "the cycles did not complete under valgrind"
pass "agent start, two tunnel cycles, stop: valgrind clean"
