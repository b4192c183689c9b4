/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * A profile configured from an ARM connection ("azure_connection"): what the profile still
 * sets must agree with ARM (checked before IKE starts), the rest is taken from ARM.
 * No charon, no HTTP: the connection was read by azure_peer_read_id().
 */
#ifndef XP_PROFILE_ARM_H_
#define XP_PROFILE_ARM_H_

#include "azure_peer.h"
#include "profile.h"

/** The first field where the profile and ARM disagree. */
typedef struct {
	/** the profile's field, e.g. "remote.address" */
	char field[64];
	/** the profile's value and ARM's ("" for the key: only that they differ is said) */
	char profile[400], arm[400];
} profile_arm_conflict_t;

/**
 * Compare what the profile sets with the connection.
 *
 * @param gateway	the profile stands in for the Azure gateway (simulate): its local end is
 *					the gateway, its remote end the connection's other end; else the reverse
 * @param psk		the profile's own key (auth), NULL if it sets none
 * @return			true if they agree, else false with c filled
 */
bool profile_arm_check(const profile_t *p, const azure_peer_t *arm, bool gateway,
					   const unsigned char *psk, size_t psk_len, profile_arm_conflict_t *c);

/**
 * Take from ARM what the profile leaves out: both ends, the proposals of a custom
 * ipsecPolicy (without one the "azure" personality offers Azure's defaults), the ESP
 * lifetime, DPD timeout and connection mode.
 */
void profile_arm_fill(profile_t *p, const azure_peer_t *arm, bool gateway);

#endif
