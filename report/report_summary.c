/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The short human summary verify prints on stdout: verdict, tunnel, one row per target. */

#include "report.h"
#include "report_azure.h"
#include "report_util.h"

#include <math.h>

static void report_summary_verdict(const xp_result_t *r, FILE *out)
{
	size_t failed = xp_result_failures(r);

	if (!r->verdict.evaluated)
		fprintf(out, "crosspeer %s: NOT EVALUATED\n", r->run.profile);
	else
		fprintf(out, "crosspeer %s: %s (%zu checks, %zu failed)\n", r->run.profile,
				r->verdict.pass ? "PASS" : "FAIL", r->verdict.n_checks, failed);
}

static void report_summary_tunnel(const xp_result_t *r, FILE *out)
{
	const xp_tunnel_result_t *t = &r->tunnel;
	char setup[32];

	if (!t->established && t->lost_cause[0])
	{
		report_util_num(setup, sizeof(setup), t->lost_ms / 1000.0, 1);
		fprintf(out, "  tunnel         LOST at +%s s (%s)%s%s\n", setup, t->lost_cause,
				t->reason[0] ? ": " : "", t->reason);
		return;
	}
	if (!t->established)
	{
		fprintf(out, "  tunnel         DOWN%s%s\n", t->reason[0] ? ": " : "", t->reason);
		return;
	}
	/* verify --existing: a tunnel set up elsewhere, known only by what crossed it */
	if (isnan(t->setup_ms) && !t->ike_proposal[0])
	{
		fprintf(out, "  tunnel         up (set up elsewhere; probes answered through it)\n");
		return;
	}
	report_util_num(setup, sizeof(setup), t->setup_ms, 1);
	fprintf(out, "  tunnel         up in %s ms, IKE %s, ESP %s, %u retransmits\n", setup,
			t->ike_proposal[0] ? t->ike_proposal : "?", t->esp_proposal[0] ? t->esp_proposal : "?",
			t->retransmits);
}

static void report_summary_probes(const xp_result_t *r, FILE *out)
{
	if (!r->n_probes)
		return;
	fprintf(out, "  %-22s %-5s %7s %7s %7s %9s %9s %9s\n", "target", "kind", "sent", "recv",
			"loss%", "p50 ms", "p99 ms", "jitter ms");
	for (size_t i = 0; i < r->n_probes; i++)
	{
		const xp_probe_result_t *p = &r->probes[i];
		char loss[32], p50[32], p99[32], jit[32];

		report_util_num(loss, sizeof(loss), p->loss_pct, 2);
		report_util_num(p50, sizeof(p50), p->rtt_ms.p50, 3);
		report_util_num(p99, sizeof(p99), p->rtt_ms.p99, 3);
		report_util_num(jit, sizeof(jit), p->jitter_ms, 3);
		fprintf(out, "  %-22s %-5s %7llu %7llu %7s %9s %9s %9s\n", p->target, p->kind,
				(unsigned long long)p->sent, (unsigned long long)p->received, loss, p50, p99,
				jit);
	}
}

static void report_summary_path(const xp_result_t *r, FILE *out)
{
	char a[32], b[32], c[32];

	if (isfinite(r->pmtu.inner))
	{
		report_util_num(a, sizeof(a), r->pmtu.inner, 0);
		report_util_num(b, sizeof(b), r->pmtu.esp_overhead, 0);
		report_util_num(c, sizeof(c), r->pmtu.mss, 0);
		fprintf(out, "  path MTU       %s bytes (ESP overhead %s, MSS %s)\n", a, b, c);
	}
	if (isfinite(r->throughput_mbps.up) || isfinite(r->throughput_mbps.down))
	{
		report_util_num(a, sizeof(a), r->throughput_mbps.up, 2);
		report_util_num(b, sizeof(b), r->throughput_mbps.down, 2);
		fprintf(out, "  throughput     up %s Mbit/s, down %s Mbit/s\n", a, b);
	}
	if (r->encapsulation.checked)
		fprintf(out, "  encapsulation  %llu ESP packets, %llu plaintext leaks\n",
				(unsigned long long)r->encapsulation.esp_packets,
				(unsigned long long)r->encapsulation.plaintext_leaks);
}

void report_summary_print(const xp_result_t *r, FILE *out)
{
	report_summary_verdict(r, out);
	report_summary_tunnel(r, out);
	report_summary_probes(r, out);
	report_summary_path(r, out);
	report_azure_summary(r, out);
	for (size_t i = 0; i < r->verdict.n_checks; i++)
	{
		if (!r->verdict.checks[i].pass)
			fprintf(out, "  FAIL %s\n", r->verdict.checks[i].message);
	}
}
