/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* virtualNetworkGateways: type/SKU/generation rules, GatewaySubnet rules, zones, slow clock. */

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "armsim_private.h"
#include "azure_cidr.h"

static const char *const armsim_gw_types[] = { "Vpn", "ExpressRoute", "LocalGateway", NULL };
static const char *const armsim_gw_vpn_types[] = { "PolicyBased", "RouteBased", NULL };
static const char *const armsim_gw_gens[] = { "None", "Generation1", "Generation2", NULL };
static const char *const armsim_gw_skus[] = { "Basic", "Standard", "HighPerformance",
	"UltraPerformance", "VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw1AZ",
	"VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ",
	"ErGwScale", NULL };

/** The subnet object an id names, found inside its VNet. */
static json_t *armsim_gw_subnet(armsim_t *sim, const char *id)
{
	const char *cut = id ? strcasestr(id, "/subnets/") : NULL;
	char vnet[1024];
	armsim_res_t *r;
	json_t *s;
	size_t i;

	if (!cut || (size_t)(cut - id) >= sizeof(vnet))
		return NULL;
	snprintf(vnet, sizeof(vnet), "%.*s", (int)(cut - id), id);
	r = armsim_store_get(sim, vnet);
	json_array_foreach(json_object_get(json_object_get(r ? r->doc : NULL, "properties"),
									   "subnets"), i, s)
	{
		if (armsim_streq(json_string_value(json_object_get(s, "id")), id))
			return s;
	}
	return NULL;
}

static bool armsim_gw_check_subnet(armsim_t *sim, armsim_req_t *req, json_t *cfg,
								   armsim_resp_t *resp)
{
	const char *id = json_string_value(json_object_get(json_object_get(cfg, "subnet"), "id"));
	char scope[1024];
	json_t *s, *nsg;
	azure_cidr_t c;

	armsim_ref_id(scope, sizeof(scope), req, req->n_seg);
	if (!armsim_ref_allowed(sim, req, id, "Microsoft.Network/virtualNetworks/subnets/join/action",
							scope, resp))
		return false;
	s = armsim_gw_subnet(sim, id);
	if (!s)
		return armsim_error(resp, 400, "InvalidResourceReference", "properties.ipConfigurations",
							"Resource %s referenced by resource %s was not found.", id, scope),
			false;
	if (strcmp(json_string_value(json_object_get(s, "name")), "GatewaySubnet"))
		return armsim_error(resp, 400, "InvalidGatewaySubnet", "properties.ipConfigurations",
							"Subnet %s is not valid for a virtual network gateway: it must be "
							"named exactly 'GatewaySubnet'.", id), false;
	nsg = json_object_get(json_object_get(s, "properties"), "networkSecurityGroup");
	if (nsg && !json_is_null(nsg))
		return armsim_error(resp, 400, "NetworkSecurityGroupCannotBeAttachedToGatewaySubnet",
							"properties.ipConfigurations", "Network security group %s can not be "
							"associated to the GatewaySubnet. Please remove the network security "
							"group associated to the GatewaySubnet. No changes have occurred on "
							"the gateway at this time. See here for additional details: "
							"https://aka.ms/GatewaySubnet.",
							json_string_value(json_object_get(nsg, "id"))), false;
	if (azure_cidr_parse(json_string_value(json_object_get(json_object_get(s, "properties"),
										   "addressPrefix")), &c, NULL) && c.family == AF_INET && c.len > 29)
		return armsim_error(resp, 400, "GatewaySubnetTooSmall", "properties.ipConfigurations",
							"GatewaySubnet %s is /%u; a virtual network gateway needs /29 or "
							"larger (/27 recommended).", id, c.len), false;
	return true;
}

