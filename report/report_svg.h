/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Inline SVG charts for report.html: plain vector drawing, no script, no external resource.
 */
#ifndef XP_REPORT_SVG_H_
#define XP_REPORT_SVG_H_

#include <stdio.h>

#include "baseline_trend.h"
#include "result.h"

/** RTT over time: received probes as a line, lost ones as red marks along the top. */
void report_svg_rtt_series(FILE *f, const xp_probe_result_t *p);

/** RTT distribution: the CDF through the quantile points, p50 and p99 marked. */
void report_svg_rtt_cdf(FILE *f, const xp_probe_result_t *p);

/** IKE timeline: each event at its millisecond offset, labelled. */
void report_svg_timeline(FILE *f, const xp_tunnel_result_t *t);

/** Trend over a baseline store: each stored run's p50 and p99 RTT against its start. */
void report_svg_trend(FILE *f, const baseline_trend_t *t);

#endif
