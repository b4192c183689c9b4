/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/baseline_stats.c: hand-computed Mann-Whitney, proportion test, bootstrap, classes. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "baseline_stats.h"
#include "report_fixture.h"

static void test_mann_whitney_separated_samples(void **state)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	baseline_mwu_t m;

	(void)state;
	assert_int_equal(baseline_stats_mann_whitney(a, 5, b, 5, &m), 0);
	assert_float_equal(m.u, 25, 1e-12);
	assert_float_equal(m.effect_r, 1, 1e-12);
	/* z = (25 - 12.5 - 0.5) / sqrt(25 * 11 / 12) = 2.5067 */
	assert_float_equal(m.z, 2.5067, 1e-4);
	assert_float_equal(m.p, 0.01219, 1e-4);
	/* the other way round: same p, opposite effect */
	assert_int_equal(baseline_stats_mann_whitney(b, 5, a, 5, &m), 0);
	assert_float_equal(m.u, 0, 1e-12);
	assert_float_equal(m.effect_r, -1, 1e-12);
	assert_float_equal(m.p, 0.01219, 1e-4);
}

static void test_mann_whitney_tie_correction(void **state)
{
	const double a[] = { 1, 1, 2, 2 }, b[] = { 2, 2, 3, 3 };
	const double same[] = { 5, 5, 5 };
	baseline_mwu_t m;

	(void)state;
	/* mid-ranks 1.5 1.5 | 4.5 x4 | 7.5 7.5: U_b = 24 - 10 = 14, ties 72,
	 * var = 16/12 * (9 - 72/56) = 10.2857, z = 5.5 / 3.2071 = 1.7150 */
	assert_int_equal(baseline_stats_mann_whitney(a, 4, b, 4, &m), 0);
	assert_float_equal(m.u, 14, 1e-12);
	assert_float_equal(m.z, 1.7150, 1e-4);
	assert_float_equal(m.p, 0.08635, 1e-4);
	/* all values tied: no variance, no evidence */
	assert_int_equal(baseline_stats_mann_whitney(same, 3, same, 3, &m), 0);
	assert_float_equal(m.p, 1, 0);
	assert_int_equal(baseline_stats_mann_whitney(a, 0, b, 4, &m), -22 /* -EINVAL */);
}

static void test_two_proportion(void **state)
{
	baseline_prop_t p;

	(void)state;
	/* 1 % vs 3 % of 1000: pooled 2 %, se 0.006261, z 3.194 */
	assert_int_equal(baseline_stats_two_proportion(10, 1000, 30, 1000, &p), 0);
	assert_float_equal(p.z, 3.194, 1e-3);
	assert_float_equal(p.p, 0.001403, 1e-5);
	assert_float_equal(p.effect_h, 0.14784, 1e-4);
	assert_int_equal(baseline_stats_two_proportion(0, 1000, 0, 500, &p), 0);
	assert_float_equal(p.p, 1, 0);
	assert_int_equal(baseline_stats_two_proportion(5, 4, 0, 500, &p), -22);
}

static void test_quantile_and_normal(void **state)
{
	double v[1000];

	(void)state;
	for (int i = 0; i < 1000; i++)
		v[i] = 1000 - i;	/* reversed: selection must not rely on order */
	assert_float_equal(baseline_stats_quantile(v, 1000, 0.99), 990.01, 1e-9);
	assert_float_equal(baseline_stats_quantile(v, 1000, 0.5), 500.5, 1e-9);
	assert_float_equal(baseline_stats_quantile(v, 1000, 1.0), 1000, 0);
	assert_float_equal(baseline_stats_normal_quantile(0.975), 1.959964, 1e-6);
	assert_float_equal(baseline_stats_normal_sf(1.959964), 0.025, 1e-6);
}

static void test_bootstrap_shift_and_seed(void **state)
{
	double a[2000], b[2000];
	baseline_ci_t ci1, ci2, ci3;
	baseline_rng_t rng;

	(void)state;
	report_fixture_rtts(a, 2000, 1.0, 11);
	report_fixture_rtts(b, 2000, 3.0, 12);	/* +2 ms */
	baseline_rng_seed(&rng, 7);
	assert_int_equal(baseline_stats_bootstrap_quantile_diff(a, 2000, b, 2000, 0.5, 500, 0.95,
															&rng, &ci1), 0);
	assert_float_equal(ci1.diff, 2.0, 0.02);
	assert_true(ci1.lo > 1.95 && ci1.hi < 2.05 && ci1.lo < ci1.diff && ci1.diff < ci1.hi);
	baseline_rng_seed(&rng, 7);
	baseline_stats_bootstrap_quantile_diff(a, 2000, b, 2000, 0.5, 500, 0.95, &rng, &ci2);
	assert_float_equal(ci1.lo, ci2.lo, 0);
	assert_float_equal(ci1.hi, ci2.hi, 0);
	/* same distribution: the interval straddles zero */
	report_fixture_rtts(b, 2000, 1.0, 13);
	baseline_stats_bootstrap_quantile_diff(a, 2000, b, 2000, 0.99, 500, 0.95, &rng, &ci3);
	assert_true(ci3.lo < 0 && ci3.hi > 0);
}

static void test_classify(void **state)
{
	(void)state;
	assert_int_equal(baseline_stats_classify(true, 2.0, 0.1, true), BASELINE_REGRESSION);
	assert_int_equal(baseline_stats_classify(true, -2.0, 0.1, true), BASELINE_IMPROVEMENT);
	assert_int_equal(baseline_stats_classify(true, 0.05, 0.1, true), BASELINE_NO_CHANGE);
	assert_int_equal(baseline_stats_classify(false, 2.0, 0.1, true), BASELINE_NO_CHANGE);
	/* throughput: lower is worse */
	assert_int_equal(baseline_stats_classify(true, -20, 9, false), BASELINE_REGRESSION);
	assert_string_equal(baseline_class_name(BASELINE_REGRESSION), "regression");
	assert_string_equal(baseline_class_name(BASELINE_NO_CHANGE), "no change");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mann_whitney_separated_samples),
		cmocka_unit_test(test_mann_whitney_tie_correction),
		cmocka_unit_test(test_two_proportion),
		cmocka_unit_test(test_quantile_and_normal),
		cmocka_unit_test(test_bootstrap_shift_and_seed),
		cmocka_unit_test(test_classify),
	};

	return cmocka_run_group_tests_name("baseline_stats", tests, NULL, NULL);
}
