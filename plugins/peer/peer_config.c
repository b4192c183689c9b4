/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_config.h"

#include <daemon.h>

typedef struct private_peer_config_t private_peer_config_t;

/**
 * Private data of a peer_config_t object.
 */
struct private_peer_config_t {

	/**
	 * Public peer_config_t interface.
	 */
	peer_config_t public;

	/**
	 * The one connection.
	 */
	peer_cfg_t *peer_cfg;

	/**
	 * Its CHILD_SA config: what we accept as responder.
	 */
	child_cfg_t *child_cfg;

	/**
	 * The CHILD_SA config we initiate with: the same one, or one proposing any-to-any
	 * (a route-based Azure gateway). Kept out of the peer_cfg, so a responder never
	 * accepts more than child_cfg does.
	 */
	child_cfg_t *initiate_cfg;
};

static ike_cfg_t *create_ike_cfg(const profile_t *profile, personality_t *personality)
{
	ike_cfg_t *ike_cfg;
	ike_cfg_create_t ike = {
		.version = IKEV2,
		.local = (char*)profile->local.address,
		.local_port = charon->socket->get_port(charon->socket, FALSE),
		.remote = (char*)profile->remote.address,
		.remote_port = IKEV2_UDP_PORT,
		.no_certreq = TRUE,
		.fragmentation = FRAGMENTATION_YES,
	};

	ike_cfg = ike_cfg_create(&ike);
	if (!personality->add_ike_proposals(personality, ike_cfg))
	{
		ike_cfg->destroy(ike_cfg);
		return NULL;
	}
	return ike_cfg;
}

static void add_auth(peer_cfg_t *peer_cfg, const char *id, bool local)
{
	auth_cfg_t *auth = auth_cfg_create();

	auth->add(auth, AUTH_RULE_AUTH_CLASS, AUTH_CLASS_PSK);
	auth->add(auth, AUTH_RULE_IDENTITY, identification_create_from_string((char*)id));
	peer_cfg->add_auth_cfg(peer_cfg, auth, local);
}

/* Does the profile name an IPv6 end or subnet? */
static bool uses_ipv6(const profile_t *profile)
{
	bool v6 = strchr(profile->local.address, ':') || strchr(profile->remote.address, ':');

	for (size_t i = 0; i < profile->local.n_subnets; i++)
		v6 = v6 || strchr(profile->local.subnets[i], ':');
	for (size_t i = 0; i < profile->remote.n_subnets; i++)
		v6 = v6 || strchr(profile->remote.subnets[i], ':');
	return v6;
}

/* Route-based: any-to-any both ways (and ::/0 when IPv6 is in play), proposed and accepted;
 * the interface's routes decide what enters the tunnel. */
static void add_any_selectors(const profile_t *profile, child_cfg_t *child_cfg)
{
	for (int local = 0; local < 2; local++)
	{
		child_cfg->add_traffic_selector(child_cfg, local,
					traffic_selector_create_from_cidr("0.0.0.0/0", 0, 0, 65535));
		if (uses_ipv6(profile))
			child_cfg->add_traffic_selector(child_cfg, local,
					traffic_selector_create_from_cidr("::/0", 0, 0, 65535));
	}
}

static child_cfg_t *create_child_cfg(const profile_t *profile, personality_t *personality,
									 bool keep, bool initiate, const peer_route_t *route)
{
	child_cfg_t *child_cfg;
	child_cfg_create_t child = {
		.lifetime = personality->get_esp_lifetime(personality),
		.mode = MODE_TUNNEL,
		/* a side that initiates keeps its tunnel, as a site-to-site device does */
		.dpd_action = keep ? ACTION_START : ACTION_NONE,
		.close_action = ACTION_NONE,
	};

	if (peer_route_on(route))
	{
		/* an XFRM interface matches its if_id; a VTI marks what it sends and receives
		 * with its key, which the policies must carry */
		child.if_id_in = child.if_id_out = route->if_id;
		child.mark_in.value = child.mark_out.value = route->mark;
		child.mark_in.mask = child.mark_out.mask = route->mark ? 0xffffffff : 0;
	}
	child_cfg = child_cfg_create((char*)profile->name, &child);
	if (!personality->add_esp_proposals(personality, child_cfg))
	{
		child_cfg->destroy(child_cfg);
		return NULL;
	}
	if (peer_route_on(route))
		add_any_selectors(profile, child_cfg);
	else if (initiate)
		personality->add_initiator_selectors(personality, child_cfg);
	else
	{
		personality->add_traffic_selectors(personality, child_cfg, TRUE);
		personality->add_traffic_selectors(personality, child_cfg, FALSE);
	}
	return child_cfg;
}

