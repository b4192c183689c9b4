#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The whole test suite: installs what it needs, builds, runs every ctest (unit, namespace
# integration, Azure emulator), then the same suite again under ASan+UBSan.
# Run as root on Debian 12 (namespace tests are skipped, with a message, without root).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh" > /dev/null
cd "$top/build"
ctest --output-on-failure --timeout 600 "$@"
