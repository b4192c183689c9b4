/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* report/baseline_db*.c: the SQLite baseline store keeps every run of many writers at once,
 * drops runs by age only, reads the same pool as the JSON store, selects the hour-of-week
 * window, imports a JSON store once, and fails cleanly on a damaged or locked file. */

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "atomic_file.h"
#include "baseline_compare.h"
#include "baseline_db.h"
#include "baseline_store.h"
#include "baseline_trend.h"
#include "report.h"
#include "report_fixture.h"

/** 2026-11-30T00:00:00Z, a Monday: the tests' "now". */
#define NOW_S 1795996800LL
#define DAY_S 86400LL

static char *path_in(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	sprintf(p, "%s/%s", dir, name);
	return p;
}

/** A run of 200 probes (seeded RTTs around base_ms) that started at started_s. */
static xp_result_t *run_at(int64_t started_s, unsigned seed, double base_ms)
{
	xp_result_t *r = report_fixture_simple(base_ms, seed, 200, 400 + seed % 7);

	r->run.started_ms = started_s * 1000 + 123;
	return r;
}

static int record_at(const char *db, int64_t started_s, unsigned seed, unsigned keep_days,
					 baseline_db_outcome_t *out)
{
	xp_result_t *r = run_at(started_s, seed, 1.0);
	char err[512];
	int rc = baseline_db_record(db, r, keep_days, NOW_S, 30000, out, err, sizeof(err));

	if (rc < 0)
		fprintf(stderr, "record: %s\n", err);
	xp_result_destroy(r);
	return rc;
}

/** Runs in the store (or in the window around hour, >= 0). */
static size_t count_runs(const char *db, int hour)
{
	char err[512];
	int rc;
	sqlite3 *h = baseline_db_open(db, false, 1000, &rc, err, sizeof(err));
	baseline_source_t *src;
	size_t n = 0;

	assert_non_null(h);
	src = baseline_db_source(h, &rc, err, sizeof(err));
	assert_non_null(src);
	src->select_hour(src, hour);
	assert_int_equal(src->count(src, &n, err, sizeof(err)), 0);
	src->destroy(src);
	sqlite3_close(h);
	return n;
}

/** Collects the samples of one target's entries. */
typedef struct {
	double v[4096];
	size_t n, entries;
	uint64_t sent, received;
} collect_t;

static int collect(void *ctx, const baseline_entry_t *e)
{
	collect_t *c = ctx;

	for (size_t i = 0; i < e->n_rtt && c->n < 4096; i++)
		c->v[c->n++] = e->rtt[i];
	c->entries++;
	c->sent += e->sent;
	c->received += e->received;
	return 0;
}

static void test_record_round_trip(void **state)
{
	char *dir = report_fixture_tmpdir(), *db = path_in(dir, "b.db"), err[512];
	xp_result_t *r = run_at(NOW_S - DAY_S, 3, 1.0);
	baseline_db_outcome_t out;
	baseline_source_t *src;
	collect_t *c = calloc(1, sizeof(*c));
	size_t n;
	double *want = baseline_store_rtts(&r->probes[0], &n);
	int rc;
	sqlite3 *h;

	(void)state;
	assert_int_equal(baseline_db_record(db, r, 90, NOW_S, 1000, &out, err, sizeof(err)), 0);
	assert_true(out.added);
	assert_int_equal(out.runs, 1);
	/* the same report again: the key (started_utc, profile) keeps one copy */
	assert_int_equal(baseline_db_record(db, r, 90, NOW_S, 1000, &out, err, sizeof(err)), 0);
	assert_false(out.added);
	assert_int_equal(out.runs, 1);
	h = baseline_db_open(db, false, 1000, &rc, err, sizeof(err));
	assert_non_null(h);
	src = baseline_db_source(h, &rc, err, sizeof(err));
	assert_int_equal(src->each_entry(src, "10.2.0.1", "stamp", collect, c, err, sizeof(err)), 0);
	assert_int_equal(c->entries, 1);
	assert_int_equal(c->n, n);
	assert_true(n > 190);
	assert_memory_equal(c->v, want, n * sizeof(double));
	assert_int_equal(c->sent, r->probes[0].sent);
	assert_int_equal(c->received, r->probes[0].received);
	src->destroy(src);
	sqlite3_close(h);
	free(want);
	free(c);
	xp_result_destroy(r);
	free(db);
	report_fixture_rmdir(dir);
}

