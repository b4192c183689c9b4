/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Resource names, ids and request bodies of a topology. */

#include <stdio.h>
#include <string.h>

#include "arm_client.h"
#include "azure_topology.h"

const char *azure_topology_kind_name(azure_kind_t kind)
{
	static const char *const names[] = { "resourceGroups", "virtualNetworks",
		"publicIPAddresses", "virtualNetworkGateways", "localNetworkGateways", "connections" };

	return names[kind];
}

void azure_topology_id(const azure_topology_t *topo, size_t tenant, azure_kind_t kind,
					   char *buf, size_t len)
{
	const azure_tenant_cfg_t *t = &topo->tenants[tenant];
	const char *name = kind == AZURE_VNET ? t->vnet_name : t->gateway_name;

	if (kind == AZURE_RG)
		snprintf(buf, len, "/subscriptions/%s/resourceGroups/%s", t->subscription_id,
				 t->resource_group);
	else
		snprintf(buf, len, "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/"
				 "%s/%s%s", t->subscription_id, t->resource_group,
				 azure_topology_kind_name(kind), name, kind == AZURE_PIP ? "-pip" : "");
}

void azure_topology_pip_id(const azure_topology_t *topo, size_t tenant, int instance,
						   char *buf, size_t len)
{
	azure_topology_id(topo, tenant, AZURE_PIP, buf, len);
	if (instance > 0 && strlen(buf) + 2 < len)
		snprintf(buf + strlen(buf), len - strlen(buf), "%d", instance + 1);
}

static void azure_topology_add(const azure_topology_t *topo, azure_res_t *out, size_t *n,
							   azure_kind_t kind, size_t tenant, int peer)
{
	const azure_tenant_cfg_t *t = &topo->tenants[tenant];
	const char *peer_name = peer >= 0 ? topo->tenants[peer].name : "onprem";
	azure_res_t *r = &out[(*n)++];
	char name[96];

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->tenant = tenant;
	r->peer = peer;
	r->api = kind == AZURE_RG ? ARM_API_RESOURCES : ARM_API_NETWORK;
	if (kind == AZURE_LNG || kind == AZURE_CONNECTION)
	{
		snprintf(name, sizeof(name), "%s-to-%s", kind == AZURE_LNG ? "lng" : "conn", peer_name);
		snprintf(r->id, sizeof(r->id), "/subscriptions/%s/resourceGroups/%s/providers/"
				 "Microsoft.Network/%s/%s", t->subscription_id, t->resource_group,
				 azure_topology_kind_name(kind), name);
	}
	else
		azure_topology_id(topo, tenant, kind, r->id, sizeof(r->id));
	snprintf(r->label, sizeof(r->label), "%s: %s/%s", t->name, azure_topology_kind_name(kind),
			 strrchr(r->id, '/') + 1);
}

size_t azure_topology_resources(const azure_topology_t *topo, azure_res_t *out)
{
	static const azure_kind_t base[] = { AZURE_RG, AZURE_VNET, AZURE_PIP, AZURE_GATEWAY };
	size_t n = 0;

	for (size_t k = 0; k < sizeof(base) / sizeof(base[0]); k++)
	{
		for (size_t i = 0; i < topo->n_tenants; i++)
			azure_topology_add(topo, out, &n, base[k], i, -1);
		/* an active-active gateway's second public IP, before the gateway */
		for (size_t i = 0; base[k] == AZURE_PIP && i < topo->n_tenants; i++)
		{
			if (!topo->tenants[i].active_active)
				continue;
			azure_topology_add(topo, out, &n, AZURE_PIP, i, -1);
			out[n - 1].instance = 1;
			azure_topology_pip_id(topo, i, 1, out[n - 1].id, sizeof(out[n - 1].id));
			snprintf(out[n - 1].label, sizeof(out[n - 1].label), "%s: publicIPAddresses/%s",
					 topo->tenants[i].name, strrchr(out[n - 1].id, '/') + 1);
		}
	}
	for (size_t i = 0; i < topo->n_tenants && topo->n_tenants == 2; i++)
	{
		if (topo->pattern == AZURE_PATTERN_S2S)
			azure_topology_add(topo, out, &n, AZURE_LNG, i, (int)(1 - i));
	}
	if (topo->has_onprem)
		azure_topology_add(topo, out, &n, AZURE_LNG, topo->onprem_tenant, -1);
	for (size_t i = 0; i < topo->n_tenants && topo->n_tenants == 2; i++)
		azure_topology_add(topo, out, &n, AZURE_CONNECTION, i, (int)(1 - i));
	if (topo->has_onprem)
		azure_topology_add(topo, out, &n, AZURE_CONNECTION, topo->onprem_tenant, -1);
	return n;
}

