/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"
#include "throughput.h"

static void test_tcp_streams_each_way_over_loopback(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_UNAUTH, .sink = true };
	throughput_plan_t p = { .proto = THROUGHPUT_TCP, .streams = 2, .duration_ms = 400 };
	stamp_reflector_counters_t c;
	throughput_result_t res;
	probe_err_t err = { 0 };
	probe_plan_t pp;
	test_reflector_t t;

	(void)state;
	test_target(&pp, test_reflector_start(&t, &ro));
	p.target = pp.target;
	p.target_len = pp.target_len;
	assert_int_equal(throughput_run(&p, NULL, &res, &err), 0);
	test_reflector_stop(&t, &c);
	assert_int_equal(res.streams, 2);
	/* loopback moves at least 500 Mbit/s even on a slow CI core */
	assert_true(res.up_mbps > 500);
	assert_true(res.down_mbps > 500);
	assert_true(res.up_bytes > 0 && res.down_bytes > 0);
	assert_int_equal(c.sink_connections, 4);
	assert_true(c.sink_bytes >= res.up_bytes + res.down_bytes);
}

static void test_udp_at_target_rate(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_UNAUTH, .sink = true };
	throughput_plan_t p = { .proto = THROUGHPUT_UDP, .duration_ms = 500, .rate_mbps = 40,
							.size = 1000 };
	throughput_result_t res;
	probe_err_t err = { 0 };
	probe_plan_t pp;
	test_reflector_t t;

	(void)state;
	test_target(&pp, test_reflector_start(&t, &ro));
	p.target = pp.target;
	p.target_len = pp.target_len;
	assert_int_equal(throughput_run(&p, NULL, &res, &err), 0);
	test_reflector_stop(&t, NULL);
	/* 40 Mbit/s of 972-byte payloads for 0.5 s: about 2572 datagrams */
	assert_in_range(res.udp_sent, 2400, 2700);
	assert_true(res.udp_loss_pct < 1.0);
	assert_true(res.up_mbps > 36 && res.up_mbps < 44);
}

static void test_no_sink_is_refused(void **state)
{
	throughput_plan_t p = { .proto = THROUGHPUT_TCP, .streams = 1, .duration_ms = 100 };
	throughput_result_t res;
	probe_err_t err = { 0 };
	probe_plan_t pp;

	(void)state;
	test_target(&pp, 9);
	p.target = pp.target;
	p.target_len = pp.target_len;
	assert_int_equal(throughput_run(&p, NULL, &res, &err), -ECONNREFUSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_streams_each_way_over_loopback),
		cmocka_unit_test(test_udp_at_target_rate),
		cmocka_unit_test(test_no_sink_is_refused),
	};
	return cmocka_run_group_tests_name("throughput", tests, NULL, NULL);
}
