/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "result_probes.h"

#include <math.h>
#include <stdio.h>
#include <sys/socket.h>

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

/** min, max, mean and stddev of a one-way distribution; its percentiles are not kept */
static xp_rtt_stats_t result_probes_owd_dist(const stats_dist_t *d)
{
	return (xp_rtt_stats_t){ .min = d->min, .p50 = NAN, .p90 = NAN, .p99 = NAN, .p999 = NAN,
							 .max = d->max, .mean = d->mean, .stddev = d->stddev };
}

static void result_probes_owd(xp_owd_result_t *owd, const stats_summary_t *sum)
{
	if (!sum->owd_valid || !sum->received)
		return;
	owd->measured = true;
	owd->clock_synced = sum->owd_synced;
	owd->forward = result_probes_owd_dist(&sum->owd_fwd_ms);
	owd->backward = result_probes_owd_dist(&sum->owd_back_ms);
	owd->jitter_forward_ms = sum->jitter_fwd_ms;
	owd->jitter_backward_ms = sum->jitter_back_ms;
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
	p->loss_split = sum->loss_split;
	p->loss_forward = sum->loss_forward;
	p->loss_backward = sum->loss_backward;
	p->jitter_ms = sum->received > 1 ? sum->jitter_ms : NAN;
	p->ipdv_pairs = sum->ipdv_pairs;
	p->ipdv_ms = sum->ipdv_pairs ? sum->ipdv_mean_abs_ms : NAN;
	p->ipdv_min_ms = sum->ipdv_pairs ? sum->ipdv_min_ms : NAN;
	p->ipdv_max_ms = sum->ipdv_pairs ? sum->ipdv_max_ms : NAN;
	p->reordered = sum->reordered;
	p->duplicates = sum->duplicates;
	p->late = sum->late;
	p->refused = sum->refused;
	result_probes_owd(&p->owd, sum);
	snprintf(p->timestamp_source, sizeof(p->timestamp_source), "%s",
			 stats_timestamp_source(sum));
	result_probes_series(p, samples, start_ns);
	return p;
}

static uint32_t result_probes_mss(uint32_t pmtu, bool ipv6)
{
	return pmtu_mss(pmtu, ipv6 ? AF_INET6 : AF_INET);
}

void result_probes_set_target_pmtu(xp_probe_result_t *p, const pmtu_result_t *res,
								   const pmtu_esp_t *esp, bool ipv6)
{
	if (!res->pmtu)
		return;
	p->pmtu = (xp_pmtu_result_t){
		.measured = true, .pmtu = res->pmtu, .mss = result_probes_mss(res->pmtu, ipv6),
		.icmp_mtu = res->icmp_mtu, .steps = res->steps, .black_hole = res->black_hole,
		.at_upper_bound = res->at_upper_bound, .esp_overhead = esp ? esp->overhead : NAN,
	};
}

void result_probes_set_target_throughput(xp_probe_result_t *p, const throughput_result_t *t)
{
	p->throughput = (xp_throughput_result_t){
		.measured = true, .up_mbps = t->up_mbps, .down_mbps = t->down_mbps,
		.streams = t->streams, .up_bytes = t->up_bytes, .udp_sent = t->udp_sent,
		.udp_received = t->udp_received,
		.udp_loss_pct = t->udp_sent ? t->udp_loss_pct : NAN,
	};
}

void result_probes_set_pmtu(xp_result_t *r, const pmtu_result_t *res, const pmtu_esp_t *esp,
							bool ipv6)
{
	if (!res->pmtu)
		return;
	r->pmtu.inner = res->pmtu;
	r->pmtu.mss = result_probes_mss(res->pmtu, ipv6);
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
	r->encapsulation.esp_in_udp = c->natt_packets;
	r->encapsulation.ike_packets = c->ike_packets;
	r->encapsulation.captured = c->captured;
	r->encapsulation.plaintext_leaks = c->plaintext_leaks;
}
