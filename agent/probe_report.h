/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Output of `crosspeer probe`: a human summary, or JSON whose "probes" elements follow the
 * DESIGN.md report contract (target, kind, sent, received, loss_pct, rtt_ms{min, p50, p90,
 * p99, p999, max, mean, stddev}, jitter_ms, reordered, duplicates) plus ipdv_ms, late,
 * loss_forward/loss_backward, timestamp_source and owd_ms with its clock_synced flag; and
 * the report's top-level "pmtu", "throughput_mbps" and "encapsulation".
 */
#ifndef XP_PROBE_REPORT_H_
#define XP_PROBE_REPORT_H_

#include <stdio.h>

#include <jansson.h>

#include "probe_jobs.h"

/** @return	the JSON document of a run (new reference) */
json_t *probe_report_json(const probe_cli_t *cli, const probe_jobs_t *jobs);

/** @return	one "probes" element for a target (new reference) */
json_t *probe_report_target(const probe_job_t *job);

/** Print the human summary. */
void probe_report_text(FILE *out, const probe_cli_t *cli, const probe_jobs_t *jobs);

/** Print one stderr line per failed part: "crosspeer probe: <object>: <reason>". */
void probe_report_errors(const probe_jobs_t *jobs);

#endif
