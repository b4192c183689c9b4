/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The SQLite baseline store: recording a run, retention by age, importing a JSON store. */

#include "baseline_db.h"
#include "baseline_store.h"
#include "report_util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char baseline_db_insert_run[] =
	"INSERT OR IGNORE INTO runs (started_utc, started_s, hour_of_week, recorded_utc, profile,"
	" crosspeer_version, tunnel_setup_ms, pmtu_inner, throughput_up_mbps,"
	" throughput_down_mbps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static const char baseline_db_insert_target[] =
	"INSERT INTO targets (run_id, target, kind, sent, received, rtt_p50_ms, rtt_p99_ms,"
	" jitter_ms, rtt_samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/** Bind a stored number, NULL when absent or not finite. */
static void baseline_db_bind_number(sqlite3_stmt *st, int i, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_number(v) && isfinite(json_number_value(v)))
		sqlite3_bind_double(st, i, json_number_value(v));
	else
		sqlite3_bind_null(st, i);
}

/** Bind a stored string, def when absent. */
static void baseline_db_bind_text(sqlite3_stmt *st, int i, json_t *o, const char *key,
								  const char *def)
{
	const char *s = json_string_value(json_object_get(o, key));

	sqlite3_bind_text(st, i, s ? s : def, -1, SQLITE_TRANSIENT);
}

/** A stored count, 0 when absent or negative. */
static sqlite3_int64 baseline_db_count_of(json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v > 0 ? (sqlite3_int64)v : 0;
}

/** The RTT samples as float64 little-endian; malloc'd, length in *len. */
static unsigned char *baseline_db_samples(json_t *samples, size_t *len)
{
	unsigned char *blob = malloc(json_array_size(samples) * 8 + 1);
	json_t *s;
	size_t i;

	*len = 0;
	json_array_foreach(samples, i, s)
	{
		double v = json_number_value(s);
		uint64_t bits;

		if (!blob || !json_is_number(s) || !isfinite(v))
			continue;
		memcpy(&bits, &v, sizeof(bits));
		for (int b = 0; b < 8; b++)
			blob[(*len)++] = (unsigned char)(bits >> (8 * b));
	}
	return blob;
}

/** One target entry of run id. */
static int baseline_db_target(sqlite3_stmt *st, sqlite3_int64 id, json_t *t)
{
	const char *target = json_string_value(json_object_get(t, "target"));
	const char *kind = json_string_value(json_object_get(t, "kind"));
	unsigned char *blob;
	size_t len;
	int code;

	if (!target || !kind)
		return SQLITE_DONE;
	blob = baseline_db_samples(json_object_get(t, "rtt_samples_ms"), &len);
	if (!blob)
		return SQLITE_NOMEM;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, target, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, baseline_db_count_of(t, "sent"));
	sqlite3_bind_int64(st, 5, baseline_db_count_of(t, "received"));
	baseline_db_bind_number(st, 6, t, "rtt_p50_ms");
	baseline_db_bind_number(st, 7, t, "rtt_p99_ms");
	baseline_db_bind_number(st, 8, t, "jitter_ms");
	sqlite3_bind_blob(st, 9, blob, (int)len, SQLITE_TRANSIENT);
	code = sqlite3_step(st);
	free(blob);
	return code;
}

/** The run row; *added false when it was already there. */
static int baseline_db_run(sqlite3 *db, json_t *entry, int64_t started_ms, bool *added)
{
	sqlite3_stmt *st = NULL;
	int code = sqlite3_prepare_v2(db, baseline_db_insert_run, -1, &st, NULL);
	char now[40];

	if (code != SQLITE_OK)
		return code;
	report_util_utc((int64_t)time(NULL) * 1000, now, sizeof(now));
	baseline_db_bind_text(st, 1, entry, "started_utc", "");
	sqlite3_bind_int64(st, 2, started_ms / 1000);
	sqlite3_bind_int(st, 3, baseline_week_hour(started_ms / 1000));
	baseline_db_bind_text(st, 4, entry, "recorded_utc", now);
	baseline_db_bind_text(st, 5, entry, "profile", "");
	baseline_db_bind_text(st, 6, entry, "crosspeer_version", "");
	baseline_db_bind_number(st, 7, entry, "tunnel_setup_ms");
	baseline_db_bind_number(st, 8, entry, "pmtu_inner");
	baseline_db_bind_number(st, 9, entry, "throughput_up_mbps");
	baseline_db_bind_number(st, 10, entry, "throughput_down_mbps");
	code = sqlite3_step(st);
	sqlite3_finalize(st);
	*added = code == SQLITE_DONE && sqlite3_changes(db) > 0;
	return code;
}

