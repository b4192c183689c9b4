/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/report_prom.c: every line of metrics.prom passes a strict check of the text
 * exposition format, and the values are the run's, in base units. */

#include <ctype.h>
#include <math.h>
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

/** Length of a metric or label name at s ([a-zA-Z_:][a-zA-Z0-9_:]*; no ':' in labels). */
static size_t name_len(const char *s, bool label)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]) || s[n] == '_' || (!label && s[n] == ':') ||
		   (n && isdigit((unsigned char)s[n])))
		n++;
	return n;
}

/** Check a {label="value",...} block at s; return its length, 0 if malformed. */
static size_t labels_len(const char *s)
{
	const char *p = s + 1;

	if (*s != '{')
		return 0;
	while (*p != '}')
	{
		size_t n = name_len(p, true);

		if (!n || p[n] != '=' || p[n + 1] != '"')
			return 0;
		for (p += n + 2; *p != '"'; p++)
		{
			if (!*p || *p == '\n' || (*p == '\\' && !strchr("\\\"n", *++p)))
				return 0;
		}
		p++;
		if (*p == ',')
			p++;
		else if (*p != '}')
			return 0;
	}
	return (size_t)(p + 1 - s);
}

/** Check one line; *family is the TYPE'd family samples must belong to. */
static bool check_line(const char *line, char *family, size_t flen, char *seen, size_t slen)
{
	size_t n;
	char *end;

	if (!strncmp(line, "# HELP ", 7) || !strncmp(line, "# TYPE ", 7))
	{
		n = name_len(line + 7, false);
		if (!n || line[7 + n] != ' ' || strncmp(line + 7, "crosspeer_", 10))
			return false;
		if (!strncmp(line, "# TYPE ", 7))
		{
			char key[160];

			if (strcmp(line + 8 + n, "gauge") && strcmp(line + 8 + n, "counter"))
				return false;
			snprintf(family, flen, "%.*s", (int)n, line + 7);
			snprintf(key, sizeof(key), "|%s|", family);
			if (strstr(seen, key))
				return false;	/* a family split in two */
			strncat(seen, key, slen - strlen(seen) - 1);
		}
		return true;
	}
	n = name_len(line, false);
	if (!n || strncmp(line, family, n) || family[n])
		return false;
	line += n;
	if (*line == '{')
	{
		size_t l = labels_len(line);

		if (!l)
			return false;
		line += l;
	}
	if (*line++ != ' ')
		return false;
	strtod(line, &end);
	return end != line && !*end;
}

/** Check the whole text; fail the test naming the bad line. */
static void check_exposition(const char *text)
{
	char *copy = strdup(text), *save = NULL, family[128] = "", seen[8192] = "";

	assert_true(text[strlen(text) - 1] == '\n');
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
	{
		if (!check_line(line, family, sizeof(family), seen, sizeof(seen)))
			fail_msg("bad exposition line: %s", line);
	}
	free(copy);
}

/** Value of the sample line starting with series ("name{labels}"), NAN if absent. */
static double sample(const char *text, const char *series)
{
	char key[512];
	const char *p;

	snprintf(key, sizeof(key), "\n%s ", series);
	p = strstr(text, key);
	return p ? strtod(p + strlen(key), NULL) : NAN;
}

static void test_strict_format_and_values(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	char *text;

	(void)state;
	xp_result_evaluate(r, &t);
	text = report_prom_build(r);
	check_exposition(text);
	assert_float_equal(sample(text, "crosspeer_verdict_pass"), 1, 0);
	assert_float_equal(sample(text, "crosspeer_tunnel_setup_seconds"), 0.4125, 1e-12);
	assert_float_equal(sample(text,
		"crosspeer_probe_rtt_seconds{target=\"10.2.0.1\",kind=\"stamp\",stat=\"p99\"}"),
		r->probes[0].rtt_ms.p99 / 1000.0, 1e-9);
	assert_float_equal(sample(text,
		"crosspeer_probe_loss_ratio{target=\"10.2.0.1\",kind=\"stamp\"}"), 0.01, 1e-12);
	assert_float_equal(sample(text,
		"crosspeer_probe_sent_packets{target=\"10.2.0.2\",kind=\"icmp\"}"), 500, 0);
	assert_float_equal(sample(text, "crosspeer_path_mtu_bytes"), 1400, 0);
	assert_float_equal(sample(text,
		"crosspeer_throughput_bits_per_second{direction=\"down\"}"), 93.5e6, 1e-3);
	assert_float_equal(sample(text,
		"crosspeer_check_pass{check=\"min_pmtu\",target=\"\"}"), 1, 0);
	assert_float_equal(sample(text, "crosspeer_plaintext_leak_packets"), 0, 0);
	assert_null(strstr(text, "NaN"));
	free(text);
	xp_result_destroy(r);
}

static void test_down_run_and_hostile_labels(void **state)
{
	xp_result_t *r = xp_result_create("quote\" back\\slash\nnewline", "0.1.0");
	char *text;

	(void)state;
	xp_result_evaluate(r, NULL);
	text = report_prom_build(r);
	check_exposition(text);
	assert_non_null(strstr(text,
		"crosspeer_info{version=\"0.1.0\",profile=\"quote\\\" back\\\\slash\\nnewline\"} 1\n"));
	assert_float_equal(sample(text, "crosspeer_tunnel_established"), 0, 0);
	assert_float_equal(sample(text, "crosspeer_verdict_pass"), 0, 0);
	/* unmeasured figures are left out, not written as NaN */
	assert_null(strstr(text, "crosspeer_tunnel_setup_seconds"));
	assert_null(strstr(text, "crosspeer_path_mtu_bytes"));
	free(text);
	xp_result_destroy(r);
}

static void test_checker_rejects_bad_lines(void **state)
{
	char family[128] = "crosspeer_x", seen[256] = "";

	(void)state;
	assert_true(check_line("crosspeer_x{a=\"b\"} 1.5", family, sizeof(family), seen, sizeof(seen)));
	assert_false(check_line("crosspeer_x{a=b} 1", family, sizeof(family), seen, sizeof(seen)));
	assert_false(check_line("crosspeer_x 1 2 3", family, sizeof(family), seen, sizeof(seen)));
	assert_false(check_line("crosspeer_y 1", family, sizeof(family), seen, sizeof(seen)));
	assert_false(check_line("# TYPE other_metric gauge", family, sizeof(family), seen,
							sizeof(seen)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict_format_and_values),
		cmocka_unit_test(test_down_run_and_hostile_labels),
		cmocka_unit_test(test_checker_rejects_bad_lines),
	};

	return cmocka_run_group_tests_name("report_prom", tests, NULL, NULL);
}
