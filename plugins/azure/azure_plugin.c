/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "azure_plugin.h"
#include "azure_config.h"
#include "peer_creds.h"

#include <daemon.h>

/**
 * One connection read from ARM, as registered with charon.
 */
typedef struct {
	peer_config_t *config;
	peer_creds_t *creds;
} azure_connection_t;

/**
 * What is registered while the feature is loaded; one set of connections per process.
 */
static azure_connection_t registered[PEER_MAX_CONNECTIONS];

static void unregister_connection(azure_connection_t *c)
{
	if (c->config)
		charon->backends->remove_backend(charon->backends, &c->config->backend);
	if (c->creds)
		lib->credmgr->remove_set(lib->credmgr, c->creds->get_set(c->creds));
	DESTROY_IF(c->config);
	DESTROY_IF(c->creds);
	memset(c, 0, sizeof(*c));
}

static void unregister_azure(azure_setup_t *setup)
{
	for (size_t i = 0; i < PEER_MAX_CONNECTIONS; i++)
	{
		if (registered[i].config && setup->peer->configs[i] == registered[i].config)
			setup->peer->configs[i] = NULL;
		unregister_connection(&registered[i]);
	}
}

static bool register_connection(azure_connection_t *c, const profile_t *profile,
								const azure_peer_t *arm, bool initiator,
								const peer_route_t *route)
{
	c->config = azure_config_create(profile, arm, initiator, route);
	if (!c->config)
		return FALSE;
	char source[sizeof(arm->id) + 64];

	snprintf(source, sizeof(source), "ARM (sharedkey of %s, kept in memory only)", arm->id);
	c->creds = peer_creds_create(profile, chunk_create((u_char*)arm->shared_key,
								 strlen(arm->shared_key)), source);
	lib->credmgr->add_set(lib->credmgr, c->creds->get_set(c->creds));
	charon->backends->add_backend(charon->backends, &c->config->backend);
	return TRUE;
}

bool azure_plugin_register(plugin_t *plugin, plugin_feature_t *feature, bool reg, void *data)
{
	azure_setup_t *setup = data;
	peer_setup_t *peer = setup->peer;

	if (!reg || peer->n > PEER_MAX_CONNECTIONS)
	{
		unregister_azure(setup);
		return !reg;
	}
	for (size_t i = 0; i < peer->n; i++)
	{
		if (!setup->arm[i])
			continue;
		if (!register_connection(&registered[i], peer->profiles[i], setup->arm[i],
								 peer->initiator, &peer->routes[i]))
		{
			unregister_azure(setup);
			return FALSE;
		}
		peer->configs[i] = registered[i].config;
	}
	return TRUE;
}
