/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <string.h>

#include "probe_report.h"

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
