/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Path MTU through the tunnel: a binary search over IP packet sizes with DF set (and the
 * kernel's cached path MTU ignored), each size tried a few times with any datagram probe
 * (STAMP or ICMP echo). The largest size answered is the inner path MTU; when the next size
 * up gets no answer and no ICMP "fragmentation needed", the path is a black hole there.
 * Plus the ESP arithmetic: overhead of a proposal, inner MTU for an outer MTU, MSS to clamp.
 */
#ifndef PMTU_H_
#define PMTU_H_

#include <stdbool.h>
#include <stdint.h>

#include "probe.h"

/** Search options. */
typedef struct {
	/** smallest size tried (must be answered), 0 = 576 (IPv4) / 1280 (IPv6) */
	uint32_t lo;
	/** largest size tried, 0 = 1500 */
	uint32_t hi;
	/** requests per size, 0 = 3 */
	unsigned tries;
	/** per-size reply timeout, ms, 0 = 500 */
	uint32_t timeout_ms;
} pmtu_opts_t;

/** What the search found. */
typedef struct {
	/** largest IP packet size answered with DF set: the (inner) path MTU */
	uint32_t pmtu;
	/** pmtu + 1 went unanswered with no ICMP error: a black hole (or hi was reached) */
	bool black_hole;
	/** true when pmtu == hi (the path may carry more) */
	bool at_upper_bound;
	/** MTU announced by an ICMP "fragmentation needed" / "packet too big", 0 if none */
	uint32_t icmp_mtu;
	/** smallest size the local stack refused with EMSGSIZE (interface MTU + 1), 0 if none */
	uint32_t local_refused;
	/** sizes tried */
	unsigned steps;
} pmtu_result_t;

/** ESP overhead of one proposal for an inner packet. */
typedef struct {
	/** bytes added to the inner packet, worst case over padding */
	uint32_t overhead;
	/** the parts: outer IP, UDP (NAT-T), ESP header, IV, padding + trailer, ICV */
	uint32_t outer_ip, udp, esp_hdr, iv, pad_trailer, icv;
} pmtu_esp_t;

/**
 * Search the path MTU to plan->target with probe (a stamp_sender or icmp_probe).
 *
 * @param probe		datagram probe to send with
 * @param plan		target, DSCP, stop flag; size/count/rate/timeout are set per step
 * @return			0, -EHOSTUNREACH when even lo is not answered, or -errno with err set
 */
int pmtu_search(probe_t *probe, const probe_plan_t *plan, const pmtu_opts_t *opts,
				pmtu_result_t *res, probe_err_t *err);

/**
 * ESP overhead of a strongSwan ESP proposal ("aes256gcm16", "aes256-sha256-modp2048", ...)
 * in tunnel mode.
 *
 * @param natt		UDP encapsulation (port 4500) adds 8 bytes
 * @param ipv6		outer header is IPv6 (40 bytes instead of 20)
 * @param inner		inner IP packet size
 * @return			0 or -EINVAL with err set (unknown algorithm)
 */
int pmtu_esp_overhead(const char *proposal, bool natt, bool ipv6, uint32_t inner,
					  pmtu_esp_t *out, probe_err_t *err);

/**
 * Largest inner packet that fits an outer MTU under a proposal.
 *
 * @return			0 or -EINVAL with err set
 */
int pmtu_esp_inner_mtu(const char *proposal, bool natt, bool ipv6, uint32_t outer_mtu,
					   uint32_t *inner, probe_err_t *err);

/** @return	TCP MSS to clamp to for an inner path MTU (minus IP and TCP headers) */
uint32_t pmtu_mss(uint32_t inner_pmtu, int family);

#endif
