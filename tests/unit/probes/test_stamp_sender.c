/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* A real Session-Sender <-> Session-Reflector exchange over 127.0.0.1. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stamp_sender.h"
#include "stats.h"
#include "test_util.h"

typedef struct {
	probe_samples_t *samples;
	stats_t *stats;
	stats_summary_t sum;
} run_t;

static int run_exchange(stamp_reflector_opts_t *ro, stamp_sender_opts_t *so, probe_plan_t *p,
						run_t *out, stamp_reflector_counters_t *rc)
{
	test_reflector_t t;
	uint16_t port = test_reflector_start(&t, ro);
	probe_t *probe = stamp_sender_create(so, NULL);
	probe_err_t err = { 0 };
	int rv;

	assert_int_not_equal(port, 0);
	test_target(p, port);
	out->samples = probe_samples_create(100000);
	out->stats = stats_create();
	probe_samples_observe(out->samples, stats_observe, out->stats);
	rv = probe->run(probe, p, out->samples, &err);
	test_reflector_stop(&t, rc);
	stats_summarize(out->stats, &out->sum);
	probe->destroy(probe);
	return rv;
}

static void run_free(run_t *r)
{
	probe_samples_destroy(r->samples);
	stats_destroy(r->stats);
}

static void test_exchange_unauth_measures_loopback(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_UNAUTH };
	stamp_sender_opts_t so = { .mode = STAMP_MODE_UNAUTH };
	stamp_reflector_counters_t c;
	probe_plan_t p;
	run_t r;

	(void)state;
	probe_plan_init(&p);
	p.count = 200;
	p.rate_pps = 1000;
	p.size = 200;
	assert_int_equal(run_exchange(&ro, &so, &p, &r, &c), 0);
	assert_int_equal(r.sum.sent, 200);
	assert_int_equal(r.sum.received, 200);
	assert_float_equal(r.sum.loss_pct, 0.0, 1e-12);
	assert_int_equal(r.sum.duplicates, 0);
	/* loopback: a round trip is well under 5 ms and positive (with kernel timestamps and
	 * the reflector's residence time removed it is the in-kernel path only: sub-us) */
	assert_true(r.sum.rtt_ms.min >= 0 && r.sum.rtt_ms.p50 > 0);
	assert_true(r.sum.rtt_ms.p99 < 5.0);
	assert_true(r.sum.rtt_ms.min <= r.sum.rtt_ms.p50 && r.sum.rtt_ms.p50 <= r.sum.rtt_ms.max);
	/* same clock at both ends: one-way figures are small and non-negative-ish */
	assert_true(r.sum.owd_valid);
	assert_true(r.sum.owd_fwd_ms.mean > -1.0 && r.sum.owd_fwd_ms.mean < 5.0);
	assert_int_equal(c.reflected, 200);
	assert_int_equal(c.malformed + c.bad_hmac, 0);
	/* every reply has the request's size; the TTL the reflector saw is 64 on loopback */
	for (size_t i = 0; i < probe_samples_count(r.samples); i++)
	{
		const probe_sample_t *s = probe_samples_get(r.samples, i);

		assert_int_equal(s->size, 200);
		assert_int_equal(s->sender_ttl, 64);
		assert_int_equal(s->reflector_seq, s->seq);		/* stateless: copied */
	}
	/* the kernel gave software receive timestamps on loopback */
	assert_int_equal(r.sum.kernel_rx, 200);
	run_free(&r);
}

static void test_exchange_stateful_auth(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_AUTH, .stateful = true,
								  .key = { .key = "secret", .len = 6 } };
	stamp_sender_opts_t so = { .mode = STAMP_MODE_AUTH, .key = { .key = "secret", .len = 6 } };
	stamp_reflector_counters_t c;
	probe_plan_t p;
	run_t r;

	(void)state;
	probe_plan_init(&p);
	p.count = 50;
	p.rate_pps = 500;
	assert_int_equal(run_exchange(&ro, &so, &p, &r, &c), 0);
	assert_int_equal(r.sum.received, 50);
	assert_true(r.sum.loss_split);
	assert_int_equal(r.sum.loss_forward, 0);
	assert_int_equal(c.sessions, 1);
	assert_int_equal(probe_samples_get(r.samples, 49)->reflector_seq, 49);
	/* authenticated mode: 112-octet STAMP payload + UDP + IPv4 */
	assert_int_equal(probe_samples_get(r.samples, 0)->size, 140);
	run_free(&r);
}

static void test_wrong_key_is_dropped_and_counted(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_AUTH, .key = { .key = "secret", .len = 6 } };
	stamp_sender_opts_t so = { .mode = STAMP_MODE_AUTH, .key = { .key = "Secret", .len = 6 } };
	stamp_reflector_counters_t c;
	probe_plan_t p;
	run_t r;

	(void)state;
	probe_plan_init(&p);
	p.count = 10;
	p.rate_pps = 200;
	p.timeout_ms = 200;
	assert_int_equal(run_exchange(&ro, &so, &p, &r, &c), 0);
	assert_int_equal(r.sum.sent, 10);
	assert_int_equal(r.sum.received, 0);
	assert_float_equal(r.sum.loss_pct, 100.0, 1e-12);
	assert_int_equal(c.bad_hmac, 10);
	assert_int_equal(c.reflected, 0);
	run_free(&r);
}

