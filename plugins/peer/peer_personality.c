/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_personality.h"
#include "peer_personality_table.h"

#include <daemon.h>

typedef struct private_personality_t private_personality_t;

/**
 * Private data of a personality_t object.
 */
struct private_personality_t {

	/**
	 * Public personality_t interface.
	 */
	personality_t public;

	/**
	 * The profile, borrowed.
	 */
	const profile_t *profile;

	/**
	 * What this kind of gateway offers and accepts when the profile names nothing.
	 */
	const personality_table_t *table;
};

/* Proposal strings come from a validated profile or a table, so charon refusing one is a
 * bug worth a loud error, not a silent fallback. */
static bool add_proposal_strings(protocol_id_t proto, const char *const *list, size_t n,
								 void *cfg)
{
	for (size_t i = 0; i < n; i++)
	{
		proposal_t *proposal = proposal_create_from_string(proto, (char*)list[i]);

		if (!proposal)
		{
			DBG1(DBG_CFG, "proposal '%s' is not valid for %N", list[i], protocol_id_names,
				 proto);
			return FALSE;
		}
		if (proto == PROTO_IKE)
			((ike_cfg_t*)cfg)->add_proposal(cfg, proposal);
		else
			((child_cfg_t*)cfg)->add_proposal(cfg, proposal);
	}
	return TRUE;
}

METHOD(personality_t, add_ike_proposals, bool,
	private_personality_t *this, ike_cfg_t *ike_cfg)
{
	const char *list[PROFILE_MAX_PROPOSALS];
	size_t n = this->profile->n_ike_proposals;

	for (size_t i = 0; i < n; i++)
		list[i] = this->profile->ike_proposals[i];
	if (n)
		return add_proposal_strings(PROTO_IKE, list, n, ike_cfg);
	if (this->table->ike)
		return add_proposal_strings(PROTO_IKE, this->table->ike, this->table->n_ike, ike_cfg);
	ike_cfg->add_proposal(ike_cfg, proposal_create_default(PROTO_IKE));
	ike_cfg->add_proposal(ike_cfg, proposal_create_default_aead(PROTO_IKE));
	return TRUE;
}

METHOD(personality_t, add_esp_proposals, bool,
	private_personality_t *this, child_cfg_t *child_cfg)
{
	const char *list[PROFILE_MAX_PROPOSALS];
	size_t n = this->profile->n_esp_proposals;

	for (size_t i = 0; i < n; i++)
		list[i] = this->profile->esp_proposals[i];
	if (n)
		return add_proposal_strings(PROTO_ESP, list, n, child_cfg);
	if (this->table->esp)
		return add_proposal_strings(PROTO_ESP, this->table->esp, this->table->n_esp,
									child_cfg);
	child_cfg->add_proposal(child_cfg, proposal_create_default_aead(PROTO_ESP));
	child_cfg->add_proposal(child_cfg, proposal_create_default(PROTO_ESP));
	return TRUE;
}

METHOD(personality_t, add_traffic_selectors, void,
	private_personality_t *this, child_cfg_t *child_cfg, bool local)
{
	const profile_end_t *end = local ? &this->profile->local : &this->profile->remote;

	if (this->profile->has_bgp)
	{	/* route-based with BGP: any-to-any, BGP's routes decide what enters the tunnel */
		child_cfg->add_traffic_selector(child_cfg, local,
					traffic_selector_create_from_cidr("0.0.0.0/0", 0, 0, 65535));
		return;
	}
	for (size_t i = 0; i < end->n_subnets; i++)
	{
		traffic_selector_t *ts = traffic_selector_create_from_cidr(
									(char*)end->subnets[i], 0, 0, 65535);
		if (ts)
			child_cfg->add_traffic_selector(child_cfg, local, ts);
	}
}

