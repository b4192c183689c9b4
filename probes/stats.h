/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Figures derived from probe records, computed online in bounded memory (a histogram and a
 * 65536-sequence window), so runs of hours cost the same as runs of seconds.
 *
 * Definitions (docs/probes.md has the long form):
 * - loss: primary records without a reply; loss_pct = 100 * lost / sent.
 * - forward/backward loss (stateful STAMP reflector): the reflector numbers what it received;
 *   at the highest answered sequence number S (reflector number R), forward = S - R and
 *   backward = R + 1 - received; losses after S are shared in the same proportion.
 * - jitter (RFC 3550 6.4.1): in arrival order, D = rtt_j - rtt_i, J += (|D| - J) / 16.
 * - IPDV (RFC 3393/5481): rtt(s+1) - rtt(s) for consecutive sequence numbers both received.
 * - reordered (RFC 4737 3.3): a reply whose sequence number is below the next expected one
 *   (highest received + 1) at its arrival.
 * - duplicates: further replies for a sequence number already answered (within the window).
 * - late: replies after the timeout (their packet is already counted as lost).
 */
#ifndef STATS_H_
#define STATS_H_

#include <stdbool.h>
#include <stdint.h>

#include "probe_samples.h"

/** Sequence numbers remembered for duplicates and IPDV. */
#define STATS_WINDOW 65536

/** min / percentiles / max / mean / stddev, in ms. */
typedef struct {
	/** exact smallest */
	double min;
	/** percentiles from the histogram (HISTOGRAM_REL_ERROR) */
	double p50, p90, p99, p999;
	/** exact largest */
	double max;
	/** exact mean and population standard deviation */
	double mean, stddev;
} stats_dist_t;

/** Everything derived for one target. */
typedef struct {
	/** packets sent (primary records) */
	uint64_t sent;
	/** packets answered in time */
	uint64_t received;
	/** 100 * (sent - received) / sent; 0 when nothing was sent */
	double loss_pct;
	/** true when loss_forward / loss_backward are known (stateful reflector) */
	bool loss_split;
	/** packets lost on the way to the reflector (loss_split only) */
	uint64_t loss_forward;
	/** replies lost on the way back (loss_split only) */
	uint64_t loss_backward;
	/** round-trip time */
	stats_dist_t rtt_ms;
	/** RFC 3550 interarrival jitter on the round trip, ms */
	double jitter_ms;
	/** RFC 3550 jitter of the forward and backward one-way paths (STAMP), ms; -1 if n/a */
	double jitter_fwd_ms, jitter_back_ms;
	/** IPDV pairs seen, mean of |IPDV|, and the signed extremes, ms */
	uint64_t ipdv_pairs;
	/** mean |IPDV|, ms */
	double ipdv_mean_abs_ms;
	/** signed extremes of IPDV, ms */
	double ipdv_min_ms, ipdv_max_ms;
	/** RFC 4737 reordered replies */
	uint64_t reordered;
	/** duplicate replies */
	uint64_t duplicates;
	/** replies after the timeout */
	uint64_t late;
	/** TCP: resets counted as replies */
	uint64_t refused;
	/** true when forward/backward one-way figures exist (STAMP) */
	bool owd_valid;
	/** true when every reply claimed UTC-synchronised clocks at both ends */
	bool owd_synced;
	/** forward one-way delay (sender clock to reflector clock), ms */
	stats_dist_t owd_fwd_ms;
	/** backward one-way delay, ms */
	stats_dist_t owd_back_ms;
	/** replies whose receive time came from a kernel timestamp */
	uint64_t kernel_rx;
	/** requests whose send time came from a kernel timestamp */
	uint64_t kernel_tx;
} stats_summary_t;

typedef struct stats_t stats_t;

/** @return	an empty accumulator, NULL when out of memory */
stats_t *stats_create(void);

/**
 * Declare the reflector stateful (its numbering counts what reached it). Without this the
 * split is inferred only once a reply's reflector number differs from its own.
 */
void stats_set_stateful(stats_t *this, bool stateful);

/** Feed one record (any order the engine produces). */
void stats_add(stats_t *this, const probe_sample_t *s);

/** A probe_samples_cb_t that calls stats_add (ctx = the stats_t). */
void stats_observe(void *ctx, const probe_sample_t *s);

/** Derive the figures fed so far. */
void stats_summarize(const stats_t *this, stats_summary_t *out);

/** @return	"kernel-sw-rx+tx", "kernel-sw-rx" or "userspace", from the counts in sum */
const char *stats_timestamp_source(const stats_summary_t *sum);

/** Destroy an accumulator (NULL is fine). */
void stats_destroy(stats_t *this);

#endif
