/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Writable properties of a VNet and its subnets, a table per schema of virtualNetwork.json. */

#include <string.h>

#include "azure_writable.h"

typedef enum {
	/** the value as it is */
	AZURE_W_COPY,
	/** a reference: {"id"} only */
	AZURE_W_REF,
	/** an array of references */
	AZURE_W_REFS,
	/** an object, filtered by a nested table */
	AZURE_W_OBJECT,
	/** an array of objects, each filtered by a nested table */
	AZURE_W_ARRAY,
} azure_w_how_t;

/** One writable property of a schema. */
typedef struct azure_w_field_t {
	const char *key;
	azure_w_how_t how;
	const struct azure_w_field_t *nested;
} azure_w_field_t;

/* ServiceDelegationPropertiesFormat: actions, provisioningState are readOnly */
static const azure_w_field_t azure_w_delegation_props[] = {
	{ "serviceName", AZURE_W_COPY, NULL }, { NULL, 0, NULL } };
/* Delegation: etag is readOnly */
static const azure_w_field_t azure_w_delegation[] = {
	{ "id", AZURE_W_COPY, NULL }, { "name", AZURE_W_COPY, NULL },
	{ "properties", AZURE_W_OBJECT, azure_w_delegation_props }, { NULL, 0, NULL } };
/* ServiceEndpointPropertiesFormat: provisioningState is readOnly */
static const azure_w_field_t azure_w_service_endpoint[] = {
	{ "service", AZURE_W_COPY, NULL }, { "locations", AZURE_W_COPY, NULL },
	{ "networkIdentifier", AZURE_W_REF, NULL }, { NULL, 0, NULL } };
/* IpamPoolPrefixAllocation: allocatedAddressPrefixes is readOnly */
static const azure_w_field_t azure_w_ipam_allocation[] = {
	{ "pool", AZURE_W_REF, NULL }, { "numberOfIpAddresses", AZURE_W_COPY, NULL },
	{ NULL, 0, NULL } };
/* SubnetPropertiesFormat: privateEndpoints, ipConfigurations, ipConfigurationProfiles,
 * resourceNavigationLinks, serviceAssociationLinks, purpose, provisioningState are readOnly */
static const azure_w_field_t azure_w_subnet_props[] = {
	{ "addressPrefix", AZURE_W_COPY, NULL }, { "addressPrefixes", AZURE_W_COPY, NULL },
	{ "networkSecurityGroup", AZURE_W_REF, NULL }, { "routeTable", AZURE_W_REF, NULL },
	{ "natGateway", AZURE_W_REF, NULL },
	{ "serviceEndpoints", AZURE_W_ARRAY, azure_w_service_endpoint },
	{ "serviceEndpointPolicies", AZURE_W_REFS, NULL }, { "ipAllocations", AZURE_W_REFS, NULL },
	{ "delegations", AZURE_W_ARRAY, azure_w_delegation },
	{ "privateEndpointNetworkPolicies", AZURE_W_COPY, NULL },
	{ "privateLinkServiceNetworkPolicies", AZURE_W_COPY, NULL },
	{ "applicationGatewayIPConfigurations", AZURE_W_REFS, NULL },
	{ "sharingScope", AZURE_W_COPY, NULL }, { "defaultOutboundAccess", AZURE_W_COPY, NULL },
	{ "ipamPoolPrefixAllocations", AZURE_W_ARRAY, azure_w_ipam_allocation },
	{ NULL, 0, NULL } };
/* Subnet: etag is readOnly */
static const azure_w_field_t azure_w_subnet[] = {
	{ "id", AZURE_W_COPY, NULL }, { "name", AZURE_W_COPY, NULL },
	{ "properties", AZURE_W_OBJECT, azure_w_subnet_props }, { NULL, 0, NULL } };
/* VirtualNetworkPeeringPropertiesFormat: the settings a peering is made with */
static const azure_w_field_t azure_w_peering_props[] = {
	{ "allowVirtualNetworkAccess", AZURE_W_COPY, NULL },
	{ "allowForwardedTraffic", AZURE_W_COPY, NULL },
	{ "allowGatewayTransit", AZURE_W_COPY, NULL }, { "useRemoteGateways", AZURE_W_COPY, NULL },
	{ "remoteVirtualNetwork", AZURE_W_REF, NULL },
	{ "doNotVerifyRemoteGateways", AZURE_W_COPY, NULL },
	{ "peerCompleteVnets", AZURE_W_COPY, NULL }, { "enableOnlyIPv6Peering", AZURE_W_COPY, NULL },
	{ "localSubnetNames", AZURE_W_COPY, NULL }, { "remoteSubnetNames", AZURE_W_COPY, NULL },
	{ NULL, 0, NULL } };
