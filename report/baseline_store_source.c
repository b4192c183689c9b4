/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* A JSON baseline store (baseline_store.c) as a baseline_source_t. */

#include "baseline_store.h"
#include "report_util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/** The source over one loaded store. */
typedef struct {
	baseline_source_t public;
	/** {"crosspeer_baseline": 1, "runs": [...]}, borrowed */
	json_t *store;
	/** hour-of-week window centre, -1 for every run */
	int hour;
} baseline_store_source_t;

/** A stored number, NAN when absent or null. */
static double baseline_store_number(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/** The run's start (Unix s) and whether it is in the selection. */
static bool baseline_store_selected(const baseline_store_source_t *this, json_t *run,
									int64_t *started_s)
{
	const char *utc = json_string_value(json_object_get(run, "started_utc"));
	int64_t ms = report_util_parse_utc(utc);

	*started_s = ms / 1000;
	if (this->hour < 0)
		return true;
	return ms && baseline_week_near(baseline_week_hour(*started_s), this->hour);
}

static int baseline_store_count(baseline_source_t *public, size_t *n, char *err, size_t errlen)
{
	baseline_store_source_t *this = (baseline_store_source_t *)public;
	json_t *run;
	int64_t s;
	size_t i;

	(void)err;
	(void)errlen;
	*n = 0;
	json_array_foreach(json_object_get(this->store, "runs"), i, run)
		*n += baseline_store_selected(this, run, &s);
	return 0;
}

static int baseline_store_each_run(baseline_source_t *public, baseline_run_cb_t fn, void *ctx,
								   char *err, size_t errlen)
{
	baseline_store_source_t *this = (baseline_store_source_t *)public;
	baseline_run_t r;
	json_t *run;
	size_t i;
	int rc;

	json_array_foreach(json_object_get(this->store, "runs"), i, run)
	{
		if (!baseline_store_selected(this, run, &r.started_s))
			continue;
		r.tunnel_setup_ms = baseline_store_number(run, "tunnel_setup_ms");
		r.pmtu_inner = baseline_store_number(run, "pmtu_inner");
		r.throughput_up_mbps = baseline_store_number(run, "throughput_up_mbps");
		r.throughput_down_mbps = baseline_store_number(run, "throughput_down_mbps");
		if ((rc = fn(ctx, &r)) < 0)
		{
			snprintf(err, errlen, "%s", strerror(-rc));
			return rc;
		}
	}
	return 0;
}

/** One stored target entry: its samples as doubles (malloc'd into *v) and counts. */
static int baseline_store_entry_of(json_t *t, baseline_entry_t *e, double **v)
{
	json_t *samples = json_object_get(t, "rtt_samples_ms"), *s;
	json_int_t sent = json_integer_value(json_object_get(t, "sent"));
	json_int_t received = json_integer_value(json_object_get(t, "received"));
	size_t i;

	*v = malloc((json_array_size(samples) + 1) * sizeof(double));
	if (!*v)
		return -ENOMEM;
	e->n_rtt = 0;
	json_array_foreach(samples, i, s)
	{
		if (json_is_number(s))
			(*v)[e->n_rtt++] = json_number_value(s);
	}
	e->rtt = *v;
	e->sent = sent > 0 && received >= 0 && received <= sent ? (uint64_t)sent : 0;
	e->received = e->sent ? (uint64_t)received : 0;
	e->rtt_p50_ms = baseline_store_number(t, "rtt_p50_ms");
	e->rtt_p99_ms = baseline_store_number(t, "rtt_p99_ms");
	return 0;
}

/** Does stored target entry t measure target/kind? */
static bool baseline_store_matches(json_t *t, const char *target, const char *kind)
{
	const char *tt = json_string_value(json_object_get(t, "target"));
	const char *tk = json_string_value(json_object_get(t, "kind"));

	return tt && tk && !strcmp(tt, target) && !strcmp(tk, kind);
}

static int baseline_store_each_entry(baseline_source_t *public, const char *target,
									 const char *kind, baseline_entry_cb_t fn, void *ctx,
									 char *err, size_t errlen)
{
	baseline_store_source_t *this = (baseline_store_source_t *)public;
	baseline_entry_t e;
	json_t *run, *t;
	size_t i, k;
	int rc = 0;

	json_array_foreach(json_object_get(this->store, "runs"), i, run)
	{
		if (!baseline_store_selected(this, run, &e.started_s))
			continue;
		json_array_foreach(json_object_get(run, "targets"), k, t)
		{
			double *v;

			if (!baseline_store_matches(t, target, kind))
				continue;
			rc = baseline_store_entry_of(t, &e, &v);
			if (!rc)
				rc = fn(ctx, &e);
			free(v);
			if (rc < 0)
			{
				snprintf(err, errlen, "%s", strerror(-rc));
				return rc;
			}
		}
	}
	return 0;
}

static void baseline_store_select_hour(baseline_source_t *public, int hour)
{
	((baseline_store_source_t *)public)->hour = hour;
}

static void baseline_store_source_destroy(baseline_source_t *public)
{
	free(public);
}

baseline_source_t *baseline_store_source(json_t *store)
{
	baseline_store_source_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->public = (baseline_source_t){
		.count = baseline_store_count,
		.each_run = baseline_store_each_run,
		.each_entry = baseline_store_each_entry,
		.select_hour = baseline_store_select_hour,
		.destroy = baseline_store_source_destroy,
	};
	this->store = store;
	this->hour = -1;
	return &this->public;
}
