/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * `up`, `verify` and `simulate` configured from an ARM connection (the profile's
 * "azure_connection"): read it, check the profile against it and complete the profile,
 * all before charon starts, so a refusal never leaves a half-started charon.
 */
#ifndef XP_TUNNEL_ARM_H_
#define XP_TUNNEL_ARM_H_

#include "azure_peer.h"
#include "profile.h"

/**
 * Read p's connection from ARM, compare, fill p.
 *
 * @param cmd		subcommand, for messages
 * @param gateway	TRUE for simulate (the profile is the Azure gateway)
 * @param quiet		print nothing on success
 * @param arm		out: the connection, holding its shared key (azure_peer_wipe() it)
 * @return			XP_EXIT_PASS, or the exit code (one stderr line printed): 2 for a
 *					profile ARM disagrees with, a connection that does not exist or is of
 *					another type; 4 for other ARM failures (a gateway still Updating, no
 *					permission to read the shared key); 5 when no ARM client can be made
 */
int tunnel_arm_resolve(profile_t *p, const char *cmd, bool gateway, bool quiet,
					   azure_peer_t *arm);

#endif
