/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* report/failover.c: the outage in a probe sequence, the verdict, failover.json. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "failover.h"

/* probes every 20 ms from t = 1000; pattern: '.' answered, 'x' lost */
static size_t probes_of(const char *pattern, xp_failover_probe_t *out)
{
	size_t n = strlen(pattern);

	for (size_t i = 0; i < n; i++)
		out[i] = (xp_failover_probe_t){ .tx_ms = 1000 + 20 * i, .answered = pattern[i] == '.' };
	return n;
}

static void test_outage(void **state)
{
	xp_failover_probe_t probes[64];
	xp_failover_t f = { .max_failover_ms = NAN };
	size_t n = probes_of("...x..xxxxx.x.x...", probes);
	char why[160];

	(void)state;
	xp_failover_outage(&f, probes, n, 1000);
	assert_int_equal(f.sent, 18);
	assert_int_equal(f.answered, 10);
	/* the longest run: 5 lost from the 7th probe (120 ms) to the 12th answered (220 ms) */
	assert_int_equal(f.outage_lost, 5);
	assert_true(f.outage_start_ms == 120);
	assert_true(f.outage_ms == 100);
	assert_true(f.recovered);
	assert_true(xp_failover_pass(&f, why, sizeof(why)));
	f.max_failover_ms = 99;
	assert_false(xp_failover_pass(&f, why, sizeof(why)));
	assert_non_null(strstr(why, "max_failover_ms 99"));
}

static void test_no_outage_and_not_over(void **state)
{
	xp_failover_probe_t probes[64];
	xp_failover_t f = { .max_failover_ms = 1000 };
	char why[160];
	json_t *j;

	(void)state;
	xp_failover_outage(&f, probes, probes_of("......", probes), 1000);
	assert_true(isnan(f.outage_ms));
	assert_true(xp_failover_pass(&f, why, sizeof(why)));
	xp_failover_outage(&f, probes, probes_of("...xxx", probes), 1000);
	assert_false(f.recovered);
	assert_false(xp_failover_pass(&f, why, sizeof(why)));
	assert_non_null(strstr(why, "did not end"));
	f.withdraw_ms = NAN;
	j = xp_failover_json(&f);
	assert_non_null(j);
	assert_false(json_is_true(json_object_get(j, "pass")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "outage"),
														"probes_lost")), 3);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outage),
		cmocka_unit_test(test_no_outage_and_not_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