static bool armsim_gw_check_pip(armsim_t *sim, armsim_req_t *req, json_t *cfg, const char *sku,
								armsim_resp_t *resp)
{
	armsim_res_t *pip = armsim_ref(sim, req, json_object_get(cfg, "publicIPAddress"),
								   "properties.ipConfigurations.publicIPAddress",
								   "publicIPAddresses", resp);
	bool az = strstr(sku, "AZ") != NULL;
	bool zonal = json_array_size(json_object_get(pip ? pip->doc : NULL, "zones")) > 0;

	if (!pip)
		return false;
	if (az && !zonal)
		return armsim_error(resp, 400, "VmssVpnGatewayPublicIpsMustHaveZonesConfigured",
							"properties.ipConfigurations", "Public IP %s must have zones "
							"configured for the zone-redundant gateway SKU %s.",
							json_string_value(json_object_get(pip->doc, "id")), sku), false;
	if (!az && zonal && strcmp(sku, "Basic"))
		return armsim_error(resp, 400, "RegionalVmssVpnGatewayPublicIpsMustNotHaveZonesConfigured",
							"properties.ipConfigurations", "Public IP %s must not have zones "
							"configured for the regional gateway SKU %s.",
							json_string_value(json_object_get(pip->doc, "id")), sku), false;
	return true;
}

/** Enums, the PolicyBased and generation rules; writes canonical spellings back. */
static bool armsim_gw_check_enums(json_t *props, armsim_res_t *old, armsim_resp_t *resp)
{
	json_t *sku = json_object_get(props, "sku");
	const char *type = armsim_enum(json_string_value(json_object_get(props, "gatewayType")),
								   armsim_gw_types);
	const char *vpn = json_object_get(props, "vpnType") ? armsim_enum(json_string_value(
					  json_object_get(props, "vpnType")), armsim_gw_vpn_types) : "RouteBased";
	const char *gen = json_object_get(props, "vpnGatewayGeneration") ? armsim_enum(
					  json_string_value(json_object_get(props, "vpnGatewayGeneration")),
					  armsim_gw_gens) : "Generation1";
	const char *name = armsim_enum(json_string_value(json_object_get(sku, "name")),
								   armsim_gw_skus);
	json_t *oldp = json_object_get(old ? old->doc : NULL, "properties");

	if (!type || !vpn || !gen || !name)
		return armsim_error(resp, 400, "InvalidRequestFormat", "properties", "gatewayType, "
							"vpnType, vpnGatewayGeneration or sku.name has a value Azure does not "
							"accept."), false;
	if (!strcmp(vpn, "PolicyBased") && strcmp(name, "Basic"))
		return armsim_error(resp, 400, "PolicyBasedGatewayRequiresBasicSku", "properties.vpnType",
							"A PolicyBased VPN gateway is only available with the Basic SKU; use "
							"vpnType RouteBased."), false;
	if (!strcmp(gen, "Generation2") && (!strcmp(name, "Basic") || !strncmp(name, "VpnGw1", 6)))
		return armsim_error(resp, 400, "InvalidVpnGatewayGenerationForSku",
							"properties.vpnGatewayGeneration", "SKU %s is not available in "
							"Generation2.", name), false;
	if (oldp && !armsim_streq(json_string_value(json_object_get(oldp, "vpnType")), vpn))
		return armsim_error(resp, 400, "VpnTypeCannotBeChanged", "properties.vpnType", "The "
							"vpnType of an existing gateway cannot be changed; delete and recreate "
							"it."), false;
	json_object_set_new(props, "gatewayType", json_string(type));
	json_object_set_new(props, "vpnType", json_string(vpn));
	json_object_set_new(props, "vpnGatewayGeneration", json_string(gen));
	json_object_set_new(props, "sku", json_pack("{s:s,s:s,s:i}", "name", name, "tier", name,
												"capacity", 2));
	return true;
}

