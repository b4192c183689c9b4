/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * What the lab's verify runs measure and judge: the "probe" and "thresholds" sections of
 * the profiles the lab writes, from the lab profile (`lab --profile`) where it has them,
 * else the lab's own defaults.
 */

#include "lab_topology.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The lab's defaults: a short STAMP run to the VNet's VM, limits any healthy lab meets. */
#define LAB_PROBE_RATE_PPS 50
#define LAB_PROBE_COUNT 200
#define LAB_PROBE_SIZE 64

static json_t *lab_targets(const profile_t *lp, const char *vm, bool onprem)
{
	json_t *list = json_array();

	if (!lp || !lp->has_probe || !onprem || !lp->n_targets)
	{
		json_array_append_new(list, json_pack("{s:s,s:s}", "address", vm, "kind", "stamp"));
		return list;
	}
	for (size_t i = 0; i < lp->n_targets; i++)
	{
		const profile_target_t *t = &lp->targets[i];
		json_t *o = json_pack("{s:s,s:s}", "address", t->address, "kind", t->kind);

		if (t->port)
			json_object_set_new(o, "port", json_integer(t->port));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *lab_probe(const profile_t *lp, const char *vm, bool onprem)
{
	json_t *targets = lab_targets(lp, vm, onprem);

	if (!lp || !lp->has_probe)
		return json_pack("{s:o,s:i,s:i,s:i}", "targets", targets, "rate_pps",
						 LAB_PROBE_RATE_PPS, "count", LAB_PROBE_COUNT, "size", LAB_PROBE_SIZE);
	return json_pack("{s:o,s:f,s:I,s:I}", "targets", targets, "rate_pps", lp->rate_pps,
					 "count", (json_int_t)lp->count, "size", (json_int_t)lp->size);
}

static void lab_threshold(json_t *t, const char *key, double v)
{
	if (!isnan(v))
		json_object_set_new(t, key, json_real(v));
}

static json_t *lab_thresholds(const profile_t *lp, bool onprem)
{
	json_t *t;

	if (!lp || !lp->has_thresholds)
	{
		t = json_pack("{s:f,s:f}", "rtt_p99_ms", 50.0, "loss_pct", 1.0);
		/* libipsec's TUN carries 1400-byte packets; on-prem checks it has room for them */
		if (onprem)
			json_object_set_new(t, "min_pmtu", json_integer(1300));
		return t;
	}
	t = json_object();
	lab_threshold(t, "rtt_p99_ms", lp->rtt_p99_ms);
	lab_threshold(t, "loss_pct", lp->loss_pct);
	lab_threshold(t, "jitter_ms", lp->jitter_ms);
	lab_threshold(t, "min_pmtu", lp->min_pmtu);
	lab_threshold(t, "min_throughput_mbps", lp->min_throughput_mbps);
	lab_threshold(t, "baseline_tolerance_pct", lp->baseline_tolerance_pct);
	return t;
}

bool lab_measure_json(const lab_options_t *lab, const char *vm, bool onprem, char *out,
					  size_t len)
{
	json_t *probe = lab_probe(lab->profile, vm, onprem);
	json_t *thresholds = lab_thresholds(lab->profile, onprem);
	char *p = probe ? json_dumps(probe, JSON_COMPACT) : NULL;
	char *t = thresholds ? json_dumps(thresholds, JSON_COMPACT) : NULL;
	bool ok = p && t &&
		(size_t)snprintf(out, len, "\"probe\": %s,\n  \"thresholds\": %s", p, t) < len;

	free(p);
	free(t);
	json_decref(probe);
	json_decref(thresholds);
	return ok;
}
