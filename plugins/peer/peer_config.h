/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup peer_config peer_config
 * Config backend that turns a profile into one peer_cfg_t with one child_cfg_t.
 *
 * @{ @ingroup peer
 */
#ifndef PEER_CONFIG_H_
#define PEER_CONFIG_H_

#include <config/backend.h>

#include <profile.h>
#include "peer_personality.h"

typedef struct peer_config_t peer_config_t;

/**
 * How a route-based connection's SAs and policies are bound to its tunnel interface
 * (routing/route_iface.h); all zero for a policy-based connection.
 */
typedef struct {
	/** if_id of its XFRM interface (child_cfg if_id_in/if_id_out), 0 for none */
	uint32_t if_id;
	/** key of its VTI, the mark of its policies (child_cfg mark_in/mark_out), 0 for none */
	uint32_t mark;
} peer_route_t;

/** @return		TRUE if route is set and binds the connection to an interface */
static inline bool peer_route_on(const peer_route_t *route)
{
	return route && (route->if_id || route->mark);
}

/**
 * Implements backend_t for the single connection a profile describes.
 */
struct peer_config_t {

	/**
	 * Implements backend_t.
	 */
	backend_t backend;

	/**
	 * The connection, with a new reference.
	 *
	 * @return			peer config, NULL if the profile could not be turned into one
	 */
	peer_cfg_t *(*get_peer_cfg)(peer_config_t *this);

	/**
	 * The CHILD_SA config to initiate the connection with, with a new reference: the
	 * responder's one, or (simulated Azure gateway) one proposing any-to-any.
	 */
	child_cfg_t *(*get_child_cfg)(peer_config_t *this);

	/**
	 * Destroy a peer_config_t.
	 */
	void (*destroy)(peer_config_t *this);
};

/**
 * Build the connection.
 *
 * @param profile		profile (borrowed)
 * @param personality	what to offer or accept (borrowed)
 * @param initiator		TRUE for `up`, FALSE for `simulate`
 * @param route			route-based: any-to-any selectors bound to this interface (NULL
 *						or all zero: policy-based, the profile's subnets)
 * @return				backend, NULL if charon refused a proposal
 */
peer_config_t *peer_config_create(const profile_t *profile, personality_t *personality,
								  bool initiator, const peer_route_t *route);

#endif /** PEER_CONFIG_H_ @}*/
