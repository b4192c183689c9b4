/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/baseline_store.c + baseline_compare.c: what a record keeps, that it is atomic and
 * never clobbers a foreign file, and that compare flags a +2 ms shift but not a re-run. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "atomic_file.h"
#include "baseline_compare.h"
#include "baseline_store.h"
#include "report_fixture.h"

static char *store_path(const char *dir)
{
	char *p = malloc(strlen(dir) + 32);

	sprintf(p, "%s/baseline.json", dir);
	return p;
}

/** Record runs at 1 ms with seeds 1..n (1000 probes each). */
static void record_runs(const char *store, unsigned n, size_t keep)
{
	char err[512];

	for (unsigned seed = 1; seed <= n; seed++)
	{
		xp_result_t *r = report_fixture_simple(1.0, seed, 1000, 400 + seed);

		assert_int_equal(baseline_store_record(store, r, keep, err, sizeof(err)), 0);
		xp_result_destroy(r);
	}
}

static void test_record_keeps_samples_and_bound(void **state)
{
	char *dir = report_fixture_tmpdir(), *store = store_path(dir), err[512];
	json_t *root, *runs, *t0;

	(void)state;
	record_runs(store, 5, 3);
	root = baseline_store_load(store, false, err, sizeof(err));
	assert_non_null(root);
	runs = json_object_get(root, "runs");
	assert_int_equal(json_array_size(runs), 3);
	/* the oldest two were dropped: the first kept run is seed 3 */
	assert_string_equal(json_string_value(json_object_get(json_array_get(runs, 0),
										  "started_utc")), "2026-11-24T20:03:00.000Z");
	assert_float_equal(json_real_value(json_object_get(json_array_get(runs, 0),
									   "tunnel_setup_ms")), 403, 0);
	t0 = json_array_get(json_object_get(json_array_get(runs, 2), "targets"), 0);
	assert_string_equal(json_string_value(json_object_get(t0, "target")), "10.2.0.1");
	assert_int_equal(json_integer_value(json_object_get(t0, "sent")), 1000);
	assert_int_equal(json_integer_value(json_object_get(t0, "received")), 995);
	assert_int_equal(json_array_size(json_object_get(t0, "rtt_samples_ms")), 995);
	json_decref(root);
	free(store);
	report_fixture_rmdir(dir);
}

static void test_record_never_clobbers(void **state)
{
	char *dir = report_fixture_tmpdir(), *store = store_path(dir), err[512], path[4200];
	const char foreign[] = "{\"hello\": 1}\n";
	xp_result_t *r = report_fixture_simple(1.0, 1, 100, 400);
	char *text;
	struct stat st;

	(void)state;
	assert_int_equal(atomic_file_write(store, foreign, strlen(foreign), 0644, err,
									   sizeof(err)), 0);
	assert_true(baseline_store_record(store, r, 10, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "not a crosspeer baseline store (no \"crosspeer_baseline\": 1"));
	text = atomic_file_read(store, NULL);
	assert_string_equal(text, foreign);
	free(text);
	/* a directory that does not exist: fails, creates nothing */
	snprintf(path, sizeof(path), "%s/missing/baseline.json", dir);
	assert_true(baseline_store_record(path, r, 10, err, sizeof(err)) < 0);
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(stat(path, &st), -1);
	/* a run whose tunnel never came up is not a baseline */
	r->tunnel.established = false;
	assert_true(baseline_store_record(store, r, 10, err, sizeof(err)) < 0);
	assert_string_equal(err, "the report's tunnel was not established: not recorded");
	xp_result_destroy(r);
	free(store);
	report_fixture_rmdir(dir);
}

static const baseline_row_t *row(const baseline_row_t *rows, size_t n, const char *metric)
{
	for (size_t i = 0; i < n; i++)
	{
		if (!strcmp(rows[i].metric, metric))
			return &rows[i];
	}
	fail_msg("no row %s", metric);
	return NULL;
}

/** Compare a run at base_ms (seed) with three recorded 1 ms runs. */
static size_t compare(const char *store, double base_ms, unsigned seed, baseline_row_t **rows,
					  size_t *n)
{
	baseline_opts_t o = baseline_compare_defaults();
	xp_result_t *cur = report_fixture_simple(base_ms, seed, 1000, 402);
	char err[512];
	json_t *root = baseline_store_load(store, false, err, sizeof(err));

	assert_int_equal(baseline_compare_run(root, cur, &o, rows, n, err, sizeof(err)), 0);
	json_decref(root);
	xp_result_destroy(cur);
	return baseline_compare_regressions(*rows, *n);
}

