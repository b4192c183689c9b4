/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "profile_arm.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

static bool profile_arm_conflict(profile_arm_conflict_t *c, const char *field,
								 const char *mine, const char *arm)
{
	snprintf(c->field, sizeof(c->field), "%s", field);
	snprintf(c->profile, sizeof(c->profile), "%s", mine);
	snprintf(c->arm, sizeof(c->arm), "%s", arm);
	return false;
}

/** "a, b, c" */
static void profile_arm_join(char list[][64], size_t n, size_t stride, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? ", " : "",
								 (const char *)list + i * stride);
}

static bool profile_arm_in(const char *s, const char *list, size_t n, size_t stride)
{
	for (size_t i = 0; i < n; i++)
	{
		if (!strcmp(s, list + i * stride))
			return true;
	}
	return false;
}

/** Same set of strings, in any order. */
static bool profile_arm_same(const char *a, size_t na, const char *b, size_t nb, size_t stride)
{
	for (size_t i = 0; i < na; i++)
	{
		if (!profile_arm_in(a + i * stride, b, nb, stride))
			return false;
	}
	for (size_t i = 0; i < nb; i++)
	{
		if (!profile_arm_in(b + i * stride, a, na, stride))
			return false;
	}
	return true;
}

static bool profile_arm_end(const profile_end_t *mine, const azure_peer_end_t *arm,
							const char *name, profile_arm_conflict_t *c)
{
	char field[64], a[400], b[400];

	profile_arm_join((char (*)[64])arm->addresses, arm->n_addresses, 64, a, sizeof(a));
	snprintf(field, sizeof(field), "%s.address", name);
	if (!profile_arm_in(mine->address, (const char *)arm->addresses, arm->n_addresses, 64))
		return profile_arm_conflict(c, field, mine->address, a);
	if (profile_arm_same((const char *)mine->subnets, mine->n_subnets,
						 (const char *)arm->subnets, arm->n_subnets, 64))
		return true;
	profile_arm_join((char (*)[64])mine->subnets, mine->n_subnets, 64, a, sizeof(a));
	profile_arm_join((char (*)[64])arm->subnets, arm->n_subnets, 64, b, sizeof(b));
	snprintf(field, sizeof(field), "%s.subnets", name);
	return profile_arm_conflict(c, field, a, b);
}

/** With a custom policy the proposals must be the policy's; without one, among Azure's. */
static bool profile_arm_proposals(const char mine[][128], size_t n, const char arm[][128],
								  size_t n_arm, bool custom, const char *field,
								  profile_arm_conflict_t *c)
{
	char a[400] = "", b[400] = "";
	size_t used = 0;
	bool ok = true;

	if (!n)
		return true;
	for (size_t i = 0; i < n && ok; i++)
		ok = profile_arm_in(mine[i], (const char *)arm, n_arm, 128);
	if (ok && custom)
		ok = profile_arm_same((const char *)mine, n, (const char *)arm, n_arm, 128);
	if (ok)
		return true;
	for (size_t i = 0; i < n && used < sizeof(a); i++)
		used += (size_t)snprintf(a + used, sizeof(a) - used, "%s%s", i ? ", " : "", mine[i]);
	used = 0;
	for (size_t i = 0; i < n_arm && used < sizeof(b); i++)
		used += (size_t)snprintf(b + used, sizeof(b) - used, "%s%s", i ? ", " : "", arm[i]);
	if (!custom && used < sizeof(b))
		snprintf(b + used, sizeof(b) - used, " (Azure's default policy)");
	return profile_arm_conflict(c, field, a, b);
}

static bool profile_arm_numbers(const profile_t *p, const azure_peer_t *arm, bool gateway,
								profile_arm_conflict_t *c)
{
	char a[32], b[32];

	if (p->has_dpd_timeout && arm->dpd_timeout_s && p->dpd_timeout_s != arm->dpd_timeout_s)
	{
		snprintf(a, sizeof(a), "%u", p->dpd_timeout_s);
		snprintf(b, sizeof(b), "%u", arm->dpd_timeout_s);
		return profile_arm_conflict(c, "ike.dpd_timeout_s", a, b);
	}
	if (p->has_esp_lifetime && p->esp_lifetime_s != arm->esp_lifetime_s)
	{
		snprintf(a, sizeof(a), "%u", p->esp_lifetime_s);
		snprintf(b, sizeof(b), "%u", arm->esp_lifetime_s);
		return profile_arm_conflict(c, "esp.lifetime_s", a, b);
	}
	if (gateway && p->has_connection_mode &&
		strcasecmp(p->connection_mode, arm->connection_mode))
		return profile_arm_conflict(c, "connection_mode", p->connection_mode,
									arm->connection_mode);
	return true;
}

