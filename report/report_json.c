/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* report.json: xp_result_t -> JSON (docs/report.md, docs/report.schema.json). */

#include "report.h"
#include "report_azure.h"
#include "failover.h"
#include "report_util.h"

#include <math.h>

/** A measured figure: null when not measured. */
static json_t *report_json_real(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/** An integral figure held in a double: null when not measured. */
static json_t *report_json_count(double v)
{
	return isfinite(v) ? json_integer((json_int_t)llround(v)) : json_null();
}

static json_t *report_json_run(const xp_result_t *r)
{
	char started[40];

	report_util_utc(r->run.started_ms, started, sizeof(started));
	return json_pack("{s:s, s:s, s:o, s:f}", "profile", r->run.profile,
					 "crosspeer_version", r->run.crosspeer_version,
					 "started_utc", started[0] ? json_string(started) : json_null(),
					 "duration_s", r->run.duration_ms / 1000.0);
}

static json_t *report_json_event(const xp_event_t *e)
{
	return json_pack("{s:o, s:s, s:s}", "offset_ms", report_json_real(e->offset_ms),
					 "name", e->name, "detail", e->detail);
}

static json_t *report_json_tunnel(const xp_tunnel_result_t *t)
{
	json_t *o = json_object(), *events = json_array();

	for (size_t i = 0; i < t->n_events; i++)
		json_array_append_new(events, report_json_event(&t->events[i]));
	json_object_set_new(o, "established", json_boolean(t->established));
	json_object_set_new(o, "setup_ms", report_json_real(t->setup_ms));
	json_object_set_new(o, "ike_proposal", json_string(t->ike_proposal));
	json_object_set_new(o, "esp_proposal", json_string(t->esp_proposal));
	json_object_set_new(o, "reason", json_string(t->reason));
	json_object_set_new(o, "retransmits", json_integer(t->retransmits));
	json_object_set_new(o, "first_reply_ms", report_json_real(t->first_reply_ms));
	if (t->lost_cause[0])
		json_object_set_new(o, "lost", json_pack("{s:o, s:s}", "offset_ms",
							report_json_real(t->lost_ms), "cause", t->lost_cause));
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "events_dropped", json_integer((json_int_t)t->events_dropped));
	return o;
}

static json_t *report_json_rtt(const xp_rtt_stats_t *s)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
					 "min", report_json_real(s->min), "p50", report_json_real(s->p50),
					 "p90", report_json_real(s->p90), "p99", report_json_real(s->p99),
					 "p999", report_json_real(s->p999), "max", report_json_real(s->max),
					 "mean", report_json_real(s->mean), "stddev", report_json_real(s->stddev));
}

/** The kept samples, column-wise: t_ms[i] and rtt_ms[i] (null = lost). */
static json_t *report_json_series(const xp_probe_result_t *p)
{
	json_t *o = json_object(), *t = json_array(), *rtt = json_array();

	for (size_t i = 0; i < p->n_series; i++)
	{
		json_array_append_new(t, json_real(p->series_t_ms[i]));
		json_array_append_new(rtt, report_json_real(p->series_rtt_ms[i]));
	}
	json_object_set_new(o, "stride", json_integer(p->series_stride));
	json_object_set_new(o, "offered", json_integer((json_int_t)p->series_offered));
	json_object_set_new(o, "t_ms", t);
	json_object_set_new(o, "rtt_ms", rtt);
	return o;
}

static json_t *report_json_cdf(const xp_probe_result_t *p)
{
	json_t *cdf = json_array();

	for (size_t i = 0; i < p->n_cdf; i++)
	{
		json_t *point = json_object();

		json_object_set_new(point, "q", json_real(p->cdf[i].q));
		json_object_set_new(point, "rtt_ms", report_json_real(p->cdf[i].rtt_ms));
		json_array_append_new(cdf, point);
	}
	return cdf;
}

static json_t *report_json_uint(uint64_t v)
{
	return json_integer((json_int_t)v);
}

/** A one-way distribution: min, max, mean, stddev (no percentiles are kept). */
static json_t *report_json_owd_dist(const xp_rtt_stats_t *s)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "min", report_json_real(s->min),
					 "max", report_json_real(s->max), "mean", report_json_real(s->mean),
					 "stddev", report_json_real(s->stddev));
}

