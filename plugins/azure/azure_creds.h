/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup azure_creds azure_creds
 * The shared key of an ARM connection (read with the sharedkey GET), as a credential set.
 * It lives in memory only: never written to disk, never logged, wiped on destroy.
 *
 * @{ @ingroup azure
 */
#ifndef AZURE_CREDS_H_
#define AZURE_CREDS_H_

#include <credentials/credential_set.h>

#include <profile.h>

#include "azure_peer.h"

typedef struct azure_creds_t azure_creds_t;

/**
 * Holds one connection's shared key for the two identities.
 */
struct azure_creds_t {

	/**
	 * The credential set to register with lib->credmgr.
	 *
	 * @return			credential set
	 */
	credential_set_t *(*get_set)(azure_creds_t *this);

	/**
	 * Destroy an azure_creds_t, wiping the key.
	 */
	void (*destroy)(azure_creds_t *this);
};

/**
 * Create the credential set.
 *
 * @param profile		identities of both ends (the profile completed from ARM)
 * @param arm			the connection; its key is copied, the caller wipes arm
 */
azure_creds_t *azure_creds_create(const profile_t *profile, const azure_peer_t *arm);

#endif /** AZURE_CREDS_H_ @}*/
