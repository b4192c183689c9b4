/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Runs what `crosspeer probe` asked for: one thread per target (probe, then its path-MTU
 * search), then throughput per STAMP target, all under one optional ESP capture. Results
 * are plain data for probe_report.
 */
#ifndef XP_PROBE_JOBS_H_
#define XP_PROBE_JOBS_H_

#include <stdatomic.h>

#include "capture_esp.h"
#include "pmtu.h"
#include "probe_cli.h"
#include "stats.h"
#include "throughput.h"

/** One target's results. */
typedef struct {
	/** the target */
	const probe_cli_target_t *target;
	/** 0, or -errno of the probe run with error set */
	int rc;
	/** what failed */
	char error[300];
	/** derived figures */
	stats_summary_t sum;
	/** the kept records (cli->keep_samples), NULL if none; freed by probe_jobs_release() */
	probe_samples_t *samples;
	/** monotonic ns when the job started, the records' time origin */
	uint64_t start_ns;
	/** path MTU: asked for, 0 or -errno, result, error text */
	bool has_pmtu;
	int pmtu_rc;
	pmtu_result_t pmtu;
	char pmtu_error[300];
	/** ESP overhead at the measured PMTU (when a proposal was given) */
	bool has_esp;
	pmtu_esp_t esp;
	/** throughput: asked for, 0 or -errno, result, error text */
	bool has_tput;
	int tput_rc;
	throughput_result_t tput;
	char tput_error[300];
} probe_job_t;

/** The whole run. */
typedef struct {
	/** per-target results, in command-line order */
	probe_job_t jobs[PROBE_CLI_MAX_TARGETS];
	/** number of jobs */
	size_t n;
	/** capture: asked for, 0 or -errno, counts, error text */
	bool has_capture;
	int cap_rc;
	capture_esp_counts_t cap;
	char cap_error[300];
	/** run-level failure (CSV file, capture), "" when none */
	char error[640];
} probe_jobs_t;

/**
 * Run everything.
 *
 * @param stop		set by the signal handler (1 stop sending, 2 stop at once)
 * @return			0, or the first -errno of any part (the parts report their own errors)
 */
int probe_jobs_run(const probe_cli_t *cli, atomic_int *stop, probe_jobs_t *out);

/** Free what the jobs kept (their records); out stays readable otherwise. */
void probe_jobs_release(probe_jobs_t *out);

#endif
