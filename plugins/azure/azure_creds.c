/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "azure_creds.h"

#include <daemon.h>

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
	 * The connection's shared key.
	 */
	shared_key_t *key;

	/**
	 * Our identity and the peer's.
	 */
	identification_t *local, *remote;
};

/**
 * Does id (NULL: any) name one of the two ends?
 */
static bool matches(private_azure_creds_t *this, identification_t *id)
{
	return !id || id->matches(id, this->local) || id->matches(id, this->remote);
}

METHOD(credential_set_t, create_shared_enumerator, enumerator_t*,
	private_azure_creds_t *this, shared_key_type_t type, identification_t *me,
	identification_t *other)
{
	if ((type != SHARED_ANY && type != SHARED_IKE) || !matches(this, me) ||
		!matches(this, other))
		return enumerator_create_empty();
	return enumerator_create_single(this->key, NULL);
}

METHOD(azure_creds_t, destroy, void,
	private_azure_creds_t *this)
{
	/* shared_key_t clears (memwipe) its chunk on destroy */
	this->key->destroy(this->key);
	this->local->destroy(this->local);
	this->remote->destroy(this->remote);
	free(this);
}

azure_creds_t *azure_creds_create(const profile_t *profile, const azure_peer_t *arm)
{
	private_azure_creds_t *this;
	chunk_t key = chunk_create((u_char*)arm->shared_key, strlen(arm->shared_key));

	INIT(this,
		.public = {
			.set = {
				.create_shared_enumerator = _create_shared_enumerator,
				.create_private_enumerator = (void*)enumerator_create_empty,
				.create_cert_enumerator = (void*)enumerator_create_empty,
				.create_cdp_enumerator = (void*)enumerator_create_empty,
				.cache_cert = (void*)nop,
			},
			.destroy = _destroy,
		},
		.key = shared_key_create(SHARED_IKE, chunk_clone(key)),
		.local = identification_create_from_string((char*)profile->local.id),
		.remote = identification_create_from_string((char*)profile->remote.id),
	);
	/* the value is never logged; only where it came from */
	DBG1(DBG_CFG, "PSK for %Y - %Y from ARM (sharedkey of %s, %zu bytes, kept in memory "
		 "only)", this->local, this->remote, arm->id, key.len);
	return &this->public;
}