static bool armsim_gw_validate(armsim_t *sim, armsim_req_t *req, json_t *doc, armsim_res_t *old,
							   armsim_resp_t *resp)
{
	json_t *props = json_object_get(doc, "properties"), *cfgs, *cfg, *s;
	bool aa = json_is_true(json_object_get(props, "activeActive"));
	const char *subnet = NULL;
	size_t i;

	if (!armsim_gw_check_enums(props, old, resp) || !armsim_bgp_gateway_check(props, resp))
		return false;
	cfgs = json_object_get(props, "ipConfigurations");
	if (!json_is_array(cfgs) || json_array_size(cfgs) < 1 || json_array_size(cfgs) > (aa ? 3 : 1))
		return armsim_error(resp, 400, "InvalidIpConfigurationCount",
							"properties.ipConfigurations", "A %s gateway needs %s IP "
							"configuration(s).", aa ? "active-active" : "active-standby",
							aa ? "2 or 3" : "exactly 1"), false;
	json_array_foreach(cfgs, i, cfg)
	{
		json_t *cp = json_object_get(cfg, "properties");
		const char *name = json_string_value(json_object_get(cfg, "name"));
		char id[1200];

		if (!armsim_gw_check_subnet(sim, req, cp, resp) ||
			!armsim_gw_check_pip(sim, req, cp, json_string_value(json_object_get(
								 json_object_get(props, "sku"), "name")), resp))
			return false;
		snprintf(id, sizeof(id), "%s/ipConfigurations/%s", json_string_value(
				 json_object_get(doc, "id")), name ? name : "default");
		json_object_set_new(cfg, "id", json_string(id));
		json_object_set_new(cp, "provisioningState", json_string("Succeeded"));
		s = armsim_gw_subnet(sim, json_string_value(json_object_get(json_object_get(cp,
							 "subnet"), "id")));
		subnet = json_string_value(json_object_get(json_object_get(s, "properties"),
												   "addressPrefix"));
	}
	if (!json_object_get(props, "enableBgp"))
		json_object_set_new(props, "enableBgp", json_false());
	if (!json_object_get(props, "activeActive"))
		json_object_set_new(props, "activeActive", json_false());
	if (!json_object_get(json_object_get(props, "bgpSettings"), "asn"))
		json_object_set_new(props, "bgpSettings", json_pack("{s:i,s:i}", "asn", 65515,
							"peerWeight", 0));
	return armsim_bgp_gateway(sim, props, subnet, resp);
}

/** true if a connection names the gateway id */
static bool armsim_gw_used(armsim_t *sim, const char *id)
{
	for (size_t i = 0; i < sim->n_res; i++)
	{
		json_t *p = json_object_get(sim->res[i]->doc, "properties");

		if (armsim_streq(id, json_string_value(json_object_get(json_object_get(p,
						 "virtualNetworkGateway1"), "id"))) ||
			armsim_streq(id, json_string_value(json_object_get(json_object_get(p,
						 "virtualNetworkGateway2"), "id"))))
			return true;
	}
	return false;
}

void armsim_gateway_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	armsim_res_t *old;
	char id[1024];
	json_t *doc;

	if (req->n_seg == 7)
		return armsim_resource_list(sim, req, resp, "virtualNetworkGateways");
	if (!strcmp(req->method, "GET"))
		return armsim_resource_get(sim, req, resp, "virtualNetworkGateways");
	if (!strcmp(req->method, "DELETE"))
	{
		armsim_ref_id(id, sizeof(id), req, req->n_seg);
		if (armsim_gw_used(sim, id))
			return armsim_error(resp, 400, "InUseVirtualNetworkGatewayCannotBeDeleted", NULL,
								"Virtual network gateway %s is used by a connection and cannot be "
								"deleted; delete the connection first.", id);
		return armsim_resource_delete(sim, req, resp, "virtualNetworkGateways",
									  sim->opts.gateway_seconds / 2);
	}
	if (strcmp(req->method, "PUT"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	/* the spec's "required": ["properties"], as ARM enforces it */
	if (!armsim_resource_needs_properties(req, resp) ||
		!armsim_resource_preamble(sim, req, resp, "virtualNetworkGateways", &old))
		return;
	doc = armsim_resource_new(sim, req, "virtualNetworkGateways", old, resp);
	if (!doc)
		return;
	if (!armsim_gw_validate(sim, req, doc, old, resp))
		return json_decref(doc);
	armsim_resource_commit(sim, req, resp, doc, old != NULL, sim->opts.gateway_seconds);
}
