/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* report.json -> xp_result_t, for baselines: the only reader of report.json. */

#include "report.h"
#include "report_util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/** Parsing state: the first error wins. */
typedef struct {
	char *err;
	size_t errlen;
	bool failed;
} report_json_load_t;

static void report_json_load_fail(report_json_load_t *ctx, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_json_load_fail(report_json_load_t *ctx, const char *path, const char *fmt, ...)
{
	char reason[160];
	va_list ap;

	if (ctx->failed)
		return;
	ctx->failed = true;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	snprintf(ctx->err, ctx->errlen, "%s: %s", path, reason);
}

/** Member key of obj: NULL when absent or obj is not an object. */
static json_t *report_json_load_get(json_t *obj, const char *key)
{
	return json_is_object(obj) ? json_object_get(obj, key) : NULL;
}

static double report_json_load_real(report_json_load_t *ctx, json_t *obj, const char *sect,
									const char *key)
{
	json_t *v = report_json_load_get(obj, key);

	if (!v || json_is_null(v))
		return NAN;
	if (!json_is_number(v))
		report_json_load_fail(ctx, sect, "%s: expected a number or null", key);
	return json_number_value(v);
}

static uint64_t report_json_load_uint(report_json_load_t *ctx, json_t *obj, const char *sect,
									  const char *key)
{
	json_t *v = report_json_load_get(obj, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
	{
		report_json_load_fail(ctx, sect, "%s: expected a non-negative integer", key);
		return 0;
	}
	return (uint64_t)json_integer_value(v);
}

static void report_json_load_str(report_json_load_t *ctx, json_t *obj, const char *sect,
								 const char *key, char *out, size_t len)
{
	json_t *v = report_json_load_get(obj, key);

	if (!v || json_is_null(v))
		return;
	if (!json_is_string(v))
		report_json_load_fail(ctx, sect, "%s: expected a string", key);
	else
		snprintf(out, len, "%s", json_string_value(v));
}

static bool report_json_load_bool(report_json_load_t *ctx, json_t *obj, const char *sect,
								  const char *key)
{
	json_t *v = report_json_load_get(obj, key);

	if (v && !json_is_boolean(v))
		report_json_load_fail(ctx, sect, "%s: expected true or false", key);
	return json_is_true(v);
}

static void report_json_load_tunnel(report_json_load_t *ctx, json_t *o, xp_result_t *r)
{
	xp_tunnel_result_t *t = &r->tunnel;
	json_t *events = report_json_load_get(o, "events"), *e;
	size_t i;

	if (!json_is_object(o))
	{
		report_json_load_fail(ctx, "tunnel", "expected an object");
		return;
	}
	t->established = report_json_load_bool(ctx, o, "tunnel", "established");
	t->setup_ms = report_json_load_real(ctx, o, "tunnel", "setup_ms");
	t->first_reply_ms = report_json_load_real(ctx, o, "tunnel", "first_reply_ms");
	t->retransmits = (uint32_t)report_json_load_uint(ctx, o, "tunnel", "retransmits");
	t->events_dropped = report_json_load_uint(ctx, o, "tunnel", "events_dropped");
	report_json_load_str(ctx, o, "tunnel", "ike_proposal", t->ike_proposal,
						 sizeof(t->ike_proposal));
	report_json_load_str(ctx, o, "tunnel", "esp_proposal", t->esp_proposal,
						 sizeof(t->esp_proposal));
	report_json_load_str(ctx, o, "tunnel", "reason", t->reason, sizeof(t->reason));
	if (report_json_load_get(o, "lost"))
	{
		json_t *lost = report_json_load_get(o, "lost");

		t->lost_ms = report_json_load_real(ctx, lost, "tunnel.lost", "offset_ms");
		report_json_load_str(ctx, lost, "tunnel.lost", "cause", t->lost_cause,
							 sizeof(t->lost_cause));
	}
	if (events && !json_is_array(events))
		report_json_load_fail(ctx, "tunnel.events", "expected an array");
	json_array_foreach(events, i, e)
	{
		char name[32] = "", detail[160] = "";

		report_json_load_str(ctx, e, "tunnel.events[]", "name", name, sizeof(name));
		report_json_load_str(ctx, e, "tunnel.events[]", "detail", detail, sizeof(detail));
		xp_result_add_event(r, report_json_load_real(ctx, e, "tunnel.events[]", "offset_ms"),
							name, detail);
	}
}

static void report_json_load_rtt(report_json_load_t *ctx, json_t *o, xp_rtt_stats_t *s)
{
	const char *sect = "probes[].rtt_ms";

	s->min = report_json_load_real(ctx, o, sect, "min");
	s->p50 = report_json_load_real(ctx, o, sect, "p50");
	s->p90 = report_json_load_real(ctx, o, sect, "p90");
	s->p99 = report_json_load_real(ctx, o, sect, "p99");
	s->p999 = report_json_load_real(ctx, o, sect, "p999");
	s->max = report_json_load_real(ctx, o, sect, "max");
	s->mean = report_json_load_real(ctx, o, sect, "mean");
	s->stddev = report_json_load_real(ctx, o, sect, "stddev");
}

/** Series and CDF: the kept samples are re-added, so the bound holds here too. */
static void report_json_load_samples(report_json_load_t *ctx, json_t *o, xp_probe_result_t *p)
{
	json_t *series = report_json_load_get(o, "series"), *cdf = report_json_load_get(o, "cdf"), *v;
	json_t *t = report_json_load_get(series, "t_ms"), *rtt = report_json_load_get(series, "rtt_ms");
	size_t i;

	if (series && (!json_is_array(t) || !json_is_array(rtt) ||
				   json_array_size(t) != json_array_size(rtt)))
	{
		report_json_load_fail(ctx, "probes[].series", "expected t_ms and rtt_ms of equal length");
		return;
	}
	for (i = 0; i < json_array_size(t); i++)
	{
		json_t *tv = json_array_get(t, i), *rv = json_array_get(rtt, i);

		if (!json_is_number(tv) || !(json_is_number(rv) || json_is_null(rv)))
			report_json_load_fail(ctx, "probes[].series",
								  "samples must be numbers (rtt may be null)");
		xp_probe_result_add_sample(p, json_number_value(tv),
								   json_is_null(rv) ? NAN : json_number_value(rv));
	}
	p->series_stride = (uint32_t)report_json_load_uint(ctx, series, "probes[].series", "stride");
	p->series_stride = p->series_stride ? p->series_stride : 1;
	p->series_offered = report_json_load_uint(ctx, series, "probes[].series", "offered");
	json_array_foreach(cdf, i, v)
	{
		xp_probe_result_add_quantile(p, report_json_load_real(ctx, v, "probes[].cdf", "q"),
									 report_json_load_real(ctx, v, "probes[].cdf", "rtt_ms"));
	}
}

static void report_json_load_probe(report_json_load_t *ctx, json_t *o, xp_result_t *r)
{
	const char *sect = "probes[]";
	char target[64] = "", kind[8] = "";
	xp_probe_result_t *p;

	if (!json_is_object(o))
	{
		report_json_load_fail(ctx, sect, "expected an object");
		return;
	}
	report_json_load_str(ctx, o, sect, "target", target, sizeof(target));
	report_json_load_str(ctx, o, sect, "kind", kind, sizeof(kind));
	p = xp_result_add_probe(r, target, kind);
	if (!p)
	{
		report_json_load_fail(ctx, sect, "%s", strerror(ENOMEM));
		return;
	}
	p->sent = report_json_load_uint(ctx, o, sect, "sent");
	p->received = report_json_load_uint(ctx, o, sect, "received");
	p->loss_pct = report_json_load_real(ctx, o, sect, "loss_pct");
	p->loss_forward_pct = report_json_load_real(ctx, o, sect, "loss_forward_pct");
	p->loss_backward_pct = report_json_load_real(ctx, o, sect, "loss_backward_pct");
	report_json_load_rtt(ctx, report_json_load_get(o, "rtt_ms"), &p->rtt_ms);
	p->jitter_ms = report_json_load_real(ctx, o, sect, "jitter_ms");
	p->ipdv_ms = report_json_load_real(ctx, o, sect, "ipdv_ms");
	p->reordered = report_json_load_uint(ctx, o, sect, "reordered");
	p->duplicates = report_json_load_uint(ctx, o, sect, "duplicates");
	p->late = report_json_load_uint(ctx, o, sect, "late");
	report_json_load_str(ctx, o, sect, "timestamp_source", p->timestamp_source,
						 sizeof(p->timestamp_source));
	report_json_load_samples(ctx, o, p);
}

/** Re-create the verdict's checks (failures[] is derived from checks[], so not read). */
static void report_json_load_verdict(report_json_load_t *ctx, json_t *o, xp_result_t *r)
{
	json_t *checks = report_json_load_get(o, "checks"), *c;
	size_t i;

	r->verdict.evaluated = report_json_load_bool(ctx, o, "verdict", "evaluated");
	r->verdict.pass = report_json_load_bool(ctx, o, "verdict", "pass");
	r->verdict.checks = calloc(json_array_size(checks) + 1, sizeof(xp_check_t));
	if (!r->verdict.checks)
	{
		report_json_load_fail(ctx, "verdict", "%s", strerror(ENOMEM));
		return;
	}
	json_array_foreach(checks, i, c)
	{
		xp_check_t *k = &r->verdict.checks[r->verdict.n_checks++];
		const char *sect = "verdict.checks[]";

		report_json_load_str(ctx, c, sect, "check", k->check, sizeof(k->check));
		report_json_load_str(ctx, c, sect, "target", k->target, sizeof(k->target));
		report_json_load_str(ctx, c, sect, "comparison", k->comparison, sizeof(k->comparison));
		report_json_load_str(ctx, c, sect, "unit", k->unit, sizeof(k->unit));
		report_json_load_str(ctx, c, sect, "message", k->message, sizeof(k->message));
		k->measured = report_json_load_real(ctx, c, sect, "measured");
		k->allowed = report_json_load_real(ctx, c, sect, "allowed");
		k->pass = report_json_load_bool(ctx, c, sect, "pass");
	}
}

/** run, pmtu, throughput and encapsulation: flat sections. */
static void report_json_load_flat(report_json_load_t *ctx, json_t *root, xp_result_t *r)
{
	json_t *run = report_json_load_get(root, "run"), *pmtu = report_json_load_get(root, "pmtu");
	json_t *tp = report_json_load_get(root, "throughput_mbps");
	json_t *enc = report_json_load_get(root, "encapsulation");
	json_t *started = report_json_load_get(run, "started_utc");
	double duration_s = report_json_load_real(ctx, run, "run", "duration_s");

	report_json_load_str(ctx, run, "run", "profile", r->run.profile, sizeof(r->run.profile));
	report_json_load_str(ctx, run, "run", "crosspeer_version", r->run.crosspeer_version,
						 sizeof(r->run.crosspeer_version));
	r->run.duration_ms = isnan(duration_s) ? 0 : duration_s * 1000.0;
	r->pmtu.inner = report_json_load_real(ctx, pmtu, "pmtu", "inner");
	r->pmtu.esp_overhead = report_json_load_real(ctx, pmtu, "pmtu", "esp_overhead");
	r->pmtu.mss = report_json_load_real(ctx, pmtu, "pmtu", "mss");
	r->throughput_mbps.up = report_json_load_real(ctx, tp, "throughput_mbps", "up");
	r->throughput_mbps.down = report_json_load_real(ctx, tp, "throughput_mbps", "down");
	r->encapsulation.checked = report_json_load_bool(ctx, enc, "encapsulation", "checked");
	r->encapsulation.esp_packets = report_json_load_uint(ctx, enc, "encapsulation", "esp_packets");
	r->encapsulation.plaintext_leaks = report_json_load_uint(ctx, enc, "encapsulation",
															 "plaintext_leaks");
	r->run.started_ms = report_util_parse_utc(json_string_value(started));
}

xp_result_t *report_json_parse(json_t *root, char *err, size_t errlen)
{
	report_json_load_t ctx = { .err = err, .errlen = errlen };
	json_t *version = report_json_load_get(root, "schema_version");
	json_t *probes = report_json_load_get(root, "probes"), *p;
	xp_result_t *r;
	size_t i;

	if (!json_is_integer(version))
	{
		report_json_load_fail(&ctx, "schema_version", "missing: not a crosspeer report.json");
		return NULL;
	}
	if (json_integer_value(version) < 1 || json_integer_value(version) > XP_RESULT_SCHEMA_VERSION)
	{
		report_json_load_fail(&ctx, "schema_version",
							  "%lld is not one this crosspeer reads (1..%d)",
							  (long long)json_integer_value(version), XP_RESULT_SCHEMA_VERSION);
		return NULL;
	}
	if (!json_is_array(probes))
	{
		report_json_load_fail(&ctx, "probes", "expected an array");
		return NULL;
	}
	r = xp_result_create(NULL, NULL);
	if (!r)
	{
		report_json_load_fail(&ctx, "report", "%s", strerror(ENOMEM));
		return NULL;
	}
	report_json_load_flat(&ctx, root, r);
	report_json_load_tunnel(&ctx, report_json_load_get(root, "tunnel"), r);
	json_array_foreach(probes, i, p)
		report_json_load_probe(&ctx, p, r);
	report_json_load_verdict(&ctx, report_json_load_get(root, "verdict"), r);
	if (ctx.failed)
	{
		xp_result_destroy(r);
		return NULL;
	}
	return r;
}

xp_result_t *report_json_load(const char *path, char *err, size_t errlen)
{
	char file[PATH_MAX], reason[200];
	json_error_t jerr;
	struct stat st;
	xp_result_t *r;
	json_t *root;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(file, sizeof(file), "%s/%s", path, REPORT_JSON_FILE);
	else
		snprintf(file, sizeof(file), "%s", path);
	if (stat(file, &st) < 0)
	{
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	root = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
	{
		report_util_json_error(&jerr, reason, sizeof(reason));
		snprintf(err, errlen, "%s:%s", file, reason);
		return NULL;
	}
	r = report_json_parse(root, reason, sizeof(reason));
	json_decref(root);
	if (!r)
		snprintf(err, errlen, "%s: %s", file, reason);
	return r;
}
