/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "probe.h"

static void test_addr_parse(void **state)
{
	struct sockaddr_storage ss;
	probe_err_t err = { 0 };
	socklen_t len;
	char buf[64];

	(void)state;
	assert_int_equal(probe_addr_parse("192.0.2.7", 862, &ss, &len, &err), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(probe_addr_port((struct sockaddr *)&ss), 862);
	assert_int_equal(probe_addr_parse("192.0.2.7:4000", 862, &ss, &len, &err), 0);
	assert_int_equal(probe_addr_port((struct sockaddr *)&ss), 4000);
	assert_int_equal(probe_addr_parse("[2001:db8::1]:99", 862, &ss, &len, &err), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(probe_addr_port((struct sockaddr *)&ss), 99);
	probe_addr_format((struct sockaddr *)&ss, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::1");
	assert_int_equal(probe_addr_parse("2001:db8::2", 862, &ss, &len, &err), 0);
	assert_int_equal(probe_addr_port((struct sockaddr *)&ss), 862);
	assert_int_equal(probe_addr_parse("example.org", 1, &ss, &len, &err), -EINVAL);
	assert_int_equal(probe_addr_parse("192.0.2.7:0", 1, &ss, &len, &err), -EINVAL);
	assert_int_equal(probe_addr_parse("192.0.2.7:70000", 1, &ss, &len, &err), -EINVAL);
}

static void test_prefix_match(void **state)
{
	struct sockaddr_storage ss;
	probe_prefix_t p;
	socklen_t len;

	(void)state;
	assert_int_equal(probe_prefix_parse("10.1.0.0/16", &p, NULL), 0);
	probe_addr_parse("10.1.255.3", 0, &ss, &len, NULL);
	assert_true(probe_prefix_match(&p, (struct sockaddr *)&ss));
	probe_addr_parse("10.2.0.1", 0, &ss, &len, NULL);
	assert_false(probe_prefix_match(&p, (struct sockaddr *)&ss));
	probe_addr_parse("::ffff:10.1.0.9", 0, &ss, &len, NULL);	/* v4-mapped */
	assert_true(probe_prefix_match(&p, (struct sockaddr *)&ss));
	assert_int_equal(probe_prefix_parse("10.0.0.0/33", &p, NULL), -EINVAL);
	assert_int_equal(probe_prefix_parse("2001:db8::/32", &p, NULL), 0);
	probe_addr_parse("2001:db8:ffff::1", 0, &ss, &len, NULL);
	assert_true(probe_prefix_match(&p, (struct sockaddr *)&ss));
	assert_int_equal(probe_prefix_parse("192.0.2.9", &p, NULL), 0);
	assert_int_equal(p.len, 32);
}

static void test_schedules(void **state)
{
	uint64_t rng = 7, sum = 0;

	(void)state;
	assert_true(probe_schedule_next_ns(PROBE_SCHEDULE_PERIODIC, 1000, &rng) == 1000000);
	for (int i = 0; i < 100000; i++)
		sum += probe_schedule_next_ns(PROBE_SCHEDULE_POISSON, 1000, &rng);
	/* mean of 1e5 exponential draws of mean 1 ms: within 1 % */
	assert_in_range(sum / 100000, 990000, 1010000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_prefix_match),
		cmocka_unit_test(test_schedules),
	};
	return cmocka_run_group_tests_name("probe", tests, NULL, NULL);
}
