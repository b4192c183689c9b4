/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * metrics.prom: Prometheus text exposition format 0.0.4. Every metric is a gauge named
 * crosspeer_<what>_<unit> in base units (seconds, bytes, bits per second, ratio), one
 * HELP/TYPE pair per family, the family's samples right below it. Unmeasured figures are
 * left out rather than written as NaN.
 */

#include "report.h"
#include "report_util.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/** Print a label value escaped as the exposition format asks (\\, \", \n). */
static void report_prom_label(FILE *f, const char *name, const char *value, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (; *value; value++)
	{
		if (*value == '\\' || *value == '"')
			fputc('\\', f);
		if (*value == '\n')
			fputs("\\n", f);
		else
			fputc(*value, f);
	}
	fputc('"', f);
}

static void report_prom_family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/** A run-wide sample without labels; skipped (family too) when v is not finite. */
static void report_prom_single(FILE *f, const char *name, const char *help, double v)
{
	if (!isfinite(v))
		return;
	report_prom_family(f, name, help);
	fprintf(f, "%s %.15g\n", name, v);
}

/** Per-target figures: where in xp_probe_result_t, how to scale, which metric. */
typedef struct {
	const char *name, *help;
	size_t offset;
	/** the field is a uint64_t (else a double) */
	bool count;
	double scale;
} report_prom_probe_metric_t;

static const report_prom_probe_metric_t report_prom_probe_metrics[] = {
	{ "crosspeer_probe_sent_packets", "Probes sent to the target.",
	  offsetof(xp_probe_result_t, sent), true, 1 },
	{ "crosspeer_probe_received_packets", "Probe replies received from the target.",
	  offsetof(xp_probe_result_t, received), true, 1 },
	{ "crosspeer_probe_loss_ratio", "Share of probes without a reply (0..1).",
	  offsetof(xp_probe_result_t, loss_pct), false, 0.01 },
	{ "crosspeer_probe_jitter_seconds", "RFC 3550 interarrival jitter of the round trips.",
	  offsetof(xp_probe_result_t, jitter_ms), false, 0.001 },
	{ "crosspeer_probe_ipdv_seconds", "Mean absolute IP packet delay variation (RFC 5481).",
	  offsetof(xp_probe_result_t, ipdv_ms), false, 0.001 },
	{ "crosspeer_probe_reordered_packets", "Replies that arrived out of order.",
	  offsetof(xp_probe_result_t, reordered), true, 1 },
	{ "crosspeer_probe_duplicate_packets", "Duplicate replies.",
	  offsetof(xp_probe_result_t, duplicates), true, 1 },
	{ "crosspeer_probe_late_packets", "Replies that arrived after the probe's timeout.",
	  offsetof(xp_probe_result_t, late), true, 1 },
};

static void report_prom_probe_labels(FILE *f, const xp_probe_result_t *p)
{
	fputc('{', f);
	report_prom_label(f, "target", p->target, true);
	report_prom_label(f, "kind", p->kind, false);
}

static void report_prom_probes(FILE *f, const xp_result_t *r)
{
	for (size_t m = 0; r->n_probes && m < sizeof(report_prom_probe_metrics) /
										  sizeof(report_prom_probe_metrics[0]); m++)
	{
		const report_prom_probe_metric_t *pm = &report_prom_probe_metrics[m];
		bool header = false;

		for (size_t i = 0; i < r->n_probes; i++)
		{
			const char *base = (const char *)&r->probes[i] + pm->offset;
			double v = pm->count ? (double)*(const uint64_t *)base : *(const double *)base;

			if (!isfinite(v))
				continue;
			if (!header)
				report_prom_family(f, pm->name, pm->help);
			header = true;
			fputs(pm->name, f);
			report_prom_probe_labels(f, &r->probes[i]);
			fprintf(f, "} %.15g\n", v * pm->scale);
		}
	}
}

static void report_prom_rtt(FILE *f, const xp_result_t *r)
{
	static const char *const stats[] = { "min", "p50", "p90", "p99", "p999", "max",
										  "mean", "stddev" };
	bool header = false;

	for (size_t i = 0; i < r->n_probes; i++)
	{
		const xp_rtt_stats_t *st = &r->probes[i].rtt_ms;
		const double v[] = { st->min, st->p50, st->p90, st->p99, st->p999, st->max,
							 st->mean, st->stddev };

		for (size_t s = 0; s < sizeof(stats) / sizeof(stats[0]); s++)
		{
			if (!isfinite(v[s]))
				continue;
			if (!header)
				report_prom_family(f, "crosspeer_probe_rtt_seconds",
					"Round-trip time through the tunnel; stat is min, p50..p999, max, "
					"mean or stddev.");
			header = true;
			fputs("crosspeer_probe_rtt_seconds", f);
			report_prom_probe_labels(f, &r->probes[i]);
			report_prom_label(f, "stat", stats[s], false);
			fprintf(f, "} %.15g\n", v[s] / 1000.0);
		}
	}
}

