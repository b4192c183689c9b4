#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer simulate --azure-settings from the command line: exit 0 without root and without
# charon (run as nobody when we are root, the PSK file then unreadable to it), the settings
# of every --profile, the PSK value nowhere, and other options still checked.
set -eu

: "${CROSSPEER:?set by ctest: path of the crosspeer binary}"
work=$(mktemp -d /tmp/crosspeer-simset.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
secret="xp-simset-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

chmod 755 "$work"
(umask 077; printf '%s\n' "$secret" > "$work/psk.txt")
for n in 1 2; do
	cat > "$work/p$n.json" <<JSON
{ "version": 1, "name": "sim-$n",
  "local": { "address": "203.0.113.20", "subnets": ["10.2.$n.0/24"] },
  "remote": { "address": "198.51.100.$n", "subnets": ["10.1.$n.0/24"] },
  "auth": { "psk_file": "psk.txt" }, "ike": { "dpd_timeout_s": 3$n } }
JSON
done
chmod 644 "$work/p1.json" "$work/p2.json"

run() {
	if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$CROSSPEER" "$@"
	else
		"$CROSSPEER" "$@"
	fi
}

rc=0
run simulate --azure-settings --profile "$work/p1.json" --profile "$work/p2.json" \
	> "$work/out" 2> "$work/err" || rc=$?
[ $rc -eq 0 ] || fail "exit $rc, expected 0: $(cat "$work/err")"
grep -q -F '"gatewayIpAddress": "203.0.113.20"' "$work/out" || fail "no LNG body"
grep -q -F -- '--local-address-prefixes 10.2.1.0/24' "$work/out" || fail "profile 1 missing"
grep -q -F -- '--local-address-prefixes 10.2.2.0/24' "$work/out" || fail "profile 2 missing"
grep -q -F 'dpdTimeoutSeconds=32' "$work/out" || fail "profile 2's DPD timeout missing"
grep -q -F "the key from psk_file $work/psk.txt (not shown)" "$work/out" || fail "key source not named"
! grep -q "simulating" "$work/out" || fail "a gateway was started"
! grep -q -F "$secret" "$work/out" "$work/err" || fail "the pre-shared key was printed"
echo "PASS: settings for both profiles, exit 0 as $(if [ "$(id -u)" -eq 0 ]; then echo nobody; else id -un; fi), no key"

rc=0
run simulate --azure-settings --profile "$work/p1.json" --bogus > /dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "an unknown option gave exit $rc, expected 2"
rc=0
run simulate --azure-settings > /dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "no --profile gave exit $rc, expected 2"
echo "PASS: usage errors still exit 2"
