/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "probe_samples.h"

#define PROBE_SAMPLES_MAX_OBSERVERS 4

struct probe_samples_t {
	/** kept records */
	probe_sample_t *recs;
	/** records kept, and allocated */
	size_t n, alloc;
	/** keep at most this many */
	size_t keep_max;
	/** records added in total */
	uint64_t total;
	/** observers */
	probe_samples_cb_t cb[PROBE_SAMPLES_MAX_OBSERVERS];
	/** their contexts */
	void *cb_ctx[PROBE_SAMPLES_MAX_OBSERVERS];
	/** observers set */
	int n_cb;
};

probe_samples_t *probe_samples_create(size_t keep_max)
{
	probe_samples_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->keep_max = keep_max;
	return this;
}

int probe_samples_observe(probe_samples_t *this, probe_samples_cb_t cb, void *ctx)
{
	if (this->n_cb >= PROBE_SAMPLES_MAX_OBSERVERS)
		return -ENOSPC;
	this->cb[this->n_cb] = cb;
	this->cb_ctx[this->n_cb++] = ctx;
	return 0;
}

static void probe_samples_keep(probe_samples_t *this, const probe_sample_t *s)
{
	if (this->n >= this->keep_max)
		return;
	if (this->n == this->alloc)
	{
		size_t alloc = this->alloc ? this->alloc * 2 : 1024;
		probe_sample_t *recs;

		if (alloc > this->keep_max)
			alloc = this->keep_max;
		recs = realloc(this->recs, alloc * sizeof(*recs));
		if (!recs)
			return;
		this->recs = recs;
		this->alloc = alloc;
	}
	this->recs[this->n++] = *s;
}

void probe_samples_add(probe_samples_t *this, const probe_sample_t *s)
{
	this->total++;
	probe_samples_keep(this, s);
	for (int i = 0; i < this->n_cb; i++)
		this->cb[i](this->cb_ctx[i], s);
}

size_t probe_samples_count(const probe_samples_t *this)
{
	return this->n;
}

uint64_t probe_samples_total(const probe_samples_t *this)
{
	return this->total;
}

const probe_sample_t *probe_samples_get(const probe_samples_t *this, size_t i)
{
	return i < this->n ? &this->recs[i] : NULL;
}

void probe_samples_csv_header(FILE *out)
{
	fprintf(out, "target,seq,status,tx_ns,rx_ns,rtt_ns,fwd_ns,back_ns,reflector_seq,"
			"size,ttl,sender_ttl,kernel_rx,kernel_tx,synced\n");
}

static const char *probe_samples_status(uint32_t flags)
{
	if (flags & PROBE_SAMPLE_DUP)
		return "dup";
	if (flags & PROBE_SAMPLE_LATE)
		return "late";
	if (flags & PROBE_SAMPLE_REFUSED)
		return "refused";
	return (flags & PROBE_SAMPLE_RECEIVED) ? "ok" : "lost";
}

void probe_samples_csv_line(FILE *out, const char *target, const probe_sample_t *s)
{
	bool refl = s->flags & PROBE_SAMPLE_REFLECTED;

	fprintf(out, "%s,%" PRIu32 ",%s,%" PRIu64 ",%" PRIu64 ",%" PRId64 ",", target, s->seq,
			probe_samples_status(s->flags), s->tx_ns, s->rx_ns, s->rtt_ns);
	if (refl)
		fprintf(out, "%" PRId64 ",%" PRId64 ",%" PRIu32 ",", s->fwd_ns, s->back_ns,
				s->reflector_seq);
	else
		fprintf(out, ",,,");
	fprintf(out, "%" PRIu32 ",%u,%u,%d,%d,%d\n", s->size, s->ttl, s->sender_ttl,
			!!(s->flags & PROBE_SAMPLE_KERNEL_RX), !!(s->flags & PROBE_SAMPLE_KERNEL_TX),
			!!(s->flags & PROBE_SAMPLE_SYNCED));
}

void probe_samples_destroy(probe_samples_t *this)
{
	if (!this)
		return;
	free(this->recs);
	free(this);
}
