/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "profile_impairment.h"
#include "profile_check.h"

#include <stdio.h>
#include <string.h>

/** Append ",key=<value><unit>" to the spec when the value is set. */
static void spec_add(char *spec, size_t len, const char *key, double v, const char *unit)
{
	if (v > 0)
		snprintf(spec + strlen(spec), len - strlen(spec), "%s%s=%.9g%s", *spec ? "," : "",
				 key, v, unit);
}

/* Bursty loss: a two-state Markov chain, as netem's "loss gemodel p r 1-h 1-k". */
static bool profile_gilbert_elliott(json_t *imp, char *spec, size_t len, profile_err_t *err)
{
	static const char *const keys[] = { "p_pct", "r_pct", "bad_loss_pct", "good_loss_pct",
		NULL };
	const char *path = "impairment.gilbert_elliott";
	double p = 0, r = 0, bad = 100, good = 0;
	json_t *ge;

	if (!check_object(imp, "gilbert_elliott", "impairment", false, &ge, err))
		return false;
	if (!ge)
		return true;
	if (!check_keys(ge, path, keys, err) || !check_number(ge, "p_pct", path, 0, 100, &p, err) ||
		!check_number(ge, "r_pct", path, 0, 100, &r, err) ||
		!check_number(ge, "bad_loss_pct", path, 0, 100, &bad, err) ||
		!check_number(ge, "good_loss_pct", path, 0, 100, &good, err))
		return false;
	if (!json_object_get(ge, "p_pct") || p <= 0)
		return check_fail(err, "impairment.gilbert_elliott.p_pct", "set the chance (percent, "
						  "above 0) of going from the good state to the bad one per packet");
	if (r <= 0)
		return check_fail(err, "impairment.gilbert_elliott.r_pct", "set the chance (percent, "
						  "above 0) of leaving the bad state per packet, or the loss never ends");
	snprintf(spec + strlen(spec), len - strlen(spec), "%sge=%.9g/%.9g/%.9g/%.9g",
			 *spec ? "," : "", p, r, bad, good);
	return true;
}

bool profile_impairment(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "delay_ms", "jitter_ms", "jitter_distribution",
		"loss_pct", "gilbert_elliott", "reorder_pct", "duplicate_pct", "rate_mbps", "seed",
		NULL };
	double delay = 0, jitter = 0, loss = 0, reorder = 0, dup = 0, rate = 0;
	char dist[16] = "normal", *spec = p->impairment;
	size_t len = sizeof(p->impairment);
	uint64_t seed = 0;
	json_t *imp;

	*spec = '\0';
	if (!check_object(root, "impairment", "", false, &imp, err))
		return false;
	if (!imp)
		return true;
	/* the relay's own limits (lab/impair.c) */
	if (!check_keys(imp, "impairment", keys, err) ||
		!check_number(imp, "delay_ms", "impairment", 0, 60000, &delay, err) ||
		!check_number(imp, "jitter_ms", "impairment", 0, 60000, &jitter, err) ||
		!check_string(imp, "jitter_distribution", "impairment", false, dist, sizeof(dist),
					  err) ||
		!check_number(imp, "loss_pct", "impairment", 0, 100, &loss, err) ||
		!check_number(imp, "reorder_pct", "impairment", 0, 100, &reorder, err) ||
		!check_number(imp, "duplicate_pct", "impairment", 0, 100, &dup, err) ||
		!check_number(imp, "rate_mbps", "impairment", 0, 100000, &rate, err) ||
		!check_uint(imp, "seed", "impairment", false, 0, INT64_MAX, &seed, err))
		return false;
	if (strcmp(dist, "normal") && strcmp(dist, "uniform"))
		return check_fail(err, "impairment.jitter_distribution",
						  "expected \"normal\" (jitter_ms is the standard deviation) or "
						  "\"uniform\" (within +-jitter_ms)");
	if (reorder > 0 && delay <= 0)
		return check_fail(err, "impairment.reorder_pct", "reordering needs a delay_ms for "
						  "the reordered packets to overtake");
	spec_add(spec, len, "delay", delay, "ms");
	spec_add(spec, len, "jitter", jitter, "ms");
	if (jitter > 0)
		snprintf(spec + strlen(spec), len - strlen(spec), ",dist=%s", dist);
	spec_add(spec, len, "loss", loss, "%");
	if (!profile_gilbert_elliott(imp, spec, len, err))
		return false;
	spec_add(spec, len, "reorder", reorder, "%");
	spec_add(spec, len, "duplicate", dup, "%");
	spec_add(spec, len, "rate", rate, "mbit");
	if (seed)
		snprintf(spec + strlen(spec), len - strlen(spec), "%sseed=%llu", *spec ? "," : "",
				 (unsigned long long)seed);
	return true;
}