json_t *azure_topology_policy_json(const azure_ipsec_policy_t *p)
{
	return json_pack("{s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:s}",
					 "saLifeTimeSeconds", (json_int_t)p->sa_lifetime_s,
					 "saDataSizeKilobytes", (json_int_t)p->sa_data_size_kb,
					 "ipsecEncryption", p->ipsec_encryption, "ipsecIntegrity", p->ipsec_integrity,
					 "ikeEncryption", p->ike_encryption, "ikeIntegrity", p->ike_integrity,
					 "dhGroup", p->dh_group, "pfsGroup", p->pfs_group);
}

static json_t *azure_topology_prefixes(const char (*list)[64], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(list[i]));
	return a;
}

static json_t *azure_topology_gateway(const azure_topology_t *topo, size_t tenant)
{
	const azure_tenant_cfg_t *t = &topo->tenants[tenant];
	char vnet[512], pip[512], subnet[600];
	json_t *props;

	azure_topology_id(topo, tenant, AZURE_VNET, vnet, sizeof(vnet));
	azure_topology_id(topo, tenant, AZURE_PIP, pip, sizeof(pip));
	snprintf(subnet, sizeof(subnet), "%s/subnets/GatewaySubnet", vnet);
	props = json_pack("{s:[{s:s,s:{s:s,s:{s:s},s:{s:s}}}],s:s,s:s,s:{s:s,s:s},s:s,s:b,s:b}",
					  "ipConfigurations", "name", "gwipconfig1", "properties",
					  "privateIPAllocationMethod", "Dynamic", "subnet", "id", subnet,
					  "publicIPAddress", "id", pip, "gatewayType", "Vpn", "vpnType", "RouteBased",
					  "sku", "name", t->sku, "tier", t->sku, "vpnGatewayGeneration",
					  t->generation, "enableBgp", 0, "activeActive", 0);

	azure_topology_bgp_gateway(topo, tenant, props);
	return props;
}

/**
 * The local network gateway's properties: on-prem (res->peer < 0) or the peer tenant's side;
 * with BGP at the far end its bgpSettings and /32 instead of its prefixes.
 */
static json_t *azure_topology_lng(const azure_topology_t *topo, const azure_res_t *res,
								  const char *peer_ip)
{
	int peer = res->peer;
	json_t *p;

	p = json_pack("{s:s}", "gatewayIpAddress", peer < 0 ? topo->onprem_ip :
				  peer_ip ? peer_ip : "");
	if (azure_topology_bgp_lng(topo, res, p))
		return p;
	json_decref(p);
	if (peer < 0)
		return json_pack("{s:s,s:{s:o}}", "gatewayIpAddress", topo->onprem_ip,
						 "localNetworkAddressSpace", "addressPrefixes",
						 azure_topology_prefixes(topo->onprem_subnets, topo->n_onprem_subnets));
	p = json_pack("{s:{s:o}}", "localNetworkAddressSpace", "addressPrefixes",
				  azure_topology_prefixes(topo->tenants[peer].address_space,
										  topo->tenants[peer].n_address_space));
	json_object_set_new(p, "gatewayIpAddress", json_string(peer_ip ? peer_ip : ""));
	return p;
}

/**
 * A connection's reference to a gateway, as the official create example sends it
 * (VirtualNetworkGatewayConnectionCreate.json): the whole resource, id, location and
 * properties, since the spec types it as a VirtualNetworkGateway / LocalNetworkGateway,
 * whose "properties" are required. ARM reads only the id.
 */
static json_t *azure_topology_ref(const char *id, const char *location, json_t *props)
{
	return json_pack("{s:s,s:s,s:o}", "id", id, "location", location, "properties", props);
}

