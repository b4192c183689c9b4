#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# `crosspeer baseline` on a SQLite store (docs/baseline.md), the real binary on files, no
# root: record (idempotent, trend in report.html), compare against the whole pool and the
# hour-of-week window (exit 1 on a +2 ms shift, 0 on a re-run), import of a JSON store twice,
# eight concurrent writers, a damaged file (exit 2) and a locked one (exit 5, runs intact).
set -eu

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
: "${CROSSPEER_SRC:?set CROSSPEER_SRC to the source tree}"
work=$(mktemp -d /tmp/crosspeer-baseline-sqlite.XXXXXX)
holder=""
# shellcheck disable=SC2317 # run by the trap below
cleanup() {
	[ -z "$holder" ] || kill "$holder" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
fails=0
ok() { echo "PASS: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

# mkrun DIR STARTED_UTC BASE_MS SEED: a report.json of 300 replies around BASE_MS
mkrun() {
	python3 - "$CROSSPEER_SRC/tests/fuzz/corpus/report_json/pass.json" "$@" <<'PY'
import json, os, random, sys
src, d, started, base, seed = sys.argv[1:6]
r = json.load(open(src))
rng = random.Random(int(seed))
rtt = [round(float(base) + rng.expovariate(10.0), 4) for _ in range(300)]
s = sorted(rtt)
r["run"]["started_utc"] = started
p = r["probes"][0]
p["sent"] = p["received"] = 300
p["series"] = {"offered": 300, "stride": 1, "rtt_ms": rtt,
               "t_ms": [10.0 * (i + 1) for i in range(300)]}
p["rtt_ms"]["p50"], p["rtt_ms"]["p99"] = s[150], s[296]
os.makedirs(d, exist_ok=True)
json.dump(r, open(os.path.join(d, "report.json"), "w"))
PY
}
count() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM runs").fetchone()[0])' "$1"; }
# expect WANT_RC GREP_TEXT WHAT -- crosspeer args
expect() {
	want=$1 text=$2 what=$3
	shift 4
	set +e
	"$CROSSPEER" "$@" > out.txt 2> err.txt
	rc=$?
	set -e
	if [ "$rc" = "$want" ] && grep -q -F -- "$text" out.txt err.txt; then
		ok "$what (exit $rc)"
	else
		bad "$what: exit $rc (want $want), no '$text' in:"
		cat out.txt err.txt
	fi
}
K="--keep-days 36500"	# the fixed dates below stay inside the retention whatever the clock

for i in 1 2 3 4; do
	mkrun "run$i" "2026-11-24T20:3$i:00.000Z" 1.0 "$i"
	# shellcheck disable=SC2086
	expect 0 "recorded run$i (1 targets) in s.db: $i runs" "record run$i" -- \
		baseline record --report "run$i" --store s.db $K
done
# shellcheck disable=SC2086
expect 0 "already recorded: run1" "record run1 again: kept once" -- \
	baseline record --report run1 --store s.db $K
if [ "$(count s.db)" = 4 ]; then ok "4 runs stored"; else bad "$(count s.db) runs stored, want 4"; fi
if grep -q '<section id="trend">' run4/report.html && grep -q 'class="p50"' run4/report.html
then ok "run4/report.html shows the trend"; else bad "no trend in run4/report.html"; fi

mkrun slow "2026-12-01T20:40:00.000Z" 3.0 9
mkrun same "2026-12-01T20:40:00.000Z" 1.0 7
mkrun night "2026-12-02T03:00:00.000Z" 1.0 8
expect 1 "same hour of week, Tue 19:00-21:59 UTC: 4 runs" "compare +2 ms a week later" -- \
	baseline compare --report slow --store s.db
if grep -q "decision: the same-hour window (at least 3 runs): [1-9]" out.txt; then
	ok "the window decides"; else bad "decision line: $(grep decision out.txt)"; fi
expect 0 "0 regression(s)" "compare a run like the stored ones" -- \
	baseline compare --report same --store s.db
expect 0 "decision: the whole pool" "compare at another hour: the pool decides" -- \
	baseline compare --report night --store s.db

for i in 1 2 3; do
	expect 0 "recorded run$i" "record run$i into a JSON store" -- \
		baseline record --report "run$i" --store old.json
done
expect 0 "imported 3 runs from old.json into imp.db (0 already" "import" -- \
	baseline import --from old.json --store imp.db
expect 0 "imported 0 runs from old.json into imp.db (3 already" "import again: nothing added" -- \
	baseline import --from old.json --store imp.db
if [ "$(count imp.db)" = 3 ]; then ok "3 runs imported"; else bad "$(count imp.db) runs imported"; fi

# eight writers at once, each its own run
pids=""
for i in 1 2 3 4 5 6 7 8; do
	mkrun "c$i" "2026-11-25T10:0$i:00.000Z" 1.0 "$((20 + i))"
done
for i in 1 2 3 4 5 6 7 8; do
	# shellcheck disable=SC2086
	"$CROSSPEER" baseline record --report "c$i" --store c.db $K > "c$i.out" 2>&1 &
	pids="$pids $!"
done
n_ok=0
for p in $pids; do
	if wait "$p"; then n_ok=$((n_ok + 1)); fi
done
if [ "$n_ok" = 8 ] && [ "$(count c.db)" = 8 ]; then ok "8 concurrent writers: 8 runs"
else bad "concurrent writers: $n_ok exited 0, $(count c.db) runs"; fi

head -c 4096 /dev/urandom > damaged.db
# shellcheck disable=SC2086
expect 2 "damaged.db: not a SQLite database" "a file that is not SQLite" -- \
	baseline record --report run1 --store damaged.db $K
if grep -q "move this file away" err.txt; then ok "the message says what to do"; else bad "no advice"; fi

python3 - s.db > holder.txt <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
c.execute("DELETE FROM targets")
print("locked", flush=True)
time.sleep(30)
PY
holder=$!
i=0
until grep -q locked holder.txt 2>/dev/null; do
	i=$((i + 1)); [ $i -le 100 ] || break; sleep 0.1
done
mkrun run5 "2026-11-24T20:35:00.000Z" 1.0 5
# shellcheck disable=SC2086
expect 5 "s.db: locked: another writer holds it" "a store locked beyond --lock-timeout" -- \
	baseline record --report run5 --store s.db $K --lock-timeout 0.3
expect 1 "4 runs" "compare reads while the writer holds the lock" -- \
	baseline compare --report slow --store s.db
kill "$holder"
wait "$holder" 2>/dev/null || true
holder=""
if [ "$(count s.db)" = 4 ]; then ok "the runs are intact after the lock"
else bad "$(count s.db) runs after the lock"; fi
# shellcheck disable=SC2086
expect 0 "5 runs" "recorded once the lock is gone" -- \
	baseline record --report run5 --store s.db $K

echo "baseline_sqlite: $fails failure(s)"
[ "$fails" = 0 ]
