/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "baseline_store.h"
#include "atomic_file.h"
#include "report_util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

json_t *baseline_store_load(const char *path, bool missing_ok, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root, *runs, *version;
	struct stat st;

	if (stat(path, &st) < 0)
	{
		if (missing_ok && errno == ENOENT)
			return json_pack("{s:i, s:[]}", "crosspeer_baseline", BASELINE_STORE_VERSION,
							 "runs");
		snprintf(err, errlen, "cannot open: %s%s", strerror(errno), errno == ENOENT ?
				 " (crosspeer baseline record creates it)" : "");
		return NULL;
	}
	if (!S_ISREG(st.st_mode))
	{
		snprintf(err, errlen, "not a regular file; --store names the baseline store file, "
				 "e.g. baseline.json");
		return NULL;
	}
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
	{
		char reason[200];

		report_util_json_error(&jerr, reason, sizeof(reason));
		snprintf(err, errlen, "%s; not a crosspeer baseline store (give another --store, or "
				 "move this file away)", reason);
		return NULL;
	}
	runs = json_object_get(root, "runs");
	version = json_object_get(root, "crosspeer_baseline");
	if (json_is_integer(version) && json_integer_value(version) != BASELINE_STORE_VERSION)
		snprintf(err, errlen, "store version %lld is not one this crosspeer reads (%d)",
				 (long long)json_integer_value(version), BASELINE_STORE_VERSION);
	else if (!json_is_integer(version) || !json_is_array(runs))
		snprintf(err, errlen, "not a crosspeer baseline store (no \"crosspeer_baseline\": %d "
				 "and \"runs\" array); give another --store, or move this file away",
				 BASELINE_STORE_VERSION);
	else
		return root;
	json_decref(root);
	return NULL;
}

double *baseline_store_rtts(const xp_probe_result_t *p, size_t *n)
{
	double *v = malloc((p->n_series ? p->n_series : 1) * sizeof(double));

	*n = 0;
	for (size_t i = 0; v && i < p->n_series; i++)
	{
		if (isfinite(p->series_rtt_ms[i]))
			v[(*n)++] = p->series_rtt_ms[i];
	}
	return v;
}

static json_t *baseline_store_real(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *baseline_store_target(const xp_probe_result_t *p)
{
	json_t *o = json_object(), *samples = json_array();
	size_t n;
	double *rtt = baseline_store_rtts(p, &n);

	for (size_t i = 0; rtt && i < n; i++)
		json_array_append_new(samples, json_real(rtt[i]));
	free(rtt);
	json_object_set_new(o, "target", json_string(p->target));
	json_object_set_new(o, "kind", json_string(p->kind));
	json_object_set_new(o, "sent", json_integer((json_int_t)p->sent));
	json_object_set_new(o, "received", json_integer((json_int_t)p->received));
	json_object_set_new(o, "rtt_p50_ms", baseline_store_real(p->rtt_ms.p50));
	json_object_set_new(o, "rtt_p99_ms", baseline_store_real(p->rtt_ms.p99));
	json_object_set_new(o, "jitter_ms", baseline_store_real(p->jitter_ms));
	json_object_set_new(o, "rtt_samples_ms", samples);
	return o;
}

json_t *baseline_store_entry(const xp_result_t *r)
{
	json_t *o = json_object(), *targets = json_array();
	char started[40], now[40];
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	report_util_utc((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, now, sizeof(now));
	report_util_utc(r->run.started_ms, started, sizeof(started));
	for (size_t i = 0; i < r->n_probes; i++)
		json_array_append_new(targets, baseline_store_target(&r->probes[i]));
	json_object_set_new(o, "recorded_utc", json_string(now));
	json_object_set_new(o, "started_utc", started[0] ? json_string(started) : json_null());
	json_object_set_new(o, "profile", json_string(r->run.profile));
	json_object_set_new(o, "crosspeer_version", json_string(r->run.crosspeer_version));
	json_object_set_new(o, "tunnel_setup_ms", baseline_store_real(r->tunnel.setup_ms));
	json_object_set_new(o, "pmtu_inner", baseline_store_real(r->pmtu.inner));
	json_object_set_new(o, "throughput_up_mbps", baseline_store_real(r->throughput_mbps.up));
	json_object_set_new(o, "throughput_down_mbps",
						baseline_store_real(r->throughput_mbps.down));
	json_object_set_new(o, "targets", targets);
	return o;
}

int baseline_store_record(const char *path, const xp_result_t *r, size_t keep,
						  char *err, size_t errlen)
{
	json_t *root, *runs;
	char *text;
	int rc;

	if (!r->tunnel.established)
	{
		snprintf(err, errlen, "the report's tunnel was not established: not recorded");
		return -EINVAL;
	}
	root = baseline_store_load(path, true, err, errlen);
	if (!root)
		return -EINVAL;
	runs = json_object_get(root, "runs");
	json_array_append_new(runs, baseline_store_entry(r));
	while (keep && json_array_size(runs) > keep)
		json_array_remove(runs, 0);
	text = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (!text)
	{
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	rc = atomic_file_write(path, text, strlen(text), 0644, err, errlen);
	free(text);
	return rc;
}