static json_t *azure_topology_connection(const azure_topology_t *topo, const azure_res_t *res,
										 const char *peer_ip, const char *shared_key)
{
	const azure_tenant_cfg_t *t = &topo->tenants[res->tenant];
	char gw1[512], peer[512];
	bool v2v = res->peer >= 0 && topo->pattern == AZURE_PATTERN_VNET2VNET;
	json_t *p, *ref;

	azure_topology_id(topo, res->tenant, AZURE_GATEWAY, gw1, sizeof(gw1));
	if (v2v)
	{
		azure_topology_id(topo, (size_t)res->peer, AZURE_GATEWAY, peer, sizeof(peer));
		ref = azure_topology_ref(peer, topo->tenants[res->peer].location,
								 azure_topology_gateway(topo, (size_t)res->peer));
	}
	else
	{
		snprintf(peer, sizeof(peer), "%.*s/localNetworkGateways/lng-to-%s",
				 (int)(strstr(res->id, "/connections/") - res->id), res->id,
				 res->peer >= 0 ? topo->tenants[res->peer].name : "onprem");
		ref = azure_topology_ref(peer, t->location, azure_topology_lng(topo, res, peer_ip));
	}
	p = json_pack("{s:s,s:o,s:o,s:s,s:b,s:b,s:i,s:s,s:o}",
				  "connectionType", v2v ? "Vnet2Vnet" : "IPsec",
				  "virtualNetworkGateway1", azure_topology_ref(gw1, t->location,
				  azure_topology_gateway(topo, res->tenant)),
				  v2v ? "virtualNetworkGateway2" : "localNetworkGateway2", ref,
				  "connectionProtocol", "IKEv2", 
				  "enableBgp", azure_topology_bgp_connection(topo, res),
				  "usePolicyBasedTrafficSelectors", 0, "dpdTimeoutSeconds", 45,
				  "connectionMode", "Default", "ipsecPolicies", topo->has_policy ?
				  json_pack("[o]", azure_topology_policy_json(&topo->policy)) : json_array());
	if (shared_key)
		json_object_set_new(p, "sharedKey", json_string(shared_key));
	return p;
}

static json_t *azure_topology_props(const azure_topology_t *topo, const azure_res_t *res,
									const char *peer_ip, const char *shared_key)
{
	const azure_tenant_cfg_t *t = &topo->tenants[res->tenant];

	switch (res->kind)
	{
		case AZURE_VNET:
			return json_pack("{s:{s:o},s:[{s:s,s:{s:s}}]}", "addressSpace", "addressPrefixes",
							 azure_topology_prefixes(t->address_space, t->n_address_space),
							 "subnets", "name", "GatewaySubnet", "properties", "addressPrefix",
							 t->gateway_subnet);
		case AZURE_PIP:
			return json_pack("{s:s,s:s}", "publicIPAllocationMethod", "Static",
							 "publicIPAddressVersion", "IPv4");
		case AZURE_GATEWAY:
			return azure_topology_gateway(topo, res->tenant);
		case AZURE_LNG:
			return azure_topology_lng(topo, res, peer_ip);
		case AZURE_CONNECTION:
			return azure_topology_connection(topo, res, peer_ip, shared_key);
		default:
			return NULL;
	}
}

json_t *azure_topology_body(const azure_topology_t *topo, const azure_res_t *res,
							const char *peer_ip, const char *shared_key)
{
	const azure_tenant_cfg_t *t = &topo->tenants[res->tenant];
	json_t *body = json_pack("{s:s,s:{s:s}}", "location", t->location, "tags", AZURE_TAG,
							 topo->profile_name);
	json_t *props = azure_topology_props(topo, res, peer_ip, shared_key);

	if (props)
		json_object_set_new(body, "properties", props);
	if (res->kind == AZURE_PIP)
		json_object_set_new(body, "sku", json_pack("{s:s,s:s}", "name", "Standard",
												   "tier", "Regional"));
	if (res->kind == AZURE_PIP && strstr(t->sku, "AZ"))
		json_object_set_new(body, "zones", json_pack("[s,s,s]", "1", "2", "3"));
	return body;
}
