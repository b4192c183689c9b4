/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/report_util.c: the time, number and escaping formats every report shares. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report_util.h"

static void test_utc_round_trip(void **state)
{
	char buf[40];

	(void)state;
	report_util_utc(1795550400123LL, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-24T20:00:00.123Z");
	assert_int_equal(report_util_parse_utc(buf), 1795550400123LL);
	report_util_utc(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_int_equal(report_util_parse_utc("yesterday"), 0);
	assert_int_equal(report_util_parse_utc(NULL), 0);
}

static void test_numbers(void **state)
{
	char buf[32];

	(void)state;
	report_util_num(buf, sizeof(buf), 1400, 0);
	assert_string_equal(buf, "1400");
	report_util_num(buf, sizeof(buf), 3.250, 3);
	assert_string_equal(buf, "3.25");
	report_util_num(buf, sizeof(buf), 2.0, 3);
	assert_string_equal(buf, "2");
	report_util_num(buf, sizeof(buf), -0.0001, 3);
	assert_string_equal(buf, "0");
	report_util_num(buf, sizeof(buf), NAN, 3);
	assert_string_equal(buf, "n/a");
}

static void test_xml_escaping(void **state)
{
	report_util_text_t t;
	char *s;

	(void)state;
	assert_true(report_util_begin(&t));
	report_util_xml(t.f, "<a href=\"x\">Tom & Jerry's</a>\x07\ttab");
	s = report_util_end(&t);
	assert_string_equal(s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;?\ttab");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utc_round_trip),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_xml_escaping),
	};

	return cmocka_run_group_tests_name("report_util", tests, NULL, NULL);
}
