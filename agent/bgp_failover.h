/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * `verify` with a "bgp" profile: the failover check. Both tunnels and their BGP sessions
 * come up (bgp_up.c); ICMP probes then go to the profile's first target at its rate for
 * its count while one gateway instance is taken down (the user's action against Azure,
 * the lab's in the lab); the outage, BGP's withdraw and the tunnels carrying traffic after
 * are reported (failover.json with --report DIR or --json) and checked against
 * thresholds.max_failover_ms.
 */
#ifndef XP_BGP_FAILOVER_H_
#define XP_BGP_FAILOVER_H_

#include "cli_tunnel.h"
#include "profile.h"

/** @return		the exit code: 0 pass, 1 outage too long or not over, 2-5 as verify's */
int bgp_failover_run(const profile_t *p, const cli_tunnel_t *cli);

#endif
