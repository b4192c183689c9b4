/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Compare one run (a report.json) with a baseline store, metric by metric (docs/baseline.md).
 */
#ifndef XP_BASELINE_COMPARE_H_
#define XP_BASELINE_COMPARE_H_

#include <stdio.h>

#include <jansson.h>

#include "baseline_source.h"
#include "baseline_stats.h"
#include "result.h"

/** How to compare. */
typedef struct {
	/** changes up to this share of the baseline figure (percent) are never a regression */
	double tolerance_pct;
	/** significance level of every test, e.g. 0.05; intervals are at 1 - alpha */
	double alpha;
	/** PRNG seed for bootstrap and pool sub-sampling */
	uint64_t seed;
	/** bootstrap resamples */
	unsigned iterations;
	/** largest pooled baseline sample used (sub-sampled beyond) */
	size_t max_pool;
} baseline_opts_t;

/** Defaults: tolerance 10 %, alpha 0.05, seed 1, 1000 resamples, pool 20000. */
baseline_opts_t baseline_compare_defaults(void);

/** One compared metric. */
typedef struct {
	/** rtt_p50_ms, rtt_p99_ms, ipdv_ms, loss_pct, tunnel_setup_ms, pmtu_inner, ... */
	char metric[24];
	/** probe target, "" for run-wide metrics */
	char target[64];
	/** baseline and current figure, and current - baseline */
	double baseline, current, change;
	/** interval of the change at 1 - alpha, NAN when the test gives none */
	double ci_lo, ci_hi;
	/** p-value of the test, NAN when the interval decides */
	double p;
	/** effect size and its name: "r" rank-biserial, "h" Cohen's h, "z" score, "rel%" */
	double effect;
	char effect_name[8];
	/** baseline runs that had the metric */
	size_t runs;
	baseline_class_t verdict;
} baseline_row_t;

/**
 * Compare cur with the runs of store.
 *
 * @param rows		set to a malloc'd array (free()), one row per metric
 * @return			0, or -EINVAL (no runs in the store) / -ENOMEM with err set
 */
int baseline_compare_run(json_t *store, const xp_result_t *cur, const baseline_opts_t *o,
						 baseline_row_t **rows, size_t *n_rows, char *err, size_t errlen);

/**
 * Compare cur with the runs src selects (all, or one hour-of-week window).
 *
 * @return			0, or -EINVAL (no runs selected), -ENOMEM, or the source's -errno, with
 *					err set
 */
int baseline_compare_source(baseline_source_t *src, const xp_result_t *cur,
							const baseline_opts_t *o, baseline_row_t **rows, size_t *n_rows,
							char *err, size_t errlen);

/** Number of regressions among rows. */
size_t baseline_compare_regressions(const baseline_row_t *rows, size_t n);

/** Print the comparison table. */
void baseline_compare_print(FILE *out, const baseline_row_t *rows, size_t n,
							const baseline_opts_t *o);

#endif
