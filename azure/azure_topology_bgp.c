/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* What active-active gateways and BGP add to a topology's request bodies. */

#include <stdio.h>
#include <string.h>

#include "azure_topology.h"

/* The second instance's IP configuration: same GatewaySubnet, its own public IP. */
static void azure_topology_bgp_ipconfig2(const azure_topology_t *topo, size_t tenant,
										 json_t *props)
{
	char vnet[512], pip[512], subnet[600];

	azure_topology_id(topo, tenant, AZURE_VNET, vnet, sizeof(vnet));
	azure_topology_pip_id(topo, tenant, 1, pip, sizeof(pip));
	snprintf(subnet, sizeof(subnet), "%s/subnets/GatewaySubnet", vnet);
	json_array_append_new(json_object_get(props, "ipConfigurations"),
		json_pack("{s:s,s:{s:s,s:{s:s},s:{s:s}}}", "name", "gwipconfig2", "properties",
				  "privateIPAllocationMethod", "Dynamic", "subnet", "id", subnet,
				  "publicIPAddress", "id", pip));
}

void azure_topology_bgp_gateway(const azure_topology_t *topo, size_t tenant, json_t *props)
{
	const azure_tenant_cfg_t *t = &topo->tenants[tenant];
	json_t *settings, *peering;
	char gw[512], cfg[600];

	if (t->active_active)
	{
		azure_topology_bgp_ipconfig2(topo, tenant, props);
		json_object_set_new(props, "activeActive", json_true());
	}
	if (!t->bgp)
		return;
	json_object_set_new(props, "enableBgp", json_true());
	settings = json_pack("{s:I}", "asn", (json_int_t)t->asn);
	peering = json_array();
	azure_topology_id(topo, tenant, AZURE_GATEWAY, gw, sizeof(gw));
	for (int i = 0; i < (t->active_active ? 2 : 1); i++)
	{
		if (!t->apipa[i][0])
			continue;
		snprintf(cfg, sizeof(cfg), "%s/ipConfigurations/gwipconfig%d", gw, i + 1);
		json_array_append_new(peering, json_pack("{s:s,s:[s]}", "ipconfigurationId", cfg,
												 "customBgpIpAddresses", t->apipa[i]));
	}
	if (json_array_size(peering))
		json_object_set_new(settings, "bgpPeeringAddresses", peering);
	else
		json_decref(peering);
	json_object_set_new(props, "bgpSettings", settings);
}

/* The far end of an LNG: its ASN and BGP address, if it speaks BGP. */
static bool azure_topology_bgp_far(const azure_topology_t *topo, const azure_res_t *res,
								   uint32_t *asn, const char **ip)
{
	const azure_tenant_cfg_t *peer;

	if (res->peer < 0)
	{
		*asn = topo->onprem_asn;
		*ip = topo->onprem_bgp_ip;
		return topo->onprem_bgp;
	}
	/* a peer tenant's gateway is reached at its custom APIPA address (preflight asks for
	 * one: its default BGP address is not known before it exists) */
	peer = &topo->tenants[res->peer];
	*asn = peer->asn;
	*ip = peer->apipa[0];
	return peer->bgp && topo->tenants[res->tenant].bgp && peer->apipa[0][0];
}

bool azure_topology_bgp_lng(const azure_topology_t *topo, const azure_res_t *res,
							json_t *props)
{
	const char *ip;
	uint32_t asn;
	char host[80];

	if (!azure_topology_bgp_far(topo, res, &asn, &ip))
		return false;
	snprintf(host, sizeof(host), "%s/32", ip);
	json_object_set_new(props, "bgpSettings", json_pack("{s:I,s:s}", "asn", (json_int_t)asn,
						"bgpPeeringAddress", ip));
	json_object_set_new(props, "localNetworkAddressSpace", json_pack("{s:[s]}",
						"addressPrefixes", host));
	return true;
}

bool azure_topology_bgp_connection(const azure_topology_t *topo, const azure_res_t *res)
{
	const azure_tenant_cfg_t *t = &topo->tenants[res->tenant];

	if (!t->bgp)
		return false;
	if (res->peer < 0)
		return topo->onprem_bgp;
	/* over s2s the peer's LNG needs its APIPA address (preflight says so) */
	return topo->tenants[res->peer].bgp && (topo->pattern == AZURE_PATTERN_VNET2VNET ||
											topo->tenants[res->peer].apipa[0][0]);
}
