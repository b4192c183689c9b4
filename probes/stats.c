/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "histogram.h"
#include "stats.h"

/** Round trips above 100 s still count, in the last histogram bucket. */
#define STATS_RTT_HIGHEST_NS 100000000000ull

/** Welford running moments plus exact extremes, in ns. */
typedef struct {
	uint64_t n;
	double mean, m2, min, max;
} stats_moments_t;

/** One remembered sequence number. */
typedef struct {
	uint32_t seq;
	bool valid;
	int64_t rtt_ns;
} stats_slot_t;

/** RFC 3550 jitter state over one delay series. */
typedef struct {
	bool have_prev;
	int64_t prev;
	double j;
} stats_jitter_t;

struct stats_t {
	/** counters */
	uint64_t sent, received, duplicates, reordered, late, refused, kernel_rx, kernel_tx;
	/** RFC 4737 next expected sequence number */
	uint32_t next_exp;
	/** true once next_exp is set */
	bool have_next;
	/** round trips: exact moments and the histogram */
	stats_moments_t rtt;
	histogram_t *hist;
	/** jitter on rtt, forward and backward delays */
	stats_jitter_t jit, jit_fwd, jit_back;
	/** IPDV moments (signed) and mean |IPDV| */
	stats_moments_t ipdv;
	double ipdv_abs_sum;
	/** one-way figures */
	stats_moments_t fwd, back;
	/** replies carrying reflector data, and those claiming synchronised clocks */
	uint64_t reflected, synced;
	/** highest sequence number answered by the reflector, and its reflector number */
	uint32_t max_seq, max_rseq;
	bool stateful;
	/** the window of remembered sequence numbers */
	stats_slot_t *ring;
};

stats_t *stats_create(void)
{
	stats_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->hist = histogram_create(1, STATS_RTT_HIGHEST_NS);
	this->ring = calloc(STATS_WINDOW, sizeof(stats_slot_t));
	if (!this->hist || !this->ring)
	{
		stats_destroy(this);
		return NULL;
	}
	return this;
}

static void stats_moment_add(stats_moments_t *m, double v)
{
	double d;

	if (!m->n || v < m->min)
		m->min = v;
	if (!m->n || v > m->max)
		m->max = v;
	m->n++;
	d = v - m->mean;
	m->mean += d / (double)m->n;
	m->m2 += d * (v - m->mean);
}

static void stats_jitter_add(stats_jitter_t *j, int64_t delay)
{
	if (j->have_prev)
	{
		double d = fabs((double)(delay - j->prev));

		j->j += (d - j->j) / 16.0;
	}
	j->prev = delay;
	j->have_prev = true;
}

static stats_slot_t *stats_slot(stats_t *this, uint32_t seq)
{
	return &this->ring[seq & (STATS_WINDOW - 1)];
}

static void stats_ipdv_pair(stats_t *this, int64_t first, int64_t second)
{
	double v = (double)(second - first);

	stats_moment_add(&this->ipdv, v);
	this->ipdv_abs_sum += fabs(v);
}

static void stats_ipdv(stats_t *this, uint32_t seq, int64_t rtt)
{
	stats_slot_t *prev = stats_slot(this, seq - 1), *next = stats_slot(this, seq + 1);

	if (seq > 0 && prev->valid && prev->seq == seq - 1)
		stats_ipdv_pair(this, prev->rtt_ns, rtt);
	if (next->valid && next->seq == seq + 1)
		stats_ipdv_pair(this, rtt, next->rtt_ns);
}

static void stats_reorder(stats_t *this, uint32_t seq)
{
	if (this->have_next && seq < this->next_exp)
	{
		this->reordered++;
		return;
	}
	this->next_exp = seq + 1;
	this->have_next = true;
}

static void stats_reflected(stats_t *this, const probe_sample_t *s)
{
	if (!(s->flags & PROBE_SAMPLE_REFLECTED))
		return;
	if (!this->reflected || s->seq > this->max_seq)
	{
		this->max_seq = s->seq;
		this->max_rseq = s->reflector_seq;
	}
	if (s->reflector_seq != s->seq)
		this->stateful = true;
	this->reflected++;
	if (s->flags & PROBE_SAMPLE_SYNCED)
		this->synced++;
	stats_moment_add(&this->fwd, (double)s->fwd_ns);
	stats_moment_add(&this->back, (double)s->back_ns);
	stats_jitter_add(&this->jit_fwd, s->fwd_ns);
	stats_jitter_add(&this->jit_back, s->back_ns);
}

void stats_set_stateful(stats_t *this, bool stateful)
{
	this->stateful = stateful;
}

