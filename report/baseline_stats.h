/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Pure statistics for baseline comparisons (docs/baseline.md): Mann-Whitney U with the normal
 * approximation and tie correction, bootstrap confidence intervals on quantile differences
 * with a seeded PRNG, a two-proportion z-test, effect sizes and the three-way classification.
 * No I/O, no global state: the same inputs and seed give the same answers.
 */
#ifndef XP_BASELINE_STATS_H_
#define XP_BASELINE_STATS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** splitmix64 generator: small, seedable, good enough for resampling. */
typedef struct {
	uint64_t state;
} baseline_rng_t;

/** Start the generator at seed (any value, 0 included). */
void baseline_rng_seed(baseline_rng_t *rng, uint64_t seed);
/** Next 64 random bits. */
uint64_t baseline_rng_next(baseline_rng_t *rng);
/** Uniform in [0, 1). */
double baseline_rng_uniform(baseline_rng_t *rng);
/** Uniform integer in [0, n), n > 0. */
size_t baseline_rng_below(baseline_rng_t *rng, size_t n);

/** Upper tail of the standard normal, P(Z > z). */
double baseline_stats_normal_sf(double z);

/** Standard normal quantile (inverse CDF) for p in (0, 1). */
double baseline_stats_normal_quantile(double p);

/** Quantile q (0..1) of v[n] by linear interpolation (as report.json's); v gets reordered. */
double baseline_stats_quantile(double *v, size_t n, double q);

/** Mann-Whitney U of sample b against sample a. */
typedef struct {
	/** U of b: how often a b value exceeds an a value (ties count one half) */
	double u;
	/** normal approximation with tie and continuity correction; 0 when no variance */
	double z;
	/** two-sided p-value */
	double p;
	/** rank-biserial correlation, -1..1; > 0 means b tends to be larger */
	double effect_r;
} baseline_mwu_t;

/**
 * Mann-Whitney U test (two-sided).
 *
 * @return			0, or -EINVAL if a sample is empty, -ENOMEM
 */
int baseline_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
								baseline_mwu_t *out);

/** A difference with its confidence interval. */
typedef struct {
	/** point estimate: statistic(b) - statistic(a) */
	double diff;
	/** percentile bootstrap interval */
	double lo, hi;
} baseline_ci_t;

/**
 * Percentile-bootstrap interval of quantile(b, q) - quantile(a, q).
 *
 * @param iterations	resamples, e.g. 1000
 * @param confidence	e.g. 0.95
 * @return				0, or -EINVAL if a sample is empty, -ENOMEM
 */
int baseline_stats_bootstrap_quantile_diff(const double *a, size_t na, const double *b,
										   size_t nb, double q, unsigned iterations,
										   double confidence, baseline_rng_t *rng,
										   baseline_ci_t *out);

/** Two-proportion z-test of xb/nb against xa/na. */
typedef struct {
	double pa, pb;
	double z;
	/** two-sided p-value, 1 when both proportions are 0 or 1 */
	double p;
	/** Cohen's h: 2 asin sqrt(pb) - 2 asin sqrt(pa) */
	double effect_h;
} baseline_prop_t;

/** @return 0, or -EINVAL when na or nb is 0 or a count exceeds its total */
int baseline_stats_two_proportion(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb,
								  baseline_prop_t *out);

/** How a metric moved. */
typedef enum {
	BASELINE_NO_CHANGE,
	BASELINE_REGRESSION,
	BASELINE_IMPROVEMENT,
	/** not enough baseline data for a test */
	BASELINE_INSUFFICIENT,
} baseline_class_t;

/** "no change", "regression", "improvement", "insufficient data" */
const char *baseline_class_name(baseline_class_t c);

/**
 * Classify a change: only a significant change larger than the tolerance counts.
 *
 * @param significant		the test rejected "no difference"
 * @param change			current - baseline, in the metric's unit
 * @param tolerance			largest change (absolute, same unit) that is never a regression
 * @param higher_is_worse	true for RTT and loss, false for throughput and path MTU
 */
baseline_class_t baseline_stats_classify(bool significant, double change, double tolerance,
										 bool higher_is_worse);

#endif
