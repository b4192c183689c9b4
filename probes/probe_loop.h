/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The request/reply datagram loop shared by the STAMP sender, the ICMP probe and the path-MTU
 * search: schedule, kernel timestamps (SO_TIMESTAMPING software RX and TX), in-flight window,
 * timeouts, duplicates and late replies. Each kind only builds and parses its packets.
 */
#ifndef PROBE_LOOP_H_
#define PROBE_LOOP_H_

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "probe.h"

/** What a kind's parser extracted from one reply. */
typedef struct {
	/** sender sequence number the reply answers */
	uint32_t seq;
	/** true when the reflector fields below are set (STAMP) */
	bool reflected;
	/** reflector receive and transmit wall clocks, Unix ns */
	uint64_t refl_rx_ns, refl_tx_ns;
	/** reflector sequence number */
	uint32_t reflector_seq;
	/** TTL the reflector saw on the request */
	uint8_t sender_ttl;
	/** both ends claim clocks synchronised to UTC */
	bool synced;
} probe_loop_reply_t;

/** Callbacks of one probe kind. */
typedef struct {
	/**
	 * Build request seq.
	 *
	 * @param tx_real_ns	wall clock to put in the packet
	 * @return				payload length, or -errno
	 */
	ssize_t (*build)(void *ctx, uint32_t seq, uint64_t tx_real_ns, uint8_t *buf, size_t cap);
	/**
	 * Parse a datagram; @return 0 when it is a reply of ours, -errno to ignore it (counted as
	 * malformed when -EBADMSG or -EKEYREJECTED)
	 */
	int (*parse)(void *ctx, const uint8_t *buf, size_t len, probe_loop_reply_t *r);
} probe_loop_ops_t;

/**
 * Set the options every probe socket gets: timestamps, TTL reception, DSCP, DF
 * (plan->dont_fragment, plan->pmtu_probe), IP_RECVERR.
 *
 * @param family		AF_INET or AF_INET6
 */
int probe_loop_socket_setup(int fd, int family, const probe_plan_t *plan, probe_err_t *err);

/**
 * Run plan over fd, sending to plan->target: fd is bound, or connected to the target
 * (cheaper at high rates: the kernel keeps the route).
 *
 * @param ops		the kind's packet callbacks
 * @param ctx		their context
 * @param clock		injected clock
 * @param out		receives one record per packet; plan->side the side results
 * @return			0 or -errno with err set
 */
int probe_loop_run(int fd, const probe_loop_ops_t *ops, void *ctx, const probe_clock_t *clock,
				   const probe_plan_t *plan, probe_samples_t *out, probe_err_t *err);

#endif
