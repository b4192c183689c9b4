/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "histogram.h"
#include "stats.h"

#define MS 1000000ll

static void add_reply(stats_t *s, uint32_t seq, int64_t rtt_ns)
{
	probe_sample_t r = { .seq = seq, .flags = PROBE_SAMPLE_RECEIVED, .rtt_ns = rtt_ns,
						 .tx_ns = 1, .rx_ns = 1 + (uint64_t)rtt_ns };

	stats_add(s, &r);
}

static void add_lost(stats_t *s, uint32_t seq)
{
	probe_sample_t r = { .seq = seq };

	stats_add(s, &r);
}

static void test_rfc3550_jitter_recurrence(void **state)
{
	stats_t *s = stats_create();
	stats_summary_t sum;

	(void)state;
	add_reply(s, 0, 10 * MS);
	add_reply(s, 1, 12 * MS);
	add_reply(s, 2, 11 * MS);
	add_reply(s, 3, 15 * MS);
	stats_summarize(s, &sum);
	/* J1 = 2/16, J2 = J1 + (1 - J1)/16, J3 = J2 + (4 - J2)/16 */
	assert_float_equal(sum.jitter_ms, 0.41845703125, 1e-9);
	assert_float_equal(sum.rtt_ms.min, 10.0, 1e-9);
	assert_float_equal(sum.rtt_ms.max, 15.0, 1e-9);
	assert_float_equal(sum.rtt_ms.mean, 12.0, 1e-9);
	assert_float_equal(sum.rtt_ms.stddev, sqrt(3.5), 1e-9);
	/* IPDV of consecutive sequence numbers: +2, -1, +4 */
	assert_int_equal(sum.ipdv_pairs, 3);
	assert_float_equal(sum.ipdv_min_ms, -1.0, 1e-9);
	assert_float_equal(sum.ipdv_max_ms, 4.0, 1e-9);
	assert_float_equal(sum.ipdv_mean_abs_ms, 7.0 / 3.0, 1e-9);
	stats_destroy(s);
}

static void test_reorder_duplicates_loss_late(void **state)
{
	stats_t *s = stats_create();
	probe_sample_t late = { .seq = 6, .flags = PROBE_SAMPLE_LATE };
	stats_summary_t sum;

	(void)state;
	/* arrival order 0 1 3 2 4 4 5; 6 lost then late; 7 lost */
	add_reply(s, 0, MS);
	add_reply(s, 1, MS);
	add_reply(s, 3, MS);
	add_reply(s, 2, MS);		/* RFC 4737: 2 < next expected 4 -> reordered */
	add_reply(s, 4, MS);
	add_reply(s, 4, MS);		/* duplicate */
	add_reply(s, 5, MS);
	add_lost(s, 6);
	stats_add(s, &late);
	add_lost(s, 7);
	stats_summarize(s, &sum);
	assert_int_equal(sum.sent, 8);
	assert_int_equal(sum.received, 6);
	assert_float_equal(sum.loss_pct, 25.0, 1e-9);
	assert_int_equal(sum.reordered, 1);
	assert_int_equal(sum.duplicates, 1);
	assert_int_equal(sum.late, 1);
	/* not stateful and lossy: the split is unknown */
	assert_false(sum.loss_split);
	stats_destroy(s);
}

static void test_reorder_counts_each_late_arrival(void **state)
{
	stats_t *s = stats_create();
	stats_summary_t sum;
	static const uint32_t order[] = { 0, 4, 1, 2, 3, 5 };

	(void)state;
	for (size_t i = 0; i < 6; i++)
		add_reply(s, order[i], MS);
	stats_summarize(s, &sum);
	assert_int_equal(sum.reordered, 3);		/* 1, 2, 3 all arrive after 4 */
	stats_destroy(s);
}

static void add_reflected(stats_t *s, uint32_t seq, uint32_t rseq)
{
	probe_sample_t r = { .seq = seq, .reflector_seq = rseq, .rtt_ns = 2 * MS,
						 .fwd_ns = MS, .back_ns = MS,
						 .flags = PROBE_SAMPLE_RECEIVED | PROBE_SAMPLE_REFLECTED };

	stats_add(s, &r);
}