static const azure_w_field_t azure_w_peering[] = {
	{ "id", AZURE_W_COPY, NULL }, { "name", AZURE_W_COPY, NULL },
	{ "properties", AZURE_W_OBJECT, azure_w_peering_props }, { NULL, 0, NULL } };
/* VirtualNetworkBgpCommunities: regionalCommunity is readOnly */
static const azure_w_field_t azure_w_bgp_communities[] = {
	{ "virtualNetworkCommunity", AZURE_W_COPY, NULL }, { NULL, 0, NULL } };
static const azure_w_field_t azure_w_encryption[] = {
	{ "enabled", AZURE_W_COPY, NULL }, { "enforcement", AZURE_W_COPY, NULL },
	{ NULL, 0, NULL } };
/* VirtualNetworkPropertiesFormat, less addressSpace and subnets (the body sets those);
 * resourceGuid, provisioningState, flowLogs are readOnly */
static const azure_w_field_t azure_w_vnet_kept[] = {
	{ "dhcpOptions", AZURE_W_COPY, NULL }, { "flowTimeoutInMinutes", AZURE_W_COPY, NULL },
	{ "virtualNetworkPeerings", AZURE_W_ARRAY, azure_w_peering },
	{ "enableDdosProtection", AZURE_W_COPY, NULL }, { "enableVmProtection", AZURE_W_COPY, NULL },
	{ "ddosProtectionPlan", AZURE_W_REF, NULL },
	{ "bgpCommunities", AZURE_W_OBJECT, azure_w_bgp_communities },
	{ "encryption", AZURE_W_OBJECT, azure_w_encryption },
	{ "ipAllocations", AZURE_W_REFS, NULL },
	{ "privateEndpointVNetPolicies", AZURE_W_COPY, NULL }, { NULL, 0, NULL } };

static json_t *azure_w_filter(json_t *from, const azure_w_field_t *table);

static json_t *azure_w_ref(json_t *v)
{
	json_t *id = json_object_get(v, "id");

	return json_is_string(id) ? json_pack("{s:O}", "id", id) : NULL;
}

static json_t *azure_w_value(json_t *v, const azure_w_field_t *f)
{
	json_t *out, *e, *x;
	size_t i;

	switch (f->how)
	{
		case AZURE_W_COPY:
			return json_deep_copy(v);
		case AZURE_W_REF:
			return azure_w_ref(v);
		case AZURE_W_OBJECT:
			return json_is_object(v) ? azure_w_filter(v, f->nested) : NULL;
		case AZURE_W_REFS:
		case AZURE_W_ARRAY:
			if (!json_is_array(v))
				return NULL;
			out = json_array();
			json_array_foreach(v, i, e)
			{
				x = f->how == AZURE_W_REFS ? azure_w_ref(e) : azure_w_filter(e, f->nested);
				if (x)
					json_array_append_new(out, x);
			}
			return out;
	}
	return NULL;
}

static json_t *azure_w_filter(json_t *from, const azure_w_field_t *table)
{
	json_t *out = json_object(), *v;

	for (const azure_w_field_t *f = table; f->key; f++)
	{
		v = json_object_get(from, f->key);
		if (v && !json_is_null(v))
			json_object_set_new(out, f->key, azure_w_value(v, f));
	}
	return out;
}

json_t *azure_writable_subnet(json_t *subnet)
{
	return azure_w_filter(subnet, azure_w_subnet);
}

void azure_writable_vnet_keep(json_t *want, json_t *have)
{
	for (const azure_w_field_t *f = azure_w_vnet_kept; f->key; f++)
	{
		json_t *v = json_object_get(have, f->key);

		if (v && !json_is_null(v) && !json_object_get(want, f->key))
			json_object_set_new(want, f->key, azure_w_value(v, f));
	}
}
