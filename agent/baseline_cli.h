/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The actions of `crosspeer baseline` on a store of either kind (a JSON file, or SQLite:
 * docs/baseline.md): record, compare (whole pool and hour-of-week window), import, and the
 * trend written into the report's HTML. Each prints its outcome and returns the exit code.
 */
#ifndef XP_BASELINE_CLI_H_
#define XP_BASELINE_CLI_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "baseline_compare.h"
#include "result.h"

/** A comparison's window decides only with at least this many runs; else the whole pool. */
#define BASELINE_CLI_WINDOW_MIN_RUNS 3

/** What the command line asked for. */
typedef struct {
	/** the subcommand in messages ("baseline", "verify"); outcome lines go to out */
	const char *cmd;
	FILE *out;
	/** --report DIR (or a report.json), --store FILE, --from FILE.json (import) */
	const char *report, *store, *from;
	/** --keep N: runs a JSON store keeps */
	size_t keep;
	/** --keep-days N: days a SQLite store keeps */
	unsigned keep_days;
	/** --lock-timeout S, in ms */
	int busy_ms;
	baseline_opts_t opts;
} baseline_cli_t;

/** Defaults: JSON keep 30, SQLite 90 days, lock timeout 10 s, compare defaults, stdout. */
baseline_cli_t baseline_cli_defaults(const char *cmd);

/** Record r; then rewrite the report's report.html with the store's trend (report set). */
int baseline_cli_record(const baseline_cli_t *a, const xp_result_t *r);

/** Compare r with the whole store and with its hour-of-week window; 0, 1 or the error's code. */
int baseline_cli_compare(const baseline_cli_t *a, const xp_result_t *r);

/** Import the JSON store --from into the SQLite store --store. */
int baseline_cli_import(const baseline_cli_t *a);

#endif
