/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Raw per-packet records, as the engines observe them; nothing derived. Each sent packet
 * gets exactly one primary record (received or lost); duplicates and late replies add
 * secondary records. Records can be kept (bounded), streamed to a callback (CSV), or both.
 */
#ifndef PROBE_SAMPLES_H_
#define PROBE_SAMPLES_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** The reply arrived in time (primary record). */
#define PROBE_SAMPLE_RECEIVED	(1u << 0)
/** A second reply for a sequence number already answered (secondary record). */
#define PROBE_SAMPLE_DUP		(1u << 1)
/** A reply after the timeout; the packet already counted as lost (secondary record). */
#define PROBE_SAMPLE_LATE		(1u << 2)
/** rx_ns was corrected with a kernel software receive timestamp. */
#define PROBE_SAMPLE_KERNEL_RX	(1u << 3)
/** tx_ns was corrected with a kernel software transmit timestamp. */
#define PROBE_SAMPLE_KERNEL_TX	(1u << 4)
/** reflector_seq, fwd_ns and back_ns are set (STAMP). */
#define PROBE_SAMPLE_REFLECTED	(1u << 5)
/** Both ends claimed a clock synchronised to UTC (STAMP S bits): fwd_ns/back_ns are OWDs. */
#define PROBE_SAMPLE_SYNCED		(1u << 6)
/** TCP: the target answered with a reset (port closed, host reachable). */
#define PROBE_SAMPLE_REFUSED	(1u << 7)

/** One packet. */
typedef struct {
	/** sender sequence number */
	uint32_t seq;
	/** PROBE_SAMPLE_* flags */
	uint32_t flags;
	/** monotonic send time, ns */
	uint64_t tx_ns;
	/** monotonic receive time, ns; 0 when lost */
	uint64_t rx_ns;
	/** round trip in ns, reflector residence time removed for STAMP; 0 when lost */
	int64_t rtt_ns;
	/** STAMP: reflector receive - sender transmit wall clocks, ns (an OWD only if SYNCED) */
	int64_t fwd_ns;
	/** STAMP: sender receive - reflector transmit wall clocks, ns (an OWD only if SYNCED) */
	int64_t back_ns;
	/** STAMP: the reflector's sequence number (its own counter when stateful) */
	uint32_t reflector_seq;
	/** IP packet size sent, bytes */
	uint32_t size;
	/** TTL / hop limit of the received reply, 0 when unknown */
	uint8_t ttl;
	/** STAMP: TTL the reflector saw on our request, 0 when unknown */
	uint8_t sender_ttl;
} probe_sample_t;

typedef struct probe_samples_t probe_samples_t;

/** Called for every record as it is added (e.g. the online statistics or a CSV writer). */
typedef void (*probe_samples_cb_t)(void *ctx, const probe_sample_t *s);

/**
 * Create a record set.
 *
 * @param keep_max	records kept in memory at most (later ones still reach the callbacks)
 * @return			set, NULL when out of memory
 */
probe_samples_t *probe_samples_create(size_t keep_max);

/** Add an observer; up to 4. @return 0 or -ENOSPC */
int probe_samples_observe(probe_samples_t *this, probe_samples_cb_t cb, void *ctx);

/** Append one record (thread-unsafe: one engine per set). */
void probe_samples_add(probe_samples_t *this, const probe_sample_t *s);

/** @return	records kept */
size_t probe_samples_count(const probe_samples_t *this);

/** @return	records added in total, kept or not */
uint64_t probe_samples_total(const probe_samples_t *this);

/** @return	kept record i, NULL past the end */
const probe_sample_t *probe_samples_get(const probe_samples_t *this, size_t i);

/** Write the CSV header line. */
void probe_samples_csv_header(FILE *out);

/** Write one record as a CSV line, prefixed with the target label. */
void probe_samples_csv_line(FILE *out, const char *target, const probe_sample_t *s);

/** Destroy a set (NULL is fine). */
void probe_samples_destroy(probe_samples_t *this);

#endif
