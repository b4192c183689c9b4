#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Secrets stay secret: the whole lab runs with verify at the highest log level (-v), then
# every log, report and the argv and environment of every lab process are searched for the
# pre-shared key.
. "$(dirname "$0")/lib.sh"

lab="$WORK/lab"
trap '"$CROSSPEER" lab down --dir "$lab" > /dev/null 2>&1; cleanup' EXIT INT TERM
cd "$WORK"
"$CROSSPEER" lab up --dir "$lab" > up.log 2>&1 || fail "lab up failed: $(cat up.log)"
PSK_VALUE=$(cat "$lab/psk.txt")
[ ${#PSK_VALUE} -ge 32 ] || fail "the lab's key is too short: ${#PSK_VALUE}"

ip netns exec crosspeer-lab-onprem "$CROSSPEER" verify -v --profile "$lab/onprem.json" \
	--report "$WORK/report" > verify.out 2> verify.log || fail "verify failed: $(tail -3 verify.log)"
grep -q "\[IKE\]" verify.log || fail "no IKE log at -v"

for ns in onprem inet gw-a; do
	for pid in $(ip netns pids "crosspeer-lab-$ns"); do
		tr '\0' ' ' < "/proc/$pid/cmdline" >> argv.txt
		echo >> argv.txt
		tr '\0' '\n' < "/proc/$pid/environ" >> environ.txt
	done
done
[ -s argv.txt ] || fail "no lab process found"
no_secret_in up.log verify.out verify.log report/* argv.txt environ.txt "$lab"/*.log "$lab"/*.json
pass "the PSK is in no log (at -v), report, argv or environment"
