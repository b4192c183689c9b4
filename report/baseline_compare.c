/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "baseline_compare.h"
#include "baseline_store.h"
#include "report_util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

baseline_opts_t baseline_compare_defaults(void)
{
	return (baseline_opts_t){ .tolerance_pct = 10, .alpha = 0.05, .seed = 1,
							  .iterations = 1000, .max_pool = 20000 };
}

/**
 * A growing array of doubles; with max set, a uniform sample of at most max of the values
 * pushed (reservoir sampling), so a pool of months of runs stays small.
 */
typedef struct {
	double *v;
	size_t n, cap;
	/** largest size (0: unlimited), values pushed so far, the generator that draws */
	size_t max, seen;
	baseline_rng_t *rng;
} baseline_compare_vec_t;

static bool baseline_compare_vec_push(baseline_compare_vec_t *vec, double x)
{
	if (vec->max && vec->seen++ >= vec->max)
	{
		size_t j = baseline_rng_below(vec->rng, vec->seen);

		if (j < vec->max)
			vec->v[j] = x;
		return true;
	}
	if (vec->n == vec->cap)
	{
		size_t cap = vec->cap ? vec->cap * 2 : 1024;
		double *v = realloc(vec->v, cap * sizeof(double));

		if (!v)
			return false;
		vec->v = v;
		vec->cap = cap;
	}
	vec->v[vec->n++] = x;
	return true;
}

/** Push the RTTs of samples and the |differences| of consecutive ones. */
static bool baseline_compare_vec_samples(baseline_compare_vec_t *rtt,
										 baseline_compare_vec_t *ipdv, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		if (!baseline_compare_vec_push(rtt, v[i]) ||
			(i && !baseline_compare_vec_push(ipdv, fabs(v[i] - v[i - 1]))))
			return false;
	}
	return true;
}

/** One target's figures: pooled over the baseline runs, or of the current run. */
typedef struct {
	baseline_compare_vec_t rtt, ipdv;
	uint64_t sent, lost;
	size_t runs;
} baseline_compare_pool_t;

static void baseline_compare_pool_free(baseline_compare_pool_t *p)
{
	free(p->rtt.v);
	free(p->ipdv.v);
}

/** Add one stored target entry to the pool (a baseline_entry_cb_t). */
static int baseline_compare_pool_entry(void *ctx, const baseline_entry_t *e)
{
	baseline_compare_pool_t *pool = ctx;

	if (!baseline_compare_vec_samples(&pool->rtt, &pool->ipdv, e->rtt, e->n_rtt))
		return -ENOMEM;
	pool->sent += e->sent;
	pool->lost += e->sent - e->received;
	pool->runs++;
	return 0;
}

/** The rows being built. */
typedef struct {
	baseline_row_t *rows;
	size_t n;
	const baseline_opts_t *o;
	baseline_rng_t rng;
	bool failed;
	/** the stored runs; a failed walk leaves rc < 0 and err set */
	baseline_source_t *src;
	int rc;
	char err[200];
} baseline_compare_rows_t;

static baseline_row_t *baseline_compare_row_add(baseline_compare_rows_t *rs, const char *metric,
												const char *target, size_t runs)
{
	baseline_row_t *rows = realloc(rs->rows, (rs->n + 1) * sizeof(*rows)), *r;

	if (!rows)
	{
		rs->failed = true;
		return NULL;
	}
	rs->rows = rows;
	r = &rows[rs->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->metric, sizeof(r->metric), "%s", metric);
	snprintf(r->target, sizeof(r->target), "%s", target);
	r->baseline = r->current = r->change = r->ci_lo = r->ci_hi = r->p = r->effect = NAN;
	r->runs = runs;
	r->verdict = BASELINE_INSUFFICIENT;
	return r;
}

/** The largest change of a figure that is never a regression: tolerance % of it. */
static double baseline_compare_tolerance(const baseline_compare_rows_t *rs, double base)
{
	return fabs(base) * rs->o->tolerance_pct / 100.0;
}

static double baseline_compare_mean(const baseline_compare_vec_t *v)
{
	double sum = 0;

	for (size_t i = 0; i < v->n; i++)
		sum += v->v[i];
	return v->n ? sum / (double)v->n : NAN;
}

