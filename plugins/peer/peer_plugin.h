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

typedef struct peer_setup_t peer_setup_t;

/**
 * What the agent hands the plugin through PLUGIN_CALLBACK(peer_plugin_register, setup).
 */
struct peer_setup_t {
	/** the profile (borrowed, outlives the plugin) */
	const profile_t *profile;
	/** the pre-shared key (borrowed; the credential set clones it) */
	chunk_t psk;
	/** TRUE for `up`, FALSE for `simulate` */
	bool initiator;
	/** set while registered: the listener and config backend, for the agent */
	peer_listener_t *listener;
	peer_config_t *config;
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