/** Eight processes record RUNS runs each at once: every one of them lands. */
#define WRITERS 8
#define RUNS 6

static void test_concurrent_writers_all_land(void **state)
{
	char *dir = report_fixture_tmpdir(), *db = path_in(dir, "b.db");
	baseline_db_outcome_t out;
	pid_t pids[WRITERS];

	(void)state;
	for (int w = 0; w < WRITERS; w++)
	{
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
		{
			int bad = 0;

			for (int i = 0; i < RUNS; i++)
				bad += record_at(db, NOW_S - DAY_S + w * 3600 + i * 60, (unsigned)(w * RUNS + i),
								 90, &out) < 0 || !out.added;
			_exit(bad ? 1 : 0);
		}
	}
	for (int w = 0; w < WRITERS; w++)
	{
		int status = -1;

		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(count_runs(db, -1), WRITERS * RUNS);
	free(db);
	report_fixture_rmdir(dir);
}

static void test_retention_by_age(void **state)
{
	char *dir = report_fixture_tmpdir(), *db = path_in(dir, "b.db"), err[512];
	xp_result_t *old = run_at(NOW_S - 100 * DAY_S, 1, 1.0);
	baseline_db_outcome_t out;

	(void)state;
	/* stored while they were young enough (a long retention), then a run with 90 days */
	assert_int_equal(record_at(db, NOW_S - 120 * DAY_S, 1, 36500, &out), 0);
	assert_int_equal(record_at(db, NOW_S - 91 * DAY_S, 2, 36500, &out), 0);
	assert_int_equal(record_at(db, NOW_S - 89 * DAY_S, 3, 36500, &out), 0);
	assert_int_equal(record_at(db, NOW_S - 10 * DAY_S, 4, 36500, &out), 0);
	assert_int_equal(out.dropped, 0);
	assert_int_equal(record_at(db, NOW_S - 60, 5, 90, &out), 0);
	assert_int_equal(out.dropped, 2);
	assert_int_equal(out.runs, 3);
	assert_int_equal(count_runs(db, -1), 3);
	/* a run already beyond the retention is refused, not stored and dropped */
	assert_int_equal(baseline_db_record(db, old, 90, NOW_S, 1000, &out, err, sizeof(err)),
					 -EINVAL);
	assert_non_null(strstr(err, "more than --keep-days 90 days ago: not recorded"));
	assert_int_equal(count_runs(db, -1), 3);
	xp_result_destroy(old);
	free(db);
	report_fixture_rmdir(dir);
}

static void test_hour_of_week_window(void **state)
{
	char *dir = report_fixture_tmpdir(), *db = path_in(dir, "b.db"), text[48];
	baseline_db_outcome_t out;
	/* NOW_S is Monday 00:00 UTC: hour 0 of the week */
	const int64_t in[] = { NOW_S + 1800, NOW_S - 1800 /* Sunday 23:30 */, NOW_S + 6600,
						   NOW_S - 7 * DAY_S + 1200 /* a week earlier */ };
	const int64_t out_of[] = { NOW_S + 2 * 3600 + 60, NOW_S - 3600 - 60, NOW_S + 3 * DAY_S };

	(void)state;
	assert_int_equal(baseline_week_hour(0), 72);	/* 1970-01-01 was a Thursday */
	assert_int_equal(baseline_week_hour(NOW_S), 0);
	assert_int_equal(baseline_week_hour(NOW_S - 1), 167);
	assert_true(baseline_week_near(167, 0));
	assert_false(baseline_week_near(2, 0));
	baseline_week_window_text(0, text, sizeof(text));
	assert_string_equal(text, "Sun 23:00-Mon 01:59 UTC");
	baseline_week_window_text(44, text, sizeof(text));
	assert_string_equal(text, "Tue 19:00-21:59 UTC");
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(record_at(db, in[i] - 3 * DAY_S * 7, (unsigned)i, 90, &out), 0);
	for (size_t i = 0; i < sizeof(out_of) / sizeof(out_of[0]); i++)
		assert_int_equal(record_at(db, out_of[i] - 3 * DAY_S * 7, (unsigned)(10 + i), 90,
								   &out), 0);
	assert_int_equal(count_runs(db, -1), 7);
	assert_int_equal(count_runs(db, 0), 4);
	assert_int_equal(count_runs(db, 72), 1);
	free(db);
	report_fixture_rmdir(dir);
}

/** Compare rows of the JSON store and of its import are the same figures. */
static void assert_same_rows(json_t *store, const char *db, const xp_result_t *cur)
{
	baseline_opts_t o = baseline_compare_defaults();
	baseline_row_t *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	char err[512];
	int rc;
	sqlite3 *h = baseline_db_open(db, false, 1000, &rc, err, sizeof(err));
	baseline_source_t *src = baseline_db_source(h, &rc, err, sizeof(err));

	assert_int_equal(baseline_compare_run(store, cur, &o, &a, &na, err, sizeof(err)), 0);
	assert_int_equal(baseline_compare_source(src, cur, &o, &b, &nb, err, sizeof(err)), 0);
	assert_int_equal(na, nb);
	assert_string_equal(a[0].metric, "rtt_p50_ms");
	assert_int_equal(a[0].verdict, BASELINE_REGRESSION);
	for (size_t i = 0; i < na; i++)
	{
		assert_string_equal(a[i].metric, b[i].metric);
		assert_int_equal(a[i].verdict, b[i].verdict);
		assert_int_equal(a[i].runs, b[i].runs);
		if (isnan(a[i].baseline))
			assert_true(isnan(b[i].baseline));
		else
			assert_float_equal(a[i].baseline, b[i].baseline, 1e-9 * fabs(a[i].baseline));
	}
	free(a);
	free(b);
	src->destroy(src);
	sqlite3_close(h);
}

static void test_import_is_idempotent(void **state)
{
	char *dir = report_fixture_tmpdir(), *js = path_in(dir, "old.json");
	char *db = path_in(dir, "new.db"), err[512];
	xp_result_t *cur = run_at(NOW_S, 99, 3.0);
	size_t added, skipped;
	json_t *store;

	(void)state;
	for (unsigned seed = 4; seed >= 1; seed--)
	{
		xp_result_t *r = run_at(NOW_S - seed * DAY_S, seed, 1.0);

		assert_int_equal(baseline_store_record(js, r, 30, err, sizeof(err)), 0);
		xp_result_destroy(r);
	}
	store = baseline_store_load(js, false, err, sizeof(err));
	assert_non_null(store);
	assert_int_equal(baseline_db_import(store, db, 1000, &added, &skipped, err, sizeof(err)), 0);
	assert_int_equal(added, 4);
	assert_int_equal(skipped, 0);
	assert_int_equal(baseline_db_import(store, db, 1000, &added, &skipped, err, sizeof(err)), 0);
	assert_int_equal(added, 0);
	assert_int_equal(skipped, 4);
	assert_int_equal(count_runs(db, -1), 4);
	/* the same pool: +2 ms is a regression against either store, with the same figures */
	assert_same_rows(store, db, cur);
	json_decref(store);
	xp_result_destroy(cur);
	free(js);
	free(db);
	report_fixture_rmdir(dir);
}

/** Record into a file that is not a store: -EINVAL naming the problem, file untouched. */
static void assert_refused(const char *db, const char *want)
{
	baseline_db_outcome_t out;
	char err[512], before[8192], after[8192];
	FILE *f = fopen(db, "rb");
	size_t n = fread(before, 1, sizeof(before), f), m;
	xp_result_t *r = run_at(NOW_S, 1, 1.0);

	fclose(f);
	assert_int_equal(baseline_db_record(db, r, 90, NOW_S, 1000, &out, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, want));
	assert_non_null(strstr(err, "move"));
	f = fopen(db, "rb");
	m = fread(after, 1, sizeof(after), f);
	fclose(f);
	assert_int_equal(n, m);
	assert_memory_equal(before, after, n);
	xp_result_destroy(r);
}

static void test_corrupt_and_foreign_files(void **state)
{
	char *dir = report_fixture_tmpdir(), *db = path_in(dir, "b.db"), err[512];
	char garbage[4096];
	sqlite3 *h;

	(void)state;
	memset(garbage, 'x', sizeof(garbage));
	assert_int_equal(atomic_file_write(db, garbage, sizeof(garbage), 0644, err, sizeof(err)), 0);
	assert_refused(db, "not a SQLite database");
	unlink(db);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE notes (x TEXT)", NULL, NULL, NULL), 0);
	sqlite3_close(h);
	assert_refused(db, "a SQLite database but not a crosspeer baseline store");
	unlink(db);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE runs (x TEXT); PRAGMA user_version = 1",
								  NULL, NULL, NULL), 0);
	sqlite3_close(h);
	assert_refused(db, "not a crosspeer baseline store (no such column");
	free(db);
	report_fixture_rmdir(dir);
}

