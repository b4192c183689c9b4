/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "result.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/** Copy src (NULL = "") into a fixed buffer, always terminated. */
static void result_copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

xp_result_t *xp_result_create(const char *profile, const char *version)
{
	xp_result_t *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	result_copy(r->run.profile, sizeof(r->run.profile), profile);
	result_copy(r->run.crosspeer_version, sizeof(r->run.crosspeer_version), version);
	r->tunnel.setup_ms = NAN;
	r->tunnel.first_reply_ms = NAN;
	r->tunnel.lost_ms = NAN;
	r->pmtu.inner = r->pmtu.esp_overhead = r->pmtu.mss = NAN;
	r->throughput_mbps.up = r->throughput_mbps.down = NAN;
	return r;
}

void xp_result_destroy(xp_result_t *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_probes; i++)
	{
		free(r->probes[i].series_t_ms);
		free(r->probes[i].series_rtt_ms);
	}
	free(r->probes);
	free(r->verdict.checks);
	free(r);
}

static int64_t result_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void xp_result_start_clock(xp_result_t *r)
{
	r->run.started_ms = result_now_ms();
}

void xp_result_stop_clock(xp_result_t *r)
{
	r->run.duration_ms = (double)(result_now_ms() - r->run.started_ms);
}

void xp_result_add_event(xp_result_t *r, double offset_ms, const char *name, const char *detail)
{
	xp_event_t *e;

	if (r->tunnel.n_events >= XP_RESULT_MAX_EVENTS)
	{
		r->tunnel.events_dropped++;
		return;
	}
	e = &r->tunnel.events[r->tunnel.n_events++];
	e->offset_ms = offset_ms;
	result_copy(e->name, sizeof(e->name), name);
	result_copy(e->detail, sizeof(e->detail), detail);
}

xp_probe_result_t *xp_result_add_probe(xp_result_t *r, const char *target, const char *kind)
{
	xp_probe_result_t *probes, *p;

	probes = realloc(r->probes, (r->n_probes + 1) * sizeof(*probes));
	if (!probes)
		return NULL;
	r->probes = probes;
	p = &probes[r->n_probes];
	memset(p, 0, sizeof(*p));
	p->series_t_ms = malloc(XP_RESULT_MAX_SERIES * sizeof(double));
	p->series_rtt_ms = malloc(XP_RESULT_MAX_SERIES * sizeof(double));
	if (!p->series_t_ms || !p->series_rtt_ms)
	{
		free(p->series_t_ms);
		free(p->series_rtt_ms);
		return NULL;
	}
	r->n_probes++;
	result_copy(p->target, sizeof(p->target), target);
	result_copy(p->kind, sizeof(p->kind), kind);
	p->loss_pct = p->loss_forward_pct = p->loss_backward_pct = NAN;
	p->rtt_ms = (xp_rtt_stats_t){ NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
	p->jitter_ms = p->ipdv_ms = p->ipdv_min_ms = p->ipdv_max_ms = NAN;
	p->owd.forward = p->owd.backward = p->rtt_ms;
	p->owd.jitter_forward_ms = p->owd.jitter_backward_ms = NAN;
	p->pmtu.esp_overhead = NAN;
	p->throughput.up_mbps = p->throughput.down_mbps = p->throughput.udp_loss_pct = NAN;
	p->series_stride = 1;
	return p;
}

/** Keep every second sample of a full series and double the stride. */
static void result_decimate(xp_probe_result_t *p)
{
	size_t kept = 0;

	for (size_t i = 0; i < p->n_series; i += 2)
	{
		p->series_t_ms[kept] = p->series_t_ms[i];
		p->series_rtt_ms[kept] = p->series_rtt_ms[i];
		kept++;
	}
	p->n_series = kept;
	p->series_stride *= 2;
}

void xp_probe_result_add_sample(xp_probe_result_t *p, double t_ms, double rtt_ms)
{
	uint64_t index = p->series_offered++;

	if (index % p->series_stride)
		return;
	if (p->n_series >= XP_RESULT_MAX_SERIES)
	{
		result_decimate(p);
		if (index % p->series_stride)
			return;
	}
	p->series_t_ms[p->n_series] = t_ms;
	p->series_rtt_ms[p->n_series] = rtt_ms;
	p->n_series++;
}

void xp_probe_result_add_quantile(xp_probe_result_t *p, double q, double rtt_ms)
{
	if (p->n_cdf >= XP_RESULT_MAX_QUANTILES)
		return;
	p->cdf[p->n_cdf++] = (xp_quantile_t){ q, rtt_ms };
}

static int result_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/** Quantile q (0..1) of sorted v[n] by linear interpolation between order statistics. */
static double result_quantile(const double *v, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t lo = (size_t)floor(pos);

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (pos - (double)lo) * (v[lo + 1] - v[lo]);
}

/** Fill the CDF from sorted v[n] (n > 0): every 0.025, plus 0.99, 0.995 and 0.999. */
static void result_fill_cdf(xp_probe_result_t *p, const double *v, size_t n)
{
	static const double extra[] = { 0.99, 0.995, 0.999 };

	p->n_cdf = 0;
	for (int i = 0; i <= 40; i++)
	{
		double q = i / 40.0;

		if (i == 40)
		{
			for (size_t k = 0; k < sizeof(extra) / sizeof(extra[0]); k++)
				xp_probe_result_add_quantile(p, extra[k], result_quantile(v, n, extra[k]));
		}
		xp_probe_result_add_quantile(p, q, result_quantile(v, n, q));
	}
}

/** Fill rtt_ms and the CDF from sorted v[n] (n > 0). */
static void result_fill_distribution(xp_probe_result_t *p, const double *v, size_t n)
{
	double sum = 0, sq = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i];
	p->rtt_ms.mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - p->rtt_ms.mean) * (v[i] - p->rtt_ms.mean);
	p->rtt_ms.stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	p->rtt_ms.min = v[0];
	p->rtt_ms.max = v[n - 1];
	p->rtt_ms.p50 = result_quantile(v, n, 0.50);
	p->rtt_ms.p90 = result_quantile(v, n, 0.90);
	p->rtt_ms.p99 = result_quantile(v, n, 0.99);
	p->rtt_ms.p999 = result_quantile(v, n, 0.999);
	result_fill_cdf(p, v, n);
}

