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

# every target: tests/fuzz/fuzz_NAME.c, linked with its library (tests/fuzz/CMakeLists.txt)
targets() {
	for f in "$top"/tests/fuzz/fuzz_*.c; do
		f=${f##*/fuzz_}
		echo "${f%.c}"
	done
}

# one CMake build of the tree with clang, every library instrumented (CMAKE_BUILD_TYPE=Fuzz)
configure() {
	mkdir -p "$out"
	[ -f "$out/CMakeCache.txt" ] && return 0
	cmake -S "$top" -B "$out" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=Fuzz \
		> "$out/configure.log" 2>&1 || { cat "$out/configure.log" >&2; exit 1; }
}

build_one() {
	configure
	cmake --build "$out" --target "fuzz_$1" -j "$(nproc)" > "$out/build-$1.log" 2>&1 ||
		{ tail -40 "$out/build-$1.log" >&2; echo "fuzz $1: build failed" >&2; exit 1; }
}

build() {
	targets | while read -r name; do
		build_one "$name"
	done
}

run() {
	name=$1
	secs=$2
	[ -f "$top/tests/fuzz/fuzz_$name.c" ] || { echo "fuzz: no target $name" >&2; exit 2; }
	# always from the sources as they are: the build is incremental
	build_one "$name"
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
		targets | while read -r name; do
			run "$name" "$2"
		done
		;;
	*) echo "usage: $0 build | run TARGET SECONDS | all SECONDS" >&2; exit 2 ;;
esac
