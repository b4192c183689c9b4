#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Rekeys from both sides at once (verify_rekey.sh lets only on-prem rekey): both ends have
# ESP 12 s and IKE 20 s lifetimes, so their rekeys start within milliseconds and often
# collide (strongSwan 5.9.8 resolves the collision, child_rekey.c handle_collision()). Two
# runs of 2500 probes at 100/s; every probe must be answered (docs/fleet.md has the figures).
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for network namespaces (CI runs as root)"; exit 77; }
ASSERT=1 exec "$CROSSPEER_SRC/bench/rekey_collision.sh" 2