/** An RTT quantile row: bootstrap interval, plus the rank test for the median. */
static void baseline_compare_quantile(baseline_compare_rows_t *rs, const char *metric, double q,
									  const baseline_compare_pool_t *b,
									  const baseline_compare_pool_t *c,
									  const char *target)
{
	baseline_row_t *r = baseline_compare_row_add(rs, metric, target, b->runs);
	baseline_mwu_t mwu;
	baseline_ci_t ci;
	bool significant;

	if (!r || !b->rtt.n || !c->rtt.n)
		return;
	if (baseline_stats_bootstrap_quantile_diff(b->rtt.v, b->rtt.n, c->rtt.v, c->rtt.n, q,
			rs->o->iterations, 1.0 - rs->o->alpha, &rs->rng, &ci) < 0)
	{
		rs->failed = true;
		return;
	}
	r->current = baseline_stats_quantile(c->rtt.v, c->rtt.n, q);
	r->baseline = r->current - ci.diff;
	r->change = ci.diff;
	r->ci_lo = ci.lo;
	r->ci_hi = ci.hi;
	significant = ci.lo > 0 || ci.hi < 0;
	snprintf(r->effect_name, sizeof(r->effect_name), "rel%%");
	r->effect = r->baseline ? 100.0 * r->change / r->baseline : NAN;
	if (q == 0.5 && baseline_stats_mann_whitney(b->rtt.v, b->rtt.n, c->rtt.v, c->rtt.n,
												&mwu) == 0)
	{
		r->p = mwu.p;
		r->effect = mwu.effect_r;
		snprintf(r->effect_name, sizeof(r->effect_name), "r");
		significant = significant && mwu.p < rs->o->alpha;
	}
	r->verdict = baseline_stats_classify(significant, r->change,
										 baseline_compare_tolerance(rs, r->baseline), true);
}

/** Delay variation: rank test on |consecutive RTT differences|. */
static void baseline_compare_ipdv(baseline_compare_rows_t *rs, const baseline_compare_pool_t *b,
								  const baseline_compare_pool_t *c, const char *target)
{
	baseline_row_t *r = baseline_compare_row_add(rs, "ipdv_ms", target, b->runs);
	baseline_mwu_t mwu;

	if (!r || !b->ipdv.n || !c->ipdv.n)
		return;
	if (baseline_stats_mann_whitney(b->ipdv.v, b->ipdv.n, c->ipdv.v, c->ipdv.n, &mwu) < 0)
	{
		rs->failed = true;
		return;
	}
	r->baseline = baseline_compare_mean(&b->ipdv);
	r->current = baseline_compare_mean(&c->ipdv);
	r->change = r->current - r->baseline;
	r->p = mwu.p;
	r->effect = mwu.effect_r;
	snprintf(r->effect_name, sizeof(r->effect_name), "r");
	r->verdict = baseline_stats_classify(mwu.p < rs->o->alpha, r->change,
										 baseline_compare_tolerance(rs, r->baseline), true);
}

/** Loss: two-proportion z-test; tolerance at least 0.1 percentage point. */
static void baseline_compare_loss(baseline_compare_rows_t *rs, const baseline_compare_pool_t *b,
								  const baseline_compare_pool_t *c, const char *target)
{
	baseline_row_t *r = baseline_compare_row_add(rs, "loss_pct", target, b->runs);
	baseline_prop_t prop;

	if (!r || baseline_stats_two_proportion(b->lost, b->sent, c->lost, c->sent, &prop) < 0)
		return;
	r->baseline = 100.0 * prop.pa;
	r->current = 100.0 * prop.pb;
	r->change = r->current - r->baseline;
	r->p = prop.p;
	r->effect = prop.effect_h;
	snprintf(r->effect_name, sizeof(r->effect_name), "h");
	r->verdict = baseline_stats_classify(prop.p < rs->o->alpha, r->change,
										 fmax(baseline_compare_tolerance(rs, r->baseline), 0.1),
										 true);
}

