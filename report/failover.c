/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "failover.h"

#include <string.h>

void xp_failover_outage(xp_failover_t *f, const xp_failover_probe_t probes[], size_t n,
						uint64_t start_ms)
{
	size_t best = 0, best_at = 0;

	f->sent = n;
	f->answered = 0;
	f->outage_start_ms = f->outage_ms = NAN;
	f->outage_lost = 0;
	f->recovered = true;
	for (size_t i = 0, run = 0; i < n; i++)
	{
		f->answered += probes[i].answered;
		run = probes[i].answered ? 0 : run + 1;
		if (run > best)
			best = run, best_at = i + 1 - run;
	}
	if (!best)
		return;
	f->outage_lost = best;
	f->outage_start_ms = (double)(probes[best_at].tx_ms - start_ms);
	if (best_at + best >= n)
	{
		f->recovered = false;
		f->outage_ms = (double)(probes[n - 1].tx_ms - probes[best_at].tx_ms);
		return;
	}
	f->outage_ms = (double)(probes[best_at + best].tx_ms - probes[best_at].tx_ms);
}

bool xp_failover_pass(const xp_failover_t *f, char *why, size_t len)
{
	why[0] = '\0';
	if (!f->recovered)
		return snprintf(why, len, "the outage did not end: no probe answered in the last "
						"%.0f ms", f->outage_ms), false;
	if (!isnan(f->max_failover_ms) && !isnan(f->outage_ms) && f->outage_ms > f->max_failover_ms)
		return snprintf(why, len, "outage %.0f ms > max_failover_ms %.0f", f->outage_ms,
						f->max_failover_ms), false;
	return true;
}

bool xp_failover_evaluate(const xp_failover_t *f, xp_result_t *r)
{
	bool ok = xp_result_add_check(r, "failover_recovered", "", f->recovered ? 1 : 0, 1, false,
								  "bool");

	if (ok && !isnan(f->max_failover_ms))
		ok = xp_result_add_check(r, "max_failover_ms", f->target,
								 isnan(f->outage_ms) ? 0 : f->outage_ms, f->max_failover_ms,
								 true, "ms");
	return ok;
}

static json_t *xp_failover_number(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

json_t *xp_failover_json(const xp_failover_t *f)
{
	json_t *events = json_array(), *after = json_array();
	char why[160];
	bool pass = xp_failover_pass(f, why, sizeof(why));

	for (size_t i = 0; i < f->n_events; i++)
	{
		char name[32];

		snprintf(name, sizeof(name), "tunnel%u", f->events[i].tunnel);
		json_array_append_new(events, json_pack("{s:f, s:s, s:s}", "t_ms", f->events[i].t_ms,
												"tunnel", name, "state", f->events[i].state));
	}
	for (size_t i = 0; i < f->n_tunnels; i++)
	{
		char name[32];

		snprintf(name, sizeof(name), "tunnel%zu", i);
		if (f->after[i])
			json_array_append_new(after, json_string(name));
	}
	return json_pack("{s:s, s:f, s:I, s:I, s:{s:o, s:o, s:I, s:b}, s:o, s:i, s:i, s:o, s:o, "
					 "s:o, s:b, s:s*}",
					 "target", f->target, "rate_pps", f->rate_pps,
					 "sent", (json_int_t)f->sent, "answered", (json_int_t)f->answered,
					 "outage", "start_ms", xp_failover_number(f->outage_start_ms),
					 "ms", xp_failover_number(f->outage_ms),
					 "probes_lost", (json_int_t)f->outage_lost, "recovered", f->recovered,
					 "bgp_withdraw_ms", xp_failover_number(f->withdraw_ms),
					 "hold_s", (int)f->hold_s, "dpd_timeout_s", (int)f->dpd_timeout_s,
					 "events", events, "tunnels_after", after,
					 "max_failover_ms", xp_failover_number(f->max_failover_ms),
					 "pass", pass, "why", why[0] ? why : NULL);
}

void xp_failover_print(const xp_failover_t *f, FILE *out)
{
	char why[160];
	bool pass = xp_failover_pass(f, why, sizeof(why));

	fprintf(out, "failover: %llu probes to %s at %.0f pps, %llu answered\n",
			(unsigned long long)f->sent, f->target, f->rate_pps,
			(unsigned long long)f->answered);
	for (size_t i = 0; i < f->n_events; i++)
		fprintf(out, "  %+9.0f ms  bgp tunnel%u %s\n", f->events[i].t_ms, f->events[i].tunnel,
				f->events[i].state);
	if (isnan(f->outage_ms))
		fprintf(out, "  no outage: every probe answered\n");
	else
		fprintf(out, "  outage %.0f ms (%llu probes lost) from %.0f ms%s\n", f->outage_ms,
				(unsigned long long)f->outage_lost, f->outage_start_ms,
				f->recovered ? "" : ", not over when probing ended");
	if (!isnan(f->withdraw_ms))
		fprintf(out, "  BGP withdrew %.0f ms after the first lost probe (hold %u s, DPD "
				"timeout %u s: %s detects a lost instance first)\n", f->withdraw_ms,
				f->hold_s, f->dpd_timeout_s, f->hold_s < f->dpd_timeout_s ? "BGP" : "IKE/DPD");
	fprintf(out, "  traffic after:");
	for (size_t i = 0; i < f->n_tunnels; i++)
	{
		if (f->after[i])
			fprintf(out, " tunnel%zu", i);
	}
	fprintf(out, "\n  verdict: %s%s%s\n", pass ? "PASS" : "FAIL", pass ? "" : ": ", why);
}
