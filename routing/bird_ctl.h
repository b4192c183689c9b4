/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * A client of BIRD's control socket (what birdc speaks): one command per connection,
 * reply lines "dddd-text" / "dddd text" / " continuation", ended by a 0xxx, 8xxx or 9xxx code
 * with a space. State comes from here, never from BIRD's log.
 */
#ifndef BIRD_CTL_H_
#define BIRD_CTL_H_

#include <stdbool.h>
#include <stddef.h>

/** One protocol, as `show protocols` lists it. */
typedef struct {
	char name[32], proto[16], table[16], state[16], since[32];
	/** for BGP: "Established", "Active", "Connect", ... */
	char info[96];
} bird_proto_t;

/**
 * Send cmd, collect the reply's text lines (codes stripped, one per line) into buf.
 *
 * @param timeout_ms	bound on connect + reply
 * @return				the final reply code (0 for "0000 OK", 8xxx/9xxx BIRD's errors), or -1
 *						with err set when the socket could not be read
 */
int bird_ctl_command(const char *sock, const char *cmd, int timeout_ms, char *buf, size_t len,
					 char *err, size_t errlen);

/**
 * `show protocols`.
 *
 * @return				protocols found (at most max), or -1 with err set
 */
int bird_ctl_protocols(const char *sock, bird_proto_t *out, size_t max, char *err,
					   size_t errlen);

/**
 * Is the BGP protocol name Established?
 *
 * @return				1 yes, 0 no (or no such protocol), -1 on a socket error
 */
int bird_ctl_established(const char *sock, const char *name, char *err, size_t errlen);

/**
 * Routes BGP protocol name imported (`show route count protocol name`).
 *
 * @return				the count, or -1 with err set
 */
long bird_ctl_route_count(const char *sock, const char *name, char *err, size_t errlen);

#endif
