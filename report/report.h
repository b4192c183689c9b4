/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Report writers: one file per format (report_json.c, report_junit.c, report_html.c,
 * report_prom.c, report_summary.c), all reading a plain xp_result_t. Each *_build()
 * returns the file's text in a malloc'd NUL-terminated buffer (NULL on allocation failure),
 * so the same text can go to a file, stdout or an HTTP endpoint.
 */
#ifndef XP_REPORT_H_
#define XP_REPORT_H_

#include <stdio.h>

#include <jansson.h>

#include "baseline_trend.h"
#include "result.h"

/** The four files report_write_dir() writes. */
#define REPORT_JSON_FILE "report.json"
#define REPORT_JUNIT_FILE "junit.xml"
#define REPORT_HTML_FILE "report.html"
#define REPORT_PROM_FILE "metrics.prom"

/**
 * Write report.json, junit.xml, report.html and metrics.prom into dir (created if missing).
 * All four are built in memory first; each is then replaced atomically (temporary file +
 * rename), so no reader ever sees a half-written file.
 *
 * @param err		on failure, "<object>: <reason>" (object is the file or directory)
 * @return			0, or -errno
 */
int report_write_dir(const xp_result_t *r, const char *dir, char *err, size_t errlen);

/** How report.json is dumped: sorted keys, indented, reals to 10 significant digits. */
#define REPORT_JSON_FLAGS (JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(10))

/**
 * report.json as a JSON object (DESIGN.md contract + "schema_version"); what --json prints.
 *
 * @return			new reference, NULL on allocation failure
 */
json_t *report_json_build(const xp_result_t *r);

/**
 * The measurement part of report.json: schema_version, run, probes, pmtu, throughput_mbps
 * and encapsulation, without tunnel and verdict; what `probe --json` prints.
 *
 * @return			new reference, NULL on allocation failure
 */
json_t *report_json_measurement(const xp_result_t *r);

/** report.json text: report_json_build() dumped with REPORT_JSON_FLAGS. */
char *report_json_text(const xp_result_t *r);

/**
 * Read a report.json (a file, or a directory holding one) back into a result, the verdict
 * included; the baseline commands use it.
 *
 * @param err		on failure, "<object>: <reason>"
 * @return			result to xp_result_destroy(), or NULL
 */
xp_result_t *report_json_load(const char *path, char *err, size_t errlen);

/** Same from a parsed object (borrowed). */
xp_result_t *report_json_parse(json_t *root, char *err, size_t errlen);

/** junit.xml text: one testcase per evaluated check (call xp_result_evaluate() first). */
char *report_junit_build(const xp_result_t *r);

/** report.html text: self-contained page, inline SVG charts, verdict on top. */
char *report_html_build(const xp_result_t *r);

/**
 * report.html with a "Trend" section: p50/p99 RTT of the runs in a baseline store.
 *
 * @param trends	n trends from baseline_trend_collect()
 * @param store		the store's path, shown; NULL for no section (as report_html_build())
 */
char *report_html_build_trend(const xp_result_t *r, const baseline_trend_t *trends, size_t n,
							  const char *store);

/** metrics.prom text: Prometheus text exposition format 0.0.4, crosspeer_* metrics. */
char *report_prom_build(const xp_result_t *r);

/** Print the short human summary table (verdict, tunnel, one line per target, failures). */
void report_summary_print(const xp_result_t *r, FILE *out);

#endif
