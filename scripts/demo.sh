#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The main job on the embedded lab: installs what it needs, builds, then runs the offline
# demo. Run as root on Debian 12. Idempotent; leaves no namespace or process behind.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
crosspeer=$("$top/scripts/build.sh" | tail -1)
exec "$crosspeer" lab demo "$@"
