/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* xp_result_evaluate(): checks and thresholds -> verdict. */

#include "result.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Print v compactly: integers without decimals, others with up to 3 decimals. */
static void result_verdict_num(char *buf, size_t len, double v)
{
	size_t n;

	if (isnan(v))
	{
		snprintf(buf, len, "n/a");
		return;
	}
	if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15)
	{
		snprintf(buf, len, "%.0f", v);
		return;
	}
	snprintf(buf, len, "%.3f", v);
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '0')
		buf[--n] = '\0';
}

/** Append one check, judging measured against allowed; false on allocation failure. */
static bool result_verdict_add(xp_result_t *r, const char *check, const char *target,
							   double measured, double allowed, bool at_most, const char *unit)
{
	xp_check_t *checks, *c;
	char m[32], a[32];
	const char *sep = target[0] ? " " : "";

	checks = realloc(r->verdict.checks, (r->verdict.n_checks + 1) * sizeof(*checks));
	if (!checks)
		return false;
	r->verdict.checks = checks;
	c = &checks[r->verdict.n_checks++];
	memset(c, 0, sizeof(*c));
	snprintf(c->check, sizeof(c->check), "%s", check);
	snprintf(c->target, sizeof(c->target), "%s", target);
	snprintf(c->comparison, sizeof(c->comparison), "%s", at_most ? "<=" : ">=");
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	c->measured = measured;
	c->allowed = allowed;
	c->pass = !isnan(measured) && (at_most ? measured <= allowed : measured >= allowed);
	result_verdict_num(m, sizeof(m), measured);
	result_verdict_num(a, sizeof(a), allowed);
	if (isnan(measured))
		snprintf(c->message, sizeof(c->message), "%s%s%s: not measured%s (allowed %s %s %s)",
				 check, sep, target, r->tunnel.established ? "" : ": tunnel not established",
				 c->comparison, a, unit);
	else
		snprintf(c->message, sizeof(c->message), "%s%s%s: measured %s %s, allowed %s %s %s%s",
				 check, sep, target, m, unit, c->comparison, a, unit,
				 c->pass ? "" : at_most ? " (above the limit)" : " (below the minimum)");
	return true;
}

/** Tunnel, encapsulation and reply checks, which apply whatever the profile sets. */
static bool result_verdict_basics(xp_result_t *r)
{
	bool ok = result_verdict_add(r, "tunnel_established", "",
								 r->tunnel.established ? 1 : 0, 1, false, "bool");

	if (ok)
	{
		xp_check_t *c = &r->verdict.checks[r->verdict.n_checks - 1];
		char setup[32];

		result_verdict_num(setup, sizeof(setup), r->tunnel.setup_ms);
		if (r->tunnel.established)
			snprintf(c->message, sizeof(c->message), "tunnel_established: established in %s ms",
					 setup);
		else if (r->tunnel.lost_cause[0])
			snprintf(c->message, sizeof(c->message), "tunnel_established: lost %.0f ms into "
					 "the run (%s): %s", r->tunnel.lost_ms, r->tunnel.lost_cause,
					 r->tunnel.reason);
		else
			snprintf(c->message, sizeof(c->message), "tunnel_established: not established%s%s",
					 r->tunnel.reason[0] ? ": " : "", r->tunnel.reason);
	}
	if (ok && r->encapsulation.checked)
	{
		ok = result_verdict_add(r, "esp_packets", "", (double)r->encapsulation.esp_packets,
								1, false, "packets") &&
			 result_verdict_add(r, "plaintext_leaks", "",
								(double)r->encapsulation.plaintext_leaks, 0, true, "packets");
	}
	for (size_t i = 0; ok && i < r->n_probes; i++)
	{
		ok = result_verdict_add(r, "probe_replies", r->probes[i].target,
								(double)r->probes[i].received, 1, false, "packets");
	}
	return ok;
}

bool xp_result_add_check(xp_result_t *r, const char *check, const char *target,
						 double measured, double allowed, bool at_most, const char *unit)
{
	bool ok = result_verdict_add(r, check, target, measured, allowed, at_most, unit);

	r->verdict.evaluated = true;
	r->verdict.pass = ok && xp_result_failures(r) == 0;
	return ok;
}

/** One per-target threshold (NAN = not set); no probe at all counts as not measured. */
static bool result_verdict_per_probe(xp_result_t *r, const char *check, double allowed,
									 size_t offset, const char *unit)
{
	if (isnan(allowed))
		return true;
	if (!r->n_probes)
		return result_verdict_add(r, check, "", NAN, allowed, true, unit);
	for (size_t i = 0; i < r->n_probes; i++)
	{
		const char *p = (const char *)&r->probes[i];
		double measured = *(const double *)(p + offset);

		if (!result_verdict_add(r, check, r->probes[i].target, measured, allowed, true, unit))
			return false;
	}
	return true;
}

/** The lower of the measured throughput directions, NAN if neither was measured. */
static double result_verdict_throughput(const xp_result_t *r)
{
	double up = r->throughput_mbps.up, down = r->throughput_mbps.down;

	if (isnan(up))
		return down;
	if (isnan(down))
		return up;
	return fmin(up, down);
}

bool xp_result_evaluate(xp_result_t *r, const xp_thresholds_t *t)
{
	xp_thresholds_t none = xp_thresholds_none();
	bool ok;

	if (!t)
		t = &none;
	free(r->verdict.checks);
	r->verdict.checks = NULL;
	r->verdict.n_checks = 0;
	ok = result_verdict_basics(r) &&
		 result_verdict_per_probe(r, "rtt_p99_ms", t->rtt_p99_ms,
								  offsetof(xp_probe_result_t, rtt_ms.p99), "ms") &&
		 result_verdict_per_probe(r, "loss_pct", t->loss_pct,
								  offsetof(xp_probe_result_t, loss_pct), "%") &&
		 result_verdict_per_probe(r, "jitter_ms", t->jitter_ms,
								  offsetof(xp_probe_result_t, jitter_ms), "ms");
	if (ok && !isnan(t->min_pmtu))
		ok = result_verdict_add(r, "min_pmtu", "", r->pmtu.inner, t->min_pmtu, false, "bytes");
	if (ok && !isnan(t->min_throughput_mbps))
		ok = result_verdict_add(r, "min_throughput_mbps", "", result_verdict_throughput(r),
								t->min_throughput_mbps, false, "Mbit/s");
	r->verdict.evaluated = true;
	r->verdict.pass = ok && xp_result_failures(r) == 0;
	return r->verdict.pass;
}

size_t xp_result_failures(const xp_result_t *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->verdict.n_checks; i++)
		n += !r->verdict.checks[i].pass;
	return n;
}
