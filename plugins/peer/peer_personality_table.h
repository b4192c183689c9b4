/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup personality_table personality_table
 * The data that tells one personality from another, and the constructor they share.
 *
 * @{ @ingroup personality
 */
#ifndef PERSONALITY_TABLE_H_
#define PERSONALITY_TABLE_H_

#include "peer_personality.h"

typedef struct personality_table_t personality_table_t;

/**
 * Defaults of one kind of gateway, used where the profile names no proposals.
 */
struct personality_table_t {
	/** name for logs */
	const char *name;
	/** IKE proposals in preference order, NULL for charon's defaults */
	const char *const *ike;
	size_t n_ike;
	/** ESP proposals in preference order, NULL for charon's defaults */
	const char *const *esp;
	size_t n_esp;
	/** propose 0.0.0.0/0 both ways when initiating (route-based gateway) */
	bool initiates_any;
	/** one-line summaries for the log */
	const char *describe_ike, *describe_esp;
};

/**
 * Create a personality from a table of defaults.
 *
 * @param profile		profile (borrowed)
 * @param table			static defaults
 */
personality_t *personality_table_create(const profile_t *profile,
										const personality_table_t *table);

#endif /** PERSONALITY_TABLE_H_ @}*/
