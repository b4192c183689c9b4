/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdio.h>

#include "azure_bgp.h"
#include "profile_azure_bgp.h"
#include "profile_check.h"

static bool profile_azure_bgp_bool(json_t *obj, const char *key, const char *path, bool *out,
								   profile_err_t *err)
{
	json_t *v = json_object_get(obj, key);
	char where[128];

	if (!v)
		return true;
	check_path(where, sizeof(where), path, key, 0);
	if (!json_is_boolean(v))
		return check_fail(err, where, "expected true or false");
	*out = json_is_true(v);
	return true;
}

static bool profile_azure_bgp_apipa(json_t *bgp, const char *path, azure_tenant_cfg_t *c,
									profile_err_t *err)
{
	json_t *a = json_object_get(bgp, "apipa"), *v;
	char where[128], item[160];
	size_t i;

	if (!a)
		return true;
	check_path(where, sizeof(where), path, "apipa", 0);
	if (!json_is_array(a) || !json_array_size(a) || json_array_size(a) > 2)
		return check_fail(err, where, "expected 1 or 2 addresses, one per gateway instance");
	json_array_foreach(a, i, v)
	{
		check_path(item, sizeof(item), where, NULL, (int)i);
		if (!json_is_string(v) || json_string_length(v) >= sizeof(c->apipa[i]) ||
			!check_is_address(json_string_value(v)))
			return check_fail(err, item, "expected an IPv4 address (169.254.21.0-169.254.22.255)");
		snprintf(c->apipa[i], sizeof(c->apipa[i]), "%s", json_string_value(v));
	}
	return true;
}

bool profile_azure_bgp_gateway(json_t *g, const char *where, azure_tenant_cfg_t *c,
							   profile_err_t *err)
{
	static const char *const keys[] = { "asn", "apipa", NULL };
	uint64_t asn = AZURE_BGP_DEFAULT_ASN;
	char path[160];
	json_t *bgp;

	if (!g)
		return true;
	if (!profile_azure_bgp_bool(g, "active_active", where, &c->active_active, err) ||
		!check_object(g, "bgp", where, false, &bgp, err))
		return false;
	if (!bgp)
		return true;
	check_path(path, sizeof(path), where, "bgp", 0);
	if (!check_keys(bgp, path, keys, err) ||
		!check_uint(bgp, "asn", path, false, 1, 4294967295u, &asn, err) ||
		!profile_azure_bgp_apipa(bgp, path, c, err))
		return false;
	c->bgp = true;
	c->asn = (uint32_t)asn;
	return true;
}

bool profile_azure_bgp_onprem(json_t *o, azure_topology_t *topo, profile_err_t *err)
{
	static const char *const keys[] = { "asn", "peering_address", NULL };
	const char *path = "azure.onprem.bgp";
	uint64_t asn = 0;
	json_t *bgp;

	if (!check_object(o, "bgp", "azure.onprem", false, &bgp, err))
		return false;
	if (!bgp)
		return true;
	if (!check_keys(bgp, path, keys, err) ||
		!check_uint(bgp, "asn", path, true, 1, 4294967295u, &asn, err) ||
		!check_string(bgp, "peering_address", path, true, topo->onprem_bgp_ip,
					  sizeof(topo->onprem_bgp_ip), err))
		return false;
	if (!check_is_address(topo->onprem_bgp_ip))
		return check_fail(err, "azure.onprem.bgp.peering_address", "expected an IPv4 or IPv6 "
						  "address (the device's BGP address, e.g. 169.254.21.2)");
	topo->onprem_bgp = true;
	topo->onprem_asn = (uint32_t)asn;
	return true;
}