METHOD(personality_t, add_initiator_selectors, void,
	private_personality_t *this, child_cfg_t *child_cfg)
{
	if (!this->table->initiates_any && !this->profile->has_bgp)
	{
		add_traffic_selectors(this, child_cfg, TRUE);
		add_traffic_selectors(this, child_cfg, FALSE);
		return;
	}
	child_cfg->add_traffic_selector(child_cfg, TRUE,
				traffic_selector_create_from_cidr("0.0.0.0/0", 0, 0, 65535));
	child_cfg->add_traffic_selector(child_cfg, FALSE,
				traffic_selector_create_from_cidr("0.0.0.0/0", 0, 0, 65535));
}

METHOD(personality_t, initiates_any, bool,
	private_personality_t *this)
{
	return this->table->initiates_any;
}

METHOD(personality_t, get_ike_lifetime, uint32_t,
	private_personality_t *this)
{
	return this->profile->ike_lifetime_s;
}

METHOD(personality_t, get_esp_lifetime, lifetime_cfg_t,
	private_personality_t *this)
{
	uint64_t life = this->profile->esp_lifetime_s;
	uint64_t bytes = this->profile->esp_life_kb * 1024;
	/* rekey at 90%, spread by 5%, as gateways do to avoid rekey collisions */
	lifetime_cfg_t lt = {
		.time = { .life = life, .rekey = life - life / 10, .jitter = life / 20 },
		.bytes = { .life = bytes, .rekey = bytes - bytes / 10, .jitter = bytes / 20 },
	};

	return lt;
}

METHOD(personality_t, get_name, const char*,
	private_personality_t *this)
{
	return this->table->name;
}

static void describe_list(char *buf, size_t len, const char (*own)[128], size_t n,
						  const char *table)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "", own[i]);
	if (!n)
		snprintf(buf, len, "%s", table ?: "charon's defaults");
}

METHOD(personality_t, describe, void,
	private_personality_t *this, char *buf, size_t len)
{
	char ike[200], esp[200];

	describe_list(ike, sizeof(ike), this->profile->ike_proposals,
				  this->profile->n_ike_proposals, this->table->describe_ike);
	describe_list(esp, sizeof(esp), this->profile->esp_proposals,
				  this->profile->n_esp_proposals, this->table->describe_esp);
	snprintf(buf, len, "IKE %s; ESP %s", ike, esp);
}

METHOD(personality_t, log_, void,
	private_personality_t *this)
{
	bool own = this->profile->n_ike_proposals > 0;

	DBG1(DBG_CFG, "personality %s: IKE %s, ESP %s; IKE lifetime %us, ESP %us / %llu KB, "
		 "DPD timeout %us", this->table->name,
		 own ? (this->profile->has_azure_policy ? "from azure_policy" : "from the profile")
			 : this->table->ike ? this->table->describe_ike : "charon defaults",
		 this->profile->n_esp_proposals ? "from the profile"
			 : this->table->esp ? this->table->describe_esp : "charon defaults",
		 this->profile->ike_lifetime_s, this->profile->esp_lifetime_s,
		 (unsigned long long)this->profile->esp_life_kb, this->profile->dpd_timeout_s);
}

METHOD(personality_t, destroy, void,
	private_personality_t *this)
{
	free(this);
}

personality_t *personality_table_create(const profile_t *profile,
										const personality_table_t *table)
{
	private_personality_t *this;

	INIT(this,
		.public = {
			.add_ike_proposals = _add_ike_proposals,
			.add_esp_proposals = _add_esp_proposals,
			.add_traffic_selectors = _add_traffic_selectors,
			.add_initiator_selectors = _add_initiator_selectors,
			.initiates_any = _initiates_any,
			.get_ike_lifetime = _get_ike_lifetime,
			.get_esp_lifetime = _get_esp_lifetime,
			.get_name = _get_name,
			.describe = _describe,
			.log = _log_,
			.destroy = _destroy,
		},
		.profile = profile,
		.table = table,
	);
	return &this->public;
}

personality_t *personality_create(const profile_t *profile, bool responder)
{
	if (!strcmp(profile->personality, "azure"))
		return personality_azure_create(profile, responder);
	return personality_strongswan_create(profile);
}
