/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Active-active and BGP as ARM validates and answers them: SKUs that have them, reserved
 * ASNs, custom APIPA ranges, BGP on both ends of a connection; a gateway's bgpSettings
 * gains one bgpPeeringAddresses entry per instance (its default BGP address in the
 * GatewaySubnet, the custom APIPA ones, its public IP as tunnelIpAddresses).
 */

#include <stdio.h>
#include <string.h>

#include "armsim_private.h"
#include "azure_bgp.h"
#include "azure_cidr.h"
#include "azure_sku.h"

static bool armsim_bgp_asn(json_t *settings, bool onprem, const char *target,
						   armsim_resp_t *resp)
{
	json_t *asn = json_object_get(settings, "asn");
	const char *why;

	if (!asn)
		return true;
	if (!json_is_integer(asn) || json_integer_value(asn) < 0 ||
		json_integer_value(asn) > 4294967295LL)
		return armsim_error(resp, 400, "InvalidRequestFormat", target, "asn must be an integer "
							"from 0 to 4294967295."), false;
	why = azure_bgp_asn_reserved((uint64_t)json_integer_value(asn), onprem);
	if (why)
		return armsim_error(resp, 400, "BgpAsnReserved", target, "ASN %lld is %s and cannot "
							"be used %s.", (long long)json_integer_value(asn), why, onprem ?
							"for a local network gateway" : "for a virtual network gateway"),
			false;
	return true;
}

/* The given bgpPeeringAddresses: each names one of the gateway's IP configurations and
 * holds custom addresses from Azure's APIPA range only. */
static bool armsim_bgp_custom(json_t *props, armsim_resp_t *resp)
{
	json_t *list = json_object_get(json_object_get(props, "bgpSettings"), "bgpPeeringAddresses");
	json_t *entry, *ip, *cfg;
	size_t i, j, k;

	json_array_foreach(list, i, entry)
	{
		const char *id = json_string_value(json_object_get(entry, "ipconfigurationId"));
		bool known = false;

		json_array_foreach(json_object_get(props, "ipConfigurations"), k, cfg)
			known = known || armsim_streq(id, json_string_value(json_object_get(cfg, "id")));
		if (!known)
			return armsim_error(resp, 400, "InvalidBgpPeeringAddressIpConfiguration",
								"properties.bgpSettings.bgpPeeringAddresses", "ipconfigurationId "
								"%s is not an IP configuration of this gateway.", id ? id : "(none)"),
				false;
		json_array_foreach(json_object_get(entry, "customBgpIpAddresses"), j, ip)
		{
			if (!azure_bgp_apipa_ok(json_string_value(ip)))
				return armsim_error(resp, 400, "InvalidApipaBgpIpAddress",
									"properties.bgpSettings.bgpPeeringAddresses",
									"Custom BGP IP address %s is outside the range Azure allows "
									"for APIPA BGP addresses, 169.254.21.0 to 169.254.22.255.",
									json_is_string(ip) ? json_string_value(ip) : "(not a string)"),
					false;
		}
	}
	return true;
}

bool armsim_bgp_gateway_check(json_t *props, armsim_resp_t *resp)
{
	const char *name = json_string_value(json_object_get(json_object_get(props, "sku"), "name"));
	const azure_sku_t *sku = azure_sku_find(name);
	bool aa = json_is_true(json_object_get(props, "activeActive"));

	if (aa && sku && !sku->active_active)
		return armsim_error(resp, 400, "ActiveActiveNotSupportedForSku", "properties.activeActive",
							"Active-active mode is not available for the %s gateway SKU; use "
							"VpnGw1 or larger.", name), false;
	if (aa && json_array_size(json_object_get(props, "ipConfigurations")) < 2)
		return armsim_error(resp, 400, "InvalidIpConfigurationCount",
							"properties.ipConfigurations", "An active-active gateway needs 2 IP "
							"configurations, each with its own public IP."), false;
	if (!json_is_true(json_object_get(props, "enableBgp")))
		return true;
	if (sku && !sku->bgp)
		return armsim_error(resp, 400, "BgpNotSupportedForSku", "properties.enableBgp", "BGP is "
							"not available for the %s gateway SKU; use VpnGw1 or larger.", name),
			false;
	return armsim_bgp_asn(json_object_get(props, "bgpSettings"), false,
						  "properties.bgpSettings.asn", resp);
}

/* The custom addresses given for ipconfigurationId, or an empty array. */
static json_t *armsim_bgp_custom_of(json_t *given, const char *id)
{
	json_t *entry;
	size_t i;

	json_array_foreach(given, i, entry)
	{
		if (armsim_streq(id, json_string_value(json_object_get(entry, "ipconfigurationId"))))
			return json_deep_copy(json_object_get(entry, "customBgpIpAddresses"));
	}
	return json_array();
}

