/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The SQLite baseline store: opening, the schema and its check, errors (docs/baseline.md). */

#include "baseline_db.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/** Schema version 1. Samples are float64 little-endian, in send order. */
static const char baseline_db_schema[] =
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY,"
	" started_utc TEXT NOT NULL,"
	" started_s INTEGER NOT NULL,"
	" hour_of_week INTEGER NOT NULL,"
	" recorded_utc TEXT NOT NULL,"
	" profile TEXT NOT NULL,"
	" crosspeer_version TEXT NOT NULL,"
	" tunnel_setup_ms REAL, pmtu_inner REAL,"
	" throughput_up_mbps REAL, throughput_down_mbps REAL,"
	" UNIQUE (started_utc, profile));"
	"CREATE INDEX runs_started ON runs (started_s);"
	"CREATE TABLE targets ("
	" run_id INTEGER NOT NULL REFERENCES runs (id),"
	" target TEXT NOT NULL, kind TEXT NOT NULL,"
	" sent INTEGER NOT NULL, received INTEGER NOT NULL,"
	" rtt_p50_ms REAL, rtt_p99_ms REAL, jitter_ms REAL,"
	" rtt_samples BLOB NOT NULL);"
	"CREATE INDEX targets_run ON targets (run_id);"
	"CREATE INDEX targets_target ON targets (target, kind);"
	"PRAGMA user_version = 1;";

/** Statements that only compile against our schema (checks a version-1 file). */
static const char *const baseline_db_probe[] = {
	"SELECT id, started_utc, started_s, hour_of_week, recorded_utc, profile, crosspeer_version,"
	" tunnel_setup_ms, pmtu_inner, throughput_up_mbps, throughput_down_mbps FROM runs LIMIT 0",
	"SELECT run_id, target, kind, sent, received, rtt_p50_ms, rtt_p99_ms, jitter_ms,"
	" rtt_samples FROM targets LIMIT 0",
};

static const char baseline_db_foreign[] =
	"give another --store, or move this file away (a name ending in .json keeps a JSON store)";

bool baseline_db_is_db(const char *path)
{
	size_t n = strlen(path);

	return n < 5 || strcmp(path + n - 5, ".json");
}

int baseline_db_fail(sqlite3 *db, int code, const char *what, char *err, size_t errlen)
{
	const char *why = db && sqlite3_errcode(db) == code ? sqlite3_errmsg(db) :
					  sqlite3_errstr(code);
	int sys = db ? sqlite3_system_errno(db) : 0;

	switch (code & 0xff)
	{
		case SQLITE_BUSY:
		case SQLITE_LOCKED:
			snprintf(err, errlen, "locked: another writer holds it (%s); try again when it is "
					 "done, or give a longer --lock-timeout", why);
			return -EBUSY;
		case SQLITE_NOTADB:
			snprintf(err, errlen, "not a SQLite database (%s); %s", why, baseline_db_foreign);
			return -EINVAL;
		case SQLITE_CORRUPT:
			snprintf(err, errlen, "damaged SQLite database (%s); restore it from a backup, or "
					 "move it away (sqlite3's .recover may save its runs) and record anew", why);
			return -EINVAL;
		case SQLITE_CANTOPEN:
			snprintf(err, errlen, "%s: %s", what, sys ? strerror(sys) : why);
			return sys == ENOENT ? -ENOENT : -EACCES;
		case SQLITE_READONLY:
		case SQLITE_PERM:
		case SQLITE_AUTH:
			snprintf(err, errlen, "%s: %s; give a store you can write", what, why);
			return -EACCES;
		case SQLITE_FULL:
			snprintf(err, errlen, "%s: %s", what, why);
			return -ENOSPC;
		case SQLITE_NOMEM:
			snprintf(err, errlen, "%s: %s", what, strerror(ENOMEM));
			return -ENOMEM;
		default:
			snprintf(err, errlen, "%s: %s", what, why);
			return -EIO;
	}
}

int baseline_db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	int code = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return code == SQLITE_OK ? 0 : baseline_db_fail(db, code, sql, err, errlen);
}

/** One integer from a query (user_version, a count). */
static int baseline_db_int(sqlite3 *db, const char *sql, int *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int code = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW)
	{
		*out = sqlite3_column_int(st, 0);
		code = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return code == SQLITE_OK ? 0 : baseline_db_fail(db, code, "cannot read", err, errlen);
}

