/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The SQLite baseline store as a baseline_source_t: one read snapshot, rows streamed. */

#include "baseline_db.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Selection: every run (?1 < 0), or those within the spread of hour ?1. */
#define BASELINE_DB_WINDOW \
	" (?1 < 0 OR (r.hour_of_week - ?1 + 168 + 1) % 168 <= 2)"

static const char baseline_db_count_sql[] =
	"SELECT count(*) FROM runs r WHERE" BASELINE_DB_WINDOW;

static const char baseline_db_runs_sql[] =
	"SELECT r.started_s, r.tunnel_setup_ms, r.pmtu_inner, r.throughput_up_mbps,"
	" r.throughput_down_mbps FROM runs r WHERE" BASELINE_DB_WINDOW
	" ORDER BY r.started_s, r.id";

static const char baseline_db_entries_sql[] =
	"SELECT r.started_s, t.sent, t.received, t.rtt_p50_ms, t.rtt_p99_ms, t.rtt_samples"
	" FROM targets t JOIN runs r ON r.id = t.run_id"
	" WHERE t.target = ?2 AND t.kind = ?3 AND" BASELINE_DB_WINDOW
	" ORDER BY r.started_s, r.id";

/** The source over one open database. */
typedef struct {
	baseline_source_t public;
	/** the connection, borrowed */
	sqlite3 *db;
	/** hour-of-week window centre, -1 for every run */
	int hour;
	/** decoded samples of the current row */
	double *rtt;
	size_t cap;
} baseline_db_source_t;

/** A REAL column, NAN when NULL. */
static double baseline_db_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

/** Prepare sql with the window bound. */
static int baseline_db_query(baseline_db_source_t *this, const char *sql, sqlite3_stmt **st,
							 char *err, size_t errlen)
{
	int code = sqlite3_prepare_v2(this->db, sql, -1, st, NULL);

	if (code != SQLITE_OK)
		return baseline_db_fail(this->db, code, "cannot read", err, errlen);
	sqlite3_bind_int(*st, 1, this->hour);
	return 0;
}

/** End a walk: the statement's last code, or the callback's error. */
static int baseline_db_walk_end(baseline_db_source_t *this, sqlite3_stmt *st, int code, int rc,
								char *err, size_t errlen)
{
	sqlite3_finalize(st);
	if (rc < 0)
	{
		snprintf(err, errlen, "%s", strerror(-rc));
		return rc;
	}
	return code == SQLITE_DONE ? 0 : baseline_db_fail(this->db, code, "cannot read", err,
													  errlen);
}

static int baseline_db_count(baseline_source_t *public, size_t *n, char *err, size_t errlen)
{
	baseline_db_source_t *this = (baseline_db_source_t *)public;
	sqlite3_stmt *st = NULL;
	int code, rc = baseline_db_query(this, baseline_db_count_sql, &st, err, errlen);

	if (rc < 0)
		return rc;
	if ((code = sqlite3_step(st)) == SQLITE_ROW)
	{
		*n = (size_t)sqlite3_column_int64(st, 0);
		code = SQLITE_DONE;
	}
	return baseline_db_walk_end(this, st, code, 0, err, errlen);
}

static int baseline_db_each_run(baseline_source_t *public, baseline_run_cb_t fn, void *ctx,
								char *err, size_t errlen)
{
	baseline_db_source_t *this = (baseline_db_source_t *)public;
	sqlite3_stmt *st = NULL;
	int code, rc = baseline_db_query(this, baseline_db_runs_sql, &st, err, errlen);

	if (rc < 0)
		return rc;
	while (rc >= 0 && (code = sqlite3_step(st)) == SQLITE_ROW)
	{
		baseline_run_t r = {
			.started_s = sqlite3_column_int64(st, 0),
			.tunnel_setup_ms = baseline_db_real(st, 1),
			.pmtu_inner = baseline_db_real(st, 2),
			.throughput_up_mbps = baseline_db_real(st, 3),
			.throughput_down_mbps = baseline_db_real(st, 4),
		};

		rc = fn(ctx, &r);
	}
	return baseline_db_walk_end(this, st, code, rc, err, errlen);
}

