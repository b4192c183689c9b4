/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Where the runs a comparison reads come from: a JSON store (baseline_store.c) or a SQLite
 * one (baseline_db_source.c). The comparison walks them through callbacks, so a store of
 * months is streamed, never held in memory whole. Either can be narrowed to the runs that
 * started in the same hour of the week as the current one (docs/baseline.md).
 */
#ifndef XP_BASELINE_SOURCE_H_
#define XP_BASELINE_SOURCE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Hours in a week; hour 0 is Monday 00:00-00:59 UTC. */
#define BASELINE_WEEK_HOURS 168
/** The hour-of-week window: the current run's hour and this many hours either side. */
#define BASELINE_WEEK_SPREAD 1

/** One stored target entry of one run. */
typedef struct {
	/** the run's start, Unix seconds */
	int64_t started_s;
	/** probes sent and answered; sent 0 when the store had no valid counts */
	uint64_t sent, received;
	/** the run's own p50 and p99 RTT (ms), NAN if not measured */
	double rtt_p50_ms, rtt_p99_ms;
	/** the received RTTs (ms), in send order */
	const double *rtt;
	size_t n_rtt;
} baseline_entry_t;

/** The run-wide figures of one run, NAN when not measured. */
typedef struct {
	int64_t started_s;
	double tunnel_setup_ms, pmtu_inner, throughput_up_mbps, throughput_down_mbps;
} baseline_run_t;

/** Called per entry or run, oldest first; a negative return stops the walk and is returned. */
typedef int (*baseline_entry_cb_t)(void *ctx, const baseline_entry_t *e);
typedef int (*baseline_run_cb_t)(void *ctx, const baseline_run_t *r);

typedef struct baseline_source_t baseline_source_t;

/** Stored runs, all of them or one hour-of-week window. */
struct baseline_source_t {
	/**
	 * Number of runs in the selection.
	 *
	 * @return		0, or -errno with err set to "<reason>"
	 */
	int (*count)(baseline_source_t *this, size_t *n, char *err, size_t errlen);

	/** Walk the run-wide figures of every run in the selection. @return 0 or as count */
	int (*each_run)(baseline_source_t *this, baseline_run_cb_t fn, void *ctx,
					char *err, size_t errlen);

	/** Walk every entry for target/kind in the selection. @return 0 or as count */
	int (*each_entry)(baseline_source_t *this, const char *target, const char *kind,
					  baseline_entry_cb_t fn, void *ctx, char *err, size_t errlen);

	/**
	 * Narrow the selection to the window around hour (0..167), or widen it to every run
	 * with -1.
	 */
	void (*select_hour)(baseline_source_t *this, int hour);

	/** Destroy a baseline_source_t (the store it reads stays open with its owner). */
	void (*destroy)(baseline_source_t *this);
};

/** Hour of the week (0 Monday 00h UTC .. 167 Sunday 23h) of a Unix time in seconds. */
int baseline_week_hour(int64_t unix_s);

/** Is hour within BASELINE_WEEK_SPREAD hours of centre, across the week's end too? */
bool baseline_week_near(int hour, int centre);

/** "Thu 19:00-21:59 UTC": the window around centre. */
void baseline_week_window_text(int centre, char *buf, size_t len);

#endif
