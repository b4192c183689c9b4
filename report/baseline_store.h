/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The baseline store: one JSON file holding the figures and raw RTT samples of recorded runs
 * (docs/baseline.md), rewritten atomically on every record.
 */
#ifndef XP_BASELINE_STORE_H_
#define XP_BASELINE_STORE_H_

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "baseline_source.h"
#include "result.h"

/** Store format version, the value of its "crosspeer_baseline" member. */
#define BASELINE_STORE_VERSION 1
/** Runs kept by default; the oldest are dropped first. */
#define BASELINE_STORE_KEEP 30

/**
 * Read and check a store.
 *
 * @param missing_ok	a missing file yields an empty store instead of an error
 * @param err			on failure "<reason>" (the caller names the file)
 * @return				new reference {"crosspeer_baseline": 1, "runs": [...]}, or NULL
 */
json_t *baseline_store_load(const char *path, bool missing_ok, char *err, size_t errlen);

/** The store entry for one run: run-wide figures and, per target, the received RTTs. */
json_t *baseline_store_entry(const xp_result_t *r);

/**
 * Append r to the store at path, keeping the newest `keep` runs, and replace the file
 * atomically; on any failure the file is left as it was.
 *
 * @return			0, or -errno / -EINVAL with err set to "<reason>"
 */
int baseline_store_record(const char *path, const xp_result_t *r, size_t keep,
						  char *err, size_t errlen);

/** The runs of a loaded store (borrowed; keep it alive) as a baseline_source_t; NULL on ENOMEM. */
baseline_source_t *baseline_store_source(json_t *store);

/** Received RTTs of a probe's kept series, in send order; malloc'd, count in *n. */
double *baseline_store_rtts(const xp_probe_result_t *p, size_t *n);

#endif