static peer_cfg_t *create_peer_cfg(const profile_t *profile, personality_t *personality,
								   ike_cfg_t *ike_cfg, bool keep)
{
	uint32_t life = personality->get_ike_lifetime(personality);
	peer_cfg_create_t peer = {
		.cert_policy = CERT_NEVER_SEND,
		.unique = UNIQUE_REPLACE,
		/* the on-prem side keeps trying, as a site-to-site device does; `up` bounds the
		 * first attempt with its own timeout */
		.keyingtries = keep ? 0 : 1,
		.rekey_time = life - life / 10,
		.jitter_time = life / 20,
		.over_time = life / 10,
		.no_mobike = TRUE,
		.dpd = profile->dpd_delay_s,
	};
	peer_cfg_t *peer_cfg = peer_cfg_create((char*)profile->name, ike_cfg, &peer);

	add_auth(peer_cfg, profile->local.id, TRUE);
	add_auth(peer_cfg, profile->remote.id, FALSE);
	return peer_cfg;
}

METHOD(backend_t, create_peer_cfg_enumerator, enumerator_t*,
	private_peer_config_t *this, identification_t *me, identification_t *other)
{
	return enumerator_create_single(this->peer_cfg, NULL);
}

METHOD(backend_t, create_ike_cfg_enumerator, enumerator_t*,
	private_peer_config_t *this, host_t *me, host_t *other)
{
	return enumerator_create_single(this->peer_cfg->get_ike_cfg(this->peer_cfg), NULL);
}

METHOD(backend_t, get_peer_cfg_by_name, peer_cfg_t*,
	private_peer_config_t *this, char *name)
{
	if (streq(name, this->peer_cfg->get_name(this->peer_cfg)))
		return this->peer_cfg->get_ref(this->peer_cfg);
	return NULL;
}

METHOD(peer_config_t, get_peer_cfg, peer_cfg_t*,
	private_peer_config_t *this)
{
	return this->peer_cfg->get_ref(this->peer_cfg);
}

METHOD(peer_config_t, get_child_cfg, child_cfg_t*,
	private_peer_config_t *this)
{
	return this->initiate_cfg->get_ref(this->initiate_cfg);
}

METHOD(peer_config_t, destroy, void,
	private_peer_config_t *this)
{
	this->initiate_cfg->destroy(this->initiate_cfg);
	this->child_cfg->destroy(this->child_cfg);
	this->peer_cfg->destroy(this->peer_cfg);
	free(this);
}

peer_config_t *peer_config_create(const profile_t *profile, personality_t *personality,
								  bool initiator, const peer_route_t *route)
{
	private_peer_config_t *this;
	ike_cfg_t *ike_cfg;
	child_cfg_t *child_cfg, *initiate_cfg;

	/* `up`, and a simulated gateway in Default or InitiatorOnly mode, keep trying */
	bool keep = initiator || profile_initiates(profile);

	ike_cfg = create_ike_cfg(profile, personality);
	child_cfg = create_child_cfg(profile, personality, keep, false, route);
	/* route-based, the responder's config proposes any-to-any already */
	initiate_cfg = !child_cfg ? NULL : !personality->initiates_any(personality) ||
				   peer_route_on(route) ? child_cfg->get_ref(child_cfg) :
				   create_child_cfg(profile, personality, keep, true, route);
	if (!ike_cfg || !child_cfg || !initiate_cfg)
	{
		DESTROY_IF(ike_cfg);
		DESTROY_IF(child_cfg);
		DESTROY_IF(initiate_cfg);
		return NULL;
	}
	INIT(this,
		.public = {
			.backend = {
				.create_peer_cfg_enumerator = _create_peer_cfg_enumerator,
				.create_ike_cfg_enumerator = _create_ike_cfg_enumerator,
				.get_peer_cfg_by_name = _get_peer_cfg_by_name,
			},
			.get_peer_cfg = _get_peer_cfg,
			.get_child_cfg = _get_child_cfg,
			.destroy = _destroy,
		},
		.peer_cfg = create_peer_cfg(profile, personality, ike_cfg, keep),
		.child_cfg = child_cfg,
		.initiate_cfg = initiate_cfg,
	);
	this->peer_cfg->add_child_cfg(this->peer_cfg, child_cfg->get_ref(child_cfg));
	return &this->public;
}
