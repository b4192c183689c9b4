/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * STAMP Session-Sender (RFC 8762): a probe_t whose requests a stamp_reflector (or any
 * RFC 8762 reflector) answers. Round trips have the reflector's residence time removed
 * (T4 - T1 - (T3 - T2)); forward and backward delays come from the wall clocks in the packets.
 */
#ifndef STAMP_SENDER_H_
#define STAMP_SENDER_H_

#include <stdbool.h>

#include "probe.h"
#include "stamp_packet.h"

/** Session-Sender options. */
typedef struct {
	/** unauthenticated or authenticated mode */
	stamp_mode_t mode;
	/** HMAC key (authenticated mode) */
	stamp_key_t key;
	/** RFC 8972 session identifier; 0 = random non-zero */
	uint16_t ssid;
	/** local address to bind, NULL = any */
	const struct sockaddr *bind;
	/** length of bind */
	socklen_t bind_len;
} stamp_sender_opts_t;

/**
 * Create a Session-Sender.
 *
 * @param opts		options (copied)
 * @param clock		clock to read, NULL = probe_clock_system()
 * @return			probe, NULL when out of memory
 */
probe_t *stamp_sender_create(const stamp_sender_opts_t *opts, const probe_clock_t *clock);

/** @return	the IP packet size of the smallest request in mode for family */
uint32_t stamp_sender_min_size(stamp_mode_t mode, int family);

/**
 * Error estimate of this host's clock from the kernel's NTP state (adjtimex): S set when
 * the kernel says the clock is synchronised, the bound from its estimated error (1 s if not).
 */
uint16_t stamp_sender_local_ee(void);

#endif
