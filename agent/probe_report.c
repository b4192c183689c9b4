/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <math.h>
#include <string.h>

#include "probe_report.h"

/** A JSON number, or null for NaN (jansson refuses non-finite reals). */
static json_t *probe_report_real(double v)
{
	return isfinite(v) ? json_real(round(v * 1e6) / 1e6) : json_null();
}

static json_t *probe_report_dist(const stats_dist_t *d, bool percentiles)
{
	json_t *o = json_object();

	json_object_set_new(o, "min", probe_report_real(d->min));
	if (percentiles)
	{
		json_object_set_new(o, "p50", probe_report_real(d->p50));
		json_object_set_new(o, "p90", probe_report_real(d->p90));
		json_object_set_new(o, "p99", probe_report_real(d->p99));
		json_object_set_new(o, "p999", probe_report_real(d->p999));
	}
	json_object_set_new(o, "max", probe_report_real(d->max));
	json_object_set_new(o, "mean", probe_report_real(d->mean));
	json_object_set_new(o, "stddev", probe_report_real(d->stddev));
	return o;
}

static json_t *probe_report_owd(const stats_summary_t *s)
{
	if (!s->owd_valid)
		return json_null();
	return json_pack("{s:b, s:o, s:o, s:o, s:o}",
					 "clock_synced", s->owd_synced,
					 "forward", probe_report_dist(&s->owd_fwd_ms, false),
					 "backward", probe_report_dist(&s->owd_back_ms, false),
					 "jitter_forward_ms", probe_report_real(s->jitter_fwd_ms),
					 "jitter_backward_ms", probe_report_real(s->jitter_back_ms));
}

static json_t *probe_report_pmtu(const probe_job_t *j)
{
	json_t *o;

	if (!j->has_pmtu || j->pmtu_rc)
		return json_null();
	o = json_pack("{s:I, s:b, s:b, s:I, s:I, s:I}",
				  "pmtu", (json_int_t)j->pmtu.pmtu,
				  "black_hole", j->pmtu.black_hole,
				  "at_upper_bound", j->pmtu.at_upper_bound,
				  "icmp_mtu", (json_int_t)j->pmtu.icmp_mtu,
				  "mss", (json_int_t)pmtu_mss(j->pmtu.pmtu, j->target->addr.ss_family),
				  "steps", (json_int_t)j->pmtu.steps);
	if (j->has_esp)
		json_object_set_new(o, "esp", json_pack("{s:I, s:I}",
				"overhead", (json_int_t)j->esp.overhead,
				"outer_mtu_needed", (json_int_t)(j->pmtu.pmtu + j->esp.overhead)));
	return o;
}

static json_t *probe_report_tput(const probe_job_t *j)
{
	if (!j->has_tput || j->tput_rc)
		return json_null();
	return json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:o}",
					 "up_mbps", probe_report_real(j->tput.up_mbps),
					 "down_mbps", probe_report_real(j->tput.down_mbps),
					 "streams", (json_int_t)j->tput.streams,
					 "up_bytes", (json_int_t)j->tput.up_bytes,
					 "udp_sent", (json_int_t)j->tput.udp_sent,
					 "udp_received", (json_int_t)j->tput.udp_received,
					 "udp_loss_pct", probe_report_real(j->tput.udp_loss_pct));
}

static json_t *probe_report_count(bool known, uint64_t v)
{
	return known ? json_integer((json_int_t)v) : json_null();
}

