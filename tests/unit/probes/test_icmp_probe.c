/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "icmp_probe.h"
#include "stats.h"
#include "test_util.h"

static void test_echo_on_loopback(void **state)
{
	probe_t *probe = icmp_probe_create(NULL);
	probe_samples_t *samples = probe_samples_create(1000);
	stats_t *stats = stats_create();
	icmp_probe_socket_t kind;
	probe_err_t err = { 0 };
	stats_summary_t sum;
	probe_plan_t p;
	int fd = icmp_probe_open(AF_INET, &kind, &err);

	(void)state;
	if (fd == -EPERM)
	{
		printf("SKIP: ICMP needs root or net.ipv4.ping_group_range: %s\n", err.msg);
		skip();
	}
	assert_true(fd >= 0);
	close(fd);
	probe_samples_observe(samples, stats_observe, stats);
	probe_plan_init(&p);
	test_target(&p, 0);
	p.count = 50;
	p.rate_pps = 500;
	p.size = 100;
	assert_int_equal(probe->run(probe, &p, samples, &err), 0);
	stats_summarize(stats, &sum);
	assert_int_equal(sum.sent, 50);
	assert_int_equal(sum.received, 50);
	assert_int_equal(sum.duplicates, 0);
	/* kernel-to-kernel on loopback: positive, far below 5 ms */
	assert_true(sum.rtt_ms.min > 0 && sum.rtt_ms.p99 < 5.0);
	assert_int_equal(probe_samples_get(samples, 0)->size, 100);
	assert_int_equal(probe_samples_get(samples, 0)->ttl, 64);
	/* software receive timestamps on (nearly) every reply */
	assert_in_range(sum.kernel_rx, 45, 50);
	probe_samples_destroy(samples);
	stats_destroy(stats);
	probe->destroy(probe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_on_loopback),
	};
	return cmocka_run_group_tests_name("icmp_probe", tests, NULL, NULL);
}
