/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * junit.xml: one <testsuite> per run, one <testcase> per evaluated check or threshold, so a
 * CI system lists "rtt_p99_ms 10.2.0.1" as its own test; a failure states measured vs. allowed.
 */

#include "report.h"
#include "report_util.h"

#include <string.h>

/** classname: crosspeer.<area>, grouping checks by what they are about. */
static const char *report_junit_area(const xp_check_t *c)
{
	if (c->target[0])
		return "probe";
	if (!strcmp(c->check, "tunnel_established"))
		return "tunnel";
	if (!strcmp(c->check, "esp_packets") || !strcmp(c->check, "plaintext_leaks"))
		return "encapsulation";
	return "path";
}

static void report_junit_case(FILE *f, const xp_check_t *c)
{
	fputs("    <testcase classname=\"crosspeer.", f);
	fputs(report_junit_area(c), f);
	fputs("\" name=\"", f);
	report_util_xml(f, c->check);
	if (c->target[0])
	{
		fputc(' ', f);
		report_util_xml(f, c->target);
	}
	fputs("\" time=\"0\"", f);
	if (c->pass)
	{
		fputs(">\n      <system-out>", f);
		report_util_xml(f, c->message);
		fputs("</system-out>\n    </testcase>\n", f);
		return;
	}
	fputs(">\n      <failure type=\"threshold\" message=\"", f);
	report_util_xml(f, c->message);
	fputs("\">", f);
	report_util_xml(f, c->message);
	fputs("</failure>\n    </testcase>\n", f);
}

/** Nothing evaluated: one failing case says so rather than an empty, "green" suite. */
static void report_junit_unevaluated(FILE *f)
{
	fputs("    <testcase classname=\"crosspeer.verdict\" name=\"verdict\" time=\"0\">\n"
		  "      <failure type=\"verdict\" message=\"thresholds were not evaluated\">"
		  "thresholds were not evaluated</failure>\n    </testcase>\n", f);
}

char *report_junit_build(const xp_result_t *r)
{
	report_util_text_t t;
	size_t tests = r->verdict.evaluated ? r->verdict.n_checks : 1;
	size_t failures = r->verdict.evaluated ? xp_result_failures(r) : 1;
	char started[40], secs[32];

	if (!report_util_begin(&t))
		return NULL;
	report_util_utc(r->run.started_ms, started, sizeof(started));
	started[19] = started[0] ? '\0' : started[19];
	report_util_num(secs, sizeof(secs), r->run.duration_ms / 1000.0, 3);
	fprintf(t.f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<testsuites name=\"crosspeer\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
			"time=\"%s\">\n", tests, failures, secs);
	fputs("  <testsuite name=\"crosspeer verify ", t.f);
	report_util_xml(t.f, r->run.profile);
	fprintf(t.f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\" time=\"%s\"",
			tests, failures, secs);
	if (started[0])
		fprintf(t.f, " timestamp=\"%s\"", started);
	fputs(">\n    <properties>\n      <property name=\"crosspeer_version\" value=\"", t.f);
	report_util_xml(t.f, r->run.crosspeer_version);
	fputs("\"/>\n      <property name=\"profile\" value=\"", t.f);
	report_util_xml(t.f, r->run.profile);
	fputs("\"/>\n    </properties>\n", t.f);
	if (!r->verdict.evaluated)
		report_junit_unevaluated(t.f);
	for (size_t i = 0; r->verdict.evaluated && i < r->verdict.n_checks; i++)
		report_junit_case(t.f, &r->verdict.checks[i]);
	fputs("  </testsuite>\n</testsuites>\n", t.f);
	return report_util_end(&t);
}
