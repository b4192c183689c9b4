/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/cmd_baseline.c: the command line a pipeline runs, its exit codes and messages. */

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "atomic_file.h"
#include "commands.h"
#include "exit_codes.h"
#include "report.h"
#include "report_fixture.h"

/** Output of one cmd_baseline() call. */
typedef struct {
	int rc;
	char out[16384], err[4096];
} run_t;

/** Read fd (rewound) into buf. */
static void slurp(int fd, char *buf, size_t len)
{
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

/** Call cmd_baseline with argv (NULL-terminated, argv[0] = "baseline"), capturing output. */
static void run(run_t *res, const char *const *args)
{
	char *argv[32], o[] = "/tmp/xpcmd.XXXXXX", e[] = "/tmp/xpcmd.XXXXXX";
	int argc = 0, fo = mkstemp(o), fe = mkstemp(e), so, se;

	while (args[argc])
	{
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	unlink(o);
	unlink(e);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fo, 1);
	dup2(fe, 2);
	res->rc = cmd_baseline(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	slurp(fo, res->out, sizeof(res->out));
	slurp(fe, res->err, sizeof(res->err));
}

/** Write a report directory dir/name for a run at base_ms. */
static char *report_dir(const char *dir, const char *name, double base_ms, unsigned seed)
{
	xp_result_t *r = report_fixture_simple(base_ms, seed, 1000, 400 + seed % 3);
	char *path = malloc(strlen(dir) + strlen(name) + 2), err[512];

	sprintf(path, "%s/%s", dir, name);
	assert_int_equal(report_write_dir(r, path, err, sizeof(err)), 0);
	xp_result_destroy(r);
	return path;
}

static void test_record_then_compare(void **state)
{
	char *dir = report_fixture_tmpdir(), store[4200];
	char *shifted = report_dir(dir, "shifted", 3.0, 21), *rerun = report_dir(dir, "rerun", 1.0, 22);
	run_t res;

	(void)state;
	snprintf(store, sizeof(store), "%s/store.json", dir);
	for (unsigned seed = 1; seed <= 3; seed++)
	{
		char name[16];
		char *rep;

		snprintf(name, sizeof(name), "run%u", seed);
		rep = report_dir(dir, name, 1.0, seed);
		run(&res, (const char *const[]){ "baseline", "record", "--report", rep, "--store",
										 store, NULL });
		assert_int_equal(res.rc, XP_EXIT_PASS);
		assert_non_null(strstr(res.out, "recorded "));
		free(rep);
	}
	run(&res, (const char *const[]){ "baseline", "compare", "--store", store, "--report",
									 shifted, NULL });
	assert_int_equal(res.rc, XP_EXIT_THRESHOLD);
	assert_non_null(strstr(res.out, "baseline "));
	assert_non_null(strstr(res.out, ": 3 runs;"));
	assert_non_null(strstr(res.out, "rtt_p50_ms"));
	assert_non_null(strstr(res.out, "regression\n"));
	/* the three runs started on a Tuesday around 20:00 UTC, as the shifted one: the
	 * hour-of-week window holds them all and decides */
	assert_non_null(strstr(res.out, "same hour of week, Tue 19:00-21:59 UTC: 3 runs\n"));
	assert_non_null(strstr(res.out, "decision: the same-hour window (at least 3 runs): 2 "));
	run(&res, (const char *const[]){ "baseline", "compare", "--store", store, "--report",
									 rerun, "--tolerance-pct", "5", "--alpha", "0.01", NULL });
	assert_int_equal(res.rc, XP_EXIT_PASS);
	assert_null(strstr(res.out, "regression\n"));
	assert_non_null(strstr(res.out, "0 regression(s) beyond 5% tolerance at alpha 0.01"));
	/* a huge tolerance forgives the shift */
	run(&res, (const char *const[]){ "baseline", "compare", "--store", store, "--report",
									 shifted, "--tolerance-pct", "500", NULL });
	assert_int_equal(res.rc, XP_EXIT_PASS);
	/* so does the profile's tolerance, and the command line still wins over it */
	{
		char profile[4300];
		FILE *f;

		snprintf(profile, sizeof(profile), "%s/profile.json", dir);
		f = fopen(profile, "w");
		assert_non_null(f);
		fputs("{\"version\":1,\"name\":\"p\",\"local\":{\"address\":\"192.0.2.1\","
			  "\"subnets\":[\"10.1.0.0/24\"]},\"remote\":{\"address\":\"192.0.2.2\","
			  "\"subnets\":[\"10.2.0.0/24\"]},\"auth\":{\"psk_env\":\"X\"},"
			  "\"thresholds\":{\"baseline_tolerance_pct\":500}}", f);
		fclose(f);
		run(&res, (const char *const[]){ "baseline", "compare", "--store", store, "--report",
										 shifted, "--profile", profile, NULL });
		assert_int_equal(res.rc, XP_EXIT_PASS);
		run(&res, (const char *const[]){ "baseline", "compare", "--store", store, "--report",
										 shifted, "--profile", profile, "--tolerance-pct", "5",
										 NULL });
		assert_int_equal(res.rc, XP_EXIT_THRESHOLD);
		unlink(profile);
	}
	free(shifted);
	free(rerun);
	report_fixture_rmdir(dir);
}

static void test_bad_input_is_usage(void **state)
{
	char *dir = report_fixture_tmpdir(), store[4200], *rep = report_dir(dir, "r", 1.0, 1);
	const char foreign[] = "[1, 2, 3]\n";
	char err[256], *text;
	run_t res;

	(void)state;
	snprintf(store, sizeof(store), "%s/store.json", dir);
	run(&res, (const char *const[]){ "baseline", NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	run(&res, (const char *const[]){ "baseline", "--help", NULL });
	assert_int_equal(res.rc, XP_EXIT_PASS);
	assert_non_null(strstr(res.out, "Usage: crosspeer baseline record"));
	run(&res, (const char *const[]){ "baseline", "forget", NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_string_equal(res.err,
		"crosspeer baseline: forget: unknown action (record, compare or import)\n");
	run(&res, (const char *const[]){ "baseline", "compare", "--report", rep, NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_string_equal(res.err,
		"crosspeer baseline: compare: needs --report DIR and --store FILE\n");
	run(&res, (const char *const[]){ "baseline", "compare", "--report", rep, "--store", store,
									 "--alpha", "2", NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_non_null(strstr(res.err, "crosspeer baseline: --alpha: expected a number"));
	/* compare against a store that does not exist */
	run(&res, (const char *const[]){ "baseline", "compare", "--report", rep, "--store", store,
									 NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_non_null(strstr(res.err, "crosspeer baseline: "));
	/* a report directory without report.json */
	run(&res, (const char *const[]){ "baseline", "record", "--report", dir, "--store", store,
									 NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_non_null(strstr(res.err, "/report.json:"));
	/* record into a file that is not a store leaves it alone */
	assert_int_equal(atomic_file_write(store, foreign, strlen(foreign), 0644, err,
									   sizeof(err)), 0);
	run(&res, (const char *const[]){ "baseline", "record", "--report", rep, "--store", store,
									 NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_non_null(strstr(res.err, "store.json: not a crosspeer baseline store"));
	text = atomic_file_read(store, NULL);
	assert_string_equal(text, foreign);
	free(text);
	free(rep);
	report_fixture_rmdir(dir);
}

/* A SQLite store: recorded once, a damaged one is exit 2, a locked one exit 5 (environment),
 * and --keep / --keep-days each fit one kind of store. */
static void test_sqlite_store_exit_codes(void **state)
{
	char *dir = report_fixture_tmpdir(), store[4200], bad[4200];
	char *rep = report_dir(dir, "run1", 1.0, 1);
	sqlite3 *holder;
	run_t res;
	FILE *f;

	(void)state;
	snprintf(store, sizeof(store), "%s/store.db", dir);
	snprintf(bad, sizeof(bad), "%s/damaged.db", dir);
	run(&res, (const char *const[]){ "baseline", "record", "--report", rep, "--store", store,
									 "--keep-days", "36500", NULL });
	assert_int_equal(res.rc, XP_EXIT_PASS);
	assert_non_null(strstr(res.out, ": 1 runs, 0 dropped (started more than 36500 days ago)"));
	assert_non_null(strstr(res.out, "trend of the store written into "));
	f = fopen(bad, "w");
	fputs("SQLite format 3? no: a text file that is not a database, long enough to be read "
		  "as one, so that its header is checked..........................................\n", f);
	fclose(f);
	run(&res, (const char *const[]){ "baseline", "compare", "--report", rep, "--store", bad,
									 NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_non_null(strstr(res.err, "damaged.db: not a SQLite database"));
	assert_int_equal(sqlite3_open(store, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	run(&res, (const char *const[]){ "baseline", "record", "--report", rep, "--store", store,
									 "--keep-days", "36500", "--lock-timeout", "0.2", NULL });
	assert_int_equal(res.rc, XP_EXIT_ENV);
	assert_non_null(strstr(res.err, "store.db: locked: another writer holds it"));
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	run(&res, (const char *const[]){ "baseline", "record", "--report", rep, "--store", store,
									 "--keep", "3", NULL });
	assert_int_equal(res.rc, XP_EXIT_USAGE);
	assert_non_null(strstr(res.err, "--keep: counts runs of a JSON store"));
	free(rep);
	report_fixture_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_then_compare),
		cmocka_unit_test(test_bad_input_is_usage),
		cmocka_unit_test(test_sqlite_store_exit_codes),
	};

	return cmocka_run_group_tests_name("cmd_baseline", tests, NULL, NULL);
}