/* Read-only answers: bgpPeeringAddresses per instance and bgpPeeringAddress. */
static void armsim_bgp_fill(armsim_t *sim, json_t *props, const char *subnet)
{
	json_t *settings = json_object_get(props, "bgpSettings"), *cfg, *list = json_array();
	json_t *given = json_object_get(settings, "bgpPeeringAddresses");
	char ip[64], joined[160] = "";
	size_t i;

	json_array_foreach(json_object_get(props, "ipConfigurations"), i, cfg)
	{
		const char *id = json_string_value(json_object_get(cfg, "id"));
		armsim_res_t *pip = armsim_store_get(sim, json_string_value(json_object_get(
			json_object_get(json_object_get(cfg, "properties"), "publicIPAddress"), "id")));
		const char *pub = pip ? json_string_value(json_object_get(json_object_get(pip->doc,
							"properties"), "ipAddress")) : NULL;
		json_t *custom = armsim_bgp_custom_of(given, id);

		if (!azure_bgp_default_ip(subnet, i, ip, sizeof(ip)))
			snprintf(ip, sizeof(ip), "0.0.0.0");
		snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s",
				 i ? "," : "", ip);
		json_array_append_new(list, json_pack("{s:s,s:[s],s:o,s:o}", "ipconfigurationId",
								id ? id : "", "defaultBgpIpAddresses", ip,
								"customBgpIpAddresses", custom, "tunnelIpAddresses",
								pub ? json_pack("[s]", pub) : json_array()));
	}
	json_object_set_new(settings, "bgpPeeringAddresses", list);
	json_object_set_new(settings, "bgpPeeringAddress", json_string(joined));
}

bool armsim_bgp_gateway(armsim_t *sim, json_t *props, const char *subnet, armsim_resp_t *resp)
{
	json_t *settings = json_object_get(props, "bgpSettings");

	if (!armsim_bgp_custom(props, resp))
		return false;
	if (!json_object_get(settings, "peerWeight"))
		json_object_set_new(settings, "peerWeight", json_integer(0));
	if (json_is_true(json_object_get(props, "enableBgp")))
		armsim_bgp_fill(sim, props, subnet);
	return true;
}

bool armsim_bgp_lng(json_t *props, armsim_resp_t *resp)
{
	json_t *settings = json_object_get(props, "bgpSettings");
	const char *ip = json_string_value(json_object_get(settings, "bgpPeeringAddress"));

	if (!settings)
		return true;
	if (!armsim_bgp_asn(settings, true, "properties.bgpSettings.asn", resp))
		return false;
	if (!ip || !azure_ip_valid(ip))
		return armsim_error(resp, 400, "InvalidBgpPeeringAddress",
							"properties.bgpSettings.bgpPeeringAddress", "'%s' is not a valid BGP "
							"peering address.", ip ? ip : "(none)"), false;
	if (azure_bgp_is_apipa(ip) && !azure_bgp_apipa_ok(ip))
		return armsim_error(resp, 400, "InvalidApipaBgpIpAddress",
							"properties.bgpSettings.bgpPeeringAddress", "APIPA BGP address %s is "
							"outside the range Azure allows, 169.254.21.0 to 169.254.22.255.", ip),
			false;
	return true;
}

/* ASN of a connection's far end speaking BGP: the LNG's bgpSettings or VNG2's; -1 if none. */
static long long armsim_bgp_far_asn(armsim_t *sim, json_t *props)
{
	json_t *ref = json_object_get(props, "localNetworkGateway2");
	armsim_res_t *far;
	json_t *fp;

	if (!ref)
		ref = json_object_get(props, "virtualNetworkGateway2");
	far = armsim_store_get(sim, json_string_value(json_object_get(ref, "id")));
	fp = json_object_get(far ? far->doc : NULL, "properties");
	if (!fp || (json_object_get(fp, "enableBgp") && !json_is_true(json_object_get(fp,
																	"enableBgp"))))
		return -1;
	if (!json_object_get(json_object_get(fp, "bgpSettings"), "asn"))
		return -1;
	return json_integer_value(json_object_get(json_object_get(fp, "bgpSettings"), "asn"));
}

bool armsim_bgp_connection(armsim_t *sim, json_t *props, armsim_res_t *gw1, armsim_resp_t *resp)
{
	json_t *gp = json_object_get(gw1->doc, "properties");
	long long far, near;

	if (!json_is_true(json_object_get(props, "enableBgp")))
		return true;
	if (!json_is_true(json_object_get(gp, "enableBgp")))
		return armsim_error(resp, 400, "BgpNotEnabledOnVirtualNetworkGateway",
							"properties.enableBgp", "BGP is enabled on the connection but not on "
							"virtual network gateway %s.", json_string_value(json_object_get(
							gw1->doc, "id"))), false;
	far = armsim_bgp_far_asn(sim, props);
	if (far < 0)
		return armsim_error(resp, 400, "BgpSettingsMissingOnPeer", "properties.enableBgp",
							"BGP is enabled on the connection but its peer has no BGP settings "
							"(bgpSettings on the local network gateway, or enableBgp on the other "
							"virtual network gateway)."), false;
	near = json_integer_value(json_object_get(json_object_get(gp, "bgpSettings"), "asn"));
	if (far == near)
		return armsim_error(resp, 400, "SameAsnOnBothBgpPeers", "properties.enableBgp", "Both "
							"ends of the connection use ASN %lld; BGP over it needs two "
							"different ASNs.", near), false;
	return true;
}
