/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup azure_config azure_config
 * Config backend for a connection read from ARM: one peer_cfg_t whose ends, proposals,
 * lifetimes, DPD and initiation follow the connection resource.
 *
 * @{ @ingroup azure
 */
#ifndef AZURE_CONFIG_H_
#define AZURE_CONFIG_H_

#include <peer_config.h>

#include "azure_peer.h"

/**
 * Build the connection the one way the peer plugin builds one (peer_config_create()),
 * from the profile completed from ARM (profile_arm_fill()) with Azure's personality (the
 * connection's custom policy, or Azure's defaults), and log where it came from.
 *
 * @param profile		the profile completed from ARM (borrowed, outlives the backend)
 * @param arm			the connection (borrowed for the call)
 * @param initiator		TRUE for `up`/`verify`, FALSE for `simulate`
 * @param route			route-based binding (peer_config_create()), NULL for none
 * @return				backend, NULL if charon refused a proposal
 */
peer_config_t *azure_config_create(const profile_t *profile, const azure_peer_t *arm,
								   bool initiator, const peer_route_t *route);

#endif /** AZURE_CONFIG_H_ @}*/
