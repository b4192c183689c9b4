#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Runs shellcheck over every shell script of the tree: each *.sh under scripts/, lab/, bench/,
# vagrant/ and tests/, and .ci/run. Files a script sources are followed (-x), found
# relative to that script (SCRIPTDIR), so a sourced "set -eu" counts where it applies.
# Usage: shellcheck.sh SOURCE_DIR
set -eu

src=${1:?usage: shellcheck.sh SOURCE_DIR}
if ! command -v shellcheck > /dev/null; then
	echo "SKIP: shellcheck is not installed (scripts/install-deps.sh installs it)"
	exit 77
fi
cd "$src"
n=$(find scripts lab bench vagrant tests -name '*.sh' -type f -not -path '*/node_modules/*' | wc -l)
[ "$n" -gt 0 ] || { echo "FAIL: no shell scripts found under $src"; exit 1; }
echo "shellcheck $(shellcheck --version | sed -n 's/^version: //p'): $n scripts and .ci/run"
find scripts lab bench vagrant tests -name '*.sh' -type f -not -path '*/node_modules/*' \
	-exec shellcheck -x -P SCRIPTDIR -f gcc .ci/run {} +
echo "PASS: no findings"
