/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * TCP-connect probe: the round trip is the time from connect() to the handshake's answer
 * (SYN/ACK, or a reset: then the record says REFUSED, the host is reachable but the port
 * closed). Each connection is closed with a reset (SO_LINGER 0), leaving no TIME_WAIT.
 * Timestamps are userspace monotonic.
 */
#ifndef TCP_PROBE_H_
#define TCP_PROBE_H_

#include "probe.h"

/** Connections in flight at most (a full window delays the next send). */
#define TCP_PROBE_MAX_INFLIGHT 1024

/**
 * Create a TCP-connect probe.
 *
 * @param clock		NULL = probe_clock_system()
 * @return			probe, NULL when out of memory
 */
probe_t *tcp_probe_create(const probe_clock_t *clock);

#endif