static void baseline_compare_target(baseline_compare_rows_t *rs, const xp_probe_result_t *p)
{
	baseline_compare_pool_t b = {
		.rtt = { .max = rs->o->max_pool, .rng = &rs->rng },
		.ipdv = { .max = rs->o->max_pool, .rng = &rs->rng },
	}, c = {0};
	size_t n;
	double *cur = baseline_store_rtts(p, &n);

	rs->rc = rs->src->each_entry(rs->src, p->target, p->kind, baseline_compare_pool_entry, &b,
								 rs->err, sizeof(rs->err));
	if (!cur || rs->rc < 0 || !baseline_compare_vec_samples(&c.rtt, &c.ipdv, cur, n))
		rs->failed = true;
	free(cur);
	c.sent = p->sent;
	c.lost = p->sent >= p->received ? p->sent - p->received : 0;
	if (!rs->failed)
	{
		baseline_compare_quantile(rs, "rtt_p50_ms", 0.5, &b, &c, p->target);
		baseline_compare_quantile(rs, "rtt_p99_ms", 0.99, &b, &c, p->target);
		baseline_compare_ipdv(rs, &b, &c, p->target);
		baseline_compare_loss(rs, &b, &c, p->target);
	}
	baseline_compare_pool_free(&b);
	baseline_compare_pool_free(&c);
}

/** The run-wide figures of the stored runs, one vector each. */
typedef struct {
	baseline_compare_vec_t setup, pmtu, up, down;
} baseline_compare_runs_t;

/** Push x if measured; -ENOMEM on failure. */
static int baseline_compare_push_finite(baseline_compare_vec_t *v, double x)
{
	return isfinite(x) && !baseline_compare_vec_push(v, x) ? -ENOMEM : 0;
}

/** A baseline_run_cb_t collecting each run's figures. */
static int baseline_compare_run_figures(void *ctx, const baseline_run_t *r)
{
	baseline_compare_runs_t *v = ctx;

	if (baseline_compare_push_finite(&v->setup, r->tunnel_setup_ms) < 0 ||
		baseline_compare_push_finite(&v->pmtu, r->pmtu_inner) < 0 ||
		baseline_compare_push_finite(&v->up, r->throughput_up_mbps) < 0 ||
		baseline_compare_push_finite(&v->down, r->throughput_down_mbps) < 0)
		return -ENOMEM;
	return 0;
}

/** A run-wide figure (one value per run): is the current one outside the prediction interval? */
static void baseline_compare_scalar(baseline_compare_rows_t *rs, const baseline_compare_vec_t *v,
									const char *key, double cur, bool higher_is_worse)
{
	baseline_row_t *r;
	double mean, sq = 0, sd;

	if (!isfinite(cur))
		return;
	r = baseline_compare_row_add(rs, key, "", v->n);
	if (r && v->n >= 3)
	{
		mean = baseline_compare_mean(v);
		for (size_t i = 0; i < v->n; i++)
			sq += (v->v[i] - mean) * (v->v[i] - mean);
		sd = sqrt(sq / (double)(v->n - 1)) * sqrt(1.0 + 1.0 / (double)v->n);
		r->baseline = mean;
		r->current = cur;
		r->change = cur - mean;
		r->effect = sd > 0 ? r->change / sd : (r->change ? copysign(INFINITY, r->change) : 0);
		snprintf(r->effect_name, sizeof(r->effect_name), "z");
		r->p = sd > 0 ? fmin(1, 2 * baseline_stats_normal_sf(fabs(r->effect))) : r->change ? 0 : 1;
		r->verdict = baseline_stats_classify(r->p < rs->o->alpha, r->change,
											 baseline_compare_tolerance(rs, mean), higher_is_worse);
	}
}

/** The run-wide rows: setup time, path MTU, throughput. */
static void baseline_compare_scalars(baseline_compare_rows_t *rs, const xp_result_t *cur)
{
	baseline_compare_runs_t v = {0};

	rs->rc = rs->src->each_run(rs->src, baseline_compare_run_figures, &v, rs->err,
							   sizeof(rs->err));
	if (rs->rc < 0)
		rs->failed = true;
	else
	{
		baseline_compare_scalar(rs, &v.setup, "tunnel_setup_ms", cur->tunnel.setup_ms, true);
		baseline_compare_scalar(rs, &v.pmtu, "pmtu_inner", cur->pmtu.inner, false);
		baseline_compare_scalar(rs, &v.up, "throughput_up_mbps", cur->throughput_mbps.up, false);
		baseline_compare_scalar(rs, &v.down, "throughput_down_mbps", cur->throughput_mbps.down,
								false);
	}
	free(v.setup.v);
	free(v.pmtu.v);
	free(v.up.v);
	free(v.down.v);
}

