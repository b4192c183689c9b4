/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "impair.h"

#define N 100000

static void test_parse_spec(void **state)
{
	impair_conf_t c;
	char err[300];

	(void)state;
	assert_true(impair_parse("delay=20ms,jitter=2ms,loss=1%,ge=1/30/50/0,reorder=5,"
							 "duplicate=0.5%,rate=10mbit,dist=uniform,seed=7", &c, err, sizeof(err)));
	assert_true(c.delay_ms == 20 && c.jitter_ms == 2 && c.loss_pct == 1);
	assert_true(c.ge_p == 1 && c.ge_r == 30 && c.ge_loss_bad_pct == 50 && c.ge_loss_good_pct == 0);
	assert_true(c.reorder_pct == 5 && c.duplicate_pct == 0.5 && c.rate_mbps == 10);
	assert_int_equal(c.jitter_dist, IMPAIR_JITTER_UNIFORM);
	assert_int_equal(c.seed, 7);
	assert_true(impair_parse("none", &c, err, sizeof(err)));
	assert_true(c.delay_ms == 0 && c.loss_pct == 0);
	assert_false(impair_parse("delay=20s", &c, err, sizeof(err)));
	assert_non_null(strstr(err, "'delay=20s'"));
	assert_false(impair_parse("loss=150%", &c, err, sizeof(err)));
	assert_false(impair_parse("latency=5", &c, err, sizeof(err)));
	assert_non_null(strstr(err, "expected delay=MS"));
	assert_false(impair_parse("ge=1/0/50/0", &c, err, sizeof(err)));
}

static void test_delay_and_normal_jitter(void **state)
{
	impair_conf_t c = { .delay_ms = 20, .jitter_ms = 2, .seed = 42 };
	impair_t *im = impair_create(&c);
	impair_verdict_t v;
	double sum = 0, sq = 0;

	(void)state;
	for (int i = 0; i < N; i++)
	{
		double ms;

		impair_decide(im, 1000000000ULL, 100, &v);
		assert_false(v.drop);
		ms = (v.release_ns - 1000000000ULL) / 1e6;
		sum += ms;
		sq += ms * ms;
	}
	/* mean within 4 standard errors, standard deviation within 2% */
	assert_true(fabs(sum / N - 20) < 4 * 2 / sqrt(N));
	assert_true(fabs(sqrt(sq / N - (sum / N) * (sum / N)) - 2) < 0.04);
	impair_destroy(im);
}

static void test_random_loss_rate(void **state)
{
	impair_conf_t c = { .loss_pct = 1, .seed = 1 };
	impair_t *im = impair_create(&c);
	impair_verdict_t v;
	int lost = 0;

	(void)state;
	for (int i = 0; i < N; i++)
	{
		impair_decide(im, 0, 100, &v);
		lost += v.drop;
	}
	/* binomial(N, 0.01): mean 1000, sd 31.5; a 4-sigma band */
	assert_in_range(lost, 874, 1126);
	impair_destroy(im);
}

static void test_gilbert_elliott_bursts(void **state)
{
	/* p=1%, r=25%: bad 1/26 of the time, bursts of mean length 4 with total loss there */
	impair_conf_t c = { .ge_p = 1, .ge_r = 25, .ge_loss_bad_pct = 100, .seed = 3 };
	impair_t *im = impair_create(&c);
	impair_verdict_t v;
	int lost = 0, bursts = 0;
	bool prev = false;

	(void)state;
	for (int i = 0; i < N; i++)
	{
		impair_decide(im, 0, 100, &v);
		lost += v.drop;
		bursts += v.drop && !prev;
		prev = v.drop;
	}
	/* stationary loss 1/26 = 3.85%, mean burst length 1/r = 4 */
	assert_in_range(lost, 3300, 4400);
	assert_true((double)lost / bursts > 3.2 && (double)lost / bursts < 4.8);
	impair_destroy(im);
}

static void test_reorder_duplicate_rate(void **state)
{
	impair_conf_t c = { .delay_ms = 10, .reorder_pct = 10, .duplicate_pct = 5, .seed = 9 };
	impair_t *im = impair_create(&c);
	impair_verdict_t v;
	int early = 0, dup = 0;

	(void)state;
	for (int i = 0; i < N; i++)
	{
		impair_decide(im, 0, 100, &v);
		early += v.release_ns == 0;
		dup += v.duplicate;
	}
	assert_in_range(early, 9600, 10400);
	assert_in_range(dup, 4700, 5300);
	impair_destroy(im);

	/* 1 Mbit/s: 1250-byte packets arriving together leave 10 ms apart */
	c = (impair_conf_t){ .rate_mbps = 1, .seed = 1 };
	im = impair_create(&c);
	impair_decide(im, 0, 1250, &v);
	assert_int_equal(v.release_ns, 10000000ULL);
	impair_decide(im, 0, 1250, &v);
	assert_int_equal(v.release_ns, 20000000ULL);
	impair_destroy(im);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_spec),
		cmocka_unit_test(test_delay_and_normal_jitter),
		cmocka_unit_test(test_random_loss_rate),
		cmocka_unit_test(test_gilbert_elliott_bursts),
		cmocka_unit_test(test_reorder_duplicate_rate),
	};

	return cmocka_run_group_tests_name("impair", tests, NULL, NULL);
}