static json_t *report_json_owd(const xp_owd_result_t *owd)
{
	if (!owd->measured)
		return json_null();
	return json_pack("{s:b, s:o, s:o, s:o, s:o}", "clock_synced", owd->clock_synced,
					 "forward", report_json_owd_dist(&owd->forward),
					 "backward", report_json_owd_dist(&owd->backward),
					 "jitter_forward_ms", report_json_real(owd->jitter_forward_ms),
					 "jitter_backward_ms", report_json_real(owd->jitter_backward_ms));
}

static json_t *report_json_target_pmtu(const xp_pmtu_result_t *m)
{
	json_t *o;

	if (!m->measured)
		return json_null();
	o = json_pack("{s:I, s:I, s:I, s:I, s:b, s:b}", "pmtu", (json_int_t)m->pmtu,
				  "mss", (json_int_t)m->mss, "icmp_mtu", (json_int_t)m->icmp_mtu,
				  "steps", (json_int_t)m->steps, "black_hole", m->black_hole,
				  "at_upper_bound", m->at_upper_bound);
	if (isfinite(m->esp_overhead))
		json_object_set_new(o, "esp", json_pack("{s:o, s:o}",
				"overhead", report_json_count(m->esp_overhead),
				"outer_mtu_needed", report_json_count(m->pmtu + m->esp_overhead)));
	else
		json_object_set_new(o, "esp", json_null());
	return o;
}

static json_t *report_json_target_throughput(const xp_throughput_result_t *t)
{
	if (!t->measured)
		return json_null();
	return json_pack("{s:o, s:o, s:I, s:o, s:o, s:o, s:o}",
					 "up_mbps", report_json_real(t->up_mbps),
					 "down_mbps", report_json_real(t->down_mbps),
					 "streams", (json_int_t)t->streams, "up_bytes", report_json_uint(t->up_bytes),
					 "udp_sent", report_json_uint(t->udp_sent),
					 "udp_received", report_json_uint(t->udp_received),
					 "udp_loss_pct", report_json_real(t->udp_loss_pct));
}

/** Counted one-way losses: null when the kind cannot tell the directions apart. */
static json_t *report_json_split(const xp_probe_result_t *p, uint64_t v)
{
	return p->loss_split ? report_json_uint(v) : json_null();
}

static void report_json_probe_delays(json_t *o, const xp_probe_result_t *p)
{
	json_object_set_new(o, "rtt_ms", report_json_rtt(&p->rtt_ms));
	json_object_set_new(o, "jitter_ms", report_json_real(p->jitter_ms));
	json_object_set_new(o, "ipdv_ms", report_json_real(p->ipdv_ms));
	json_object_set_new(o, "ipdv_pairs", report_json_uint(p->ipdv_pairs));
	json_object_set_new(o, "ipdv_min_ms", report_json_real(p->ipdv_min_ms));
	json_object_set_new(o, "ipdv_max_ms", report_json_real(p->ipdv_max_ms));
	json_object_set_new(o, "owd_ms", report_json_owd(&p->owd));
	json_object_set_new(o, "timestamp_source", json_string(p->timestamp_source));
}

static void report_json_probe_counts(json_t *o, const xp_probe_result_t *p)
{
	json_object_set_new(o, "sent", report_json_uint(p->sent));
	json_object_set_new(o, "received", report_json_uint(p->received));
	json_object_set_new(o, "loss_pct", report_json_real(p->loss_pct));
	json_object_set_new(o, "loss_forward", report_json_split(p, p->loss_forward));
	json_object_set_new(o, "loss_backward", report_json_split(p, p->loss_backward));
	json_object_set_new(o, "loss_forward_pct", report_json_real(p->loss_forward_pct));
	json_object_set_new(o, "loss_backward_pct", report_json_real(p->loss_backward_pct));
	json_object_set_new(o, "reordered", report_json_uint(p->reordered));
	json_object_set_new(o, "duplicates", report_json_uint(p->duplicates));
	json_object_set_new(o, "late", report_json_uint(p->late));
	json_object_set_new(o, "refused", report_json_uint(p->refused));
}

static json_t *report_json_probe(const xp_probe_result_t *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "target", json_string(p->target));
	json_object_set_new(o, "kind", json_string(p->kind));
	json_object_set_new(o, "port", json_integer(p->port));
	report_json_probe_counts(o, p);
	report_json_probe_delays(o, p);
	json_object_set_new(o, "pmtu", report_json_target_pmtu(&p->pmtu));
	json_object_set_new(o, "throughput", report_json_target_throughput(&p->throughput));
	json_object_set_new(o, "error", p->error[0] ? json_string(p->error) : json_null());
	json_object_set_new(o, "series", report_json_series(p));
	json_object_set_new(o, "cdf", report_json_cdf(p));
	return o;
}

