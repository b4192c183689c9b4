#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# libFuzzer targets (clang, with ASan+UBSan), one per parser of outside input.
#   scripts/fuzz.sh build              build every target into build-fuzz/
#   scripts/fuzz.sh run TARGET SECONDS fuzz one target from its committed seed corpus
#   scripts/fuzz.sh all SECONDS        every target in turn (CI uses a few seconds each;
#                                      run with 3600 or more to fuzz for real)
# New inputs go to build-fuzz/corpus-TARGET, crashes to build-fuzz/crash-TARGET-*; every
# crash found becomes a file in tests/fuzz/regress/TARGET/, which `run` replays first.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build-fuzz"
CC=${CC_FUZZ:-clang}
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE"

# target name, then its sources (relative to the top), then extra flags
targets() {
	echo "profile tests/fuzz/fuzz_profile.c profile/profile.c profile/profile_check.c profile/profile_impairment.c profile/profile_policy.c azure/azure_policy.c azure/azure_cidr.c -Iprofile -Iazure -ljansson -lm"
	if [ -f "$top/tests/fuzz/targets.list" ]; then grep -v '^#' "$top/tests/fuzz/targets.list" || true; fi
}

build_one() {
	name=$1
	shift
	srcs=""
	flags=""
	for a in "$@"; do
		case $a in
			-*) flags="$flags $a" ;;
			*) srcs="$srcs $top/$a" ;;
		esac
	done
	flags=$(echo "$flags" | sed "s|-I\([^/ ][^ ]*\)|-I$top/\1|g")
	# shellcheck disable=SC2086
	$CC $CFLAGS -o "$out/fuzz_$name" $srcs $flags
}

build() {
	mkdir -p "$out"
	targets | while read -r line; do
		[ -n "$line" ] || continue
		# shellcheck disable=SC2086
		build_one $line
	done
}

run() {
	name=$1
	secs=$2
	# always from the sources as they are: a binary left by an earlier build may be stale
	mkdir -p "$out"
	line=$(targets | awk -v n="$name" '$1 == n')
	[ -n "$line" ] || { echo "fuzz: no target $name" >&2; exit 2; }
	# shellcheck disable=SC2086
	build_one $line
	mkdir -p "$out/corpus-$name"
	regress="$top/tests/fuzz/regress/$name"
	if [ -d "$regress" ] && [ -n "$(ls -A "$regress")" ]; then
		"$out/fuzz_$name" -runs=0 "$regress"/* > "$out/regress-$name.log" 2>&1 ||
			{ tail -30 "$out/regress-$name.log"; echo "fuzz $name: a regression input crashes"; exit 1; }
	fi
	"$out/fuzz_$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$out/crash-$name-" "$out/corpus-$name" "$top/tests/fuzz/corpus/$name" \
		> "$out/fuzz-$name.log" 2>&1 ||
		{ tail -40 "$out/fuzz-$name.log"; echo "fuzz $name: crash, see $out/crash-$name-*"; exit 1; }
	echo "fuzz $name: $(grep -o 'Done [0-9]* runs in [0-9]* second.*' "$out/fuzz-$name.log" | tail -1), no crash"
}

case ${1:-} in
	build) build ;;
	run) run "$2" "$3" ;;
	all)
		build
		targets | while read -r name _; do
			[ -n "$name" ] && run "$name" "$2"
		done
		;;
	*) echo "usage: $0 build | run TARGET SECONDS | all SECONDS" >&2; exit 2 ;;
esac
