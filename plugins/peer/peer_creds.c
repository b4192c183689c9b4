/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_creds.h"

#include <daemon.h>
#include <credentials/sets/mem_cred.h>

typedef struct private_peer_creds_t private_peer_creds_t;

/**
 * Private data of a peer_creds_t object.
 */
struct private_peer_creds_t {

	/**
	 * Public peer_creds_t interface.
	 */
	peer_creds_t public;

	/**
	 * In-memory set holding the shared key.
	 */
	mem_cred_t *creds;
};

METHOD(peer_creds_t, get_set, credential_set_t*,
	private_peer_creds_t *this)
{
	return &this->creds->set;
}

METHOD(peer_creds_t, destroy, void,
	private_peer_creds_t *this)
{
	/* shared_key_t wipes its chunk on destroy */
	this->creds->destroy(this->creds);
	free(this);
}

peer_creds_t *peer_creds_create(const profile_t *profile, chunk_t psk, const char *source)
{
	private_peer_creds_t *this;
	identification_t *local, *remote;

	INIT(this,
		.public = {
			.get_set = _get_set,
			.destroy = _destroy,
		},
		.creds = mem_cred_create(),
	);
	local = identification_create_from_string((char*)profile->local.id);
	remote = identification_create_from_string((char*)profile->remote.id);
	/* the value is never logged; only where it came from */
	DBG1(DBG_CFG, "PSK for %Y - %Y from %s (%zu bytes)", local, remote, source, psk.len);
	this->creds->add_shared(this->creds,
							shared_key_create(SHARED_IKE, chunk_clone(psk)),
							local, remote, NULL);
	return &this->public;
}
