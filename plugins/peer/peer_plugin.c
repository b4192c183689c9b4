/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_plugin.h"
#include "peer_creds.h"

#include <daemon.h>
#include <personality.h>

/**
 * What is registered with charon while the feature is loaded; one peer per process.
 */
static struct {
	personality_t *personality;
	peer_creds_t *creds;
	peer_config_t *config;
	peer_listener_t *listener;
} registered;

static void unregister_peer(peer_setup_t *setup)
{
	if (registered.listener)
		charon->bus->remove_listener(charon->bus, &registered.listener->listener);
	if (registered.config)
		charon->backends->remove_backend(charon->backends, &registered.config->backend);
	if (registered.creds)
		lib->credmgr->remove_set(lib->credmgr, registered.creds->get_set(registered.creds));
	DESTROY_IF(registered.listener);
	DESTROY_IF(registered.config);
	DESTROY_IF(registered.creds);
	DESTROY_IF(registered.personality);
	memset(&registered, 0, sizeof(registered));
	setup->listener = NULL;
	setup->config = NULL;
}

bool peer_plugin_register(plugin_t *plugin, plugin_feature_t *feature, bool reg, void *data)
{
	peer_setup_t *setup = data;
	const profile_t *profile = setup->profile;
	char accepts[400], hint[460];

	if (!reg)
	{
		unregister_peer(setup);
		return TRUE;
	}
	registered.personality = personality_create(profile, !setup->initiator);
	registered.personality->log(registered.personality);
	registered.config = peer_config_create(profile, registered.personality, setup->initiator);
	if (!registered.config)
	{
		unregister_peer(setup);
		return FALSE;
	}
	registered.personality->describe(registered.personality, accepts, sizeof(accepts));
	if (setup->initiator)
		snprintf(hint, sizeof(hint), "%s",
				 streq(profile->personality, "azure") ?
				 "an Azure gateway with its default policy accepts IKE aes256|aes128|3des "
				 "with sha1|sha256 and modp1024 (DH group 2), unless it has a custom "
				 "ipsecPolicy" : "check the peer's proposals");
	else
		snprintf(hint, sizeof(hint), "%s", accepts);
	registered.listener = peer_listener_create(setup->initiator, hint);
	registered.creds = peer_creds_create(profile, setup->psk);
	lib->credmgr->add_set(lib->credmgr, registered.creds->get_set(registered.creds));
	charon->backends->add_backend(charon->backends, &registered.config->backend);
	charon->bus->add_listener(charon->bus, &registered.listener->listener);
	setup->listener = registered.listener;
	setup->config = registered.config;
	DBG1(DBG_CFG, "crosspeer peer '%s': %s %s === %s, %s", profile->name,
		 setup->initiator ? "initiator to" : "responder for", profile->remote.address,
		 profile->local.address, accepts);
	return TRUE;
}
