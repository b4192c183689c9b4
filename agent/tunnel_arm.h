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
#include "result.h"

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

/**
 * Azure's counters of the connection read by tunnel_arm_resolve() (GET), e.g. before the
 * probes.
 *
 * @return		false if there is none or ARM did not answer
 */
bool tunnel_arm_counters(uint64_t *in, uint64_t *out);

/**
 * Fill r->azure with Azure's view after the probes (GET, POST getikesas) and name where it
 * disagrees with ours. r->azure.ingress_before/egress_before are the counters before.
 * Nothing happens without a connection read from ARM.
 */
void tunnel_arm_view(xp_result_t *r);

/** Name r's disagreements from the fields already in r->tunnel, r->probes, r->azure. */
void tunnel_arm_compare(xp_result_t *r);

/** Forget the connection, wiping the ARM client's secrets; idempotent. */
void tunnel_arm_close(void);

#endif
