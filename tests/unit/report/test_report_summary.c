/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/report_summary.c: the stdout table a person reads after verify. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"
#include "report_fixture.h"

static char *summary(const xp_result_t *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report_summary_print(r, f);
	fclose(f);
	return buf;
}

static void test_pass_summary(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	char *s;

	(void)state;
	xp_result_evaluate(r, &t);
	s = summary(r);
	assert_non_null(strstr(s, "crosspeer onprem-to-tenant-b: PASS (13 checks, 0 failed)\n"));
	assert_non_null(strstr(s, "tunnel         up in 412.5 ms, IKE AES_CBC_256/"));
	assert_non_null(strstr(s, "10.2.0.1               stamp    1000     990       1 "));
	assert_non_null(strstr(s, "path MTU       1400 bytes (ESP overhead 73, MSS 1360)\n"));
	assert_non_null(strstr(s, "throughput     up 94.25 Mbit/s, down 93.5 Mbit/s\n"));
	assert_null(strstr(s, "FAIL"));
	free(s);
	xp_result_destroy(r);
}

static void test_fail_summary_lists_failures(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	char *s;

	(void)state;
	t.min_throughput_mbps = 500;
	xp_result_evaluate(r, &t);
	s = summary(r);
	assert_non_null(strstr(s, ": FAIL (13 checks, 1 failed)\n"));
	assert_non_null(strstr(s, "  FAIL min_throughput_mbps: measured 93.5 Mbit/s, "
							  "allowed >= 500 Mbit/s (below the minimum)\n"));
	free(s);
	xp_result_destroy(r);
}

static void test_down_summary(void **state)
{
	xp_result_t *r = xp_result_create("lab", "0.1.0");
	char *s;

	(void)state;
	snprintf(r->tunnel.reason, sizeof(r->tunnel.reason), "peer 192.0.2.2 did not answer");
	xp_result_evaluate(r, NULL);
	s = summary(r);
	assert_non_null(strstr(s, "tunnel         DOWN: peer 192.0.2.2 did not answer\n"));
	free(s);
	xp_result_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_summary),
		cmocka_unit_test(test_fail_summary_lists_failures),
		cmocka_unit_test(test_down_summary),
	};

	return cmocka_run_group_tests_name("report_summary", tests, NULL, NULL);
}
