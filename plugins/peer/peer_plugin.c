/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_plugin.h"
#include "peer_creds.h"

#include <daemon.h>
#include "peer_personality.h"

/**
 * One connection as registered with charon.
 */
typedef struct {
	personality_t *personality;
	peer_creds_t *creds;
	peer_config_t *config;
	peer_listener_t *listener;
} peer_connection_t;

/**
 * What is registered while the feature is loaded; one set of connections per process.
 */
static peer_connection_t registered[PEER_MAX_CONNECTIONS];

static void unregister_connection(peer_connection_t *c)
{
	if (c->listener)
		charon->bus->remove_listener(charon->bus, &c->listener->listener);
	if (c->config)
		charon->backends->remove_backend(charon->backends, &c->config->backend);
	if (c->creds)
		lib->credmgr->remove_set(lib->credmgr, c->creds->get_set(c->creds));
	DESTROY_IF(c->listener);
	DESTROY_IF(c->config);
	DESTROY_IF(c->creds);
	DESTROY_IF(c->personality);
	memset(c, 0, sizeof(*c));
}

static void unregister_peer(peer_setup_t *setup)
{
	for (size_t i = 0; i < PEER_MAX_CONNECTIONS; i++)
	{
		unregister_connection(&registered[i]);
		setup->listeners[i] = NULL;
		if (!setup->external[i])
			setup->configs[i] = NULL;
	}
}

static void peer_hint(const profile_t *profile, personality_t *personality, bool initiator,
					  char *hint, size_t len)
{
	if (!initiator)
		personality->describe(personality, hint, len);
	else
		snprintf(hint, len, "%s", streq(profile->personality, "azure") ?
				 "an Azure gateway with its default policy accepts IKE aes256|aes128|3des "
				 "with sha1|sha256 and modp1024 (DH group 2), unless it has a custom "
				 "ipsecPolicy" : "check the peer's proposals");
}

static bool register_connection(peer_connection_t *c, const profile_t *profile, chunk_t psk,
								bool initiator, bool several, bool external,
								const peer_route_t *route)
{
	char accepts[400], hint[460];

	c->personality = personality_create(profile, !initiator);
	if (!external)
	{
		c->personality->log(c->personality);
		c->config = peer_config_create(profile, c->personality, initiator, route);
		if (!c->config)
			return FALSE;
	}
	c->personality->describe(c->personality, accepts, sizeof(accepts));
	peer_hint(profile, c->personality, initiator, hint, sizeof(hint));
	/* with several connections, each listener keeps to its own peer's IKE_SAs */
	c->listener = peer_listener_create(initiator, hint, several ? profile->remote.address : NULL);
	if (!external)
	{
		char source[sizeof(profile->psk_file) + 32];

		snprintf(source, sizeof(source), "%s %s", profile->psk_env[0] ?
				 "environment variable" : "psk_file", profile->psk_env[0] ?
				 profile->psk_env : profile->psk_file);
		c->creds = peer_creds_create(profile, psk, source);
		lib->credmgr->add_set(lib->credmgr, c->creds->get_set(c->creds));
		charon->backends->add_backend(charon->backends, &c->config->backend);
	}
	charon->bus->add_listener(charon->bus, &c->listener->listener);
	DBG1(DBG_CFG, "crosspeer peer '%s': %s %s === %s, %s", profile->name,
		 initiator ? "initiator to" : "responder for", profile->remote.address,
		 profile->local.address, accepts);
	return TRUE;
}

bool peer_plugin_register(plugin_t *plugin, plugin_feature_t *feature, bool reg, void *data)
{
	peer_setup_t *setup = data;

	if (!reg || setup->n > PEER_MAX_CONNECTIONS)
	{
		unregister_peer(setup);
		return !reg;
	}
	for (size_t i = 0; i < setup->n; i++)
	{
		if (!register_connection(&registered[i], setup->profiles[i], setup->psks[i],
								 setup->initiator, setup->n > 1, setup->external[i],
								 &setup->routes[i]))
		{
			unregister_peer(setup);
			return FALSE;
		}
		setup->listeners[i] = registered[i].listener;
		setup->configs[i] = registered[i].config;
	}
	return TRUE;
}
