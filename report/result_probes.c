/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "result_probes.h"

#include <math.h>
#include <stdio.h>

/** The series: primary records only (duplicates and late replies are secondary). */
static void result_probes_series(xp_probe_result_t *p, const probe_samples_t *samples,
								 uint64_t start_ns)
{
	size_t n = samples ? probe_samples_count(samples) : 0;

	for (size_t i = 0; i < n; i++)
	{
		const probe_sample_t *s = probe_samples_get(samples, i);
		double t_ms;

		if (s->flags & (PROBE_SAMPLE_DUP | PROBE_SAMPLE_LATE))
			continue;
		t_ms = s->tx_ns >= start_ns ? (double)(s->tx_ns - start_ns) / 1e6 : 0;
		xp_probe_result_add_sample(p, t_ms, (s->flags & PROBE_SAMPLE_RECEIVED) ?
								   (double)s->rtt_ns / 1e6 : NAN);
	}
	xp_probe_result_compute_cdf(p);
}

xp_probe_result_t *result_probes_add(xp_result_t *r, const char *target, const char *kind,
									 const stats_summary_t *sum,
									 const probe_samples_t *samples, uint64_t start_ns)
{
	xp_probe_result_t *p = xp_result_add_probe(r, target, kind);
	bool got = sum->received > 0;

	if (!p)
		return NULL;
	p->sent = sum->sent;
	p->received = sum->received;
	p->loss_pct = sum->sent ? sum->loss_pct : NAN;
	if (sum->loss_split && sum->sent)
	{
		p->loss_forward_pct = 100.0 * (double)sum->loss_forward / (double)sum->sent;
		p->loss_backward_pct = 100.0 * (double)sum->loss_backward / (double)sum->sent;
	}
	p->rtt_ms = (xp_rtt_stats_t){
		got ? sum->rtt_ms.min : NAN, got ? sum->rtt_ms.p50 : NAN,
		got ? sum->rtt_ms.p90 : NAN, got ? sum->rtt_ms.p99 : NAN,
		got ? sum->rtt_ms.p999 : NAN, got ? sum->rtt_ms.max : NAN,
		got ? sum->rtt_ms.mean : NAN, got ? sum->rtt_ms.stddev : NAN,
	};
	p->jitter_ms = sum->received > 1 ? sum->jitter_ms : NAN;
	p->ipdv_ms = sum->ipdv_pairs ? sum->ipdv_mean_abs_ms : NAN;
	p->reordered = sum->reordered;
	p->duplicates = sum->duplicates;
	p->late = sum->late;
	snprintf(p->timestamp_source, sizeof(p->timestamp_source), "%s",
			 stats_timestamp_source(sum));
	result_probes_series(p, samples, start_ns);
	return p;
}

void result_probes_set_pmtu(xp_result_t *r, const pmtu_result_t *res, const pmtu_esp_t *esp,
							bool ipv6)
{
	if (!res->pmtu)
		return;
	r->pmtu.inner = res->pmtu;
	r->pmtu.mss = (double)res->pmtu - (ipv6 ? 60 : 40);
	r->pmtu.esp_overhead = esp ? esp->overhead : NAN;
}

void result_probes_set_throughput(xp_result_t *r, const throughput_result_t *t)
{
	r->throughput_mbps.up = t->up_bytes ? t->up_mbps : NAN;
	r->throughput_mbps.down = t->down_bytes ? t->down_mbps : NAN;
}

void result_probes_set_capture(xp_result_t *r, const capture_esp_counts_t *c)
{
	r->encapsulation.checked = true;
	r->encapsulation.esp_packets = c->esp_packets + c->natt_packets;
	r->encapsulation.plaintext_leaks = c->plaintext_leaks;
}
