/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Log-linear histogram of non-negative integers (crosspeer records ns).
 *
 * Each power-of-two range [2^m, 2^(m+1)) is split into 2^HISTOGRAM_PRECISION_BITS linear
 * buckets; values below 2^HISTOGRAM_PRECISION_BITS have buckets of width 1 (exact).
 * A percentile is the midpoint of the bucket holding the nearest-rank value, clamped to the
 * exact min and max, so its relative error is at most HISTOGRAM_REL_ERROR =
 * 2^-(HISTOGRAM_PRECISION_BITS + 1) = 1/256 (0.39 %). Memory is fixed at creation by
 * the highest value (about 4.4 KB per doubling of range), whatever the run length.
 */
#ifndef HISTOGRAM_H_
#define HISTOGRAM_H_

#include <stdint.h>

/** Linear buckets per power of two: 2^7 = 128. */
#define HISTOGRAM_PRECISION_BITS 7
/** Documented bound on |percentile - exact| / exact. */
#define HISTOGRAM_REL_ERROR (1.0 / 256.0)

typedef struct histogram_t histogram_t;

/**
 * Create a histogram.
 *
 * @param lowest	smallest value of interest (values below are still exact)
 * @param highest	largest value bucketed exactly to the bound; larger ones land in the
 *					last bucket (the exact max is still kept)
 * @return			histogram, NULL when out of memory or lowest > highest
 */
histogram_t *histogram_create(uint64_t lowest, uint64_t highest);

/** Record one value. */
void histogram_add(histogram_t *this, uint64_t value);

/** Add every count of other (same highest) to this; @return 0 or -EINVAL */
int histogram_merge(histogram_t *this, const histogram_t *other);

/** @return	values recorded */
uint64_t histogram_count(const histogram_t *this);

/** @return	exact smallest value recorded, 0 when empty */
uint64_t histogram_min(const histogram_t *this);

/** @return	exact largest value recorded, 0 when empty */
uint64_t histogram_max(const histogram_t *this);

/** @return	values above highest (counted in the last bucket) */
uint64_t histogram_overflow(const histogram_t *this);

/**
 * Nearest-rank percentile within HISTOGRAM_REL_ERROR.
 *
 * @param p		0-100
 * @return		value, 0 when empty
 */
uint64_t histogram_percentile(const histogram_t *this, double p);

/** @return	bytes of bucket memory (constant for the histogram's life) */
uint64_t histogram_memory(const histogram_t *this);

/** Destroy a histogram (NULL is fine). */
void histogram_destroy(histogram_t *this);

#endif