json_t *probe_report_target(const probe_job_t *j)
{
	const stats_summary_t *s = &j->sum;
	json_t *o = json_object();

	json_object_set_new(o, "target", json_string(j->target->address));
	json_object_set_new(o, "kind", json_string(j->target->kind));
	json_object_set_new(o, "port", json_integer(j->target->port));
	json_object_set_new(o, "sent", json_integer((json_int_t)s->sent));
	json_object_set_new(o, "received", json_integer((json_int_t)s->received));
	json_object_set_new(o, "loss_pct", probe_report_real(s->loss_pct));
	json_object_set_new(o, "loss_forward", probe_report_count(s->loss_split, s->loss_forward));
	json_object_set_new(o, "loss_backward", probe_report_count(s->loss_split, s->loss_backward));
	json_object_set_new(o, "rtt_ms", s->received ? probe_report_dist(&s->rtt_ms, true) :
						json_null());
	json_object_set_new(o, "jitter_ms", probe_report_real(s->jitter_ms));
	json_object_set_new(o, "ipdv_ms", json_pack("{s:I, s:o, s:o, s:o}",
			"pairs", (json_int_t)s->ipdv_pairs, "mean_abs", probe_report_real(s->ipdv_mean_abs_ms),
			"min", probe_report_real(s->ipdv_min_ms), "max", probe_report_real(s->ipdv_max_ms)));
	json_object_set_new(o, "reordered", json_integer((json_int_t)s->reordered));
	json_object_set_new(o, "duplicates", json_integer((json_int_t)s->duplicates));
	json_object_set_new(o, "late", json_integer((json_int_t)s->late));
	json_object_set_new(o, "refused", json_integer((json_int_t)s->refused));
	json_object_set_new(o, "timestamp_source", json_string(stats_timestamp_source(s)));
	json_object_set_new(o, "owd_ms", probe_report_owd(s));
	json_object_set_new(o, "pmtu", probe_report_pmtu(j));
	json_object_set_new(o, "throughput", probe_report_tput(j));
	json_object_set_new(o, "error", j->rc ? json_string(j->error) : json_null());
	return o;
}

/** Smallest PMTU and throughput over the targets that have one (report top level). */
static void probe_report_top(const probe_jobs_t *jobs, json_t *root)
{
	json_t *pmtu = json_null(), *tput = json_null();
	uint32_t best = 0;
	double mbps = -1;

	for (size_t i = 0; i < jobs->n; i++)
	{
		const probe_job_t *j = &jobs->jobs[i];

		if (j->has_pmtu && !j->pmtu_rc && (!best || j->pmtu.pmtu < best))
			best = j->pmtu.pmtu;
		if (j->has_tput && !j->tput_rc && (mbps < 0 || j->tput.up_mbps < mbps))
			mbps = j->tput.up_mbps;
	}
	if (best)
		pmtu = json_integer(best);
	if (mbps >= 0)
		tput = probe_report_real(mbps);
	json_object_set_new(root, "pmtu", pmtu);
	json_object_set_new(root, "throughput_mbps", tput);
}

json_t *probe_report_json(const probe_cli_t *cli, const probe_jobs_t *jobs)
{
	json_t *root = json_object(), *probes = json_array();

	(void)cli;
	for (size_t i = 0; i < jobs->n; i++)
		json_array_append_new(probes, probe_report_target(&jobs->jobs[i]));
	json_object_set_new(root, "probes", probes);
	probe_report_top(jobs, root);
	if (jobs->has_capture && !jobs->cap_rc)
		json_object_set_new(root, "encapsulation", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
				"esp_packets", (json_int_t)(jobs->cap.esp_packets + jobs->cap.natt_packets),
				"esp_raw", (json_int_t)jobs->cap.esp_packets,
				"esp_in_udp", (json_int_t)jobs->cap.natt_packets,
				"ike_packets", (json_int_t)jobs->cap.ike_packets,
				"plaintext_leaks", (json_int_t)jobs->cap.plaintext_leaks,
				"captured", (json_int_t)jobs->cap.captured));
	else
		json_object_set_new(root, "encapsulation", json_null());
	return root;
}