int baseline_db_insert(sqlite3 *db, json_t *entry, bool *added, char *err, size_t errlen)
{
	int64_t started_ms = report_util_parse_utc(json_string_value(json_object_get(entry,
																				 "started_utc")));
	sqlite3_stmt *st = NULL;
	sqlite3_int64 id;
	json_t *t;
	size_t i;
	int code;

	*added = false;
	if (!started_ms)
	{
		snprintf(err, errlen, "a run without a valid started_utc: not recorded");
		return -EINVAL;
	}
	code = baseline_db_run(db, entry, started_ms, added);
	if (code != SQLITE_DONE || !*added)
		return code == SQLITE_DONE ? 0 : baseline_db_fail(db, code, "cannot record", err, errlen);
	id = sqlite3_last_insert_rowid(db);
	code = sqlite3_prepare_v2(db, baseline_db_insert_target, -1, &st, NULL);
	json_array_foreach(json_object_get(entry, "targets"), i, t)
	{
		if (code != SQLITE_OK && code != SQLITE_DONE)
			break;
		code = baseline_db_target(st, id, t);
	}
	sqlite3_finalize(st);
	if (code == SQLITE_OK || code == SQLITE_DONE)
		return 0;
	return baseline_db_fail(db, code, "cannot record", err, errlen);
}

/** Drop runs that started before cutoff_s, with their targets; *dropped how many. */
static int baseline_db_retain(sqlite3 *db, int64_t cutoff_s, size_t *dropped,
							  char *err, size_t errlen)
{
	char sql[256];
	int rc;

	snprintf(sql, sizeof(sql), "DELETE FROM targets WHERE run_id IN (SELECT id FROM runs "
			 "WHERE started_s < %lld)", (long long)cutoff_s);
	rc = baseline_db_exec(db, sql, err, errlen);
	snprintf(sql, sizeof(sql), "DELETE FROM runs WHERE started_s < %lld", (long long)cutoff_s);
	if (!rc)
		rc = baseline_db_exec(db, sql, err, errlen);
	*dropped = rc ? 0 : (size_t)sqlite3_changes(db);
	return rc;
}

/** Runs stored (inside the transaction). */
static int baseline_db_runs(sqlite3 *db, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int code = sqlite3_prepare_v2(db, "SELECT count(*) FROM runs", -1, &st, NULL);

	if (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW)
	{
		*n = (size_t)sqlite3_column_int64(st, 0);
		code = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return code == SQLITE_OK ? 0 : baseline_db_fail(db, code, "cannot count runs", err, errlen);
}

/** Refuse what must not be stored: a run without tunnel, or one retention would drop. */
static int baseline_db_admit(const xp_result_t *r, int64_t cutoff_s, unsigned keep_days,
							 char *err, size_t errlen)
{
	char started[40];

	if (!r->tunnel.established)
	{
		snprintf(err, errlen, "the report's tunnel was not established: not recorded");
		return -EINVAL;
	}
	if (r->run.started_ms <= 0 || r->run.started_ms / 1000 < cutoff_s)
	{
		report_util_utc(r->run.started_ms, started, sizeof(started));
		snprintf(err, errlen, "the run started %s, more than --keep-days %u days ago: not "
				 "recorded", started[0] ? started : "at an unknown time", keep_days);
		return -EINVAL;
	}
	return 0;
}

int baseline_db_record(const char *path, const xp_result_t *r, unsigned keep_days,
					   int64_t now_s, int busy_ms, baseline_db_outcome_t *out,
					   char *err, size_t errlen)
{
	int64_t cutoff = (now_s ? now_s : (int64_t)time(NULL)) - (int64_t)keep_days * 86400;
	json_t *entry;
	sqlite3 *db;
	int rc = baseline_db_admit(r, cutoff, keep_days, err, errlen);

	memset(out, 0, sizeof(*out));
	if (rc < 0)
		return rc;
	entry = baseline_store_entry(r);
	db = baseline_db_open(path, true, busy_ms, &rc, err, errlen);
	if (db)
		rc = baseline_db_exec(db, "BEGIN IMMEDIATE", err, errlen);
	if (db && !rc)
	{
		rc = baseline_db_insert(db, entry, &out->added, err, errlen);
		if (!rc)
			rc = baseline_db_retain(db, cutoff, &out->dropped, err, errlen);
		if (!rc)
			rc = baseline_db_runs(db, &out->runs, err, errlen);
		if (!rc)
			rc = baseline_db_exec(db, "COMMIT", err, errlen);
		if (rc < 0)
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_close(db);
	json_decref(entry);
	return rc;
}

int baseline_db_import(json_t *store, const char *path, int busy_ms, size_t *added,
					   size_t *skipped, char *err, size_t errlen)
{
	json_t *run;
	sqlite3 *db;
	size_t i;
	int rc;

	*added = *skipped = 0;
	db = baseline_db_open(path, true, busy_ms, &rc, err, errlen);
	if (!db)
		return rc;
	rc = baseline_db_exec(db, "BEGIN IMMEDIATE", err, errlen);
	json_array_foreach(json_object_get(store, "runs"), i, run)
	{
		bool one = false;
		int r1;

		if (rc < 0)
			break;
		r1 = baseline_db_insert(db, run, &one, err, errlen);
		if (r1 < 0 && r1 != -EINVAL)
			rc = r1;
		*added += one;
		*skipped += !one;
	}
	if (!rc)
		rc = baseline_db_exec(db, "COMMIT", err, errlen);
	if (rc < 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	if (rc < 0)
		*added = 0;
	return rc;
}