static void test_compare_flags_a_2ms_shift(void **state)
{
	char *dir = report_fixture_tmpdir(), *store = store_path(dir);
	baseline_row_t *rows;
	const baseline_row_t *p50;
	size_t n;

	(void)state;
	record_runs(store, 3, 30);
	assert_true(compare(store, 3.0, 9, &rows, &n) >= 2);
	p50 = row(rows, n, "rtt_p50_ms");
	assert_int_equal(p50->verdict, BASELINE_REGRESSION);
	assert_int_equal(p50->runs, 3);
	assert_float_equal(p50->change, 2.0, 0.02);
	assert_true(p50->ci_lo > 1.9 && p50->ci_hi < 2.1);
	assert_true(p50->p < 1e-6);
	assert_float_equal(p50->effect, 1.0, 0.01);	/* every new RTT above every old one */
	assert_int_equal(row(rows, n, "rtt_p99_ms")->verdict, BASELINE_REGRESSION);
	assert_int_equal(row(rows, n, "loss_pct")->verdict, BASELINE_NO_CHANGE);
	free(rows);
	free(store);
	report_fixture_rmdir(dir);
}

static void test_compare_passes_an_unshifted_rerun(void **state)
{
	char *dir = report_fixture_tmpdir(), *store = store_path(dir);
	baseline_row_t *rows;
	size_t n;

	(void)state;
	record_runs(store, 3, 30);
	assert_int_equal(compare(store, 1.0, 4, &rows, &n), 0);
	assert_int_equal(row(rows, n, "rtt_p50_ms")->verdict, BASELINE_NO_CHANGE);
	assert_true(fabs(row(rows, n, "rtt_p50_ms")->change) < 0.02);
	assert_int_equal(row(rows, n, "rtt_p99_ms")->verdict, BASELINE_NO_CHANGE);
	assert_int_equal(row(rows, n, "ipdv_ms")->verdict, BASELINE_NO_CHANGE);
	assert_int_equal(row(rows, n, "loss_pct")->verdict, BASELINE_NO_CHANGE);
	/* setup 402 ms vs. 401..403: inside the prediction interval */
	assert_int_equal(row(rows, n, "tunnel_setup_ms")->verdict, BASELINE_NO_CHANGE);
	free(rows);
	/* and an improvement is called one, not a regression */
	assert_int_equal(compare(store, 0.5, 5, &rows, &n), 0);
	assert_int_equal(row(rows, n, "rtt_p50_ms")->verdict, BASELINE_IMPROVEMENT);
	free(rows);
	free(store);
	report_fixture_rmdir(dir);
}

static void test_compare_unknown_target_is_insufficient(void **state)
{
	char *dir = report_fixture_tmpdir(), *store = store_path(dir), err[512];
	baseline_opts_t o = baseline_compare_defaults();
	xp_result_t *cur = report_fixture_simple(5.0, 8, 500, 402);
	baseline_row_t *rows;
	json_t *root;
	size_t n;

	(void)state;
	record_runs(store, 2, 30);
	snprintf(cur->probes[0].target, sizeof(cur->probes[0].target), "10.9.9.9");
	root = baseline_store_load(store, false, err, sizeof(err));
	assert_int_equal(baseline_compare_run(root, cur, &o, &rows, &n, err, sizeof(err)), 0);
	assert_int_equal(baseline_compare_regressions(rows, n), 0);
	assert_int_equal(row(rows, n, "rtt_p50_ms")->verdict, BASELINE_INSUFFICIENT);
	assert_int_equal(row(rows, n, "rtt_p50_ms")->runs, 0);
	assert_int_equal(row(rows, n, "loss_pct")->verdict, BASELINE_INSUFFICIENT);
	/* two runs are too few for a prediction interval */
	assert_int_equal(row(rows, n, "tunnel_setup_ms")->verdict, BASELINE_INSUFFICIENT);
	free(rows);
	json_decref(root);
	xp_result_destroy(cur);
	free(store);
	report_fixture_rmdir(dir);
}

static void test_compare_empty_store(void **state)
{
	json_t *empty = json_pack("{s:i, s:[]}", "crosspeer_baseline", 1, "runs");
	baseline_opts_t o = baseline_compare_defaults();
	xp_result_t *cur = report_fixture_simple(1.0, 1, 100, 400);
	baseline_row_t *rows = NULL;
	size_t n = 0;
	char err[512];

	(void)state;
	assert_true(baseline_compare_run(empty, cur, &o, &rows, &n, err, sizeof(err)) < 0);
	assert_string_equal(err, "the store holds no runs: record one first");
	json_decref(empty);
	xp_result_destroy(cur);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_keeps_samples_and_bound),
		cmocka_unit_test(test_record_never_clobbers),
		cmocka_unit_test(test_compare_flags_a_2ms_shift),
		cmocka_unit_test(test_compare_passes_an_unshifted_rerun),
		cmocka_unit_test(test_compare_unknown_target_is_insufficient),
		cmocka_unit_test(test_compare_empty_store),
	};

	return cmocka_run_group_tests_name("baseline_store", tests, NULL, NULL);
}
