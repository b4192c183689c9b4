/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup personality personality
 * What a peer accepts and offers, by the kind of gateway it stands in for.
 *
 * @{ @ingroup crosspeer
 */
#ifndef PERSONALITY_H_
#define PERSONALITY_H_

#include <config/ike_cfg.h>
#include <config/child_cfg.h>

#include <profile.h>

typedef struct personality_t personality_t;

/**
 * A gateway personality: the proposals, lifetimes and traffic selectors of one kind of peer.
 */
struct personality_t {

	/**
	 * Add the IKE proposals this peer offers (initiator) or accepts (responder).
	 *
	 * @param ike_cfg		config to add proposals to
	 * @return				FALSE if a proposal string was refused by charon
	 */
	bool (*add_ike_proposals)(personality_t *this, ike_cfg_t *ike_cfg);

	/**
	 * Add the ESP proposals this peer offers or accepts.
	 *
	 * @param child_cfg		config to add proposals to
	 * @return				FALSE if a proposal string was refused by charon
	 */
	bool (*add_esp_proposals)(personality_t *this, child_cfg_t *child_cfg);

	/**
	 * Add the traffic selectors of one side.
	 *
	 * @param child_cfg		config to add them to
	 * @param local			TRUE for our side, FALSE for the peer's
	 */
	void (*add_traffic_selectors)(personality_t *this, child_cfg_t *child_cfg, bool local);

	/**
	 * Add the traffic selectors this peer proposes when it initiates: any-to-any
	 * (0.0.0.0/0 both ways, the responder narrows) for a route-based Azure gateway, the
	 * profile's subnets otherwise.
	 *
	 * @param child_cfg		config to add them to (used only to initiate)
	 */
	void (*add_initiator_selectors)(personality_t *this, child_cfg_t *child_cfg);

	/**
	 * @return				TRUE when add_initiator_selectors() proposes other selectors
	 *						than add_traffic_selectors() accepts
	 */
	bool (*initiates_any)(personality_t *this);

	/**
	 * IKE SA lifetime in seconds.
	 */
	uint32_t (*get_ike_lifetime)(personality_t *this);

	/**
	 * CHILD_SA lifetimes (time and bytes), with rekey margins.
	 */
	lifetime_cfg_t (*get_esp_lifetime)(personality_t *this);

	/**
	 * Name for logs, e.g. "azure".
	 */
	const char *(*get_name)(personality_t *this);

	/**
	 * Summarise the proposals in use, e.g. for a NO_PROPOSAL_CHOSEN message.
	 *
	 * @param buf		receives "IKE ...; ESP ..."
	 */
	void (*describe)(personality_t *this, char *buf, size_t len);

	/**
	 * Log what this personality accepts, at level 1.
	 */
	void (*log)(personality_t *this);

	/**
	 * Destroy a personality_t.
	 */
	void (*destroy)(personality_t *this);
};

/**
 * Create the personality a profile asks for ("azure" or "strongswan").
 *
 * @param profile		profile (borrowed; must outlive the personality)
 * @param responder		TRUE when standing in for a gateway that answers
 */
personality_t *personality_create(const profile_t *profile, bool responder);

/**
 * The Azure route-based VPN gateway: Azure's documented IKEv2 defaults, or a custom
 * ipsecPolicy, any-to-any traffic selectors narrowed to the profile's subnets; as a
 * simulated gateway that initiates, it proposes any-to-any, as Azure does.
 */
personality_t *personality_azure_create(const profile_t *profile, bool responder);

/**
 * Plain strongSwan: the profile's proposals, or charon's defaults.
 */
personality_t *personality_strongswan_create(const profile_t *profile);

#endif /** PERSONALITY_H_ @}*/
