# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced by the tests that run a `crosspeer armsim` process: start it on an ephemeral
# loopback port with a CA of its own, and stop it whatever happens.
# shellcheck shell=sh

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
sim_pid=""

# armsim_start DIR [ARMSIM OPTIONS...]: serve DIR/tenants.json over HTTPS with a CA made in
# DIR/tls (DIR/tls/ca.pem for clients); waits at most 10 s for the port. Sets sim_pid and
# ARMSIM_URL; armsim's output goes to DIR/armsim.log.
armsim_start() {
	armsim_dir=$1
	shift
	mkdir -p "$armsim_dir/tls"
	"$CROSSPEER" armsim --tenants "$armsim_dir/tenants.json" --tls-dir "$armsim_dir/tls" \
		--port-file "$armsim_dir/port" "$@" >"$armsim_dir/armsim.log" 2>&1 &
	sim_pid=$!
	armsim_wait=0
	while [ ! -s "$armsim_dir/port" ]; do
		armsim_wait=$((armsim_wait + 1))
		if [ $armsim_wait -gt 100 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
			echo "armsim did not start:" >&2
			tail -5 "$armsim_dir/armsim.log" >&2
			return 1
		fi
		sleep 0.1
	done
	# shellcheck disable=SC2034 # for the scripts that source this file
	ARMSIM_URL="https://127.0.0.1:$(cat "$armsim_dir/port")"
}

# armsim_stop: end the armsim armsim_start started, if any (for cleanup traps).
armsim_stop() {
	if [ -n "$sim_pid" ]; then
		kill -TERM "$sim_pid" 2>/dev/null || true
		wait "$sim_pid" 2>/dev/null || true
		sim_pid=""
	fi
}
