/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * `up` with a "bgp" profile: one route-based tunnel per gateway instance, each in a
 * crosspeer process of its own (one charon, one TUN device each: Azure's two tunnels are
 * independent), and one BIRD with a session over each tunnel. This process runs BIRD and
 * watches the sessions; the tunnels are `up` again, told which with CROSSPEER_BGP_TUNNEL.
 */
#ifndef XP_BGP_UP_H_
#define XP_BGP_UP_H_

#include "bgp_side.h"
#include "cli_tunnel.h"
#include "profile.h"

#include <sys/types.h>

/** The environment variable that makes `up` run tunnel N of a "bgp" profile. */
#define BGP_UP_TUNNEL_ENV "CROSSPEER_BGP_TUNNEL"

/**
 * Which tunnel this process runs: -1 for the BGP side (none set), else the index, after
 * pointing p's remote end at that tunnel's gateway instance.
 *
 * @return		-2 if the variable names no tunnel of p (message printed)
 */
int bgp_up_tunnel(profile_t *p);

/**
 * What only the on-prem side is refused (profile_bgp_check_onprem()), printed.
 *
 * @return		-1 when p may go on, else XP_EXIT_USAGE
 */
int bgp_up_check_profile(const profile_t *p, const char *cmd);

/** The tunnel processes and BIRD of a "bgp" profile. */
typedef struct {
	bgp_side_t side;
	pid_t pid[PROFILE_MAX_BGP_TUNNELS];
	size_t n;
} bgp_up_t;

/**
 * Start BIRD and a tunnel process (`up` again) per bgp.tunnels entry, and wait (cli's
 * timeout) until every session is Established with a route learned. Call
 * stop_token_start() first.
 *
 * @param cmd	the subcommand, for messages
 * @return		XP_EXIT_PASS, or the exit code (what failed printed); bgp_up_stop() either way
 */
int bgp_up_start(bgp_up_t *u, const profile_t *p, const cli_tunnel_t *cli, const char *cmd);

/** @return		-1 while every tunnel process runs, else the exit code of one that ended */
int bgp_up_check(bgp_up_t *u);

/** Stop BIRD, then the tunnel processes (SIGTERM: they delete their SAs). */
void bgp_up_stop(bgp_up_t *u);

/**
 * `up`: the above, printing BGP's state changes until SIGINT/SIGTERM.
 *
 * @return		the exit code
 */
int bgp_up_run(const profile_t *p, const cli_tunnel_t *cli);

#endif
