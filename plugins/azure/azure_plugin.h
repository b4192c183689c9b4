/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup azure azure
 * @ingroup crosspeer
 *
 * @defgroup azure_plugin azure_plugin
 * Connections configured from ARM: for each, a config backend built from the connection
 * resource and a credential set with its shared key, registered with charon as the static
 * plugin feature "crosspeer-azure" of the crosspeer executable. It depends on
 * "crosspeer-peer", which registers the connection's listener and leaves config and key
 * to this plugin (peer_setup_t.external).
 *
 * @{ @ingroup azure
 */
#ifndef AZURE_PLUGIN_H_
#define AZURE_PLUGIN_H_

#include <plugins/plugin.h>

#include <peer_plugin.h>

#include "azure_peer.h"

typedef struct azure_setup_t azure_setup_t;

/**
 * What the agent hands the plugin through PLUGIN_CALLBACK(azure_plugin_register, setup).
 */
struct azure_setup_t {
	/** the peer plugin's setup: profiles (completed from ARM), initiator; configs[i] is set
	 *  here for each connection read from ARM */
	peer_setup_t *peer;
	/** connection i as read from ARM, NULL for one the profile describes itself (borrowed;
	 *  the credential sets copy the keys, the agent wipes them after charon started) */
	const azure_peer_t *arm[PEER_MAX_CONNECTIONS];
};

/**
 * Plugin feature callback: registers (reg) or unregisters, for every connection read from
 * ARM, its config backend and credential set.
 *
 * @param data			azure_setup_t
 * @return				FALSE if a connection could not be built
 */
bool azure_plugin_register(plugin_t *plugin, plugin_feature_t *feature, bool reg, void *data);

#endif /** AZURE_PLUGIN_H_ @}*/