static void report_prom_checks(FILE *f, const xp_result_t *r)
{
	if (!r->verdict.evaluated)
		return;
	report_prom_single(f, "crosspeer_verdict_pass",
					   "1 if every check and threshold passed, else 0.", r->verdict.pass);
	if (!r->verdict.n_checks)
		return;
	report_prom_family(f, "crosspeer_check_pass", "1 if the check or threshold passed, else 0.");
	for (size_t i = 0; i < r->verdict.n_checks; i++)
	{
		fputs("crosspeer_check_pass{", f);
		report_prom_label(f, "check", r->verdict.checks[i].check, true);
		report_prom_label(f, "target", r->verdict.checks[i].target, false);
		fprintf(f, "} %d\n", r->verdict.checks[i].pass);
	}
}

static void report_prom_throughput(FILE *f, const xp_result_t *r)
{
	double up = r->throughput_mbps.up, down = r->throughput_mbps.down;
	const char *name = "crosspeer_throughput_bits_per_second";

	if (!isfinite(up) && !isfinite(down))
		return;
	report_prom_family(f, name, "Throughput through the tunnel; direction is up or down.");
	if (isfinite(up))
		fprintf(f, "%s{direction=\"up\"} %.15g\n", name, up * 1e6);
	if (isfinite(down))
		fprintf(f, "%s{direction=\"down\"} %.15g\n", name, down * 1e6);
}

static void report_prom_run(FILE *f, const xp_result_t *r)
{
	report_prom_family(f, "crosspeer_info", "Constant 1, labelled with the version and profile.");
	fputs("crosspeer_info{", f);
	report_prom_label(f, "version", r->run.crosspeer_version, true);
	report_prom_label(f, "profile", r->run.profile, false);
	fputs("} 1\n", f);
	if (r->run.started_ms > 0)
		report_prom_single(f, "crosspeer_run_start_timestamp_seconds",
						   "Unix time the run started.", (double)r->run.started_ms / 1000.0);
	report_prom_single(f, "crosspeer_run_duration_seconds", "Wall-clock duration of the run.",
					   r->run.duration_ms / 1000.0);
}

char *report_prom_build(const xp_result_t *r)
{
	const xp_tunnel_result_t *t = &r->tunnel;
	report_util_text_t out;

	if (!report_util_begin(&out))
		return NULL;
	report_prom_run(out.f, r);
	report_prom_checks(out.f, r);
	report_prom_single(out.f, "crosspeer_tunnel_established",
					   "1 if a CHILD_SA was installed, else 0.", t->established);
	report_prom_single(out.f, "crosspeer_tunnel_setup_seconds",
					   "From IKE_SA_INIT sent to CHILD_SA installed.", t->setup_ms / 1000.0);
	report_prom_single(out.f, "crosspeer_tunnel_first_reply_seconds",
					   "From run start to the first probe reply.", t->first_reply_ms / 1000.0);
	report_prom_single(out.f, "crosspeer_ike_retransmits", "IKE retransmits during the run.",
					   t->retransmits);
	report_prom_single(out.f, "crosspeer_tunnel_lost",
					   "1 if the established tunnel went down during the run (DPD timeout, "
					   "delete), else 0.", t->lost_cause[0] ? 1 : 0);
	report_prom_probes(out.f, r);
	report_prom_rtt(out.f, r);
	report_prom_single(out.f, "crosspeer_path_mtu_bytes", "Inner path MTU through the tunnel.",
					   r->pmtu.inner);
	report_prom_single(out.f, "crosspeer_esp_overhead_bytes", "Bytes ESP adds per packet.",
					   r->pmtu.esp_overhead);
	report_prom_single(out.f, "crosspeer_tcp_mss_bytes", "TCP MSS that fits the inner path MTU.",
					   r->pmtu.mss);
	report_prom_throughput(out.f, r);
	if (r->encapsulation.checked)
	{
		report_prom_single(out.f, "crosspeer_esp_packets",
						   "ESP packets captured on the outer path.",
						   (double)r->encapsulation.esp_packets);
		report_prom_single(out.f, "crosspeer_plaintext_leak_packets",
						   "Probe packets seen in plaintext on the outer path.",
						   (double)r->encapsulation.plaintext_leaks);
	}
	return report_util_end(&out);
}
