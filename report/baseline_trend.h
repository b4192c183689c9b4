/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The trend report.html shows when written with a baseline store: per probe target of the
 * current run, each stored run's p50 and p99 RTT against its start time.
 */
#ifndef XP_BASELINE_TREND_H_
#define XP_BASELINE_TREND_H_

#include <stddef.h>
#include <stdint.h>

#include "baseline_source.h"
#include "result.h"

/** Points drawn at most; longer histories are thinned evenly (oldest and newest kept). */
#define BASELINE_TREND_POINTS 500

/** One target's trend. */
typedef struct {
	char target[64], kind[8];
	/** stored runs that measured the target */
	size_t runs;
	/** points drawn (<= BASELINE_TREND_POINTS): run start (Unix s), p50, p99 (ms) */
	size_t n;
	int64_t *t_s;
	double *p50, *p99;
} baseline_trend_t;

/**
 * The trend of every probe target of r over the runs src selects.
 *
 * @param out	set to n_probes trends (baseline_trend_free())
 * @return		0, or the source's -errno with err set
 */
int baseline_trend_collect(baseline_source_t *src, const xp_result_t *r, baseline_trend_t **out,
						   char *err, size_t errlen);

/** Free n trends. */
void baseline_trend_free(baseline_trend_t *t, size_t n);

#endif
