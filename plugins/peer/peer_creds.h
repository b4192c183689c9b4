/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup peer_creds peer_creds
 * The pre-shared key of one tunnel, as a credential set.
 *
 * @{ @ingroup peer
 */
#ifndef PEER_CREDS_H_
#define PEER_CREDS_H_

#include <credentials/credential_set.h>

#include <profile.h>

typedef struct peer_creds_t peer_creds_t;

/**
 * Holds the PSK for the profile's two identities.
 */
struct peer_creds_t {

	/**
	 * The credential set to register with lib->credmgr.
	 *
	 * @return			credential set
	 */
	credential_set_t *(*get_set)(peer_creds_t *this);

	/**
	 * Destroy a peer_creds_t, wiping the key.
	 */
	void (*destroy)(peer_creds_t *this);
};

/**
 * Create the credential set.
 *
 * @param profile		identities of both ends
 * @param psk			the key; cloned, the caller wipes its copy
 * @param source		where the key came from, for the log (never the key)
 */
peer_creds_t *peer_creds_create(const profile_t *profile, chunk_t psk, const char *source);

#endif /** PEER_CREDS_H_ @}*/