static void test_loss_split_with_stateful_reflector(void **state)
{
	stats_t *s = stats_create();
	stats_summary_t sum;

	(void)state;
	/* 10 sent; 2 and 5 lost on the way out (reflector never numbered them); the reply
	 * to 8 lost on the way back (reflector numbered it 6) */
	add_reflected(s, 0, 0);
	add_reflected(s, 1, 1);
	add_lost(s, 2);
	add_reflected(s, 3, 2);
	add_reflected(s, 4, 3);
	add_lost(s, 5);
	add_reflected(s, 6, 4);
	add_reflected(s, 7, 5);
	add_lost(s, 8);
	add_reflected(s, 9, 7);
	stats_summarize(s, &sum);
	assert_int_equal(sum.sent, 10);
	assert_int_equal(sum.received, 7);
	assert_true(sum.loss_split);
	assert_int_equal(sum.loss_forward, 2);
	assert_int_equal(sum.loss_backward, 1);
	assert_true(sum.owd_valid);
	assert_false(sum.owd_synced);
	assert_float_equal(sum.owd_fwd_ms.mean, 1.0, 1e-9);
	assert_float_equal(sum.jitter_fwd_ms, 0.0, 1e-12);
	stats_destroy(s);
}

static void test_backward_only_loss_needs_declared_stateful(void **state)
{
	stats_t *s = stats_create();
	stats_summary_t sum;

	(void)state;
	/* the reflector saw all 4 (numbers equal ours), the reply to 2 was lost on the way back */
	stats_set_stateful(s, true);
	add_reflected(s, 0, 0);
	add_reflected(s, 1, 1);
	add_lost(s, 2);
	add_reflected(s, 3, 3);
	stats_summarize(s, &sum);
	assert_true(sum.loss_split);
	assert_int_equal(sum.loss_forward, 0);
	assert_int_equal(sum.loss_backward, 1);
	stats_destroy(s);
}

static void test_percentiles_from_histogram(void **state)
{
	stats_t *s = stats_create();
	stats_summary_t sum;

	(void)state;
	for (uint32_t i = 1; i <= 1000; i++)
		add_reply(s, i - 1, (int64_t)i * 1000);		/* 1 us .. 1 ms */
	stats_summarize(s, &sum);
	assert_true(fabs(sum.rtt_ms.p50 - 0.5) <= 0.5 * HISTOGRAM_REL_ERROR);
	assert_true(fabs(sum.rtt_ms.p90 - 0.9) <= 0.9 * HISTOGRAM_REL_ERROR);
	assert_true(fabs(sum.rtt_ms.p99 - 0.99) <= 0.99 * HISTOGRAM_REL_ERROR);
	assert_true(fabs(sum.rtt_ms.p999 - 0.999) <= 0.999 * HISTOGRAM_REL_ERROR);
	assert_float_equal(sum.rtt_ms.min, 0.001, 1e-12);
	assert_float_equal(sum.rtt_ms.max, 1.0, 1e-12);
	assert_true(sum.loss_split);		/* nothing lost: 0 and 0 */
	assert_string_equal(stats_timestamp_source(&sum), "userspace");
	stats_destroy(s);
}

static void test_timestamp_source_names(void **state)
{
	stats_summary_t sum = { .received = 4, .kernel_rx = 4, .kernel_tx = 4 };

	(void)state;
	assert_string_equal(stats_timestamp_source(&sum), "kernel-sw-rx+tx");
	sum.kernel_tx = 3;
	assert_string_equal(stats_timestamp_source(&sum), "kernel-sw-rx");
	sum.kernel_rx = 2;
	assert_string_equal(stats_timestamp_source(&sum), "mixed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3550_jitter_recurrence),
		cmocka_unit_test(test_reorder_duplicates_loss_late),
		cmocka_unit_test(test_reorder_counts_each_late_arrival),
		cmocka_unit_test(test_loss_split_with_stateful_reflector),
		cmocka_unit_test(test_backward_only_loss_needs_declared_stateful),
		cmocka_unit_test(test_percentiles_from_histogram),
		cmocka_unit_test(test_timestamp_source_names),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