bool profile_arm_check(const profile_t *p, const azure_peer_t *arm, bool gateway,
					   const unsigned char *psk, size_t psk_len, profile_arm_conflict_t *c)
{
	const azure_peer_end_t *local = gateway ? &arm->gateway : &arm->peer;
	const azure_peer_end_t *remote = gateway ? &arm->peer : &arm->gateway;
	size_t key_len = strlen(arm->shared_key);

	memset(c, 0, sizeof(*c));
	if (p->has_local && !profile_arm_end(&p->local, local, "local", c))
		return false;
	if (p->has_remote && !profile_arm_end(&p->remote, remote, "remote", c))
		return false;
	if (!profile_arm_proposals(p->ike_proposals, p->n_ike_proposals, arm->ike, arm->n_ike,
							   arm->custom_policy, p->has_azure_policy ? "azure_policy" :
							   "ike.proposals", c) ||
		!profile_arm_proposals(p->esp_proposals, p->n_esp_proposals, arm->esp, arm->n_esp,
							   arm->custom_policy, p->has_azure_policy ? "azure_policy" :
							   "esp.proposals", c) ||
		!profile_arm_numbers(p, arm, gateway, c))
		return false;
	/* the values are never shown, not even a prefix or a length */
	if (psk && (psk_len != key_len || CRYPTO_memcmp(psk, arm->shared_key, key_len)))
		return profile_arm_conflict(c, "auth", "the profile's pre-shared key",
									"the connection's shared key (they differ; neither is shown)");
	return true;
}

static void profile_arm_fill_end(profile_end_t *end, const azure_peer_end_t *arm)
{
	snprintf(end->address, sizeof(end->address), "%s", arm->addresses[0]);
	snprintf(end->id, sizeof(end->id), "%s", end->address);
	for (size_t i = 0; i < arm->n_subnets && i < PROFILE_MAX_SUBNETS; i++)
		snprintf(end->subnets[i], sizeof(end->subnets[i]), "%s", arm->subnets[i]);
	end->n_subnets = arm->n_subnets < PROFILE_MAX_SUBNETS ? arm->n_subnets :
					 PROFILE_MAX_SUBNETS;
}

void profile_arm_fill(profile_t *p, const azure_peer_t *arm, bool gateway)
{
	static const char *const modes[] = { "Default", "InitiatorOnly", "ResponderOnly" };

	if (!p->has_local)
		profile_arm_fill_end(&p->local, gateway ? &arm->gateway : &arm->peer);
	if (!p->has_remote)
		profile_arm_fill_end(&p->remote, gateway ? &arm->peer : &arm->gateway);
	if (arm->custom_policy && !p->n_ike_proposals)
	{
		for (size_t i = 0; i < arm->n_ike && i < PROFILE_MAX_PROPOSALS; i++)
			snprintf(p->ike_proposals[i], sizeof(p->ike_proposals[i]), "%s", arm->ike[i]);
		p->n_ike_proposals = arm->n_ike;
	}
	if (arm->custom_policy && !p->n_esp_proposals)
	{
		for (size_t i = 0; i < arm->n_esp && i < PROFILE_MAX_PROPOSALS; i++)
			snprintf(p->esp_proposals[i], sizeof(p->esp_proposals[i]), "%s", arm->esp[i]);
		p->n_esp_proposals = arm->n_esp;
	}
	p->esp_lifetime_s = arm->esp_lifetime_s;
	if (arm->dpd_timeout_s)
		p->dpd_timeout_s = arm->dpd_timeout_s;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
	{
		if (!strcasecmp(arm->connection_mode, modes[i]))
			snprintf(p->connection_mode, sizeof(p->connection_mode), "%s", modes[i]);
	}
}
