#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The soak's short form (bench/soak.sh runs 30 minutes, outside the suite): verify --every 3s
# for 45 s with the CHILD_SA rekeying every ~14 s and the peer restarted half way: every cycle
# is recorded (summaries = crosspeer_verify_cycles_total), no file descriptor growth, a cycle
# passes after the restart. bench/soak.sh checks and prints all of it.
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for network namespaces (CI runs as root)"; exit 77; }
SOAK_S=45 EVERY=3s ESP_LIFE_S=15 IKE_LIFE_S=40 SAMPLE_S=1 exec "$CROSSPEER_SRC/bench/soak.sh"
