/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "stats.h"
#include "tcp_probe.h"
#include "test_util.h"

static int listener(uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 128), 0);
	getsockname(fd, (struct sockaddr *)&a, &len);
	*port = ntohs(a.sin_port);
	return fd;
}

static void run(uint16_t port, stats_summary_t *sum)
{
	probe_t *probe = tcp_probe_create(NULL);
	probe_samples_t *samples = probe_samples_create(0);
	stats_t *stats = stats_create();
	probe_err_t err = { 0 };
	probe_plan_t p;

	probe_samples_observe(samples, stats_observe, stats);
	probe_plan_init(&p);
	test_target(&p, port);
	p.count = 40;
	p.rate_pps = 400;
	assert_int_equal(probe->run(probe, &p, samples, &err), 0);
	stats_summarize(stats, sum);
	probe_samples_destroy(samples);
	stats_destroy(stats);
	probe->destroy(probe);
}

static void test_connect_to_open_port(void **state)
{
	stats_summary_t sum;
	uint16_t port;
	int fd = listener(&port);

	(void)state;
	run(port, &sum);
	close(fd);
	assert_int_equal(sum.sent, 40);
	assert_int_equal(sum.received, 40);
	assert_int_equal(sum.refused, 0);
	assert_true(sum.rtt_ms.min > 0.0005 && sum.rtt_ms.p50 < 5.0);
}

static void test_closed_port_answers_with_reset(void **state)
{
	stats_summary_t sum;
	uint16_t port;
	int fd = listener(&port);

	(void)state;
	close(fd);		/* nobody listens there now */
	run(port, &sum);
	assert_int_equal(sum.sent, 40);
	assert_int_equal(sum.received, 40);
	assert_int_equal(sum.refused, 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_to_open_port),
		cmocka_unit_test(test_closed_port_answers_with_reset),
	};
	return cmocka_run_group_tests_name("tcp_probe", tests, NULL, NULL);
}
