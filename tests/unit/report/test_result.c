/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/result.c + result_verdict.c: statistics from samples, the bounded series, verdicts. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report_fixture.h"
#include "result.h"

static const xp_check_t *find_check(const xp_result_t *r, const char *check, const char *target)
{
	for (size_t i = 0; i < r->verdict.n_checks; i++)
	{
		if (!strcmp(r->verdict.checks[i].check, check) &&
			!strcmp(r->verdict.checks[i].target, target))
			return &r->verdict.checks[i];
	}
	return NULL;
}

static void test_compute_uniform_1_to_1000_ms(void **state)
{
	xp_result_t *r = xp_result_create("p", "v");
	xp_probe_result_t *p = xp_result_add_probe(r, "10.2.0.1", "stamp");

	(void)state;
	for (int i = 1; i <= 1000; i++)
		xp_probe_result_add_sample(p, i * 10.0, i % 50 == 0 ? NAN : (double)i);
	xp_probe_result_compute(p);
	assert_int_equal(p->sent, 1000);
	assert_int_equal(p->received, 980);
	assert_float_equal(p->loss_pct, 2.0, 1e-9);
	assert_float_equal(p->rtt_ms.min, 1, 1e-9);
	assert_float_equal(p->rtt_ms.max, 999, 1e-9);
	assert_in_range((long)p->rtt_ms.p50, 495, 505);
	assert_in_range((long)p->rtt_ms.p99, 985, 995);
	/* a 1 ms step between neighbours, a 2 ms step across each lost probe */
	assert_float_equal(p->ipdv_ms, (960.0 + 2 * 19) / 979.0, 1e-9);
	assert_true(p->n_cdf >= 40);
	assert_float_equal(p->cdf[0].q, 0, 1e-12);
	assert_float_equal(p->cdf[0].rtt_ms, 1, 1e-9);
	assert_float_equal(p->cdf[p->n_cdf - 1].q, 1, 1e-12);
	assert_float_equal(p->cdf[p->n_cdf - 1].rtt_ms, 999, 1e-9);
	xp_result_destroy(r);
}

static void test_series_stays_bounded_and_spread(void **state)
{
	xp_result_t *r = xp_result_create(NULL, NULL);
	xp_probe_result_t *p = xp_result_add_probe(r, "10.2.0.1", "icmp");

	(void)state;
	for (int i = 0; i < 100000; i++)
		xp_probe_result_add_sample(p, i, 1.0);
	assert_true(p->n_series <= XP_RESULT_MAX_SERIES);
	assert_true(p->n_series > XP_RESULT_MAX_SERIES / 2);
	assert_int_equal(p->series_offered, 100000);
	assert_int_equal(p->series_stride, 32);
	/* evenly spread: first sample at 0, last kept near the end, equal steps */
	assert_float_equal(p->series_t_ms[0], 0, 0);
	assert_float_equal(p->series_t_ms[1], 32, 0);
	assert_true(p->series_t_ms[p->n_series - 1] >= 100000 - 32);
	xp_result_destroy(r);
}

static void test_example_profile_thresholds_pass(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();

	(void)state;
	assert_true(xp_result_evaluate(r, &t));
	assert_true(r->verdict.pass);
	assert_int_equal(xp_result_failures(r), 0);
	/* tunnel, esp, leaks, 2 x replies, 3 per-target thresholds x 2, pmtu, throughput */
	assert_int_equal(r->verdict.n_checks, 1 + 2 + 2 + 6 + 2);
	assert_non_null(find_check(r, "rtt_p99_ms", "10.2.0.2"));
	assert_float_equal(find_check(r, "loss_pct", "10.2.0.1")->measured, 1.0, 1e-9);
	assert_float_equal(find_check(r, "min_throughput_mbps", "")->measured, 93.5, 1e-9);
	assert_string_equal(find_check(r, "tunnel_established", "")->message,
		"tunnel_established: established in 412.5 ms");
	assert_string_equal(find_check(r, "jitter_ms", "10.2.0.2")->comparison, "<=");
	xp_result_destroy(r);
}

static void test_impossible_rtt_threshold_fails_with_measured_vs_allowed(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	const xp_check_t *c;

	(void)state;
	t.rtt_p99_ms = 0.001;
	assert_false(xp_result_evaluate(r, &t));
	assert_int_equal(xp_result_failures(r), 2);
	c = find_check(r, "rtt_p99_ms", "10.2.0.1");
	assert_false(c->pass);
	assert_float_equal(c->measured, r->probes[0].rtt_ms.p99, 1e-12);
	assert_float_equal(c->allowed, 0.001, 1e-12);
	assert_string_equal(c->comparison, "<=");
	assert_string_equal(c->unit, "ms");
	assert_non_null(strstr(c->message, "rtt_p99_ms 10.2.0.1: measured 1."));
	assert_non_null(strstr(c->message, "allowed <= 0.001 ms (above the limit)"));
	xp_result_destroy(r);
}

