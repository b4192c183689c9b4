/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "azure_peer.h"

static int azure_peer_get(azure_run_t *run, size_t t, const char *path, const char *label,
						  json_t **doc)
{
	arm_call_t call = azure_run_call(run, t, -1);
	arm_response_t resp;
	arm_error_t err;

	if (arm_client_request(run->client, &call, "GET", path, ARM_API_NETWORK, NULL, &resp, &err))
		return azure_run_fail(run, label, &err);
	*doc = json_incref(resp.body);
	arm_response_clear(&resp);
	return 0;
}

/** A refusal of our own, in ARM's error shape (status 0: ARM answered, we said no). */
static int azure_peer_fail(azure_run_t *run, const char *label, const char *code,
						   const char *fmt, ...)
{
	arm_error_t err = { .status = 0 };
	va_list ap;

	snprintf(err.code, sizeof(err.code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(err.message, sizeof(err.message), fmt, ap);
	va_end(ap);
	return azure_run_fail(run, label, &err);
}

static void azure_peer_copy(json_t *obj, const char *key, char *out, size_t len)
{
	const char *v = json_string_value(json_object_get(obj, key));

	snprintf(out, len, "%s", v ? v : "");
}

static json_t *azure_peer_props(json_t *doc)
{
	return json_object_get(doc, "properties");
}

static const char *azure_peer_ref(json_t *props, const char *key)
{
	return json_string_value(json_object_get(json_object_get(props, key), "id"));
}

/** A resource still being written has no settled settings to read. */
static int azure_peer_settled(azure_run_t *run, json_t *doc, const char *label, const char *what)
{
	const char *state = json_string_value(json_object_get(azure_peer_props(doc),
														  "provisioningState"));

	if (!state || !strcasecmp(state, "Succeeded"))
		return 0;
	return azure_peer_fail(run, label, "GatewayUpdating", "the %s is %s, not Succeeded; wait "
						   "until ARM has finished writing it (crosspeer azure status) and run "
						   "again", what, state);
}

/** Proposals and lifetimes from the connection resource. */
static int azure_peer_policy(azure_run_t *run, json_t *conn, const char *label,
							 azure_peer_t *out)
{
	json_t *props = azure_peer_props(conn);
	json_t *pol = json_array_get(json_object_get(props, "ipsecPolicies"), 0);
	azure_ipsec_policy_t p = { .sa_lifetime_s = 27000 };

	out->dpd_timeout_s = (unsigned)json_integer_value(json_object_get(props,
																	  "dpdTimeoutSeconds"));
	out->esp_lifetime_s = 27000;
	if (!pol)
		return azure_policy_proposals(NULL, out->ike, &out->n_ike, out->esp, &out->n_esp);
	out->custom_policy = true;
	azure_peer_copy(pol, "ikeEncryption", p.ike_encryption, sizeof(p.ike_encryption));
	azure_peer_copy(pol, "ikeIntegrity", p.ike_integrity, sizeof(p.ike_integrity));
	azure_peer_copy(pol, "dhGroup", p.dh_group, sizeof(p.dh_group));
	azure_peer_copy(pol, "ipsecEncryption", p.ipsec_encryption, sizeof(p.ipsec_encryption));
	azure_peer_copy(pol, "ipsecIntegrity", p.ipsec_integrity, sizeof(p.ipsec_integrity));
	azure_peer_copy(pol, "pfsGroup", p.pfs_group, sizeof(p.pfs_group));
	out->esp_lifetime_s = (unsigned)json_integer_value(json_object_get(pol,
																	   "saLifeTimeSeconds"));
	if (!azure_policy_proposals(&p, out->ike, &out->n_ike, out->esp, &out->n_esp))
		return 0;
	return azure_peer_fail(run, label, "UnmappablePolicy", "the connection's ipsecPolicies "
						   "hold a value with no strongSwan equivalent");
}

/** connectionType, connectionMode, usePolicyBasedTrafficSelectors. */
static int azure_peer_kind(azure_run_t *run, json_t *conn, const char *label, azure_peer_t *out)
{
	json_t *props = azure_peer_props(conn);

	azure_peer_copy(props, "connectionType", out->type, sizeof(out->type));
	if (strcasecmp(out->type, "IPsec") && strcasecmp(out->type, "Vnet2Vnet"))
		return azure_peer_fail(run, label, "UnsupportedConnectionType", "connectionType is "
							   "'%s'; crosspeer terminates IPsec (site-to-site) and Vnet2Vnet "
							   "connections only", out->type[0] ? out->type : "(none)");
	azure_peer_copy(props, "connectionMode", out->connection_mode,
					sizeof(out->connection_mode));
	if (!out->connection_mode[0])
		snprintf(out->connection_mode, sizeof(out->connection_mode), "Default");
	out->policy_based_ts = json_is_true(json_object_get(props, "usePolicyBasedTrafficSelectors"));
	return 0;
}

static void azure_peer_prefixes(json_t *list, azure_peer_end_t *end)
{
	size_t i;
	json_t *p;

	json_array_foreach(list, i, p)
	{
		if (end->n_subnets < AZURE_MAX_PREFIXES && json_is_string(p))
			snprintf(end->subnets[end->n_subnets++], 64, "%s", json_string_value(p));
	}
}

/** One ipConfiguration: its public IP, and (for the first) the VNet behind its subnet. */
static int azure_peer_ipconfig(azure_run_t *run, size_t t, json_t *ipc, azure_peer_end_t *end)
{
	const char *pip = azure_peer_ref(azure_peer_props(ipc), "publicIPAddress");
	const char *subnet = azure_peer_ref(azure_peer_props(ipc), "subnet");
	const char *cut = subnet ? strstr(subnet, "/subnets/") : NULL;
	char vnet[512];
	json_t *doc;

	if (pip && end->n_addresses < AZURE_PEER_MAX_ADDRESSES)
	{
		if (azure_peer_get(run, t, pip, pip, &doc))
			return -1;
		azure_peer_copy(azure_peer_props(doc), "ipAddress", end->addresses[end->n_addresses],
						sizeof(end->addresses[0]));
		end->n_addresses += end->addresses[end->n_addresses][0] != '\0';
		json_decref(doc);
	}
	if (!cut || end->n_subnets)
		return 0;
	snprintf(vnet, sizeof(vnet), "%.*s", (int)(cut - subnet), subnet);
	if (azure_peer_get(run, t, vnet, vnet, &doc))
		return -1;
	azure_peer_prefixes(json_object_get(json_object_get(azure_peer_props(doc), "addressSpace"),
					   "addressPrefixes"), end);
	json_decref(doc);
	return 0;
}

/** A VPN gateway's end: settled, with a public IP. */
static int azure_peer_gateway(azure_run_t *run, size_t t, const char *gw_id,
							  azure_peer_end_t *end)
{
	size_t i;
	json_t *doc, *ipc;
	int rc = 0;

	if (!gw_id)
		return azure_peer_fail(run, "virtualNetworkGateway1", "InvalidConnection",
							   "the connection names no gateway");
	if (azure_peer_get(run, t, gw_id, gw_id, &doc))
		return -1;
	rc = azure_peer_settled(run, doc, gw_id, "gateway");
	json_array_foreach(json_object_get(azure_peer_props(doc), "ipConfigurations"), i, ipc)
	{
		if (!rc)
			rc = azure_peer_ipconfig(run, t, ipc, end);
	}
	json_decref(doc);
	if (!rc && !end->n_addresses)
		return azure_peer_fail(run, gw_id, "NoPublicIp", "the gateway has no public IP address "
							   "yet");
	return rc;
}

/** A local network gateway's end: its address and address space. */
static int azure_peer_lng(azure_run_t *run, size_t t, const char *lng_id, azure_peer_end_t *end)
{
	json_t *doc;

	if (!lng_id)
		return azure_peer_fail(run, "localNetworkGateway2", "InvalidConnection",
							   "the IPsec connection names no local network gateway");
	if (azure_peer_get(run, t, lng_id, lng_id, &doc))
		return -1;
	azure_peer_copy(azure_peer_props(doc), "gatewayIpAddress", end->addresses[0],
					sizeof(end->addresses[0]));
	end->n_addresses = end->addresses[0][0] != '\0';
	azure_peer_prefixes(json_object_get(json_object_get(azure_peer_props(doc),
					   "localNetworkAddressSpace"), "addressPrefixes"), end);
	json_decref(doc);
	return 0;
}

/** The shared key, copied and wiped in the response. */
static int azure_peer_key(azure_run_t *run, size_t t, const char *conn_id, azure_peer_t *out)
{
	char key[760];
	json_t *doc, *v;

	snprintf(key, sizeof(key), "%s/sharedkey", conn_id);
	if (azure_peer_get(run, t, key, key, &doc))
		return -1;
	v = json_object_get(doc, "value");
	azure_peer_copy(doc, "value", out->shared_key, sizeof(out->shared_key));
	if (json_is_string(v))
		OPENSSL_cleanse((void *)json_string_value(v), json_string_length(v));
	json_decref(doc);
	if (out->shared_key[0])
		return 0;
	return azure_peer_fail(run, key, "NoSharedKey", "ARM returned no shared key");
}

static int azure_peer_ends(azure_run_t *run, size_t t, json_t *props, azure_peer_t *out)
{
	if (azure_peer_gateway(run, t, azure_peer_ref(props, "virtualNetworkGateway1"),
						   &out->gateway))
		return -1;
	if (!strcasecmp(out->type, "Vnet2Vnet"))
		return azure_peer_gateway(run, t, azure_peer_ref(props, "virtualNetworkGateway2"),
								  &out->peer);
	return azure_peer_lng(run, t, azure_peer_ref(props, "localNetworkGateway2"), &out->peer);
}

int azure_peer_read_id(azure_run_t *run, size_t t, const char *conn_id, azure_peer_t *out)
{
	json_t *doc;
	int rc;

	memset(out, 0, sizeof(*out));
	if (t >= run->topo->n_tenants)
		return -1;
	snprintf(out->id, sizeof(out->id), "%s", conn_id);
	if (azure_peer_get(run, t, conn_id, conn_id, &doc))
		return -1;
	rc = azure_peer_kind(run, doc, conn_id, out);
	if (!rc)
		rc = azure_peer_settled(run, doc, conn_id, "connection");
	if (!rc)
		rc = azure_peer_policy(run, doc, conn_id, out);
	if (!rc)
		rc = azure_peer_ends(run, t, azure_peer_props(doc), out);
	json_decref(doc);
	if (rc || azure_peer_key(run, t, conn_id, out))
		return -1;
	snprintf(out->address, sizeof(out->address), "%s", out->gateway.addresses[0]);
	memcpy(out->subnets, out->gateway.subnets, sizeof(out->subnets));
	out->n_subnets = out->gateway.n_subnets;
	return 0;
}

int azure_peer_read(azure_run_t *run, size_t t, bool to_onprem, azure_peer_t *out)
{
	char rg[512], conn[700];

	memset(out, 0, sizeof(*out));
	if (t >= run->topo->n_tenants || (!to_onprem && run->topo->n_tenants != 2))
		return -1;
	azure_topology_id(run->topo, t, AZURE_RG, rg, sizeof(rg));
	snprintf(conn, sizeof(conn), "%s/providers/Microsoft.Network/connections/conn-to-%s", rg,
			 to_onprem ? "onprem" : run->topo->tenants[1 - t].name);
	return azure_peer_read_id(run, t, conn, out);
}

void azure_peer_wipe(azure_peer_t *peer)
{
	OPENSSL_cleanse(peer->shared_key, sizeof(peer->shared_key));
}
