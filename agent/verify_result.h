/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Filling the report's xp_result_t from the peer listener: the tunnel and its IKE timeline
 * (the probes: probe_result.h).
 */
#ifndef XP_VERIFY_RESULT_H_
#define XP_VERIFY_RESULT_H_

#include "result.h"

#include <peer_listener.h>

/**
 * Copy the tunnel outcome and its IKE timeline.
 *
 * @param offset_ms		ms between the run's start and the listener's creation
 */
void verify_result_tunnel(xp_result_t *r, peer_listener_t *listener, double offset_ms);

#endif