static void test_locked_is_busy_and_keeps_runs(void **state)
{
	char *dir = report_fixture_tmpdir(), *db = path_in(dir, "b.db"), err[512];
	xp_result_t *r = run_at(NOW_S - 60, 2, 1.0);
	baseline_db_outcome_t out;
	sqlite3 *holder;

	(void)state;
	assert_int_equal(record_at(db, NOW_S - 120, 1, 90, &out), 0);
	assert_int_equal(sqlite3_open(db, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN EXCLUSIVE; DELETE FROM targets", NULL, NULL,
								  NULL), SQLITE_OK);
	assert_int_equal(baseline_db_record(db, r, 90, NOW_S, 200, &out, err, sizeof(err)), -EBUSY);
	assert_non_null(strstr(err, "locked: another writer holds it"));
	/* the holder gives up; the store is as it was and takes the run now */
	assert_int_equal(sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(holder);
	assert_int_equal(count_runs(db, -1), 1);
	assert_int_equal(baseline_db_record(db, r, 90, NOW_S, 200, &out, err, sizeof(err)), 0);
	assert_int_equal(count_runs(db, -1), 2);
	xp_result_destroy(r);
	free(db);
	report_fixture_rmdir(dir);
}

static void test_trend_in_report_html(void **state)
{
	char *dir = report_fixture_tmpdir(), *db = path_in(dir, "b.db"), err[512];
	xp_result_t *cur = run_at(NOW_S, 9, 1.0);
	baseline_db_outcome_t out;
	baseline_trend_t *t = NULL;
	baseline_source_t *src;
	char *html, *plain;
	sqlite3 *h;
	int rc;

	(void)state;
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(record_at(db, NOW_S - (5 - i) * DAY_S, i, 90, &out), 0);
	h = baseline_db_open(db, false, 1000, &rc, err, sizeof(err));
	src = baseline_db_source(h, &rc, err, sizeof(err));
	assert_int_equal(baseline_trend_collect(src, cur, &t, err, sizeof(err)), 0);
	assert_int_equal(t[0].runs, 5);
	assert_int_equal(t[0].n, 5);
	assert_int_equal(t[0].t_s[4] - t[0].t_s[0], 4 * DAY_S);
	assert_true(t[0].p50[0] > 1.0 && t[0].p50[0] < t[0].p99[0]);
	html = report_html_build_trend(cur, t, cur->n_probes, "b.db");
	plain = report_html_build(cur);
	assert_non_null(strstr(html, "<section id=\"trend\">"));
	assert_non_null(strstr(html, "<polyline class=\"p50\" points=\""));
	assert_non_null(strstr(html, "<polyline class=\"p99\" points=\""));
	assert_non_null(strstr(html, "(5 runs)"));
	assert_null(strstr(plain, "id=\"trend\""));
	/* the rest of the page is the same page: the section is inserted before "Path" */
	assert_int_equal(strstr(html, "<section id=\"trend\">") - html,
					 strstr(plain, "<section id=\"path\">") - plain);
	assert_memory_equal(html, plain, (size_t)(strstr(plain, "<section id=\"path\">") - plain));
	assert_string_equal(strstr(html, "<section id=\"path\">"),
						strstr(plain, "<section id=\"path\">"));
	free(html);
	free(plain);
	baseline_trend_free(t, cur->n_probes);
	src->destroy(src);
	sqlite3_close(h);
	xp_result_destroy(cur);
	free(db);
	report_fixture_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_concurrent_writers_all_land),
		cmocka_unit_test(test_retention_by_age),
		cmocka_unit_test(test_hour_of_week_window),
		cmocka_unit_test(test_import_is_idempotent),
		cmocka_unit_test(test_corrupt_and_foreign_files),
		cmocka_unit_test(test_locked_is_busy_and_keeps_runs),
		cmocka_unit_test(test_trend_in_report_html),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
