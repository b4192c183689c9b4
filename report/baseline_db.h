/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The SQLite baseline store (docs/baseline.md): months of runs in one database file, many
 * writers at once (WAL journal, a busy timeout, one transaction per record), runs dropped by
 * age. baseline_db.c opens and checks it, baseline_db_write.c records and imports,
 * baseline_db_source.c reads it for comparisons and trends.
 *
 * Errors: -EINVAL a file that is not a store of ours (not SQLite, damaged, foreign schema,
 * future version) or a refused run; -ENOENT it does not exist (compare); -EBUSY another
 * writer held it beyond the busy timeout; -EIO the disk failed us. err is "<reason>", the
 * caller names the file.
 */
#ifndef XP_BASELINE_DB_H_
#define XP_BASELINE_DB_H_

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <sqlite3.h>

#include "baseline_source.h"
#include "result.h"

/** Schema version, kept in PRAGMA user_version. */
#define BASELINE_DB_VERSION 1
/** Runs kept by default: those started in the last 90 days. */
#define BASELINE_DB_KEEP_DAYS 90
/** How long a writer waits for another one by default (ms). */
#define BASELINE_DB_BUSY_MS 10000

/** Is path a SQLite store? Everything but a name ending in ".json" is. */
bool baseline_db_is_db(const char *path);

/**
 * Open a store, creating it (file and schema) if create is set and it is missing or empty.
 *
 * @param busy_ms	how long to wait for another writer
 * @return			the connection (sqlite3_close() it), or NULL with *rc and err set
 */
sqlite3 *baseline_db_open(const char *path, bool create, int busy_ms, int *rc,
						  char *err, size_t errlen);

/**
 * Turn a failed SQLite call into -errno and err ("<what>: <reason>; <what to do>").
 *
 * @param code		the SQLite result code
 */
int baseline_db_fail(sqlite3 *db, int code, const char *what, char *err, size_t errlen);

/** Run one statement without results (BEGIN, COMMIT, ...). @return 0 or as baseline_db_fail */
int baseline_db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/** How a record went. */
typedef struct {
	/** false: a run with the same start and profile was already stored (nothing changed) */
	bool added;
	/** runs dropped as older than the retention */
	size_t dropped;
	/** runs in the store afterwards */
	size_t runs;
} baseline_db_outcome_t;

/**
 * Record r (one transaction: the run, its targets and samples, and the retention).
 *
 * @param keep_days		drop runs that started more than this many days before now_s
 * @param now_s			the present (Unix s); 0 for the clock
 * @return				0, or -errno as above
 */
int baseline_db_record(const char *path, const xp_result_t *r, unsigned keep_days,
					   int64_t now_s, int busy_ms, baseline_db_outcome_t *out,
					   char *err, size_t errlen);

/**
 * Copy the runs of a JSON store into the database at path, in one transaction; runs already
 * there (same started_utc and profile) are skipped, so importing twice adds nothing.
 *
 * @param added, skipped	runs copied, runs already present or without a start time
 * @return					0, or -errno as above
 */
int baseline_db_import(json_t *store, const char *path, int busy_ms, size_t *added,
					   size_t *skipped, char *err, size_t errlen);

/**
 * Insert one store entry (baseline_store_entry()'s shape) inside the caller's transaction.
 *
 * @param added		false when the run was already stored
 * @return			0, -EINVAL (no start time), or as baseline_db_fail
 */
int baseline_db_insert(sqlite3 *db, json_t *entry, bool *added, char *err, size_t errlen);

/**
 * The stored runs as a baseline_source_t, read in one snapshot (a read transaction that
 * ends with destroy). db stays the caller's.
 *
 * @return			the source, or NULL with *rc and err set
 */
baseline_source_t *baseline_db_source(sqlite3 *db, int *rc, char *err, size_t errlen);

#endif