static void test_loss_and_min_thresholds(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	const xp_check_t *c;

	(void)state;
	t.loss_pct = 0.5;	/* 10.2.0.1 lost 1 % */
	t.min_pmtu = 1450;	/* measured 1400 */
	assert_false(xp_result_evaluate(r, &t));
	assert_int_equal(xp_result_failures(r), 2);
	assert_false(find_check(r, "loss_pct", "10.2.0.1")->pass);
	assert_true(find_check(r, "loss_pct", "10.2.0.2")->pass);
	c = find_check(r, "min_pmtu", "");
	assert_false(c->pass);
	assert_string_equal(c->message,
		"min_pmtu: measured 1400 bytes, allowed >= 1450 bytes (below the minimum)");
	xp_result_destroy(r);
}

static void test_unmeasured_threshold_fails(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	const xp_check_t *c;

	(void)state;
	r->throughput_mbps.up = r->throughput_mbps.down = NAN;
	assert_false(xp_result_evaluate(r, &t));
	c = find_check(r, "min_throughput_mbps", "");
	assert_false(c->pass);
	assert_true(isnan(c->measured));
	assert_string_equal(c->message,
		"min_throughput_mbps: not measured (allowed >= 10 Mbit/s)");
	xp_result_destroy(r);
}

static void test_tunnel_down_fails_whatever_the_thresholds(void **state)
{
	xp_result_t *r = xp_result_create("p", "v");
	xp_thresholds_t none = xp_thresholds_none();
	const xp_check_t *c;

	(void)state;
	snprintf(r->tunnel.reason, sizeof(r->tunnel.reason), "no response from 192.0.2.2");
	assert_false(xp_result_evaluate(r, &none));
	assert_int_equal(r->verdict.n_checks, 1);
	c = find_check(r, "tunnel_established", "");
	assert_false(c->pass);
	assert_string_equal(c->message,
		"tunnel_established: not established: no response from 192.0.2.2");
	/* with thresholds set, each one fails as not measured, saying why */
	none = report_fixture_thresholds();
	assert_false(xp_result_evaluate(r, &none));
	assert_int_equal(r->verdict.n_checks, 6);
	assert_int_equal(xp_result_failures(r), 6);
	assert_string_equal(find_check(r, "rtt_p99_ms", "")->message,
		"rtt_p99_ms: not measured: tunnel not established (allowed <= 50 ms)");
	xp_result_destroy(r);
}

static void test_plaintext_leak_fails(void **state)
{
	xp_result_t *r = report_fixture_create();

	(void)state;
	r->encapsulation.plaintext_leaks = 3;
	assert_false(xp_result_evaluate(r, NULL));
	assert_int_equal(xp_result_failures(r), 1);
	assert_false(find_check(r, "plaintext_leaks", "")->pass);
	/* evaluating again replaces the verdict rather than appending */
	r->encapsulation.plaintext_leaks = 0;
	assert_true(xp_result_evaluate(r, NULL));
	assert_int_equal(r->verdict.n_checks, 5);
	xp_result_destroy(r);
}

static void test_timeline_is_bounded(void **state)
{
	xp_result_t *r = xp_result_create("p", "v");

	(void)state;
	for (int i = 0; i < XP_RESULT_MAX_EVENTS + 10; i++)
		xp_result_add_event(r, i, "DPD", NULL);
	assert_int_equal(r->tunnel.n_events, XP_RESULT_MAX_EVENTS);
	assert_int_equal(r->tunnel.events_dropped, 10);
	xp_result_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute_uniform_1_to_1000_ms),
		cmocka_unit_test(test_series_stays_bounded_and_spread),
		cmocka_unit_test(test_example_profile_thresholds_pass),
		cmocka_unit_test(test_impossible_rtt_threshold_fails_with_measured_vs_allowed),
		cmocka_unit_test(test_loss_and_min_thresholds),
		cmocka_unit_test(test_unmeasured_threshold_fails),
		cmocka_unit_test(test_tunnel_down_fails_whatever_the_thresholds),
		cmocka_unit_test(test_plaintext_leak_fails),
		cmocka_unit_test(test_timeline_is_bounded),
	};

	return cmocka_run_group_tests_name("result", tests, NULL, NULL);
}
