/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "azure_config.h"

#include <daemon.h>
#include <peer_personality.h>

typedef struct private_azure_config_t private_azure_config_t;

/**
 * Private data of an azure_config_t object.
 */
struct private_azure_config_t {

	/**
	 * Public peer_config_t interface.
	 */
	peer_config_t public;

	/**
	 * What the connection offers and accepts.
	 */
	personality_t *personality;

	/**
	 * The connection, built as the peer plugin builds one.
	 */
	peer_config_t *config;
};

METHOD(backend_t, create_peer_cfg_enumerator, enumerator_t*,
	private_azure_config_t *this, identification_t *me, identification_t *other)
{
	return this->config->backend.create_peer_cfg_enumerator(&this->config->backend, me, other);
}

METHOD(backend_t, create_ike_cfg_enumerator, enumerator_t*,
	private_azure_config_t *this, host_t *me, host_t *other)
{
	return this->config->backend.create_ike_cfg_enumerator(&this->config->backend, me, other);
}

METHOD(backend_t, get_peer_cfg_by_name, peer_cfg_t*,
	private_azure_config_t *this, char *name)
{
	return this->config->backend.get_peer_cfg_by_name(&this->config->backend, name);
}

METHOD(peer_config_t, get_peer_cfg, peer_cfg_t*,
	private_azure_config_t *this)
{
	return this->config->get_peer_cfg(this->config);
}

METHOD(peer_config_t, get_child_cfg, child_cfg_t*,
	private_azure_config_t *this)
{
	return this->config->get_child_cfg(this->config);
}

METHOD(peer_config_t, destroy, void,
	private_azure_config_t *this)
{
	this->config->destroy(this->config);
	this->personality->destroy(this->personality);
	free(this);
}

peer_config_t *azure_config_create(const profile_t *profile, const azure_peer_t *arm,
								   bool initiator)
{
	private_azure_config_t *this;
	personality_t *personality = personality_create(profile, !initiator);
	peer_config_t *config = peer_config_create(profile, personality, initiator);

	if (!config)
	{
		personality->destroy(personality);
		return NULL;
	}
	INIT(this,
		.public = {
			.backend = {
				.create_peer_cfg_enumerator = _create_peer_cfg_enumerator,
				.create_ike_cfg_enumerator = _create_ike_cfg_enumerator,
				.get_peer_cfg_by_name = _get_peer_cfg_by_name,
			},
			.get_peer_cfg = _get_peer_cfg,
			.get_child_cfg = _get_child_cfg,
			.destroy = _destroy,
		},
		.personality = personality,
		.config = config,
	);
	DBG1(DBG_CFG, "crosspeer azure '%s': %s connection %s (%s, connectionMode %s): gateway "
		 "%s, peer %s, %s, DPD timeout %u s", profile->name, initiator ? "initiator of" :
		 "gateway for", arm->id, arm->type, arm->connection_mode, arm->gateway.addresses[0],
		 arm->peer.addresses[0], arm->custom_policy ? "custom ipsecPolicy" :
		 "Azure's default policy", arm->dpd_timeout_s);
	personality->log(personality);
	return &this->public;
}
