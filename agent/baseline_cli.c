/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "baseline_cli.h"
#include "atomic_file.h"
#include "baseline_db.h"
#include "baseline_store.h"
#include "baseline_trend.h"
#include "exit_codes.h"
#include "report.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/** An open store of either kind, read as a source. */
typedef struct {
	json_t *json;
	sqlite3 *db;
	baseline_source_t *src;
} baseline_cli_store_t;

/** The exit code of a store error: a lock, the disk or memory is the environment's. */
static int baseline_cli_exit(int rc)
{
	return rc == -EBUSY || rc == -EIO || rc == -ENOSPC || rc == -ENOMEM ? XP_EXIT_ENV :
		   XP_EXIT_USAGE;
}

static int baseline_cli_error(const baseline_cli_t *a, const char *object, int rc,
							  const char *err)
{
	fprintf(stderr, "crosspeer %s: %s: %s\n", a->cmd, object, err);
	return baseline_cli_exit(rc);
}

baseline_cli_t baseline_cli_defaults(const char *cmd)
{
	return (baseline_cli_t){ .cmd = cmd, .out = stdout, .keep = BASELINE_STORE_KEEP,
							 .keep_days = BASELINE_DB_KEEP_DAYS, .busy_ms = BASELINE_DB_BUSY_MS,
							 .opts = baseline_compare_defaults() };
}

static void baseline_cli_close(baseline_cli_store_t *s)
{
	if (s->src)
		s->src->destroy(s->src);
	json_decref(s->json);
	sqlite3_close(s->db);
	memset(s, 0, sizeof(*s));
}

/** Open --store for reading. @return 0 or -errno with err set */
static int baseline_cli_open(const baseline_cli_t *a, baseline_cli_store_t *s, char *err,
							 size_t errlen)
{
	int rc = 0;

	memset(s, 0, sizeof(*s));
	if (!baseline_db_is_db(a->store))
	{
		s->json = baseline_store_load(a->store, false, err, errlen);
		if (!s->json)
			return -EINVAL;
		s->src = baseline_store_source(s->json);
		if (!s->src)
			snprintf(err, errlen, "%s", strerror(ENOMEM));
		return s->src ? 0 : -ENOMEM;
	}
	s->db = baseline_db_open(a->store, false, a->busy_ms, &rc, err, errlen);
	if (s->db)
		s->src = baseline_db_source(s->db, &rc, err, errlen);
	return rc;
}

/** Where report.html of --report goes: DIR/report.html, or beside a named report.json. */
static void baseline_cli_html_path(const char *report, char *path, size_t len)
{
	struct stat st;
	char copy[PATH_MAX];

	if (stat(report, &st) == 0 && S_ISDIR(st.st_mode))
	{
		snprintf(path, len, "%s/%s", report, REPORT_HTML_FILE);
		return;
	}
	snprintf(copy, sizeof(copy), "%s", report);
	snprintf(path, len, "%s/%s", dirname(copy), REPORT_HTML_FILE);
}

/** Rewrite the report's report.html with the store's trend. @return 0 or -errno, err set */
static int baseline_cli_trend(const baseline_cli_t *a, const xp_result_t *r, char *path,
							  size_t pathlen, char *err, size_t errlen)
{
	baseline_cli_store_t s;
	baseline_trend_t *trends = NULL;
	char *html = NULL;
	int rc = baseline_cli_open(a, &s, err, errlen);

	baseline_cli_html_path(a->report, path, pathlen);
	if (!rc)
		rc = baseline_trend_collect(s.src, r, &trends, err, errlen);
	if (!rc && !(html = report_html_build_trend(r, trends, r->n_probes, a->store)))
	{
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		rc = -ENOMEM;
	}
	if (!rc)
		rc = atomic_file_write(path, html, strlen(html), 0644, err, errlen);
	free(html);
	baseline_trend_free(trends, r->n_probes);
	baseline_cli_close(&s);
	return rc;
}

/** Record into a SQLite store; prints the outcome. */
static int baseline_cli_record_db(const baseline_cli_t *a, const xp_result_t *r)
{
	const char *what = a->report ? a->report : "the run";
	baseline_db_outcome_t out;
	char err[512];
	int rc = baseline_db_record(a->store, r, a->keep_days, 0, a->busy_ms, &out, err,
								sizeof(err));

	if (rc < 0)
		return baseline_cli_error(a, a->store, rc, err);
	if (!out.added)
		fprintf(a->out, "already recorded: %s (a run with the same start and profile) in %s",
				what, a->store);
	else
		fprintf(a->out, "recorded %s (%zu targets) in %s", what, r->n_probes, a->store);
	fprintf(a->out, ": %zu runs, %zu dropped (started more than %u days ago)\n", out.runs,
			out.dropped, a->keep_days);
	return XP_EXIT_PASS;
}

