/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "report_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

xp_thresholds_t report_fixture_thresholds(void)
{
	return (xp_thresholds_t){ .rtt_p99_ms = 50, .loss_pct = 1.0, .jitter_ms = 10,
							  .min_pmtu = 1350, .min_throughput_mbps = 10 };
}

void report_fixture_rtts(double *out, size_t n, double base_ms, unsigned seed)
{
	uint64_t s = seed * 2654435761u + 1;

	for (size_t i = 0; i < n; i++)
	{
		double u;

		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		u = ((double)(s >> 11) + 0.5) * 0x1.0p-53;
		out[i] = base_ms - 0.1 * log(u);
	}
}

static void report_fixture_probe(xp_result_t *r, const char *target, const char *kind,
								 size_t n, double base, size_t lose_every)
{
	xp_probe_result_t *p = xp_result_add_probe(r, target, kind);
	double *rtt = malloc(n * sizeof(double));

	report_fixture_rtts(rtt, n, base, (unsigned)n);
	for (size_t i = 0; i < n; i++)
	{
		bool lost = lose_every && i % lose_every == lose_every - 1;

		xp_probe_result_add_sample(p, 420.0 + 10.0 * (double)i, lost ? NAN : rtt[i]);
	}
	free(rtt);
	xp_probe_result_compute(p);
	snprintf(p->timestamp_source, sizeof(p->timestamp_source), "kernel");
}

xp_result_t *report_fixture_create(void)
{
	xp_result_t *r = xp_result_create("onprem-to-tenant-b", "0.1.0");

	r->run.started_ms = 1795550400123LL;	/* 2026-11-24T20:00:00.123Z */
	r->run.duration_ms = 12345;
	r->tunnel.established = true;
	r->tunnel.setup_ms = 412.5;
	r->tunnel.first_reply_ms = 421.25;
	snprintf(r->tunnel.ike_proposal, sizeof(r->tunnel.ike_proposal),
			 "AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_1024");
	snprintf(r->tunnel.esp_proposal, sizeof(r->tunnel.esp_proposal), "AES_GCM_16_256");
	xp_result_add_event(r, 3.2, "IKE_SA_INIT", "request sent to 192.0.2.2");
	xp_result_add_event(r, 208.7, "IKE_AUTH", "PSK authentication of 192.0.2.2");
	xp_result_add_event(r, 412.5, "CHILD_SA_UP", "10.1.0.0/24 === 10.2.0.0/24");
	xp_result_add_event(r, 421.25, "FIRST_REPLY", "10.2.0.1");
	xp_result_add_event(r, 6000, "DPD", "liveness check answered");
	xp_result_add_event(r, 11800, "REKEY", "CHILD_SA rekeyed");
	report_fixture_probe(r, "10.2.0.1", "stamp", 1000, 1.0, 100);
	report_fixture_probe(r, "10.2.0.2", "icmp", 500, 2.0, 0);
	r->pmtu.inner = 1400;
	r->pmtu.esp_overhead = 73;
	r->pmtu.mss = 1360;
	r->throughput_mbps.up = 94.25;
	r->throughput_mbps.down = 93.5;
	r->encapsulation.checked = true;
	r->encapsulation.esp_packets = 3000;
	r->encapsulation.plaintext_leaks = 0;
	return r;
}

char *report_fixture_tmpdir(void)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *dir = malloc(strlen(base) + 32);

	sprintf(dir, "%s/xpreport.XXXXXX", base);
	if (!mkdtemp(dir))
	{
		free(dir);
		return NULL;
	}
	return dir;
}

int report_fixture_run(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");
	size_t used = 0, n;
	int status;

	if (!p)
		return -1;
	while (out && used + 1 < len && (n = fread(out + used, 1, len - used - 1, p)) > 0)
		used += n;
	if (out)
		out[used] = '\0';
	while (!out && fgetc(p) != EOF)
		;
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void report_fixture_rmdir(char *dir)
{
	char cmd[4200];

	if (!dir)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(dir);
}

xp_result_t *report_fixture_simple(double base_ms, unsigned seed, size_t n, double setup_ms)
{
	xp_result_t *r = xp_result_create("baseline-lab", "0.1.0");
	xp_probe_result_t *p = xp_result_add_probe(r, "10.2.0.1", "stamp");
	double *rtt = malloc(n * sizeof(double));

	r->run.started_ms = 1795550400000LL + seed * 60000LL;
	r->run.duration_ms = 10.0 * (double)n;
	r->tunnel.established = true;
	r->tunnel.setup_ms = setup_ms;
	report_fixture_rtts(rtt, n, base_ms, seed);
	for (size_t i = 0; i < n; i++)
		xp_probe_result_add_sample(p, 10.0 * (double)i, i % 200 == 199 ? NAN : rtt[i]);
	free(rtt);
	xp_probe_result_compute(p);
	xp_result_evaluate(r, NULL);
	return r;
}
