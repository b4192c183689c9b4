/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The probe jobs' figures as the report's xp_result_t: `probe --json` and `verify` both
 * write their probes through it and report/report_json.c, so the two documents agree.
 */
#ifndef XP_PROBE_RESULT_H_
#define XP_PROBE_RESULT_H_

#include "probe_jobs.h"
#include "result.h"

/**
 * Add one probe result per job (with its own path MTU and throughput), and the run-wide
 * figures: the smallest path MTU over the targets, the throughput of the target with the
 * smallest upstream figure, the capture's counts.
 */
void probe_result_fill(xp_result_t *r, const probe_jobs_t *jobs);

#endif
