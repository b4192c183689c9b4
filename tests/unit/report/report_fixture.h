/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * A realistic, deterministic xp_result_t for the report tests, and small helpers.
 */
#ifndef XP_REPORT_FIXTURE_H_
#define XP_REPORT_FIXTURE_H_

#include <stddef.h>

#include "result.h"

/** Thresholds of the DESIGN.md example profile: 50 ms, 1 %, 10 ms, 1350 bytes, 10 Mbit/s. */
xp_thresholds_t report_fixture_thresholds(void);

/**
 * A run over a 1 ms lab path: two targets (10.2.0.1 stamp, 1000 probes, every 100th lost;
 * 10.2.0.2 icmp, 500 probes, none lost), IKE timeline, PMTU 1400, 94/93 Mbit/s, ESP seen.
 * Not evaluated yet.
 */
xp_result_t *report_fixture_create(void);

/**
 * A baseline-style run: one target 10.2.0.1 (stamp), n probes with RTTs from
 * report_fixture_rtts(base_ms, seed), every 200th lost; tunnel up in setup_ms. Evaluated.
 */
xp_result_t *report_fixture_simple(double base_ms, unsigned seed, size_t n, double setup_ms);

/** Synthetic RTTs around base_ms: base + exponential noise (mean 0.1 ms), seeded. */
void report_fixture_rtts(double *out, size_t n, double base_ms, unsigned seed);

/** A fresh temporary directory (mkdtemp) under TMPDIR or /tmp. */
char *report_fixture_tmpdir(void);

/** Run a shell command, capturing stdout into out; return its exit status (-1 on failure). */
int report_fixture_run(const char *cmd, char *out, size_t len);

/** rm -rf dir (a directory report_fixture_tmpdir() made) and free it. */
void report_fixture_rmdir(char *dir);

#endif
