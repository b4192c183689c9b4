/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/report_html.c + report_svg.c: self-contained, escaped, and rendered by headless
 * Chromium into a screenshot that shows the verdict and the charts' colours. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "report.h"
#include "report_fixture.h"

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_self_contained_with_charts(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	char *html;

	(void)state;
	t.rtt_p99_ms = 0.001;
	xp_result_evaluate(r, &t);
	html = report_html_build(r);
	assert_non_null(strstr(html, "<header class=\"verdict fail\"><h1>FAIL</h1>"));
	/* one timeline + RTT-over-time and CDF per target */
	assert_int_equal(count(html, "<svg "), 5);
	assert_int_equal(count(html, "class=\"lost\""), 10);
	assert_int_equal(count(html, "<polyline class=\"cdf\""), 2);
	assert_non_null(strstr(html, ">CHILD_SA_UP 412.5 ms</text>"));
	/* nothing to fetch: no script, no external reference */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "href="));
	assert_int_equal(count(html, "http"), count(html, "http://www.w3.org/2000/svg"));
	free(html);
	xp_result_destroy(r);
}

static void test_escapes_hostile_strings(void **state)
{
	xp_result_t *r = xp_result_create("<script>alert(1)</script>", "0.1.0");
	char *html;

	(void)state;
	xp_result_add_event(r, 5, "IKE_SA_INIT", "<img src=x onerror=alert(1)>");
	xp_result_evaluate(r, NULL);
	html = report_html_build(r);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt;"));
	free(html);
	xp_result_destroy(r);
}

static void test_busy_timeline_labels_each_kind_once(void **state)
{
	xp_result_t *r = report_fixture_create();
	char *html;

	(void)state;
	for (int i = 1; i <= 40; i++)
		xp_result_add_event(r, 420 + i * 290.0, "DPD", "liveness check answered");
	html = report_html_build(r);
	/* 46 events, 6 distinct names: every event has a dot, only 6 have a label */
	assert_int_equal(count(html, "<circle "), 46);
	assert_int_equal(count(html, "class=\"evlabel\""), 6);
	assert_int_equal(count(html, ">DPD 6000 ms</text>"), 1);
	assert_int_equal(count(html, ">DPD 710 ms</text>"), 0);
	assert_int_equal(count(html, "<title>DPD at 710 ms: liveness check answered</title>"), 1);
	free(html);
	xp_result_destroy(r);
}

static void test_chromium_renders_the_charts(void **state)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();
	char *dir = report_fixture_tmpdir(), err[512], cmd[8192], out[512];
	int w = 0, h = 0, colours = 0, red = 0, blue = 0, purple = 0;
	double ink = 0;

	(void)state;
	if (access("/usr/bin/chromium", X_OK) != 0)
	{
		report_fixture_rmdir(dir);
		xp_result_destroy(r);
		skip();
	}
	xp_result_evaluate(r, &t);
	assert_int_equal(report_write_dir(r, dir, err, sizeof(err)), 0);
	snprintf(cmd, sizeof(cmd), "cd %s && /usr/bin/chromium --headless --no-sandbox --disable-gpu "
			 "--disable-quic --no-first-run --disable-background-networking "
			 "--disable-component-update --disable-sync --user-data-dir=%s/profile "
			 "--hide-scrollbars --screenshot=%s/report.png --window-size=1200,1600 "
			 "file://%s/report.html >/dev/null 2>&1; /usr/bin/python3 %s/png_stats.py "
			 "%s/report.png", dir, dir, dir, dir, XP_REPORT_TEST_DIR, dir);
	assert_int_equal(report_fixture_run(cmd, out, sizeof(out)), 0);
	assert_int_equal(sscanf(out, "%d %d %d %lf %d %d %d", &w, &h, &colours, &ink, &red, &blue,
							&purple), 7);
	print_message("screenshot %dx%d: %d colours, red %d, blue %d, purple %d (%s/report.png)\n",
				  w, h, colours, red, blue, purple, dir);
	assert_int_equal(w, 1200);
	assert_int_equal(h, 1600);
	assert_true(colours > 100);		/* text, verdict banner, charts: not a blank page */
	assert_true(blue > 500);		/* the RTT line */
	assert_true(red > 50);			/* lost-probe marks */
	assert_true(purple > 100);		/* the CDF */
	if (!getenv("XP_KEEP_SCREENSHOT"))
		report_fixture_rmdir(dir);
	else
		free(dir);
	xp_result_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_contained_with_charts),
		cmocka_unit_test(test_escapes_hostile_strings),
		cmocka_unit_test(test_busy_timeline_labels_each_kind_once),
		cmocka_unit_test(test_chromium_renders_the_charts),
	};

	return cmocka_run_group_tests_name("report_html", tests, NULL, NULL);
}
