#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Benchmark: one `crosspeer reflect` under SESSIONS concurrent STAMP sessions (default 100)
# at RATE packets/s each (default 1000) for SECONDS (default 5), on loopback. Prints the
# packets sent, reflected and lost, and the reflector's own counters. Not a test: the
# machine is shared, so the figures go in notes, not in assertions.
# Usage: bench/reflector_load.sh [SESSIONS] [RATE] [SECONDS]
set -eu

SESSIONS=${1:-100}
RATE=${2:-1000}
SECONDS_=${3:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
CROSSPEER=${CROSSPEER:-$top/build/agent/crosspeer}
[ -x "$CROSSPEER" ] || { echo "bench: build first: scripts/build.sh" >&2; exit 2; }
work=$(mktemp -d /tmp/crosspeer-refl.XXXXXX)
trap 'kill "$REFLECT" 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

# The senders run 100 threads on this 2-core machine; a reflector has its own host in
# practice, so it gets a real-time priority here rather than 1/100th of the CPU.
chrt -f 10 "$CROSSPEER" reflect --listen 127.0.0.1:18621 --no-sink > "$work/reflect.log" 2>&1 &
REFLECT=$!
sleep 0.5

# a probe process runs up to 16 targets (one socket, so one session, each)
per=15
procs=$(( (SESSIONS + per - 1) / per ))
left=$SESSIONS
pids=""
i=0
while [ $i -lt $procs ]; do
	n=$(( left < per ? left : per ))
	args=""
	j=0
	while [ $j -lt $n ]; do
		args="$args --target 127.0.0.1:18621"
		j=$((j + 1))
	done
	# shellcheck disable=SC2086 # one --target word pair per session
	"$CROSSPEER" probe $args --rate "$RATE" --count $((RATE * SECONDS_)) --timeout 2000 --json \
		> "$work/probe-$i.json" 2> "$work/probe-$i.err" &
	pids="$pids $!"
	left=$((left - n))
	i=$((i + 1))
done
for pid in $pids; do
	wait "$pid" || true
done
kill -TERM "$REFLECT"
wait "$REFLECT" 2>/dev/null || true

/usr/bin/python3 - "$work" "$SESSIONS" "$RATE" "$SECONDS_" <<'PY'
import glob, json, sys
work, sessions, rate, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sent = received = 0
worst = 0.0
for f in glob.glob(work + "/probe-*.json"):
    try:
        doc = json.load(open(f))
    except ValueError:
        continue
    for p in doc["probes"]:
        sent += p["sent"]
        received += p["received"]
        worst = max(worst, p["loss_pct"])
print("reflector load: %d sessions x %d pps x %d s: sent %d, reflected %d, lost %d (%.3f%%), "
      "worst session %.3f%%" % (sessions, rate, secs, sent, received, sent - received,
                                100.0 * (sent - received) / max(sent, 1), worst))
PY
tail -1 "$work/reflect.log"