/** Decode a float64 little-endian BLOB into this->rtt. */
static int baseline_db_decode(baseline_db_source_t *this, sqlite3_stmt *st, int i, size_t *n)
{
	const unsigned char *b = sqlite3_column_blob(st, i);
	size_t len = (size_t)sqlite3_column_bytes(st, i);

	*n = len / 8;
	if (*n > this->cap)
	{
		double *v = realloc(this->rtt, *n * sizeof(double));

		if (!v)
			return -ENOMEM;
		this->rtt = v;
		this->cap = *n;
	}
	for (size_t k = 0; k < *n; k++)
	{
		uint64_t bits = 0;

		for (int j = 7; j >= 0; j--)
			bits = bits << 8 | b[k * 8 + (size_t)j];
		memcpy(&this->rtt[k], &bits, sizeof(double));
	}
	return 0;
}

/** One row of the entries query as an entry. */
static int baseline_db_entry(baseline_db_source_t *this, sqlite3_stmt *st, baseline_entry_t *e)
{
	sqlite3_int64 sent = sqlite3_column_int64(st, 1), received = sqlite3_column_int64(st, 2);
	int rc = baseline_db_decode(this, st, 5, &e->n_rtt);

	e->started_s = sqlite3_column_int64(st, 0);
	e->sent = sent > 0 && received >= 0 && received <= sent ? (uint64_t)sent : 0;
	e->received = e->sent ? (uint64_t)received : 0;
	e->rtt_p50_ms = baseline_db_real(st, 3);
	e->rtt_p99_ms = baseline_db_real(st, 4);
	e->rtt = this->rtt;
	return rc;
}

static int baseline_db_each_entry(baseline_source_t *public, const char *target,
								  const char *kind, baseline_entry_cb_t fn, void *ctx,
								  char *err, size_t errlen)
{
	baseline_db_source_t *this = (baseline_db_source_t *)public;
	sqlite3_stmt *st = NULL;
	int code, rc = baseline_db_query(this, baseline_db_entries_sql, &st, err, errlen);

	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 2, target, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
	while (rc >= 0 && (code = sqlite3_step(st)) == SQLITE_ROW)
	{
		baseline_entry_t e;

		rc = baseline_db_entry(this, st, &e);
		if (rc >= 0)
			rc = fn(ctx, &e);
	}
	return baseline_db_walk_end(this, st, code, rc, err, errlen);
}

static void baseline_db_select_hour(baseline_source_t *public, int hour)
{
	((baseline_db_source_t *)public)->hour = hour;
}

static void baseline_db_source_destroy(baseline_source_t *public)
{
	baseline_db_source_t *this = (baseline_db_source_t *)public;

	sqlite3_exec(this->db, "COMMIT", NULL, NULL, NULL);
	free(this->rtt);
	free(this);
}

baseline_source_t *baseline_db_source(sqlite3 *db, int *rc, char *err, size_t errlen)
{
	baseline_db_source_t *this = calloc(1, sizeof(*this));
	size_t n;

	if (!this)
	{
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		*rc = -ENOMEM;
		return NULL;
	}
	this->public = (baseline_source_t){
		.count = baseline_db_count,
		.each_run = baseline_db_each_run,
		.each_entry = baseline_db_each_entry,
		.select_hour = baseline_db_select_hour,
		.destroy = baseline_db_source_destroy,
	};
	this->db = db;
	this->hour = -1;
	/* the snapshot starts with the first read inside the transaction */
	*rc = baseline_db_exec(db, "BEGIN", err, errlen);
	if (!*rc)
		*rc = baseline_db_count(&this->public, &n, err, errlen);
	if (!*rc)
		return &this->public;
	baseline_db_source_destroy(&this->public);
	return NULL;
}
