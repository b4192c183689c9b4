/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* report/result_probes.c: the probes library's records and statistics land in the report. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "result_probes.h"

#define START_NS 5000000000ULL

/** 200 probes 10 ms apart, RTT 1.000 + (i % 10) * 0.1 ms, every 50th lost, one duplicate. */
static void feed(probe_samples_t *set)
{
	for (uint32_t i = 0; i < 200; i++)
	{
		bool lost = i % 50 == 49;
		probe_sample_t s = {
			.seq = i,
			.flags = lost ? 0 : PROBE_SAMPLE_RECEIVED | PROBE_SAMPLE_KERNEL_RX,
			.tx_ns = START_NS + (uint64_t)i * 10000000ULL,
			.rtt_ns = lost ? 0 : 1000000 + (int64_t)(i % 10) * 100000,
		};

		s.rx_ns = lost ? 0 : s.tx_ns + (uint64_t)s.rtt_ns;
		probe_samples_add(set, &s);
		if (i == 10)
		{
			s.flags |= PROBE_SAMPLE_DUP;
			probe_samples_add(set, &s);
		}
	}
}

static void test_target_from_probes_library(void **state)
{
	xp_result_t *r = xp_result_create("p", "v");
	probe_samples_t *set = probe_samples_create(1000);
	stats_t *st = stats_create();
	stats_summary_t sum;
	xp_probe_result_t *p;

	(void)state;
	probe_samples_observe(set, stats_observe, st);
	feed(set);
	stats_summarize(st, &sum);
	p = result_probes_add(r, "10.2.0.1", "stamp", &sum, set, START_NS);
	assert_non_null(p);
	assert_int_equal(p->sent, 200);
	assert_int_equal(p->received, 196);
	assert_float_equal(p->loss_pct, 2.0, 1e-9);
	assert_true(isnan(p->loss_forward_pct));	/* no stateful reflector in this run */
	assert_float_equal(p->rtt_ms.min, 1.0, 0.01);
	assert_float_equal(p->rtt_ms.max, 1.9, 0.02);
	assert_int_equal(p->duplicates, 1);
	assert_string_equal(p->timestamp_source, "kernel-sw-rx");
	/* the series: primary records only, lost as NAN, times from the run start */
	assert_int_equal(p->n_series, 200);
	assert_float_equal(p->series_t_ms[0], 0, 1e-9);
	assert_float_equal(p->series_t_ms[199], 1990, 1e-9);
	assert_float_equal(p->series_rtt_ms[11], 1.1, 1e-9);
	assert_true(isnan(p->series_rtt_ms[49]));
	/* the CDF comes from the series */
	assert_true(p->n_cdf > 40);
	assert_float_equal(p->cdf[0].rtt_ms, 1.0, 1e-9);
	assert_float_equal(p->cdf[p->n_cdf - 1].rtt_ms, 1.9, 1e-9);
	stats_destroy(st);
	probe_samples_destroy(set);
	xp_result_destroy(r);
}

static void test_path_throughput_capture(void **state)
{
	xp_result_t *r = xp_result_create("p", "v");
	pmtu_result_t pm = { .pmtu = 1400 };
	pmtu_esp_t esp = { .overhead = 73 };
	throughput_result_t tp = { .up_mbps = 94.5, .up_bytes = 118125000 };
	capture_esp_counts_t cap = { .esp_packets = 100, .natt_packets = 20, .plaintext_leaks = 1 };

	(void)state;
	result_probes_set_pmtu(r, &pm, &esp, false);
	assert_float_equal(r->pmtu.inner, 1400, 0);
	assert_float_equal(r->pmtu.esp_overhead, 73, 0);
	assert_float_equal(r->pmtu.mss, 1360, 0);
	result_probes_set_throughput(r, &tp);
	assert_float_equal(r->throughput_mbps.up, 94.5, 0);
	assert_true(isnan(r->throughput_mbps.down));	/* UDP test: nothing came back */
	result_probes_set_capture(r, &cap);
	assert_true(r->encapsulation.checked);
	assert_int_equal(r->encapsulation.esp_packets, 120);
	assert_int_equal(r->encapsulation.esp_in_udp, 20);
	assert_int_equal(r->encapsulation.plaintext_leaks, 1);
	xp_result_destroy(r);
}

/* Each target keeps its own path MTU search and throughput test, as `probe --json` shows. */
static void test_target_path_and_throughput(void **state)
{
	xp_result_t *r = xp_result_create("p", "v");
	stats_summary_t sum = { .sent = 10, .received = 10, .loss_split = true, .refused = 2 };
	pmtu_result_t pm = { .pmtu = 1394, .icmp_mtu = 1394, .steps = 9 };
	pmtu_esp_t esp = { .overhead = 62 };
	throughput_result_t udp = { .up_mbps = 29, .streams = 1, .udp_sent = 1000,
								.udp_received = 990, .udp_loss_pct = 1 };
	xp_probe_result_t *p;

	(void)state;
	p = result_probes_add(r, "fd00::1", "tcp", &sum, NULL, START_NS);
	assert_non_null(p);
	assert_false(p->pmtu.measured);
	assert_false(p->throughput.measured);
	assert_false(p->owd.measured);
	assert_true(p->loss_split);
	assert_int_equal(p->loss_forward, 0);
	assert_int_equal(p->refused, 2);
	result_probes_set_target_pmtu(p, &pm, &esp, true);
	assert_true(p->pmtu.measured);
	assert_int_equal(p->pmtu.mss, 1334);	/* IPv6: 40 + 20 bytes of headers */
	assert_int_equal(p->pmtu.icmp_mtu, 1394);
	assert_float_equal(p->pmtu.esp_overhead, 62, 0);
	result_probes_set_target_throughput(p, &udp);
	assert_true(p->throughput.measured);
	assert_int_equal(p->throughput.udp_received, 990);
	assert_float_equal(p->throughput.udp_loss_pct, 1, 0);
	xp_result_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_from_probes_library),
		cmocka_unit_test(test_path_throughput_capture),
		cmocka_unit_test(test_target_path_and_throughput),
	};

	return cmocka_run_group_tests_name("result_probes", tests, NULL, NULL);
}
