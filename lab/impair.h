/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * WAN impairment in user space (this kernel has no netem): what happens to one packet.
 * Pure decisions from a seeded generator, so they are testable; lab/relay.c applies them.
 */
#ifndef XP_IMPAIR_H_
#define XP_IMPAIR_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Shape of the delay variation around the fixed delay. */
typedef enum {
	/** normal, jitter = standard deviation */
	IMPAIR_JITTER_NORMAL,
	/** uniform in [-jitter, +jitter] */
	IMPAIR_JITTER_UNIFORM,
} impair_jitter_t;

/** An impairment, as parsed from "delay=20ms,jitter=2ms,loss=1%,...". */
typedef struct {
	/** fixed delay added to every impaired packet, ms */
	double delay_ms;
	/** delay variation, ms, and its distribution */
	double jitter_ms;
	impair_jitter_t jitter_dist;
	/** independent random loss, percent */
	double loss_pct;
	/** Gilbert-Elliott bursty loss: P(good->bad), P(bad->good), loss in bad and in good
	 *  state (percent); off when ge_p is 0 */
	double ge_p, ge_r, ge_loss_bad_pct, ge_loss_good_pct;
	/** percent of packets sent at once, overtaking the delayed ones (needs delay) */
	double reorder_pct;
	/** percent of packets sent twice */
	double duplicate_pct;
	/** rate limit in Mbit/s, 0 = none: packets are serialised at this rate */
	double rate_mbps;
	/** generator seed, 0 = from the clock */
	uint64_t seed;
} impair_conf_t;

/** What to do with one packet. */
typedef struct {
	/** drop it */
	bool drop;
	/** send it twice */
	bool duplicate;
	/** when to send it, monotonic ns */
	uint64_t release_ns;
} impair_verdict_t;

typedef struct impair_t impair_t;

/**
 * Parse a spec: comma-separated key=value with keys delay, jitter (ms; "2ms" or "2"),
 * dist (normal|uniform), loss (%), ge (p/r/bad%/good%, e.g. "1/30/50/0"), reorder (%),
 * duplicate (%), rate (Mbit/s, e.g. "10mbit" or "10"), seed. "none" or "" is no impairment.
 *
 * @param err		names the key or value at fault
 */
bool impair_parse(const char *spec, impair_conf_t *out, char *err, size_t errlen);

/** Format a conf back to a spec line (for logs). */
void impair_format(const impair_conf_t *conf, char *buf, size_t len);

/** Create the decision state for a conf. */
impair_t *impair_create(const impair_conf_t *conf);

/** Replace the conf (e.g. on SIGHUP), keeping the generator running. */
void impair_set(impair_t *this, const impair_conf_t *conf);

/**
 * Decide the fate of one packet.
 *
 * @param now_ns	arrival time, monotonic ns
 * @param len		packet length in bytes (for the rate limit)
 */
void impair_decide(impair_t *this, uint64_t now_ns, size_t len, impair_verdict_t *out);

void impair_destroy(impair_t *this);

#endif
