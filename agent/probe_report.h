/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Output of `crosspeer probe` for people: a summary per target, and one stderr line per
 * failed part. The JSON (--json) is the report's (probe_result.h, report/report_json.c).
 */
#ifndef XP_PROBE_REPORT_H_
#define XP_PROBE_REPORT_H_

#include <stdio.h>

#include "probe_jobs.h"

/** Print the human summary. */
void probe_report_text(FILE *out, const probe_cli_t *cli, const probe_jobs_t *jobs);

/** Print one stderr line per failed part: "crosspeer probe: <object>: <reason>". */
void probe_report_errors(const probe_jobs_t *jobs);

#endif
