/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup peer peer
 * @ingroup crosspeer
 *
 * @defgroup peer_plugin peer_plugin
 * The tunnel peer: config backend from a profile, PSK credential set and a timing listener,
 * registered with charon as a static plugin feature of the crosspeer executable.
 *
 * @{ @ingroup peer
 */
#ifndef PEER_PLUGIN_H_
#define PEER_PLUGIN_H_

#include <plugins/plugin.h>

#include <profile.h>

#include "peer_config.h"
#include "peer_listener.h"

/** Connections one agent terminates at most: a simulated gateway holds as many as its SKU
 *  (100 for VpnGw4/5), a plain (strongswan) one up to this, for the multi-site bench. */
#define PEER_MAX_CONNECTIONS 1024

typedef struct peer_setup_t peer_setup_t;

/**
 * What the agent hands the plugin through PLUGIN_CALLBACK(peer_plugin_register, setup):
 * one connection per profile, each with its own backend, key and listener.
 */
struct peer_setup_t {
	/** the profiles (borrowed, outlive the plugin) */
	const profile_t *profiles[PEER_MAX_CONNECTIONS];
	/** their pre-shared keys (borrowed; the credential sets clone them) */
	chunk_t psks[PEER_MAX_CONNECTIONS];
	/** number of connections */
	size_t n;
	/** TRUE for `up`, FALSE for `simulate` */
	bool initiator;
	/** connection i's config backend and key come from another plugin (crosspeer-azure,
	 *  which sets configs[i]); this one registers its listener only */
	bool external[PEER_MAX_CONNECTIONS];
	/** each route-based connection's tunnel interface binding (all zero: policy-based),
	 *  set by the agent after it created the interfaces */
	peer_route_t routes[PEER_MAX_CONNECTIONS];
	/** set while registered: each connection's listener and config backend */
	peer_listener_t *listeners[PEER_MAX_CONNECTIONS];
	peer_config_t *configs[PEER_MAX_CONNECTIONS];
};

/**
 * Plugin feature callback: registers (reg) or unregisters the backend, credential set and
 * listener for setup.
 *
 * @param data			peer_setup_t
 * @return				FALSE if the profile could not be turned into a connection
 */
bool peer_plugin_register(plugin_t *plugin, plugin_feature_t *feature, bool reg, void *data);

#endif /** PEER_PLUGIN_H_ @}*/
