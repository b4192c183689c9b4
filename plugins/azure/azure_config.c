/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "azure_config.h"

#include <daemon.h>
#include <peer_personality.h>

peer_config_t *azure_config_create(const profile_t *profile, const azure_peer_t *arm,
								   bool initiator, const peer_route_t *route)
{
	personality_t *personality = personality_create(profile, !initiator);
	peer_config_t *config;

	DBG1(DBG_CFG, "crosspeer azure '%s': %s connection %s (%s, connectionMode %s): gateway "
		 "%s, peer %s, %s, DPD timeout %u s", profile->name, initiator ? "initiator of" :
		 "gateway for", arm->id, arm->type, arm->connection_mode, arm->gateway.addresses[0],
		 arm->peer.addresses[0], arm->custom_policy ? "custom ipsecPolicy" :
		 "Azure's default policy", arm->dpd_timeout_s);
	personality->log(personality);
	/* the personality is needed while building only: proposals and selectors are new objects */
	config = peer_config_create(profile, personality, initiator, route);
	personality->destroy(personality);
	return config;
}