static void probe_report_text_one(FILE *out, const probe_job_t *j)
{
	const stats_summary_t *s = &j->sum;
	const stats_dist_t *r = &s->rtt_ms;

	fprintf(out, "%s %s: sent %llu received %llu loss %.2f%%", j->target->address,
			j->target->kind, (unsigned long long)s->sent, (unsigned long long)s->received,
			s->loss_pct);
	if (s->loss_split && s->sent != s->received)
		fprintf(out, " (forward %llu, backward %llu)", (unsigned long long)s->loss_forward,
				(unsigned long long)s->loss_backward);
	fprintf(out, "\n");
	if (s->received)
		fprintf(out, "  rtt ms min/p50/p90/p99/p99.9/max %.3f/%.3f/%.3f/%.3f/%.3f/%.3f "
				"mean %.3f sd %.3f\n", r->min, r->p50, r->p90, r->p99, r->p999, r->max,
				r->mean, r->stddev);
	fprintf(out, "  jitter %.3f ms, ipdv mean |%.3f| ms, reordered %llu, duplicates %llu, "
			"late %llu, timestamps %s\n", s->jitter_ms, s->ipdv_mean_abs_ms,
			(unsigned long long)s->reordered, (unsigned long long)s->duplicates,
			(unsigned long long)s->late, stats_timestamp_source(s));
	if (s->owd_valid && s->received)
		fprintf(out, "  one-way ms forward %.3f backward %.3f (%s)\n", s->owd_fwd_ms.mean,
				s->owd_back_ms.mean, s->owd_synced ? "clocks synchronised" :
				"clocks not known to be synchronised: offsets included");
	if (j->has_pmtu && !j->pmtu_rc)
		fprintf(out, "  path MTU %u%s, MSS to clamp %u\n", j->pmtu.pmtu,
				j->pmtu.at_upper_bound ? " (upper bound reached)" :
				j->pmtu.black_hole ? " (black hole above: no ICMP)" : "",
				pmtu_mss(j->pmtu.pmtu, j->target->addr.ss_family));
	if (j->has_esp)
		fprintf(out, "  ESP overhead %u bytes: outer MTU needed %u\n", j->esp.overhead,
				j->pmtu.pmtu + j->esp.overhead);
	if (j->has_tput && !j->tput_rc)
		fprintf(out, "  throughput up %.1f Mbit/s, down %.1f Mbit/s (%u streams)\n",
				j->tput.up_mbps, j->tput.down_mbps, j->tput.streams);
	if (j->has_tput && !j->tput_rc && j->tput.udp_sent)
		fprintf(out, "  udp sent %llu received %llu loss %.2f%%\n",
				(unsigned long long)j->tput.udp_sent, (unsigned long long)j->tput.udp_received,
				j->tput.udp_loss_pct);
}

void probe_report_text(FILE *out, const probe_cli_t *cli, const probe_jobs_t *jobs)
{
	(void)cli;
	for (size_t i = 0; i < jobs->n; i++)
		probe_report_text_one(out, &jobs->jobs[i]);
	if (jobs->has_capture && !jobs->cap_rc)
		fprintf(out, "encapsulation: %llu ESP packets out (%llu in UDP 4500), "
				"%llu plaintext leaks\n",
				(unsigned long long)(jobs->cap.esp_packets + jobs->cap.natt_packets),
				(unsigned long long)jobs->cap.natt_packets,
				(unsigned long long)jobs->cap.plaintext_leaks);
}

void probe_report_errors(const probe_jobs_t *jobs)
{
	if (jobs->error[0])
		fprintf(stderr, "crosspeer probe: %s\n", jobs->error);
	for (size_t i = 0; i < jobs->n; i++)
	{
		const probe_job_t *j = &jobs->jobs[i];

		if (j->rc)
			fprintf(stderr, "crosspeer probe: %s: %s\n", j->target->address, j->error);
		if (j->has_pmtu && j->pmtu_rc)
			fprintf(stderr, "crosspeer probe: %s: path MTU: %s\n", j->target->address,
					j->pmtu_error);
		if (j->has_tput && j->tput_rc)
			fprintf(stderr, "crosspeer probe: %s: throughput: %s\n", j->target->address,
					j->tput_error);
	}
}
