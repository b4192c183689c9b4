/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * ICMP / ICMPv6 echo probe, for targets where no reflector runs. Uses an unprivileged ping
 * socket when net.ipv4.ping_group_range allows it, a raw socket otherwise (root or
 * CAP_NET_RAW); -EPERM when neither is possible. The full 32-bit sequence number travels
 * in the payload after the magic "XPRB".
 */
#ifndef ICMP_PROBE_H_
#define ICMP_PROBE_H_

#include "probe.h"

/** Socket kinds. */
typedef enum {
	/** SOCK_DGRAM + IPPROTO_ICMP(V6): the kernel sets the identifier and checksum */
	ICMP_PROBE_PING,
	/** SOCK_RAW: needs CAP_NET_RAW */
	ICMP_PROBE_RAW,
} icmp_probe_socket_t;

/**
 * Create an ICMP echo probe.
 *
 * @param clock		NULL = probe_clock_system()
 * @return			probe, NULL when out of memory
 */
probe_t *icmp_probe_create(const probe_clock_t *clock);

/**
 * Open an echo socket the way the probe does (exposed for the tests and the agent's checks).
 *
 * @param family	AF_INET or AF_INET6
 * @param kind		receives the kind opened
 * @return			fd, or -EPERM (neither kind allowed) / -errno with err set
 */
int icmp_probe_open(int family, icmp_probe_socket_t *kind, probe_err_t *err);

/** @return	the IP packet size of the smallest request for family */
uint32_t icmp_probe_min_size(int family);

#endif
