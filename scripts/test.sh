#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The whole test suite: installs what it needs, builds, runs every ctest (unit, namespace
# integration, Azure emulator), the tunnel tests (ctest label "tunnel") once more on kernel
# XFRM in a User-Mode Linux guest, then the same suite again in an ASan+UBSan build.
# Run as root on Debian 12 (namespace tests are skipped, with a message, without root).
# Extra arguments go to every ctest run, e.g. -L unit or -R profile.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

echo "== build (RelWithDebInfo) and test"
"$top/scripts/build.sh" > /dev/null
(cd "$top/build" && ctest --output-on-failure --timeout 600 "$@")

# The tunnel tests again on the kernel data path (XFRM), which this machine's kernel lacks:
# in a User-Mode Linux guest (tests/uml/run.sh), against the same build.
if [ -n "$(cd "$top/build" && ctest -N -L tunnel "$@" | grep 'Test *#')" ]; then
	echo "== the tunnel tests on kernel XFRM, in a User-Mode Linux guest"
	"$top/tests/uml/run.sh" --timeout 2400 "$top/build" --timeout 600 -L tunnel "$@"
fi

echo "== build (Asan: AddressSanitizer + UndefinedBehaviorSanitizer) and test"
BUILD_DIR="$top/build-asan" BUILD_TYPE=Asan "$top/scripts/build.sh" > /dev/null
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
(cd "$top/build-asan" && ctest --output-on-failure --timeout 600 "$@")
