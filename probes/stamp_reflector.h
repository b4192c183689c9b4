/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * STAMP Session-Reflector (RFC 8762), stateless or stateful, unauthenticated or
 * authenticated. A reply always has exactly the length of its request (never amplifies);
 * sources outside the allow list, over the per-source rate, too short or badly authenticated
 * are dropped and counted. Optionally serves the throughput sink (TCP, same port number).
 */
#ifndef STAMP_REFLECTOR_H_
#define STAMP_REFLECTOR_H_

#include <stdatomic.h>
#include <stdbool.h>

#include "probe.h"
#include "stamp_kernel.h"
#include "stamp_packet.h"

/** Allow-list entries kept at most. */
#define STAMP_REFLECTOR_MAX_ALLOW 32

/** Reflector options. */
typedef struct {
	/** address and UDP port to listen on (port 0 = ephemeral, see get_port) */
	struct sockaddr_storage listen;
	/** length of listen */
	socklen_t listen_len;
	/** keep a reflector sequence number per session (src address, port, SSID) */
	bool stateful;
	/** unauthenticated or authenticated (then only authenticated requests are answered) */
	stamp_mode_t mode;
	/** HMAC key of authenticated mode */
	stamp_key_t key;
	/** sources answered; none = everyone */
	probe_prefix_t allow[STAMP_REFLECTOR_MAX_ALLOW];
	/** entries in allow */
	size_t n_allow;
	/** packets per second per source address, 0 = unlimited */
	double rate_limit_pps;
	/** also serve the throughput sink on TCP at the same port */
	bool sink;
	/** answer unauthenticated stateless requests in the kernel (stamp_kernel.h) as well;
	 *  needs an IPv4 address, no key, no allow list, no rate limit, not stateful */
	bool in_kernel;
} stamp_reflector_opts_t;

/** What the reflector did; safe to read while it runs. */
typedef struct {
	/** datagrams received */
	uint64_t received;
	/** replies sent */
	uint64_t reflected;
	/** shorter than a base packet of the mode */
	uint64_t malformed;
	/** authenticated mode: HMAC did not verify */
	uint64_t bad_hmac;
	/** source outside the allow list */
	uint64_t denied;
	/** over the per-source rate */
	uint64_t rate_limited;
	/** sendmsg failures */
	uint64_t send_errors;
	/** stateful sessions seen */
	uint64_t sessions;
	/** throughput sink connections served, and bytes received + sent */
	uint64_t sink_connections, sink_bytes;
	/** replies sent inside UDP GSO datagrams (a burst from one sender crosses the stack
	 *  once); the others went one by one */
	uint64_t gso_replies;
	/** in_kernel: requests the kernel answered, and requests to us it left to this
	 *  process (then counted above too) */
	uint64_t kernel_reflected, kernel_passed;
} stamp_reflector_counters_t;

/**
 * What in_kernel cannot do with these options, e.g. "is stateless (...)"; the CLI says it
 * before anything is bound, stamp_reflector_create() refuses the same.
 *
 * @return	the reason, NULL when the options fit (or in_kernel is off)
 */
const char *stamp_reflector_kernel_unfit(const stamp_reflector_opts_t *opts);

typedef struct stamp_reflector_t stamp_reflector_t;

/** A bound reflector. */
struct stamp_reflector_t {
	/**
	 * Serve until *stop becomes non-zero (checked at least every 100 ms).
	 *
	 * @return		0, or -errno with err set
	 */
	int (*run)(stamp_reflector_t *this, atomic_int *stop, probe_err_t *err);
	/** Copy the counters. */
	void (*get_counters)(stamp_reflector_t *this, stamp_reflector_counters_t *out);
	/** @return	the bound UDP port */
	uint16_t (*get_port)(stamp_reflector_t *this);
	/** Destroy a stamp_reflector_t (stops the sink, wipes the key). */
	void (*destroy)(stamp_reflector_t *this);
};

/**
 * Bind a reflector (and the sink when asked).
 *
 * @param clock		NULL = probe_clock_system()
 * @return			reflector, or NULL with err set (-EACCES for a privileged port, ...)
 */
stamp_reflector_t *stamp_reflector_create(const stamp_reflector_opts_t *opts,
										  const probe_clock_t *clock, probe_err_t *err);

#endif