/* An injected clock 5 s ahead on the wall: one-way figures carry the offset (forward
 * -5000 ms, backward +5000 ms, as owamp/irtt report without synchronisation), the round
 * trip (monotonic) does not. */
static uint64_t ahead_mono(const probe_clock_t *c)
{
	return probe_clock_system()->mono_ns(c);
}

static uint64_t ahead_real(const probe_clock_t *c)
{
	return probe_clock_system()->real_ns(c) + 5000000000ull;
}

static void test_injected_clock_offset_shows_in_owd_only(void **state)
{
	static const probe_clock_t ahead = { .mono_ns = ahead_mono, .real_ns = ahead_real };
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_UNAUTH };
	stamp_sender_opts_t so = { .mode = STAMP_MODE_UNAUTH };
	probe_samples_t *samples = probe_samples_create(100);
	stats_t *stats = stats_create();
	probe_t *probe = stamp_sender_create(&so, &ahead);
	probe_err_t err = { 0 };
	stats_summary_t sum;
	test_reflector_t t;
	probe_plan_t p;

	(void)state;
	probe_plan_init(&p);
	p.count = 20;
	p.rate_pps = 200;
	test_target(&p, test_reflector_start(&t, &ro));
	probe_samples_observe(samples, stats_observe, stats);
	assert_int_equal(probe->run(probe, &p, samples, &err), 0);
	test_reflector_stop(&t, NULL);
	stats_summarize(stats, &sum);
	assert_int_equal(sum.received, 20);
	assert_true(sum.owd_fwd_ms.mean < -4990 && sum.owd_fwd_ms.mean > -5010);
	assert_true(sum.owd_back_ms.mean > 4990 && sum.owd_back_ms.mean < 5010);
	assert_true(sum.rtt_ms.p99 < 5.0);
	probe->destroy(probe);
	probe_samples_destroy(samples);
	stats_destroy(stats);
}

static void test_poisson_schedule_and_duration(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_UNAUTH };
	stamp_sender_opts_t so = { .mode = STAMP_MODE_UNAUTH };
	probe_plan_t p;
	run_t r;

	(void)state;
	probe_plan_init(&p);
	p.count = 0;
	p.duration_ms = 500;
	p.rate_pps = 400;
	p.schedule = PROBE_SCHEDULE_POISSON;
	p.seed = 42;
	assert_int_equal(run_exchange(&ro, &so, &p, &r, NULL), 0);
	/* 200 expected; Poisson count over 0.5 s has sd ~14 */
	assert_in_range(r.sum.sent, 140, 260);
	assert_int_equal(r.sum.received, r.sum.sent);
	run_free(&r);
}

/* At a rate where every loop turn finds several requests due, they leave as batches (one
 * UDP GSO datagram each on loopback): every reply still maps to its own request, at its
 * size, none twice. 2000 requests fit the socket buffers, so none may be lost. */
static void test_batched_high_rate_keeps_every_reply(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_UNAUTH };
	stamp_sender_opts_t so = { .mode = STAMP_MODE_UNAUTH };
	stamp_reflector_counters_t c;
	probe_side_t side;
	probe_plan_t p;
	run_t r;

	(void)state;
	probe_plan_init(&p);
	p.count = 2000;
	p.rate_pps = 200000;
	p.size = 120;
	p.timeout_ms = 500;
	p.side = &side;
	assert_int_equal(run_exchange(&ro, &so, &p, &r, &c), 0);
	assert_int_equal(r.sum.sent, 2000);
	assert_int_equal(r.sum.received, 2000);
	assert_int_equal(r.sum.duplicates, 0);
	assert_int_equal(side.send_errors + side.emsgsize, 0);
	assert_int_equal(c.reflected, 2000);
	for (size_t i = 0; i < probe_samples_count(r.samples); i++)
	{
		const probe_sample_t *s = probe_samples_get(r.samples, i);

		assert_int_equal(s->size, 120);
		assert_int_equal(s->reflector_seq, s->seq);
		assert_true(s->rtt_ns >= 0);
	}
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exchange_unauth_measures_loopback),
		cmocka_unit_test(test_exchange_stateful_auth),
		cmocka_unit_test(test_wrong_key_is_dropped_and_counted),
		cmocka_unit_test(test_injected_clock_offset_shows_in_owd_only),
		cmocka_unit_test(test_poisson_schedule_and_duration),
		cmocka_unit_test(test_batched_high_rate_keeps_every_reply),
	};
	return cmocka_run_group_tests_name("stamp_sender", tests, NULL, NULL);
}
