#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Vagrant provisioner of the "onprem" VM (run as root after scripts/build.sh): the agent of
# the namespace lab. Writes the profile and the PSK (CROSSPEER_LAB_PSK from the
# Vagrantfile) to /etc/crosspeer, puts 10.1.0.1 (the on-prem subnet's address) on lo as
# lab/netns_pair.sh does, then runs crosspeer verify against the partner VM (192.0.2.12).
# The partner may still be building: while verify finds no tunnel (exit 3) it retries,
# for up to VERIFY_WAIT_S seconds (default 1800). Exits with verify's exit code.
set -eu

: "${CROSSPEER_LAB_PSK:?set by the Vagrantfile}"
bin=${CROSSPEER:-/crosspeer/build/agent/crosspeer}
etc=/etc/crosspeer
report=${REPORT_DIR:-/var/tmp/crosspeer-vagrant-report}
wait_s=${VERIFY_WAIT_S:-1800}

[ -x "$bin" ] || { echo "provision-onprem: $bin missing; run the build provisioner first" >&2; exit 5; }

install -d -m 0755 "$etc"
(umask 077; printf '%s\n' "$CROSSPEER_LAB_PSK" > "$etc/psk.txt")
cat > "$etc/onprem.json" <<JSON
{ "version": 1, "name": "vagrant-onprem",
  "local": { "address": "192.0.2.11", "subnets": ["10.1.0.0/24"] },
  "remote": { "address": "192.0.2.12", "subnets": ["10.2.0.0/24"] },
  "auth": { "psk_file": "psk.txt" },
  "ike": { "dpd_delay_s": 5, "dpd_timeout_s": 15 },
  "probe": { "targets": [ { "address": "10.2.0.1", "kind": "stamp" } ],
             "rate_pps": 100, "count": 300 },
  "thresholds": { "rtt_p99_ms": 50, "loss_pct": 1.0, "min_pmtu": 1300 } }
JSON
ip addr replace 10.1.0.1/32 dev lo

start=$(date +%s)
while :; do
	rc=0
	"$bin" verify --profile "$etc/onprem.json" --report "$report" || rc=$?
	[ "$rc" -eq 3 ] || break
	if [ $(($(date +%s) - start)) -ge "$wait_s" ]; then
		echo "provision-onprem: no tunnel to the partner after ${wait_s} s; is it provisioned?" >&2
		break
	fi
	echo "provision-onprem: no tunnel yet (the partner may still be building); retrying in 30 s"
	sleep 30
done
[ "$rc" -ne 0 ] || echo "provision-onprem: PASS; reports in $report (vagrant ssh onprem)"
exit "$rc"
