/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The Azure side a profile asks for (its "azure" section, validated by
 * agent/profile_azure.c), and the ARM resources it becomes: per tenant a
 * resource group, a VNet with GatewaySubnet, a Standard static public IP, a
 * RouteBased gateway, and (s2s) a local network gateway + IPsec connection
 * toward the other tenant, or (vnet2vnet) a Vnet2Vnet connection; optionally an
 * on-prem LNG + connection. Every resource carries the tag crosspeer=<profile>.
 */
#ifndef AZURE_TOPOLOGY_H_
#define AZURE_TOPOLOGY_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define AZURE_MAX_TENANTS 2
#define AZURE_MAX_PREFIXES 16
#define AZURE_MAX_RESOURCES 24
/** the tag key every resource crosspeer creates carries (value: profile name) */
#define AZURE_TAG "crosspeer"

typedef enum {
	AZURE_PATTERN_S2S,
	AZURE_PATTERN_VNET2VNET,
} azure_pattern_t;

/** An Azure ipsecPolicies[] entry, field names as in ARM. */
typedef struct {
	char ike_encryption[16], ike_integrity[16], dh_group[16];
	char ipsec_encryption[16], ipsec_integrity[16], pfs_group[16];
	uint32_t sa_lifetime_s;
	uint32_t sa_data_size_kb;
} azure_ipsec_policy_t;

/** One tenant's side. */
typedef struct {
	/** short name used in resource names and messages ("a") */
	char name[32];
	char tenant_id[64], subscription_id[64], client_id[64];
	/** the credential: "secret", "certificate", "federated", "managed_identity" or
	 *  "azure_cli", as chosen in the profile or found in the environment (docs/azure.md) */
	char credential[24];
	/** nothing chose it: the secret from AZURE_CLIENT_SECRET is the last resort */
	bool credential_defaulted;
	/** where the client secret comes from (one of them) */
	char client_secret_env[64], client_secret_file[256];
	/** certificate: PEM with certificate + key; federated: the token file */
	char certificate_file[256], federated_token_file[256];
	/** where the file name came from, for messages ("AZURE_CLIENT_CERTIFICATE_PATH") */
	char credential_origin[64];
	/** managed identity: a user-assigned identity's client id, "" for system-assigned */
	char mi_client_id[64];
	char resource_group[96], location[64];
	char vnet_name[80];
	char address_space[AZURE_MAX_PREFIXES][64];
	size_t n_address_space;
	char gateway_subnet[64];
	char gateway_name[80], sku[32], generation[32];
	/** two instances, each with its own IP configuration and Standard public IP */
	bool active_active;
	/** BGP over the gateway's tunnels (enableBgp), with the gateway's ASN */
	bool bgp;
	uint32_t asn;
	/** a custom APIPA BGP address per instance (customBgpIpAddresses), "" for none */
	char apipa[2][64];
} azure_tenant_cfg_t;

/** The whole Azure side. */
typedef struct {
	/** profile name, the tag value */
	char profile_name[64];
	char authority_host[256], resource_manager[256], ca_file[256];
	azure_pattern_t pattern;
	/** where the shared key comes from (one of them) */
	char shared_key_env[64], shared_key_file[256];
	bool has_policy;
	azure_ipsec_policy_t policy;
	azure_tenant_cfg_t tenants[AZURE_MAX_TENANTS];
	size_t n_tenants;
	bool has_onprem;
	char onprem_ip[64];
	char onprem_subnets[AZURE_MAX_PREFIXES][64];
	size_t n_onprem_subnets;
	/** index of the tenant the on-prem site connects to */
	size_t onprem_tenant;
	/** the on-prem device speaks BGP: its ASN and peering address (the LNG's bgpSettings;
	 *  the LNG then holds that address's /32 as its only prefix) */
	bool onprem_bgp;
	uint32_t onprem_asn;
	char onprem_bgp_ip[64];
} azure_topology_t;

typedef enum {
	AZURE_RG,
	AZURE_VNET,
	AZURE_PIP,
	AZURE_GATEWAY,
	AZURE_LNG,
	AZURE_CONNECTION,
} azure_kind_t;

/** One ARM resource of the topology. */
typedef struct {
	azure_kind_t kind;
	/** tenant index that owns it */
	size_t tenant;
	/** for LNG/connection: the peer tenant index, or -1 for on-prem */
	int peer;
	/** for a public IP: the gateway instance it serves (1: an active-active second) */
	int instance;
	/** ARM id, also the request path */
	char id[512];
	/** "virtualNetworkGateways/gw-a" style, for messages */
	char label[160];
	const char *api;
} azure_res_t;

/**
 * The topology's resources in creation order (destroy walks it backwards).
 *
 * @return number written to out (at most AZURE_MAX_RESOURCES)
 */
size_t azure_topology_resources(const azure_topology_t *topo, azure_res_t *out);

/** @return "resourceGroups", "virtualNetworks", ... */
const char *azure_topology_kind_name(azure_kind_t kind);

/** ARM id of a tenant's resource of a kind (gateway, pip, vnet, rg). */
void azure_topology_id(const azure_topology_t *topo, size_t tenant, azure_kind_t kind,
					   char *buf, size_t len);

/**
 * The body a PUT of res sends.
 *
 * @param peer_ip	public IP of the peer gateway (LNG toward a tenant, and the
 *					connection that references that LNG), or NULL
 * @param shared_key shared key for connections, or NULL
 * @return			new JSON object
 */
json_t *azure_topology_body(const azure_topology_t *topo, const azure_res_t *res,
							const char *peer_ip, const char *shared_key);

/**
 * ARM id of a tenant gateway instance's public IP ("<gw>-pip", "<gw>-pip2" for an
 * active-active gateway's second instance).
 */
void azure_topology_pip_id(const azure_topology_t *topo, size_t tenant, int instance,
						   char *buf, size_t len);

/**
 * Add what active-active and BGP change to a gateway's properties: the second IP
 * configuration, activeActive, enableBgp and bgpSettings (asn, customBgpIpAddresses per
 * instance). In azure_topology_bgp.c.
 */
void azure_topology_bgp_gateway(const azure_topology_t *topo, size_t tenant, json_t *props);

/**
 * The BGP side of a local network gateway: bgpSettings (asn, bgpPeeringAddress) and the
 * peer's /32 as the only prefix, when the far end speaks BGP. @return true if it did.
 */
bool azure_topology_bgp_lng(const azure_topology_t *topo, const azure_res_t *res,
							json_t *props);

/** @return true if the connection res runs BGP (both of its ends do) */
bool azure_topology_bgp_connection(const azure_topology_t *topo, const azure_res_t *res);

/** The policy as an ipsecPolicies[] entry (new object). */
json_t *azure_topology_policy_json(const azure_ipsec_policy_t *p);

#endif
