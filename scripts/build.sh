#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Installs the Debian packages, builds the pinned strongSwan (once per machine) and
# crosspeer. Idempotent. BUILD_DIR (default build) and BUILD_TYPE (default RelWithDebInfo)
# choose the build; prints the path of the crosspeer binary on its last line.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}
type=${BUILD_TYPE:-RelWithDebInfo}

"$top/scripts/install-deps.sh"
mkdir -p "$build"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE="$type" > "$build/configure.log" 2>&1 ||
	{ cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" -j "$(nproc)" >&2
echo "$build/agent/crosspeer"
