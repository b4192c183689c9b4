/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "histogram.h"

#define HISTOGRAM_SUB (1ull << HISTOGRAM_PRECISION_BITS)

struct histogram_t {
	/** bucket counts */
	uint64_t *counts;
	/** number of buckets */
	size_t n;
	/** the creation bound */
	uint64_t highest;
	/** values recorded, and those above highest */
	uint64_t total, overflow;
	/** exact extremes */
	uint64_t min, max;
};

static unsigned histogram_log2(uint64_t v)
{
	return 63u - (unsigned)__builtin_clzll(v);
}

static size_t histogram_index(uint64_t v)
{
	unsigned shift;

	if (v < HISTOGRAM_SUB)
		return (size_t)v;
	shift = histogram_log2(v) - HISTOGRAM_PRECISION_BITS;
	return (size_t)(HISTOGRAM_SUB + shift * HISTOGRAM_SUB + ((v >> shift) - HISTOGRAM_SUB));
}

/** Midpoint of bucket i. */
static uint64_t histogram_mid(size_t i)
{
	uint64_t shift, sub;

	if (i < HISTOGRAM_SUB)
		return i;
	shift = (i - HISTOGRAM_SUB) / HISTOGRAM_SUB;
	sub = (i - HISTOGRAM_SUB) % HISTOGRAM_SUB;
	return ((HISTOGRAM_SUB + sub) << shift) + ((1ull << shift) >> 1);
}

histogram_t *histogram_create(uint64_t lowest, uint64_t highest)
{
	histogram_t *this;

	if (lowest > highest || highest >= (1ull << 62))
		return NULL;
	this = calloc(1, sizeof(*this));
	if (!this)
		return NULL;
	this->highest = highest;
	this->n = histogram_index(highest) + 1;
	this->counts = calloc(this->n, sizeof(uint64_t));
	if (!this->counts)
	{
		free(this);
		return NULL;
	}
	return this;
}

void histogram_add(histogram_t *this, uint64_t value)
{
	if (!this->total || value < this->min)
		this->min = value;
	if (!this->total || value > this->max)
		this->max = value;
	this->total++;
	if (value > this->highest)
	{
		this->overflow++;
		value = this->highest;
	}
	this->counts[histogram_index(value)]++;
}

int histogram_merge(histogram_t *this, const histogram_t *other)
{
	if (this->n != other->n)
		return -EINVAL;
	if (!other->total)
		return 0;
	if (!this->total || other->min < this->min)
		this->min = other->min;
	if (!this->total || other->max > this->max)
		this->max = other->max;
	for (size_t i = 0; i < this->n; i++)
		this->counts[i] += other->counts[i];
	this->total += other->total;
	this->overflow += other->overflow;
	return 0;
}

uint64_t histogram_count(const histogram_t *this)
{
	return this->total;
}

uint64_t histogram_min(const histogram_t *this)
{
	return this->min;
}

uint64_t histogram_max(const histogram_t *this)
{
	return this->max;
}

uint64_t histogram_overflow(const histogram_t *this)
{
	return this->overflow;
}

uint64_t histogram_percentile(const histogram_t *this, double p)
{
	uint64_t rank, seen = 0, v;

	if (!this->total)
		return 0;
	if (p <= 0)
		return this->min;
	if (p >= 100)
		return this->max;
	rank = (uint64_t)ceil(p / 100.0 * (double)this->total);
	if (rank < 1)
		rank = 1;
	for (size_t i = 0; i < this->n; i++)
	{
		seen += this->counts[i];
		if (seen < rank)
			continue;
		v = histogram_mid(i);
		if (v < this->min)
			return this->min;
		return v > this->max ? this->max : v;
	}
	return this->max;
}

uint64_t histogram_memory(const histogram_t *this)
{
	return this->n * sizeof(uint64_t);
}

void histogram_destroy(histogram_t *this)
{
	if (!this)
		return;
	free(this->counts);
	free(this);
}
