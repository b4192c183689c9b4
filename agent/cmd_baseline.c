/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * crosspeer baseline record --report DIR --store S [--keep N]
 * crosspeer baseline compare --store S --report DIR [--tolerance-pct N] [--alpha A] [--seed N]
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline_compare.h"
#include "baseline_store.h"
#include "commands.h"
#include "exit_codes.h"
#include "profile.h"
#include "report.h"

/** The parsed command line. */
typedef struct {
	const char *action, *report, *store, *profile;
	size_t keep;
	baseline_opts_t opts;
	/** --tolerance-pct was given: it wins over the profile's */
	bool tolerance_set;
} cmd_baseline_args_t;

static void cmd_baseline_usage(FILE *out)
{
	fprintf(out,
		"Usage: crosspeer baseline record --report DIR --store FILE [--keep N]\n"
		"       crosspeer baseline compare --store FILE --report DIR [--tolerance-pct N]\n"
		"                                  [--profile FILE] [--alpha A] [--seed N]\n\n"
		"record   appends the run in DIR/report.json (figures and raw RTT samples) to the\n"
		"         store FILE, created if missing, keeping the newest N runs (default %d).\n"
		"compare  tests the run in DIR against the stored runs, metric by metric: RTT p50\n"
		"         (Mann-Whitney U + bootstrap CI), RTT p99 (bootstrap CI), delay variation\n"
		"         (Mann-Whitney U), loss (two-proportion z-test), setup time, path MTU and\n"
		"         throughput (prediction interval over runs). A change is a regression when\n"
		"         it is significant at level A (default 0.05) and larger than N%% of the\n"
		"         baseline figure (default 10, or the profile's\n"
		"         thresholds.baseline_tolerance_pct). The bootstrap uses seed N (default 1).\n\n"
		"Exit codes: 0 no regression (or recorded), 1 a significant regression beyond the\n"
		"tolerance, 2 usage or unreadable input. See docs/baseline.md.\n", BASELINE_STORE_KEEP);
}

/** Parse a number option value within [lo, hi]. */
static bool cmd_baseline_number(const char *opt, const char *value, double lo, double hi,
								double *out)
{
	char *end = NULL;
	double v;

	errno = 0;
	v = value ? strtod(value, &end) : NAN;
	if (!value || errno || end == value || *end || !(v >= lo && v <= hi))
	{
		fprintf(stderr, "crosspeer baseline: %s: expected a number from %g to %g, got '%s'\n",
				opt, lo, hi, value ? value : "");
		return false;
	}
	*out = v;
	return true;
}

/** One "--name value" pair; false (message printed) on a bad one. */
static bool cmd_baseline_option(cmd_baseline_args_t *a, const char *opt, const char *value)
{
	double v;

	if (!strcmp(opt, "--report") || !strcmp(opt, "--store"))
	{
		if (!value || !value[0])
		{
			fprintf(stderr, "crosspeer baseline: %s: needs a path\n", opt);
			return false;
		}
		*(!strcmp(opt, "--report") ? &a->report : &a->store) = value;
		return true;
	}
	if (!strcmp(opt, "--tolerance-pct"))
	{
		a->tolerance_set = true;
		return cmd_baseline_number(opt, value, 0, 1000, &a->opts.tolerance_pct);
	}
	if (!strcmp(opt, "--profile") && value && value[0])
	{
		a->profile = value;
		return true;
	}
	if (!strcmp(opt, "--alpha"))
		return cmd_baseline_number(opt, value, 1e-9, 0.5, &a->opts.alpha);
	if (!strcmp(opt, "--seed") && cmd_baseline_number(opt, value, 0, 9007199254740992.0, &v))
	{
		a->opts.seed = (uint64_t)v;
		return true;
	}
	if (!strcmp(opt, "--keep") && cmd_baseline_number(opt, value, 1, 100000, &v))
	{
		a->keep = (size_t)v;
		return true;
	}
	if (strcmp(opt, "--seed") && strcmp(opt, "--keep"))
		fprintf(stderr, "crosspeer baseline: %s: unknown option (see --help)\n", opt);
	return false;
}

