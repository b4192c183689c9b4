/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "azure_creds.h"

#include <daemon.h>
#include <credentials/sets/mem_cred.h>

typedef struct private_azure_creds_t private_azure_creds_t;

/**
 * Private data of an azure_creds_t object.
 */
struct private_azure_creds_t {

	/**
	 * Public azure_creds_t interface.
	 */
	azure_creds_t public;

	/**
	 * In-memory set holding the shared key.
	 */
	mem_cred_t *creds;
};

METHOD(azure_creds_t, get_set, credential_set_t*,
	private_azure_creds_t *this)
{
	return &this->creds->set;
}

METHOD(azure_creds_t, destroy, void,
	private_azure_creds_t *this)
{
	/* shared_key_t clears (memwipe) its chunk on destroy */
	this->creds->destroy(this->creds);
	free(this);
}

azure_creds_t *azure_creds_create(const profile_t *profile, const azure_peer_t *arm)
{
	private_azure_creds_t *this;
	identification_t *local, *remote;
	chunk_t key = chunk_create((u_char*)arm->shared_key, strlen(arm->shared_key));

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
	DBG1(DBG_CFG, "PSK for %Y - %Y from ARM (sharedkey of %s, %zu bytes, kept in memory "
		 "only)", local, remote, arm->id, key.len);
	this->creds->add_shared(this->creds, shared_key_create(SHARED_IKE, chunk_clone(key)),
							local, remote, NULL);
	return &this->public;
}
