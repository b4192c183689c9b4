/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/report_junit.c: parses with Python's xml.etree, one testcase per check, failures
 * state measured vs. allowed, hostile strings are escaped. */

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

/** Write r's junit.xml into a temp dir and run check_junit.py over it. */
static int parse_junit(const xp_result_t *r, char *out, size_t len)
{
	char *dir = report_fixture_tmpdir(), err[512], cmd[4200];
	int rc;

	assert_int_equal(report_write_dir(r, dir, err, sizeof(err)), 0);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/check_junit.py %s/junit.xml 2>&1",
			 XP_REPORT_TEST_DIR, dir);
	rc = report_fixture_run(cmd, out, len);
	if (rc)
		print_message("%s", out);
	report_fixture_rmdir(dir);
	return rc;
}

static void test_one_case_per_check_all_passing(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	char out[16384];

	(void)state;
	xp_result_evaluate(r, &t);
	assert_int_equal(parse_junit(r, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "suite 13 0 crosspeer verify onprem-to-tenant-b\n"));
	assert_non_null(strstr(out, "case crosspeer.tunnel|tunnel_established|\n"));
	assert_non_null(strstr(out, "case crosspeer.probe|rtt_p99_ms 10.2.0.2|\n"));
	assert_non_null(strstr(out, "case crosspeer.path|min_pmtu|\n"));
	xp_result_destroy(r);
}

static void test_impossible_threshold_carries_the_failure(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	char out[16384], expect[512];

	(void)state;
	t.rtt_p99_ms = 0.001;
	xp_result_evaluate(r, &t);
	assert_int_equal(parse_junit(r, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "suite 13 2 "));
	snprintf(expect, sizeof(expect), "case crosspeer.probe|rtt_p99_ms 10.2.0.1|%s\n",
			 r->verdict.checks[5].message);
	assert_string_equal(r->verdict.checks[5].check, "rtt_p99_ms");
	assert_non_null(strstr(out, expect));
	assert_non_null(strstr(expect, "allowed <= 0.001 ms (above the limit)"));
	xp_result_destroy(r);
}

static void test_hostile_strings_are_escaped(void **state)
{
	xp_result_t *r = xp_result_create("a<b>&\"c'\x01", "0.1.0");
	char out[4096];

	(void)state;
	snprintf(r->tunnel.reason, sizeof(r->tunnel.reason), "peer said <NO_PROPOSAL_CHOSEN> & left");
	xp_result_evaluate(r, NULL);
	assert_int_equal(parse_junit(r, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "suite 1 1 crosspeer verify a<b>&\"c'?\n"));
	assert_non_null(strstr(out, "not established: peer said <NO_PROPOSAL_CHOSEN> & left"));
	xp_result_destroy(r);
}

static void test_unevaluated_is_not_green(void **state)
{
	xp_result_t *r = report_fixture_create();
	char out[4096];

	(void)state;
	assert_int_equal(parse_junit(r, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "suite 1 1 "));
	assert_non_null(strstr(out, "thresholds were not evaluated"));
	xp_result_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_case_per_check_all_passing),
		cmocka_unit_test(test_impossible_threshold_carries_the_failure),
		cmocka_unit_test(test_hostile_strings_are_escaped),
		cmocka_unit_test(test_unevaluated_is_not_green),
	};

	return cmocka_run_group_tests_name("report_junit", tests, NULL, NULL);
}
