/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "baseline_stats.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void baseline_rng_seed(baseline_rng_t *rng, uint64_t seed)
{
	rng->state = seed;
}

uint64_t baseline_rng_next(baseline_rng_t *rng)
{
	uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double baseline_rng_uniform(baseline_rng_t *rng)
{
	return (double)(baseline_rng_next(rng) >> 11) * 0x1.0p-53;
}

size_t baseline_rng_below(baseline_rng_t *rng, size_t n)
{
	return (size_t)(baseline_rng_uniform(rng) * (double)n);
}

double baseline_stats_normal_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

double baseline_stats_normal_quantile(double p)
{
	double lo = -40, hi = 40;

	/* bisection on the survival function: 100 halvings are far below double precision */
	for (int i = 0; i < 100; i++)
	{
		double mid = (lo + hi) / 2;

		if (1.0 - baseline_stats_normal_sf(mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/** Put the k-th smallest of v[n] at v[k], smaller ones before, larger after (Wirth). */
static void baseline_stats_select(double *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;

	while (lo < hi)
	{
		double pivot = v[lo + (hi - lo) / 2];
		ptrdiff_t i = lo, j = hi;

		while (i <= j)
		{
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j)
			{
				double tmp = v[i];

				v[i++] = v[j];
				v[j--] = tmp;
			}
		}
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			return;
	}
}

double baseline_stats_quantile(double *v, size_t n, double q)
{
	double pos = q * (double)(n - 1), next;
	size_t k = (size_t)floor(pos);

	baseline_stats_select(v, n, k);
	if (k + 1 >= n)
		return v[k];
	next = v[k + 1];
	for (size_t i = k + 2; i < n; i++)
		next = fmin(next, v[i]);
	return v[k] + (pos - (double)k) * (next - v[k]);
}

/** A value and the sample it came from, for ranking. */
typedef struct {
	double v;
	bool from_b;
} baseline_stats_ranked_t;

static int baseline_stats_cmp_ranked(const void *x, const void *y)
{
	double a = ((const baseline_stats_ranked_t *)x)->v, b = ((const baseline_stats_ranked_t *)y)->v;

	return (a > b) - (a < b);
}

/** Sum of b's mid-ranks and the tie term sum(t^3 - t) over sorted all[n]. */
static void baseline_stats_ranks(const baseline_stats_ranked_t *all, size_t n, double *rank_sum_b,
								 double *ties)
{
	*rank_sum_b = 0;
	*ties = 0;
	for (size_t i = 0; i < n;)
	{
		size_t j = i, in_b = 0;

		while (j < n && all[j].v == all[i].v)
			in_b += all[j++].from_b;
		double t = (double)(j - i), mid = ((double)i + 1 + (double)j) / 2.0;

		*rank_sum_b += mid * (double)in_b;
		*ties += t * t * t - t;
		i = j;
	}
}

int baseline_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
								baseline_mwu_t *out)
{
	size_t n = na + nb;
	baseline_stats_ranked_t *all;
	double rank_sum_b, ties, mean, var, dev;

	if (!na || !nb)
		return -EINVAL;
	all = malloc(n * sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (size_t i = 0; i < na; i++)
		all[i] = (baseline_stats_ranked_t){ a[i], false };
	for (size_t i = 0; i < nb; i++)
		all[na + i] = (baseline_stats_ranked_t){ b[i], true };
	qsort(all, n, sizeof(*all), baseline_stats_cmp_ranked);
	baseline_stats_ranks(all, n, &rank_sum_b, &ties);
	free(all);

	out->u = rank_sum_b - (double)nb * ((double)nb + 1) / 2.0;
	mean = (double)na * (double)nb / 2.0;
	var = (double)na * (double)nb / 12.0 *
		  (((double)n + 1) - ties / ((double)n * ((double)n - 1)));
	dev = out->u - mean;
	/* continuity correction: move half a unit towards the mean */
	dev = dev > 0.5 ? dev - 0.5 : dev < -0.5 ? dev + 0.5 : 0;
	out->z = var > 0 ? dev / sqrt(var) : 0;
	out->p = var > 0 ? fmin(1.0, 2.0 * baseline_stats_normal_sf(fabs(out->z))) : 1.0;
	out->effect_r = 2.0 * out->u / ((double)na * (double)nb) - 1.0;
	return 0;
}

/** Quantile q of a resample (with replacement) of v[n], using buf[n]. */
static double baseline_stats_resample_quantile(const double *v, size_t n, double q,
											   double *buf, baseline_rng_t *rng)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = v[baseline_rng_below(rng, n)];
	return baseline_stats_quantile(buf, n, q);
}

static int baseline_stats_cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

int baseline_stats_bootstrap_quantile_diff(const double *a, size_t na, const double *b,
										   size_t nb, double q, unsigned iterations,
										   double confidence, baseline_rng_t *rng,
										   baseline_ci_t *out)
{
	double *buf, *diffs;
	size_t max = na > nb ? na : nb;

	if (!na || !nb || !iterations)
		return -EINVAL;
	buf = malloc(max * sizeof(double));
	diffs = malloc(iterations * sizeof(double));
	if (!buf || !diffs)
	{
		free(buf);
		free(diffs);
		return -ENOMEM;
	}
	memcpy(buf, a, na * sizeof(double));
	out->diff = -baseline_stats_quantile(buf, na, q);
	memcpy(buf, b, nb * sizeof(double));
	out->diff += baseline_stats_quantile(buf, nb, q);
	for (unsigned i = 0; i < iterations; i++)
	{
		double qa = baseline_stats_resample_quantile(a, na, q, buf, rng);

		diffs[i] = baseline_stats_resample_quantile(b, nb, q, buf, rng) - qa;
	}
	qsort(diffs, iterations, sizeof(double), baseline_stats_cmp_double);
	out->lo = diffs[(size_t)floor((1.0 - confidence) / 2.0 * (iterations - 1))];
	out->hi = diffs[(size_t)ceil((1.0 + confidence) / 2.0 * (iterations - 1))];
	free(buf);
	free(diffs);
	return 0;
}

int baseline_stats_two_proportion(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb,
								  baseline_prop_t *out)
{
	double pooled, se;

	if (!na || !nb || xa > na || xb > nb)
		return -EINVAL;
	out->pa = (double)xa / (double)na;
	out->pb = (double)xb / (double)nb;
	pooled = (double)(xa + xb) / (double)(na + nb);
	se = sqrt(pooled * (1.0 - pooled) * (1.0 / (double)na + 1.0 / (double)nb));
	out->z = se > 0 ? (out->pb - out->pa) / se : 0;
	out->p = se > 0 ? fmin(1.0, 2.0 * baseline_stats_normal_sf(fabs(out->z))) : 1.0;
	out->effect_h = 2.0 * asin(sqrt(out->pb)) - 2.0 * asin(sqrt(out->pa));
	return 0;
}

const char *baseline_class_name(baseline_class_t c)
{
	switch (c)
	{
		case BASELINE_REGRESSION:
			return "regression";
		case BASELINE_IMPROVEMENT:
			return "improvement";
		case BASELINE_INSUFFICIENT:
			return "insufficient data";
		case BASELINE_NO_CHANGE:
		default:
			return "no change";
	}
}

baseline_class_t baseline_stats_classify(bool significant, double change, double tolerance,
										 bool higher_is_worse)
{
	double worse = higher_is_worse ? change : -change;

	if (!significant || !isfinite(change) || fabs(change) <= tolerance)
		return BASELINE_NO_CHANGE;
	return worse > 0 ? BASELINE_REGRESSION : BASELINE_IMPROVEMENT;
}
