/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Filling the report's xp_result_t from the peer listener: the tunnel and its IKE timeline
 * (the probes: probe_result.h).
 */
#ifndef XP_VERIFY_RESULT_H_
#define XP_VERIFY_RESULT_H_

#include "cli_tunnel.h"
#include "result.h"

#include <peer_listener.h>

/**
 * Copy the tunnel outcome and its IKE timeline.
 *
 * @param offset_ms		ms between the run's start and the listener's creation
 */
void verify_result_tunnel(xp_result_t *r, peer_listener_t *listener, double offset_ms);

/**
 * Write the report set (--report DIR) and print the summary, or report.json with --json.
 *
 * @return		XP_EXIT_PASS, or XP_EXIT_ENV when DIR could not be written
 */
int verify_output(const xp_result_t *r, const cli_tunnel_t *cli);

#endif