int baseline_cli_record(const baseline_cli_t *a, const xp_result_t *r)
{
	char err[512], html[PATH_MAX + 16];
	int rc;

	if (baseline_db_is_db(a->store))
		rc = baseline_cli_record_db(a, r);
	else if ((rc = baseline_store_record(a->store, r, a->keep, err, sizeof(err))) < 0)
		return baseline_cli_error(a, a->store, rc, err);
	else
		fprintf(a->out, "recorded %s (%zu targets) in %s\n", a->report ? a->report : "the run",
				r->n_probes, a->store);
	if (rc != XP_EXIT_PASS || !a->report)
		return rc;
	/* the run is stored: a report.html that cannot be rewritten only warns */
	if (baseline_cli_trend(a, r, html, sizeof(html), err, sizeof(err)) < 0)
		fprintf(stderr, "crosspeer %s: %s: trend not written: %s\n", a->cmd, html, err);
	else
		fprintf(a->out, "trend of the store written into %s\n", html);
	return XP_EXIT_PASS;
}

/** Compare with the selection of s; prints the table. @return regressions, or -errno */
static int baseline_cli_table(const baseline_cli_t *a, const xp_result_t *r,
							  baseline_source_t *src, char *err, size_t errlen)
{
	baseline_row_t *rows = NULL;
	size_t n = 0;
	int rc = baseline_compare_source(src, r, &a->opts, &rows, &n, err, errlen);

	if (rc < 0)
		return rc;
	baseline_compare_print(stdout, rows, n, &a->opts);
	rc = (int)baseline_compare_regressions(rows, n);
	free(rows);
	return rc;
}

/** The hour-of-week part: its table, and whether it decides. @return as baseline_cli_table */
static int baseline_cli_window(const baseline_cli_t *a, const xp_result_t *r,
							   baseline_source_t *src, bool *decides, char *err, size_t errlen)
{
	int hour = baseline_week_hour(r->run.started_ms / 1000), rc;
	char window[48];
	size_t runs = 0;

	*decides = false;
	baseline_week_window_text(hour, window, sizeof(window));
	src->select_hour(src, hour);
	rc = src->count(src, &runs, err, errlen);
	if (rc < 0)
		return rc;
	if (!runs)
	{
		printf("same hour of week, %s: no stored runs\n", window);
		return 0;
	}
	printf("same hour of week, %s: %zu runs\n", window, runs);
	*decides = runs >= BASELINE_CLI_WINDOW_MIN_RUNS;
	return baseline_cli_table(a, r, src, err, errlen);
}

int baseline_cli_compare(const baseline_cli_t *a, const xp_result_t *r)
{
	baseline_cli_store_t s;
	char err[512];
	size_t runs = 0;
	bool window_decides = false;
	int pool, window = 0, rc = baseline_cli_open(a, &s, err, sizeof(err));

	if (!rc)
		rc = s.src->count(s.src, &runs, err, sizeof(err));
	if (!rc && runs)
		printf("baseline %s: %zu runs; current %s\n", a->store, runs, a->report);
	pool = rc < 0 ? rc : baseline_cli_table(a, r, s.src, err, sizeof(err));
	if (pool >= 0)
		window = baseline_cli_window(a, r, s.src, &window_decides, err, sizeof(err));
	baseline_cli_close(&s);
	if (pool < 0 || window < 0)
		return baseline_cli_error(a, a->store, pool < 0 ? pool : window, err);
	if (window_decides)
		printf("decision: the same-hour window (at least %d runs): %d regression(s)\n",
			   BASELINE_CLI_WINDOW_MIN_RUNS, window);
	else
		printf("decision: the whole pool (the same-hour window holds fewer than %d runs): "
			   "%d regression(s)\n", BASELINE_CLI_WINDOW_MIN_RUNS, pool);
	return (window_decides ? window : pool) ? XP_EXIT_THRESHOLD : XP_EXIT_PASS;
}

int baseline_cli_import(const baseline_cli_t *a)
{
	size_t added, skipped;
	char err[512];
	json_t *store;
	int rc;

	if (!baseline_db_is_db(a->store))
	{
		fprintf(stderr, "crosspeer %s: %s: import writes a SQLite store; give a --store "
				"not ending in .json, e.g. baseline.db\n", a->cmd, a->store);
		return XP_EXIT_USAGE;
	}
	store = baseline_store_load(a->from, false, err, sizeof(err));
	if (!store)
		return baseline_cli_error(a, a->from, -EINVAL, err);
	rc = baseline_db_import(store, a->store, a->busy_ms, &added, &skipped, err, sizeof(err));
	json_decref(store);
	if (rc < 0)
		return baseline_cli_error(a, a->store, rc, err);
	printf("imported %zu runs from %s into %s (%zu already there or without a start time)\n",
		   added, a->from, a->store, skipped);
	return XP_EXIT_PASS;
}
