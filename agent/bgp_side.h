/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The BGP side of a "bgp" profile: BIRD (routing/) run for this side with one session per
 * route-based tunnel, its state read from BIRD's control socket and printed as it changes.
 * `up` runs it for both tunnels, a simulated gateway instance for its one.
 */
#ifndef XP_BGP_SIDE_H_
#define XP_BGP_SIDE_H_

#include "profile.h"

#include <bird_run.h>

/** Events kept at most. */
#define BGP_SIDE_MAX_EVENTS 32

/** A session's state changed (as BIRD's control socket told it). */
typedef struct {
	/** CLOCK_MONOTONIC ms when it was seen */
	long ms;
	size_t tunnel;
	char state[96];
} bgp_side_event_t;

/** One BIRD and the sessions it runs. */
typedef struct {
	bird_run_t bird;
	/** its run directory (a new one under /tmp) */
	char dir[64];
	size_t n;
	/** tunnel index and last seen BGP state of each session */
	size_t tunnel[PROFILE_MAX_BGP_TUNNELS];
	char info[PROFILE_MAX_BGP_TUNNELS][96];
	/** routes each session imported, as last printed (-1 not yet) */
	long routes[PROFILE_MAX_BGP_TUNNELS];
	/** first/last protocol change seen, CLOCK_MONOTONIC ms (0 none) */
	long changed_ms[PROFILE_MAX_BGP_TUNNELS];
	const char *cmd;
	bgp_side_event_t events[BGP_SIDE_MAX_EVENTS];
	size_t n_events;
	/** keep BIRD's log (a session never came up) */
	bool keep_log;
} bgp_side_t;

/**
 * Write BIRD's configuration for the tunnels of p listed in tunnel[] (n of them): this
 * side's ASN, local.subnets announced, hold time; transit re-announces what one session
 * learns to the others (as an Azure gateway does). Start BIRD in this namespace.
 *
 * @return		XP_EXIT_PASS, XP_EXIT_USAGE for a configuration BIRD refuses, XP_EXIT_ENV
 *				when BIRD cannot run (message printed)
 */
int bgp_side_start(bgp_side_t *s, const profile_t *p, const size_t tunnel[], size_t n,
				   bool transit, const char *cmd);

/** Poll BIRD (bgp_side_poll()); are all sessions Established, each with a route learned? */
bool bgp_side_all_up(bgp_side_t *s);

/** Name on stderr each session not Established after waited_s; BIRD's log is kept. */
void bgp_side_report_missing(bgp_side_t *s, int waited_s);

/** Print the sessions whose state changed since the last call, with the time. */
void bgp_side_poll(bgp_side_t *s);

/** CLOCK_MONOTONIC in ms, the clock of the events. */
long bgp_side_now_ms(void);

/** @return		true if BIRD's state text is an Established session */
bool bgp_side_established(const char *info);

/** Stop BIRD (its routes go with it), remove the run directory. */
void bgp_side_stop(bgp_side_t *s);

#endif