void stats_add(stats_t *this, const probe_sample_t *s)
{
	stats_slot_t *slot = stats_slot(this, s->seq);
	int64_t rtt = s->rtt_ns > 0 ? s->rtt_ns : 0;

	if (s->flags & PROBE_SAMPLE_LATE)
	{
		this->late++;
		return;
	}
	if (s->flags & PROBE_SAMPLE_DUP ||
		(s->flags & PROBE_SAMPLE_RECEIVED && slot->valid && slot->seq == s->seq))
	{
		this->duplicates++;
		return;
	}
	this->sent++;
	if (!(s->flags & PROBE_SAMPLE_RECEIVED))
		return;
	this->received++;
	this->refused += !!(s->flags & PROBE_SAMPLE_REFUSED);
	this->kernel_rx += !!(s->flags & PROBE_SAMPLE_KERNEL_RX);
	this->kernel_tx += !!(s->flags & PROBE_SAMPLE_KERNEL_TX);
	stats_reorder(this, s->seq);
	stats_moment_add(&this->rtt, (double)rtt);
	histogram_add(this->hist, (uint64_t)rtt);
	stats_jitter_add(&this->jit, rtt);
	stats_ipdv(this, s->seq, rtt);
	*slot = (stats_slot_t){ .seq = s->seq, .valid = true, .rtt_ns = rtt };
	stats_reflected(this, s);
}

void stats_observe(void *ctx, const probe_sample_t *s)
{
	stats_add(ctx, s);
}

static void stats_moments_ms(const stats_moments_t *m, stats_dist_t *d)
{
	d->min = m->min / 1e6;
	d->max = m->max / 1e6;
	d->mean = m->mean / 1e6;
	d->stddev = m->n ? sqrt(m->m2 / (double)m->n) / 1e6 : 0;
	d->p50 = d->p90 = d->p99 = d->p999 = NAN;
}

static void stats_rtt(const stats_t *this, stats_summary_t *out)
{
	stats_moments_ms(&this->rtt, &out->rtt_ms);
	if (!this->received)
		return;
	out->rtt_ms.min = (double)histogram_min(this->hist) / 1e6;
	out->rtt_ms.max = (double)histogram_max(this->hist) / 1e6;
	out->rtt_ms.p50 = (double)histogram_percentile(this->hist, 50.0) / 1e6;
	out->rtt_ms.p90 = (double)histogram_percentile(this->hist, 90.0) / 1e6;
	out->rtt_ms.p99 = (double)histogram_percentile(this->hist, 99.0) / 1e6;
	out->rtt_ms.p999 = (double)histogram_percentile(this->hist, 99.9) / 1e6;
}

/**
 * Up to the highest answered sequence number S (reflector number R), S + 1 were sent and
 * R + 1 reached the reflector: S - R were lost going out, R + 1 - received coming back.
 * Losses after S (the tail) have no later reply to tell their direction; they are shared
 * in the same proportion (all forward when nothing else was lost).
 */
static void stats_split(const stats_t *this, stats_summary_t *out)
{
	uint64_t s1 = (uint64_t)this->max_seq + 1, r1 = (uint64_t)this->max_rseq + 1;
	uint64_t fwd, back, tail, tail_fwd;

	if (this->received == this->sent)
	{
		out->loss_split = true;
		return;
	}
	if (!this->stateful || !this->reflected || r1 > s1 || r1 < this->received ||
		s1 > this->sent)
		return;
	fwd = s1 - r1;
	back = r1 - this->received;
	tail = this->sent - s1;
	tail_fwd = fwd + back ? (uint64_t)((double)tail * (double)fwd / (double)(fwd + back) + 0.5) :
		tail;
	out->loss_split = true;
	out->loss_forward = fwd + tail_fwd;
	out->loss_backward = back + (tail - tail_fwd);
}

void stats_summarize(const stats_t *this, stats_summary_t *out)
{
	memset(out, 0, sizeof(*out));
	out->sent = this->sent;
	out->received = this->received;
	out->loss_pct = this->sent ?
		100.0 * (double)(this->sent - this->received) / (double)this->sent : 0;
	out->duplicates = this->duplicates;
	out->reordered = this->reordered;
	out->late = this->late;
	out->refused = this->refused;
	out->kernel_rx = this->kernel_rx;
	out->kernel_tx = this->kernel_tx;
	stats_rtt(this, out);
	out->jitter_ms = this->jit.j / 1e6;
	out->jitter_fwd_ms = this->reflected ? this->jit_fwd.j / 1e6 : -1;
	out->jitter_back_ms = this->reflected ? this->jit_back.j / 1e6 : -1;
	out->ipdv_pairs = this->ipdv.n;
	out->ipdv_mean_abs_ms = this->ipdv.n ? this->ipdv_abs_sum / (double)this->ipdv.n / 1e6 : 0;
	out->ipdv_min_ms = this->ipdv.min / 1e6;
	out->ipdv_max_ms = this->ipdv.max / 1e6;
	stats_split(this, out);
	out->owd_valid = this->reflected > 0;
	out->owd_synced = this->reflected > 0 && this->synced == this->reflected;
	stats_moments_ms(&this->fwd, &out->owd_fwd_ms);
	stats_moments_ms(&this->back, &out->owd_back_ms);
}

const char *stats_timestamp_source(const stats_summary_t *sum)
{
	if (!sum->received || sum->kernel_rx < sum->received)
		return sum->kernel_rx ? "mixed" : "userspace";
	return sum->kernel_tx == sum->received ? "kernel-sw-rx+tx" : "kernel-sw-rx";
}

void stats_destroy(stats_t *this)
{
	if (!this)
		return;
	histogram_destroy(this->hist);
	free(this->ring);
	free(this);
}