/** RFC 3550 jitter and mean |IPDV| over consecutive received samples. */
static void result_fill_jitter(xp_probe_result_t *p)
{
	double prev = NAN, jitter = 0, ipdv = 0;
	size_t pairs = 0;

	for (size_t i = 0; i < p->n_series; i++)
	{
		double rtt = p->series_rtt_ms[i];

		if (isnan(rtt))
			continue;
		if (!isnan(prev))
		{
			double d = fabs(rtt - prev);

			jitter += (d - jitter) / 16.0;
			ipdv += d;
			pairs++;
		}
		prev = rtt;
	}
	p->jitter_ms = pairs ? jitter : NAN;
	p->ipdv_ms = pairs ? ipdv / (double)pairs : NAN;
}

/* The answered samples' RTTs, sorted (n of them); NULL on allocation failure. */
static double *result_sorted_rtts(const xp_probe_result_t *p, size_t *n)
{
	double *v = malloc((p->n_series ? p->n_series : 1) * sizeof(double));

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < p->n_series; i++)
	{
		if (!isnan(p->series_rtt_ms[i]))
			v[(*n)++] = p->series_rtt_ms[i];
	}
	if (*n)
		qsort(v, *n, sizeof(double), result_cmp_double);
	return v;
}

void xp_probe_result_compute(xp_probe_result_t *p)
{
	size_t n;
	double *v = result_sorted_rtts(p, &n);

	if (!v)
		return;
	p->sent = p->n_series;
	p->received = n;
	p->loss_pct = p->sent ? 100.0 * (double)(p->sent - n) / (double)p->sent : NAN;
	if (n)
		result_fill_distribution(p, v, n);
	result_fill_jitter(p);
	free(v);
}

void xp_probe_result_compute_cdf(xp_probe_result_t *p)
{
	size_t n;
	double *v = result_sorted_rtts(p, &n);

	if (!v)
		return;
	p->n_cdf = 0;
	if (n)
		result_fill_cdf(p, v, n);
	free(v);
}

xp_thresholds_t xp_thresholds_none(void)
{
	return (xp_thresholds_t){ NAN, NAN, NAN, NAN, NAN };
}
