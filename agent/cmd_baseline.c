/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * crosspeer baseline record --report DIR --store S [--keep N | --keep-days N]
 * crosspeer baseline compare --store S --report DIR [--tolerance-pct N] [--alpha A] [--seed N]
 * crosspeer baseline import --from OLD.json --store S.db
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline_cli.h"
#include "baseline_db.h"
#include "baseline_store.h"
#include "commands.h"
#include "exit_codes.h"
#include "profile.h"
#include "report.h"

/** The parsed command line. */
typedef struct {
	const char *action, *profile;
	/** what the actions read */
	baseline_cli_t cli;
	/** --tolerance-pct was given: it wins over the profile's */
	bool tolerance_set;
	/** --keep, --keep-days given: each fits one kind of store */
	bool keep_set, keep_days_set;
} cmd_baseline_args_t;

static void cmd_baseline_usage(FILE *out)
{
	fprintf(out,
		"Usage: crosspeer baseline record --report DIR --store FILE [--keep N | --keep-days N]\n"
		"       crosspeer baseline compare --store FILE --report DIR [--tolerance-pct N]\n"
		"                                  [--profile FILE] [--alpha A] [--seed N]\n"
		"       crosspeer baseline import --from OLD.json --store FILE.db\n"
		"       [--lock-timeout S] with any of them\n\n"
		"FILE ending in .json is a JSON store; any other name is a SQLite database (months of\n"
		"runs, several writers at once).\n"
		"record   appends the run in DIR/report.json (figures and raw RTT samples) to the\n"
		"         store FILE, created if missing, and redraws DIR/report.html with the store's\n"
		"         trend. A JSON store keeps the newest N runs (default %d); a SQLite store the\n"
		"         runs started in the last N days (default %d).\n"
		"compare  tests the run in DIR against the stored runs, metric by metric: RTT p50\n"
		"         (Mann-Whitney U + bootstrap CI), RTT p99 (bootstrap CI), delay variation\n"
		"         (Mann-Whitney U), loss (two-proportion z-test), setup time, path MTU and\n"
		"         throughput (prediction interval over runs). A change is a regression when\n"
		"         it is significant at level A (default 0.05) and larger than N%% of the\n"
		"         baseline figure (default 10, or the profile's\n"
		"         thresholds.baseline_tolerance_pct). The bootstrap uses seed N (default 1).\n"
		"         Once against every stored run, once against those started in the same hour\n"
		"         of the week (UTC, +-1 h); the window decides when it holds %d runs or more.\n"
		"import   copies a JSON store's runs into a SQLite store; runs already there (same\n"
		"         start and profile) are skipped, so importing twice adds nothing.\n"
		"--lock-timeout S  how long a writer waits for another one (default %d s).\n\n"
		"Exit codes: 0 no regression (or recorded, imported), 1 a significant regression\n"
		"beyond the tolerance, 2 usage or unreadable input (a damaged or foreign store),\n"
		"5 the store stayed locked by another writer, or the disk failed. See docs/baseline.md.\n",
		BASELINE_STORE_KEEP, BASELINE_DB_KEEP_DAYS, BASELINE_CLI_WINDOW_MIN_RUNS,
		BASELINE_DB_BUSY_MS / 1000);
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

/** A path option: --report, --store, --from. */
static bool cmd_baseline_path(cmd_baseline_args_t *a, const char *opt, const char *value)
{
	if (!value || !value[0])
	{
		fprintf(stderr, "crosspeer baseline: %s: needs a path\n", opt);
		return false;
	}
	*(!strcmp(opt, "--report") ? &a->cli.report : !strcmp(opt, "--store") ? &a->cli.store :
	  &a->cli.from) = value;
	return true;
}

/** A count option: --keep, --keep-days, --lock-timeout, --seed. */
static bool cmd_baseline_count(cmd_baseline_args_t *a, const char *opt, const char *value)
{
	double v;

	if (!strcmp(opt, "--seed") && cmd_baseline_number(opt, value, 0, 9007199254740992.0, &v))
		a->cli.opts.seed = (uint64_t)v;
	else if (!strcmp(opt, "--keep") && cmd_baseline_number(opt, value, 1, 100000, &v))
		a->cli.keep = (size_t)v;
	else if (!strcmp(opt, "--keep-days") && cmd_baseline_number(opt, value, 1, 36500, &v))
		a->cli.keep_days = (unsigned)v;
	else if (!strcmp(opt, "--lock-timeout") && cmd_baseline_number(opt, value, 0, 3600, &v))
		a->cli.busy_ms = (int)(v * 1000);
	else
		return false;
	a->keep_set |= !strcmp(opt, "--keep");
	a->keep_days_set |= !strcmp(opt, "--keep-days");
	return true;
}

/** One "--name value" pair; false (message printed) on a bad one. */
static bool cmd_baseline_option(cmd_baseline_args_t *a, const char *opt, const char *value)
{
	static const char *const counts[] = { "--seed", "--keep", "--keep-days", "--lock-timeout" };

	if (!strcmp(opt, "--report") || !strcmp(opt, "--store") || !strcmp(opt, "--from"))
		return cmd_baseline_path(a, opt, value);
	if (!strcmp(opt, "--tolerance-pct"))
	{
		a->tolerance_set = true;
		return cmd_baseline_number(opt, value, 0, 1000, &a->cli.opts.tolerance_pct);
	}
	if (!strcmp(opt, "--profile") && value && value[0])
	{
		a->profile = value;
		return true;
	}
	if (!strcmp(opt, "--alpha"))
		return cmd_baseline_number(opt, value, 1e-9, 0.5, &a->cli.opts.alpha);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
	{
		if (!strcmp(opt, counts[i]))
			return cmd_baseline_count(a, opt, value);
	}
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
		a->cli.opts.tolerance_pct = p->baseline_tolerance_pct;
	profile_destroy(p);
	return -1;
}

/** Options that need each other or fit one kind of store. @return 0, or -1 (printed) */
static int cmd_baseline_check(const cmd_baseline_args_t *a)
{
	bool import = !strcmp(a->action, "import");

	if (import ? !a->cli.from || !a->cli.store : !a->cli.report || !a->cli.store)
	{
		fprintf(stderr, "crosspeer baseline: %s: needs %s and --store FILE\n", a->action,
				import ? "--from FILE.json" : "--report DIR");
		return -1;
	}
	if (a->keep_set && baseline_db_is_db(a->cli.store))
	{
		fprintf(stderr, "crosspeer baseline: --keep: counts runs of a JSON store (.json); a "
				"SQLite store keeps runs by age: --keep-days N\n");
		return -1;
	}
	if (a->keep_days_set && !baseline_db_is_db(a->cli.store))
	{
		fprintf(stderr, "crosspeer baseline: --keep-days: applies to a SQLite store; a JSON "
				"store (.json) keeps the newest runs: --keep N\n");
		return -1;
	}
	return 0;
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
	if (strcmp(a->action, "record") && strcmp(a->action, "compare") &&
		strcmp(a->action, "import"))
	{
		fprintf(stderr, "crosspeer baseline: %s: unknown action (record, compare or import)\n",
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
	if (cmd_baseline_check(a) < 0)
		return XP_EXIT_USAGE;
	return cmd_baseline_profile(a);
}

int cmd_baseline(int argc, char *argv[])
{
	cmd_baseline_args_t a = { .cli = baseline_cli_defaults("baseline") };
	xp_result_t *r;
	char err[512];
	int rc = cmd_baseline_parse(argc, argv, &a);

	if (rc >= 0)
		return rc;
	if (!strcmp(a.action, "import"))
		return baseline_cli_import(&a.cli);
	r = report_json_load(a.cli.report, err, sizeof(err));
	if (!r)
	{
		fprintf(stderr, "crosspeer baseline: %s\n", err);
		return XP_EXIT_USAGE;
	}
	if (!strcmp(a.action, "record"))
		rc = baseline_cli_record(&a.cli, r);
	else
		rc = baseline_cli_compare(&a.cli, r);
	xp_result_destroy(r);
	return rc;
}
