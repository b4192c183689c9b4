/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rate_limit.h"

static struct sockaddr_in addr(uint32_t host)
{
	return (struct sockaddr_in){ .sin_family = AF_INET, .sin_addr.s_addr = htonl(host) };
}

static int allowed_in(rate_limit_t *l, struct sockaddr_in *a, int n, uint64_t t0, uint64_t step)
{
	int ok = 0;

	for (int i = 0; i < n; i++)
		ok += rate_limit_allow(l, (struct sockaddr *)a, t0 + (uint64_t)i * step);
	return ok;
}

static void test_burst_then_rate(void **state)
{
	rate_limit_t *l = rate_limit_create(100, 10);
	struct sockaddr_in a = addr(0x0a000001);

	(void)state;
	/* 50 at the same instant: only the burst passes */
	assert_int_equal(allowed_in(l, &a, 50, 1000, 0), 10);
	/* then 1000 packets over 1 s (1 ms apart): 100 tokens refill */
	assert_in_range(allowed_in(l, &a, 1000, 1000 + 1000000, 1000000), 99, 101);
	rate_limit_destroy(l);
}

static void test_sources_are_independent(void **state)
{
	rate_limit_t *l = rate_limit_create(1, 2);
	struct sockaddr_in a = addr(0x0a000001), b = addr(0x0a000002);

	(void)state;
	assert_int_equal(allowed_in(l, &a, 5, 1, 0), 2);
	assert_int_equal(allowed_in(l, &b, 5, 1, 0), 2);
	assert_int_equal(rate_limit_sources(l), 2);
	rate_limit_destroy(l);
}

static void test_table_is_bounded(void **state)
{
	rate_limit_t *l = rate_limit_create(1, 1);

	(void)state;
	for (uint32_t i = 0; i < 100000; i++)
	{
		struct sockaddr_in a = addr(0x0b000000 + i);

		assert_true(rate_limit_allow(l, (struct sockaddr *)&a, 1 + i));
	}
	assert_true(rate_limit_sources(l) <= RATE_LIMIT_SLOTS);
	assert_null(rate_limit_create(0, 1));
	rate_limit_destroy(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_rate),
		cmocka_unit_test(test_sources_are_independent),
		cmocka_unit_test(test_table_is_bounded),
	};
	return cmocka_run_group_tests_name("rate_limit", tests, NULL, NULL);
}
