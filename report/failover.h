/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * A failover measured: probes sent at a steady rate through an active-active gateway's
 * tunnels while one instance goes down, and the BGP sessions' state changes meanwhile.
 * The outage is the longest run of unanswered probes: from the first of them to the first
 * probe answered after it. failover.json (docs/report.md) is written from here.
 */
#ifndef XP_FAILOVER_H_
#define XP_FAILOVER_H_

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "result.h"

#define XP_FAILOVER_MAX_EVENTS 32
#define XP_FAILOVER_MAX_TUNNELS 2

/** One probe: when it left and whether it was answered. */
typedef struct {
	uint64_t tx_ms;
	bool answered;
} xp_failover_probe_t;

/** A BGP session's state change, ms since probing started. */
typedef struct {
	double t_ms;
	unsigned tunnel;
	char state[96];
} xp_failover_event_t;

typedef struct xp_failover_t {
	char target[64];
	double rate_pps;
	uint64_t sent, answered;
	/** the outage: start (first unanswered probe) and length, ms since probing started;
	 *  NAN when no probe went unanswered; recovered false when none was answered after */
	double outage_start_ms, outage_ms;
	uint64_t outage_lost;
	bool recovered;
	/** the first session leaving Established, ms after the outage started (NAN none) */
	double withdraw_ms;
	/** the BGP hold time and DPD timeout configured, s: which detects a lost instance */
	unsigned hold_s, dpd_timeout_s;
	/** sessions Established at the end: which tunnels carry the traffic after */
	bool after[XP_FAILOVER_MAX_TUNNELS];
	size_t n_tunnels;
	xp_failover_event_t events[XP_FAILOVER_MAX_EVENTS];
	size_t n_events;
	/** thresholds.max_failover_ms, NAN none */
	double max_failover_ms;
} xp_failover_t;

/**
 * Find the outage in probes[n] (in sending order), relative to start_ms.
 */
void xp_failover_outage(xp_failover_t *f, const xp_failover_probe_t probes[], size_t n,
						uint64_t start_ms);

/**
 * Does the failover pass? No outage, or one that ended within max_failover_ms (any that
 * ended when no threshold is set).
 *
 * @param why	what failed, for the summary
 */
bool xp_failover_pass(const xp_failover_t *f, char *why, size_t len);

/**
 * Add the failover's checks to r's verdict (after xp_result_evaluate()): failover_recovered
 * (the outage ended), and max_failover_ms when set.
 *
 * @return		false when out of memory
 */
bool xp_failover_evaluate(const xp_failover_t *f, xp_result_t *r);

/** @return		report.json's "failover" object (new reference) */
json_t *xp_failover_json(const xp_failover_t *f);

/** Print the summary: the outage, BGP's events, the path after, the verdict. */
void xp_failover_print(const xp_failover_t *f, FILE *out);

#endif
