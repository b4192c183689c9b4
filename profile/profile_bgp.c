/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "profile_bgp.h"
#include "profile_check.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <azure_bgp.h>

/** BGP's smallest hold time other than 0 (RFC 4271), and the default (keepalive 3 s). */
#define BGP_HOLD_MIN_S 3
#define BGP_HOLD_DEFAULT_S 9

static bool bgp_asn(json_t *b, const char *key, bool required, uint32_t *out,
					profile_err_t *err)
{
	uint64_t v = *out;
	const char *why;
	char where[64];

	if (!check_uint(b, key, "bgp", required, 1, UINT32_MAX, &v, err))
		return false;
	snprintf(where, sizeof(where), "bgp.%s", key);
	if ((why = azure_bgp_asn_reserved(v, false)))
		return check_fail(err, where, "%llu is %s; Azure refuses it: use a private ASN "
						  "(64512-65514, 65521-65534), e.g. 65010", (unsigned long long)v,
						  why);
	*out = (uint32_t)v;
	return true;
}

static uint32_t bgp_v4(const char *ip)
{
	struct in_addr a;

	return inet_pton(AF_INET, ip, &a) == 1 ? ntohl(a.s_addr) : 0;
}

/* An inner address: in Azure's APIPA range, and a host of a /30 (not its ends). */
static bool bgp_apipa(const char *ip, const char *where, profile_err_t *err)
{
	uint32_t a = bgp_v4(ip);

	if (!azure_bgp_apipa_ok(ip))
		return check_fail(err, where, "'%s' is outside 169.254.21.0-169.254.22.255, the "
						  "APIPA range Azure takes for BGP over the tunnels; use e.g. "
						  "169.254.21.1 and .2", ip);
	if ((a & 3) == 0 || (a & 3) == 3)
		return check_fail(err, where, "'%s' is the network or broadcast address of its "
						  "/30; the tunnel's inner addresses are .1 and .2 of a /30", ip);
	return true;
}

static bool bgp_tunnel(json_t *t, const char *where, size_t i, const profile_t *p,
					   profile_bgp_tunnel_t *out, profile_err_t *err)
{
	static const char *const keys[] = { "remote_address", "local_ip", "peer_ip", NULL };
	char field[128];

	if (!json_is_object(t))
		return check_fail(err, where, "expected an object {\"remote_address\", "
						  "\"local_ip\", \"peer_ip\"}");
	if (i == 0)
		snprintf(out->remote_address, sizeof(out->remote_address), "%s", p->remote.address);
	if (!check_keys(t, where, keys, err) ||
		!check_string(t, "remote_address", where, i > 0, out->remote_address,
					  sizeof(out->remote_address), err) ||
		!check_string(t, "local_ip", where, true, out->local_ip, sizeof(out->local_ip), err) ||
		!check_string(t, "peer_ip", where, true, out->peer_ip, sizeof(out->peer_ip), err))
		return false;
	check_path(field, sizeof(field), where, "remote_address", 0);
	if (!check_is_address(out->remote_address))
		return check_fail(err, field, "'%s' is not an IP address", out->remote_address);
	check_path(field, sizeof(field), where, "local_ip", 0);
	if (!bgp_apipa(out->local_ip, field, err))
		return false;
	check_path(field, sizeof(field), where, "peer_ip", 0);
	if (!bgp_apipa(out->peer_ip, field, err))
		return false;
	if ((bgp_v4(out->local_ip) & ~3u) != (bgp_v4(out->peer_ip) & ~3u) ||
		!strcmp(out->local_ip, out->peer_ip))
		return check_fail(err, field, "'%s' and local_ip '%s' must be the two hosts of one "
						  "/30 (e.g. 169.254.21.1 and 169.254.21.2)", out->peer_ip,
						  out->local_ip);
	return true;
}

