/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Per-source token buckets for the reflector: each source address may send rate packets a
 * second with bursts of burst packets. The table is fixed-size (RATE_LIMIT_SLOTS); when it
 * is full the least recently seen source is forgotten, so memory stays bounded under floods.
 */
#ifndef RATE_LIMIT_H_
#define RATE_LIMIT_H_

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/** Sources tracked at once. */
#define RATE_LIMIT_SLOTS 1024

typedef struct rate_limit_t rate_limit_t;

/**
 * Create a limiter.
 *
 * @param rate		packets per second per source, > 0
 * @param burst		bucket depth in packets, >= 1
 * @return			limiter, NULL when out of memory or arguments are invalid
 */
rate_limit_t *rate_limit_create(double rate, double burst);

/**
 * Take one token for a source.
 *
 * @param src		source address (the port is ignored)
 * @param now_ns	monotonic time
 * @return			true when the packet may pass
 */
bool rate_limit_allow(rate_limit_t *this, const struct sockaddr *src, uint64_t now_ns);

/** @return	sources currently tracked */
unsigned rate_limit_sources(const rate_limit_t *this);

/** Destroy a limiter (NULL is fine). */
void rate_limit_destroy(rate_limit_t *this);

#endif
