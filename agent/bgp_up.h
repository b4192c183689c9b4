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

#include "cli_tunnel.h"
#include "profile.h"

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
 * Run the tunnels (this executable again, argv as given) and BIRD until SIGINT/SIGTERM.
 *
 * @return		the exit code
 */
int bgp_up_run(const profile_t *p, const cli_tunnel_t *cli, char *argv[]);

#endif