/* Two tunnels need two gateway instances and two /30s. */
static bool bgp_distinct(const profile_bgp_t *b, profile_err_t *err)
{
	for (size_t i = 1; i < b->n_tunnels; i++)
	{
		char where[64];

		if (!strcmp(b->tunnels[i].remote_address, b->tunnels[0].remote_address))
			return check_fail(err, (snprintf(where, sizeof(where),
							  "bgp.tunnels[%zu].remote_address", i), where),
							  "'%s' is tunnels[0]'s too; each tunnel goes to its own gateway "
							  "instance (an active-active gateway has two public IPs)",
							  b->tunnels[i].remote_address);
		if ((bgp_v4(b->tunnels[i].local_ip) & ~3u) == (bgp_v4(b->tunnels[0].local_ip) & ~3u))
			return check_fail(err, (snprintf(where, sizeof(where), "bgp.tunnels[%zu].local_ip",
							  i), where), "'%s' is in tunnels[0]'s /30; each tunnel needs "
							  "its own /30 (e.g. 169.254.21.0/30 and 169.254.22.0/30)",
							  b->tunnels[i].local_ip);
	}
	return true;
}

bool profile_bgp(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "asn", "peer_asn", "hold_s", "tunnels", NULL };
	uint64_t hold = BGP_HOLD_DEFAULT_S;
	json_t *b, *list, *t;
	size_t i;

	if (!check_object(root, "bgp", "", false, &b, err))
		return false;
	if (!(p->has_bgp = b != NULL))
		return true;
	p->bgp.peer_asn = AZURE_BGP_DEFAULT_ASN;
	if (!check_keys(b, "bgp", keys, err) || !bgp_asn(b, "asn", true, &p->bgp.asn, err) ||
		!bgp_asn(b, "peer_asn", false, &p->bgp.peer_asn, err) ||
		!check_uint(b, "hold_s", "bgp", false, BGP_HOLD_MIN_S, 65535, &hold, err))
		return false;
	p->bgp.hold_s = (unsigned)hold;
	if (p->bgp.asn == p->bgp.peer_asn && p->bgp.asn == AZURE_BGP_DEFAULT_ASN)
		return check_fail(err, "bgp.asn", "65515 is the Azure gateways' own ASN (bgp.peer_asn's "
						  "default), reserved by Azure for its side; give the on-prem side "
						  "another private ASN, e.g. 65010");
	if (p->bgp.asn == p->bgp.peer_asn)
		return check_fail(err, "bgp.peer_asn", "%u is bgp.asn too; the sessions over the "
						  "tunnels are eBGP: the two sides need different ASNs", p->bgp.asn);
	list = json_object_get(b, "tunnels");
	if (!json_is_array(list) || !json_array_size(list) ||
		json_array_size(list) > PROFILE_MAX_BGP_TUNNELS)
		return check_fail(err, "bgp.tunnels", "expected an array of 1 or %d tunnels (one per "
						  "gateway instance), e.g. [{\"local_ip\": \"169.254.21.2\", "
						  "\"peer_ip\": \"169.254.21.1\"}]", PROFILE_MAX_BGP_TUNNELS);
	json_array_foreach(list, i, t)
	{
		char where[64];

		check_path(where, sizeof(where), "bgp.tunnels", NULL, (int)i);
		if (!bgp_tunnel(t, where, i, p, &p->bgp.tunnels[i], err))
			return false;
	}
	p->bgp.n_tunnels = json_array_size(list);
	return bgp_distinct(&p->bgp, err);
}

bool profile_bgp_check_onprem(const profile_t *p, profile_err_t *err)
{
	const char *why;

	if (!p->has_bgp || !(why = azure_bgp_asn_reserved(p->bgp.asn, true)))
		return true;
	*err = (profile_err_t){ .line = 0 };
	snprintf(err->file, sizeof(err->file), "%s", p->path);
	return check_fail(err, "bgp.asn", "%u is %s; the on-prem side (a local network "
					  "gateway's bgpSettings) needs another private ASN, e.g. 65010",
					  p->bgp.asn, why);
}