static json_t *report_json_check(const xp_check_t *c, bool with_pass)
{
	json_t *o = json_object();

	json_object_set_new(o, "check", json_string(c->check));
	json_object_set_new(o, "target", json_string(c->target));
	json_object_set_new(o, "measured", report_json_real(c->measured));
	json_object_set_new(o, "allowed", report_json_real(c->allowed));
	json_object_set_new(o, "comparison", json_string(c->comparison));
	json_object_set_new(o, "unit", json_string(c->unit));
	json_object_set_new(o, "message", json_string(c->message));
	if (with_pass)
		json_object_set_new(o, "pass", json_boolean(c->pass));
	return o;
}

static json_t *report_json_verdict(const xp_result_t *r)
{
	json_t *o = json_object(), *checks = json_array(), *failures = json_array();

	for (size_t i = 0; i < r->verdict.n_checks; i++)
	{
		const xp_check_t *c = &r->verdict.checks[i];

		json_array_append_new(checks, report_json_check(c, true));
		if (!c->pass)
			json_array_append_new(failures, report_json_check(c, false));
	}
	json_object_set_new(o, "evaluated", json_boolean(r->verdict.evaluated));
	json_object_set_new(o, "pass", json_boolean(r->verdict.evaluated && r->verdict.pass));
	json_object_set_new(o, "checks", checks);
	json_object_set_new(o, "failures", failures);
	return o;
}

/** A capture counter: null when no capture ran. */
static json_t *report_json_captured(const xp_result_t *r, uint64_t v)
{
	return r->encapsulation.checked ? report_json_uint(v) : json_null();
}

static json_t *report_json_encapsulation(const xp_result_t *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "checked", json_boolean(r->encapsulation.checked));
	json_object_set_new(o, "esp_packets", report_json_captured(r, r->encapsulation.esp_packets));
	json_object_set_new(o, "esp_in_udp", report_json_captured(r, r->encapsulation.esp_in_udp));
	json_object_set_new(o, "ike_packets", report_json_captured(r, r->encapsulation.ike_packets));
	json_object_set_new(o, "captured", report_json_captured(r, r->encapsulation.captured));
	json_object_set_new(o, "plaintext_leaks",
						report_json_captured(r, r->encapsulation.plaintext_leaks));
	return o;
}

static json_t *report_json_pmtu(const xp_result_t *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "inner", report_json_count(r->pmtu.inner));
	json_object_set_new(o, "esp_overhead", report_json_count(r->pmtu.esp_overhead));
	json_object_set_new(o, "mss", report_json_count(r->pmtu.mss));
	return o;
}

static json_t *report_json_throughput(const xp_result_t *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "up", report_json_real(r->throughput_mbps.up));
	json_object_set_new(o, "down", report_json_real(r->throughput_mbps.down));
	return o;
}

json_t *report_json_measurement(const xp_result_t *r)
{
	json_t *root = json_object(), *probes = json_array();

	if (!root || !probes)
	{
		json_decref(root);
		json_decref(probes);
		return NULL;
	}
	for (size_t i = 0; i < r->n_probes; i++)
		json_array_append_new(probes, report_json_probe(&r->probes[i]));
	json_object_set_new(root, "schema_version", json_integer(XP_RESULT_SCHEMA_VERSION));
	json_object_set_new(root, "run", report_json_run(r));
	json_object_set_new(root, "probes", probes);
	json_object_set_new(root, "pmtu", report_json_pmtu(r));
	json_object_set_new(root, "throughput_mbps", report_json_throughput(r));
	json_object_set_new(root, "encapsulation", report_json_encapsulation(r));
	return root;
}

json_t *report_json_build(const xp_result_t *r)
{
	json_t *root = report_json_measurement(r);

	if (!root)
		return NULL;
	json_object_set_new(root, "tunnel", report_json_tunnel(&r->tunnel));
	json_object_set_new(root, "verdict", report_json_verdict(r));
	if (r->azure.read)
		json_object_set_new(root, "azure", report_azure_json(r));
	if (r->failover)
		json_object_set_new(root, "failover", xp_failover_json(r->failover));
	return root;
}

char *report_json_text(const xp_result_t *r)
{
	json_t *root = report_json_build(r);
	char *text;

	if (!root)
		return NULL;
	text = json_dumps(root, REPORT_JSON_FLAGS);
	json_decref(root);
	return text;
}