/** The tolerance from the profile, unless the command line set one. */
static int cmd_baseline_profile(cmd_baseline_args_t *a)
{
	profile_err_t perr;
	profile_t *p;
	char msg[600];

	if (!a->profile)
		return -1;
	p = profile_load(a->profile, &perr);
	if (!p)
	{
		profile_err_format(&perr, msg, sizeof(msg));
		fprintf(stderr, "crosspeer baseline: %s\n", msg);
		return XP_EXIT_USAGE;
	}
	if (!a->tolerance_set && !isnan(p->baseline_tolerance_pct))
		a->opts.tolerance_pct = p->baseline_tolerance_pct;
	profile_destroy(p);
	return -1;
}

/** @return -1 to go on, else the exit code (help printed or bad usage). */
static int cmd_baseline_parse(int argc, char *argv[], cmd_baseline_args_t *a)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
	{
		cmd_baseline_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? XP_EXIT_USAGE : XP_EXIT_PASS;
	}
	a->action = argv[1];
	if (strcmp(a->action, "record") && strcmp(a->action, "compare"))
	{
		fprintf(stderr, "crosspeer baseline: %s: unknown action (record or compare)\n",
				a->action);
		return XP_EXIT_USAGE;
	}
	for (int i = 2; i < argc; i += 2)
	{
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
		{
			cmd_baseline_usage(stdout);
			return XP_EXIT_PASS;
		}
		if (!cmd_baseline_option(a, argv[i], i + 1 < argc ? argv[i + 1] : NULL))
			return XP_EXIT_USAGE;
	}
	if (!a->report || !a->store)
	{
		fprintf(stderr, "crosspeer baseline: %s: needs --report DIR and --store FILE\n",
				a->action);
		return XP_EXIT_USAGE;
	}
	return cmd_baseline_profile(a);
}

static int cmd_baseline_record(const cmd_baseline_args_t *a, const xp_result_t *r)
{
	char err[512];

	if (baseline_store_record(a->store, r, a->keep, err, sizeof(err)) < 0)
	{
		fprintf(stderr, "crosspeer baseline: %s: %s\n", a->store, err);
		return XP_EXIT_USAGE;
	}
	printf("recorded %s (%zu targets) in %s\n", a->report, r->n_probes, a->store);
	return XP_EXIT_PASS;
}

static int cmd_baseline_compare(const cmd_baseline_args_t *a, const xp_result_t *r)
{
	baseline_row_t *rows = NULL;
	size_t n = 0, regressions;
	char err[512];
	json_t *store = baseline_store_load(a->store, false, err, sizeof(err));

	if (!store || baseline_compare_run(store, r, &a->opts, &rows, &n, err, sizeof(err)) < 0)
	{
		fprintf(stderr, "crosspeer baseline: %s: %s\n", a->store, err);
		json_decref(store);
		return XP_EXIT_USAGE;
	}
	printf("baseline %s: %zu runs; current %s\n", a->store,
		   json_array_size(json_object_get(store, "runs")), a->report);
	baseline_compare_print(stdout, rows, n, &a->opts);
	regressions = baseline_compare_regressions(rows, n);
	free(rows);
	json_decref(store);
	return regressions ? XP_EXIT_THRESHOLD : XP_EXIT_PASS;
}

int cmd_baseline(int argc, char *argv[])
{
	cmd_baseline_args_t a = { .keep = BASELINE_STORE_KEEP, .opts = baseline_compare_defaults() };
	xp_result_t *r;
	char err[512];
	int rc = cmd_baseline_parse(argc, argv, &a);

	if (rc >= 0)
		return rc;
	r = report_json_load(a.report, err, sizeof(err));
	if (!r)
	{
		fprintf(stderr, "crosspeer baseline: %s\n", err);
		return XP_EXIT_USAGE;
	}
	if (!strcmp(a.action, "record"))
		rc = cmd_baseline_record(&a, r);
	else
		rc = cmd_baseline_compare(&a, r);
	xp_result_destroy(r);
	return rc;
}
