/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "baseline_trend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** A baseline_entry_cb_t appending one run's point. */
static int baseline_trend_point(void *ctx, const baseline_entry_t *e)
{
	baseline_trend_t *t = ctx;

	if (!(t->runs & (t->runs - 1)))
	{
		size_t cap = t->runs ? t->runs * 2 : 16;
		int64_t *ts = realloc(t->t_s, cap * sizeof(*ts));
		double *p50 = ts ? realloc(t->p50, cap * sizeof(*p50)) : NULL;
		double *p99 = p50 ? realloc(t->p99, cap * sizeof(*p99)) : NULL;

		t->t_s = ts ? ts : t->t_s;
		t->p50 = p50 ? p50 : t->p50;
		t->p99 = p99 ? p99 : t->p99;
		if (!p99)
			return -ENOMEM;
	}
	t->t_s[t->runs] = e->started_s;
	t->p50[t->runs] = e->rtt_p50_ms;
	t->p99[t->runs] = e->rtt_p99_ms;
	t->runs++;
	return 0;
}

/** Keep BASELINE_TREND_POINTS evenly spaced points, the first and last among them. */
static void baseline_trend_thin(baseline_trend_t *t)
{
	t->n = t->runs;
	if (t->runs <= BASELINE_TREND_POINTS)
		return;
	for (size_t i = 0; i < BASELINE_TREND_POINTS; i++)
	{
		size_t k = i * (t->runs - 1) / (BASELINE_TREND_POINTS - 1);

		t->t_s[i] = t->t_s[k];
		t->p50[i] = t->p50[k];
		t->p99[i] = t->p99[k];
	}
	t->n = BASELINE_TREND_POINTS;
}

int baseline_trend_collect(baseline_source_t *src, const xp_result_t *r, baseline_trend_t **out,
						   char *err, size_t errlen)
{
	baseline_trend_t *t = calloc(r->n_probes + 1, sizeof(*t));
	int rc = 0;

	if (!t)
	{
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	for (size_t i = 0; !rc && i < r->n_probes; i++)
	{
		snprintf(t[i].target, sizeof(t[i].target), "%s", r->probes[i].target);
		snprintf(t[i].kind, sizeof(t[i].kind), "%s", r->probes[i].kind);
		rc = src->each_entry(src, t[i].target, t[i].kind, baseline_trend_point, &t[i],
							 err, errlen);
		baseline_trend_thin(&t[i]);
	}
	if (rc < 0)
	{
		baseline_trend_free(t, r->n_probes);
		return rc;
	}
	*out = t;
	return 0;
}

void baseline_trend_free(baseline_trend_t *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
	{
		free(t[i].t_s);
		free(t[i].p50);
		free(t[i].p99);
	}
	free(t);
}