int baseline_compare_source(baseline_source_t *src, const xp_result_t *cur,
							const baseline_opts_t *o, baseline_row_t **rows, size_t *n_rows,
							char *err, size_t errlen)
{
	baseline_compare_rows_t rs = { .o = o, .src = src };
	size_t runs = 0;
	int rc = src->count(src, &runs, err, errlen);

	if (rc < 0)
		return rc;
	if (!runs)
	{
		snprintf(err, errlen, "the store holds no runs: record one first");
		return -EINVAL;
	}
	baseline_rng_seed(&rs.rng, o->seed);
	for (size_t i = 0; !rs.failed && i < cur->n_probes; i++)
		baseline_compare_target(&rs, &cur->probes[i]);
	if (!rs.failed)
		baseline_compare_scalars(&rs, cur);
	if (rs.failed)
	{
		free(rs.rows);
		snprintf(err, errlen, "%s", rs.rc < 0 ? rs.err : strerror(ENOMEM));
		return rs.rc < 0 ? rs.rc : -ENOMEM;
	}
	*rows = rs.rows;
	*n_rows = rs.n;
	return 0;
}

int baseline_compare_run(json_t *store, const xp_result_t *cur, const baseline_opts_t *o,
						 baseline_row_t **rows, size_t *n_rows, char *err, size_t errlen)
{
	baseline_source_t *src = baseline_store_source(store);
	int rc;

	if (!src)
	{
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	rc = baseline_compare_source(src, cur, o, rows, n_rows, err, errlen);
	src->destroy(src);
	return rc;
}

size_t baseline_compare_regressions(const baseline_row_t *rows, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += rows[i].verdict == BASELINE_REGRESSION;
	return count;
}

/** Signed compact number ("+2.001", "-0.5", "n/a"). */
static void baseline_compare_signed(char *buf, size_t len, double v, int decimals)
{
	char num[24];

	report_util_num(num, sizeof(num), v, decimals);
	snprintf(buf, len, "%s%s", isfinite(v) && v > 0 ? "+" : "", num);
}

void baseline_compare_print(FILE *out, const baseline_row_t *rows, size_t n,
							const baseline_opts_t *o)
{
	fprintf(out, "%-20s %-16s %5s %10s %10s %10s %-22s %8s %-12s %s\n", "metric", "target",
			"runs", "baseline", "current", "change", "CI", "p", "effect", "result");
	for (size_t i = 0; i < n; i++)
	{
		const baseline_row_t *r = &rows[i];
		char b[32], c[32], d[32], lo[32], hi[32], ci[80] = "-", p[32] = "-", eff[32], e[48] = "-";

		report_util_num(b, sizeof(b), r->baseline, 3);
		report_util_num(c, sizeof(c), r->current, 3);
		baseline_compare_signed(d, sizeof(d), r->change, 3);
		if (isfinite(r->ci_lo))
		{
			baseline_compare_signed(lo, sizeof(lo), r->ci_lo, 3);
			baseline_compare_signed(hi, sizeof(hi), r->ci_hi, 3);
			snprintf(ci, sizeof(ci), "[%s, %s]", lo, hi);
		}
		if (isfinite(r->p))
			snprintf(p, sizeof(p), r->p < 0.001 ? "<0.001" : "%.3f", r->p);
		if (r->effect_name[0] && !isnan(r->effect))
		{
			baseline_compare_signed(eff, sizeof(eff), r->effect, 2);
			snprintf(e, sizeof(e), "%s=%s", r->effect_name, eff);
		}
		fprintf(out, "%-20s %-16s %5zu %10s %10s %10s %-22s %8s %-12s %s\n", r->metric,
				r->target[0] ? r->target : "-", r->runs, b, c, d, ci, p, e,
				baseline_class_name(r->verdict));
	}
	fprintf(out, "%zu regression(s) beyond %g%% tolerance at alpha %g; CI at %g%%\n",
			baseline_compare_regressions(rows, n), o->tolerance_pct, o->alpha,
			100.0 * (1.0 - o->alpha));
}
