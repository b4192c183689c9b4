/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "histogram.h"

static void test_p99_of_uniform_1_to_1000_us(void **state)
{
	histogram_t *h = histogram_create(1, 100000);	/* 1 us .. 100 ms */

	(void)state;
	for (int us = 1; us <= 1000; us++)
		histogram_add(h, us);
	assert_in_range(histogram_percentile(h, 99.0), 985, 995);
	assert_in_range(histogram_percentile(h, 50.0), 498, 502);	/* bucket width 2 there */
	assert_int_equal(histogram_min(h), 1);
	assert_int_equal(histogram_max(h), 1000);
	assert_int_equal(histogram_count(h), 1000);
	histogram_destroy(h);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Log-normal-ish RTTs in ns: every percentile within the documented relative bound. */
static void test_percentiles_within_documented_bound(void **state)
{
	enum { N = 100000 };
	static const double ps[] = { 1, 10, 50, 90, 99, 99.9, 99.99 };
	uint64_t *v = malloc(N * sizeof(*v)), seed = 12345;
	histogram_t *h = histogram_create(1, 100000000000ull);

	(void)state;
	for (int i = 0; i < N; i++)
	{
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		v[i] = 20000 + (seed >> 33) % 5000000 * ((seed >> 20) % 7 == 0 ? 40 : 1);
		histogram_add(h, v[i]);
	}
	qsort(v, N, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++)
	{
		uint64_t exact = v[(size_t)ceil(ps[i] / 100.0 * N) - 1];
		double got = (double)histogram_percentile(h, ps[i]);

		assert_true(fabs(got - (double)exact) <= (double)exact * HISTOGRAM_REL_ERROR);
	}
	assert_true(histogram_min(h) == v[0]);
	assert_true(histogram_max(h) == v[N - 1]);
	free(v);
	histogram_destroy(h);
}

static void test_memory_is_bounded(void **state)
{
	histogram_t *h = histogram_create(1, 100000000000ull);	/* 100 s in ns */
	uint64_t before = histogram_memory(h);

	(void)state;
	for (uint64_t i = 0; i < 1000000; i++)
		histogram_add(h, i * 997 % 100000000000ull);
	assert_true(histogram_memory(h) == before);
	assert_true(before < 64 * 1024);		/* 37 doublings x 128 buckets x 8 bytes */
	histogram_destroy(h);
}

static void test_overflow_keeps_exact_max(void **state)
{
	histogram_t *h = histogram_create(1, 1000);

	(void)state;
	histogram_add(h, 10);
	histogram_add(h, 5000);
	assert_int_equal(histogram_overflow(h), 1);
	assert_int_equal(histogram_max(h), 5000);
	assert_int_equal(histogram_percentile(h, 100), 5000);
	histogram_destroy(h);
}

static void test_merge_and_empty(void **state)
{
	histogram_t *a = histogram_create(1, 1000000), *b = histogram_create(1, 1000000);
	histogram_t *c = histogram_create(1, 10);

	(void)state;
	assert_int_equal(histogram_percentile(a, 50), 0);
	for (int i = 1; i <= 100; i++)
		histogram_add(i <= 50 ? a : b, (uint64_t)i * 1000);
	assert_int_equal(histogram_merge(a, b), 0);
	assert_int_equal(histogram_count(a), 100);
	assert_int_equal(histogram_max(a), 100000);
	assert_in_range(histogram_percentile(a, 50), 50000 - 196, 50000 + 196);
	assert_int_equal(histogram_merge(a, c), -22);		/* -EINVAL: other geometry */
	assert_null(histogram_create(10, 1));
	histogram_destroy(a);
	histogram_destroy(b);
	histogram_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_p99_of_uniform_1_to_1000_us),
		cmocka_unit_test(test_percentiles_within_documented_bound),
		cmocka_unit_test(test_memory_is_bounded),
		cmocka_unit_test(test_overflow_keeps_exact_max),
		cmocka_unit_test(test_merge_and_empty),
	};
	return cmocka_run_group_tests_name("histogram", tests, NULL, NULL);
}