/** A version-1 file: do our tables answer our queries? */
static int baseline_db_check(sqlite3 *db, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(baseline_db_probe) / sizeof(baseline_db_probe[0]); i++)
	{
		sqlite3_stmt *st = NULL;
		int code = sqlite3_prepare_v2(db, baseline_db_probe[i], -1, &st, NULL);

		sqlite3_finalize(st);
		if (code == SQLITE_ERROR)
		{
			snprintf(err, errlen, "a SQLite database but not a crosspeer baseline store "
					 "(%s); %s", sqlite3_errmsg(db), baseline_db_foreign);
			return -EINVAL;
		}
		if (code != SQLITE_OK)
			return baseline_db_fail(db, code, "cannot read", err, errlen);
	}
	return 0;
}

/** The schema version and the number of schema objects, read in one transaction. */
static int baseline_db_version(sqlite3 *db, const char *begin, int *version, int *objects,
							   char *err, size_t errlen)
{
	int rc = baseline_db_exec(db, begin, err, errlen);

	*version = *objects = 0;
	if (!rc)
		rc = baseline_db_int(db, "PRAGMA user_version", version, err, errlen);
	if (!rc)
		rc = baseline_db_int(db, "SELECT count(*) FROM sqlite_master", objects, err, errlen);
	return rc;
}

/**
 * A file without schema version: create the schema if it is empty. Under the write lock,
 * so of several writers starting on a new file one creates and the others see it done.
 */
static int baseline_db_create(sqlite3 *db, int *version, int *objects, char *err, size_t errlen)
{
	int rc = baseline_db_version(db, "BEGIN IMMEDIATE", version, objects, err, errlen);

	if (!rc && !*version && !*objects)
	{
		rc = baseline_db_exec(db, baseline_db_schema, err, errlen);
		*version = BASELINE_DB_VERSION;
	}
	if (!rc)
		rc = baseline_db_exec(db, "COMMIT", err, errlen);
	if (rc < 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/** Is this file ours, of a version we read? Creates the schema in an empty one if create. */
static int baseline_db_schema_ok(sqlite3 *db, bool create, char *err, size_t errlen)
{
	int version, objects;
	int rc = baseline_db_version(db, "BEGIN", &version, &objects, err, errlen);

	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (!rc && !version && create)
		rc = baseline_db_create(db, &version, &objects, err, errlen);
	if (rc < 0)
		return rc;
	if (version > BASELINE_DB_VERSION || version < 0)
	{
		snprintf(err, errlen, "store schema version %d is not one this crosspeer reads (%d); "
				 "use the crosspeer that wrote it", version, BASELINE_DB_VERSION);
		return -EINVAL;
	}
	if (version == BASELINE_DB_VERSION)
		return baseline_db_check(db, err, errlen);
	if (objects)
	{
		snprintf(err, errlen, "a SQLite database but not a crosspeer baseline store (no "
				 "schema version); %s", baseline_db_foreign);
		return -EINVAL;
	}
	snprintf(err, errlen, "an empty database: the store holds no runs: record one first");
	return -EINVAL;
}

/** WAL: readers never wait for a writer, writers queue behind each other. */
static int baseline_db_wal(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int code = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);

	if (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW)
		code = strcmp((const char *)sqlite3_column_text(st, 0), "wal") ? SQLITE_ERROR :
			   SQLITE_OK;
	sqlite3_finalize(st);
	return code == SQLITE_OK ? 0 : baseline_db_fail(db, code, "cannot switch to WAL", err,
													errlen);
}

/** The file, if present, must be a regular one. */
static int baseline_db_stat(const char *path, bool create, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st) < 0)
	{
		if (create && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot open: %s%s", strerror(errno), errno == ENOENT ?
				 " (crosspeer baseline record creates it)" : "");
		return -errno;
	}
	if (!S_ISREG(st.st_mode))
	{
		snprintf(err, errlen, "not a regular file; --store names the baseline store file, "
				 "e.g. baseline.db");
		return -EINVAL;
	}
	return 0;
}

sqlite3 *baseline_db_open(const char *path, bool create, int busy_ms, int *rc,
						  char *err, size_t errlen)
{
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	sqlite3 *db = NULL;
	int code;

	*rc = baseline_db_stat(path, create, err, errlen);
	if (*rc < 0)
		return NULL;
	code = sqlite3_open_v2(path, &db, flags, NULL);
	if (code != SQLITE_OK)
		*rc = baseline_db_fail(db, code, "cannot open", err, errlen);
	else
	{
		sqlite3_extended_result_codes(db, 1);
		sqlite3_busy_timeout(db, busy_ms);
		*rc = baseline_db_schema_ok(db, create, err, errlen);
	}
	if (!*rc && create)
		*rc = baseline_db_wal(db, err, errlen);
	if (!*rc)
		return db;
	sqlite3_close(db);
	return NULL;
}
