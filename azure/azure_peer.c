/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdio.h>
#include <string.h>

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

static void azure_peer_copy(json_t *obj, const char *key, char *out, size_t len)
{
	const char *v = json_string_value(json_object_get(obj, key));

	snprintf(out, len, "%s", v ? v : "");
}

/** Proposals and lifetimes from the connection resource. */
static int azure_peer_policy(azure_run_t *run, json_t *conn, const char *label,
							 azure_peer_t *out)
{
	json_t *props = json_object_get(conn, "properties");
	json_t *pol = json_array_get(json_object_get(props, "ipsecPolicies"), 0);
	azure_ipsec_policy_t p = { .sa_lifetime_s = 27000 };
	arm_error_t err = { .status = 0 };

	out->dpd_timeout_s = (unsigned)json_integer_value(json_object_get(props,
																	  "dpdTimeoutSeconds"));
	out->esp_lifetime_s = 27000;
	if (!pol)
		return azure_policy_proposals(NULL, out->ike, &out->n_ike, out->esp, &out->n_esp);
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
	snprintf(err.code, sizeof(err.code), "UnmappablePolicy");
	snprintf(err.message, sizeof(err.message), "the connection's ipsecPolicies hold a value "
			 "with no strongSwan equivalent");
	return azure_run_fail(run, label, &err);
}

static int azure_peer_network(azure_run_t *run, size_t t, azure_peer_t *out)
{
	char pip[512], vnet[512];
	json_t *doc, *p;
	size_t i;

	azure_topology_id(run->topo, t, AZURE_PIP, pip, sizeof(pip));
	azure_topology_id(run->topo, t, AZURE_VNET, vnet, sizeof(vnet));
	if (azure_peer_get(run, t, pip, pip, &doc))
		return -1;
	azure_peer_copy(json_object_get(doc, "properties"), "ipAddress", out->address,
					sizeof(out->address));
	json_decref(doc);
	if (azure_peer_get(run, t, vnet, vnet, &doc))
		return -1;
	json_array_foreach(json_object_get(json_object_get(json_object_get(doc, "properties"),
					   "addressSpace"), "addressPrefixes"), i, p)
	{
		if (out->n_subnets < AZURE_MAX_PREFIXES)
			snprintf(out->subnets[out->n_subnets++], 64, "%s", json_string_value(p));
	}
	json_decref(doc);
	return 0;
}

int azure_peer_read(azure_run_t *run, size_t t, bool to_onprem, azure_peer_t *out)
{
	char rg[512], conn[700], key[760];
	json_t *doc;
	int rc;

	memset(out, 0, sizeof(*out));
	if (t >= run->topo->n_tenants || (!to_onprem && run->topo->n_tenants != 2))
		return -1;
	azure_topology_id(run->topo, t, AZURE_RG, rg, sizeof(rg));
	snprintf(conn, sizeof(conn), "%s/providers/Microsoft.Network/connections/conn-to-%s", rg,
			 to_onprem ? "onprem" : run->topo->tenants[1 - t].name);
	if (azure_peer_network(run, t, out) || azure_peer_get(run, t, conn, conn, &doc))
		return -1;
	rc = azure_peer_policy(run, doc, conn, out);
	json_decref(doc);
	snprintf(key, sizeof(key), "%s/sharedkey", conn);
	if (rc || azure_peer_get(run, t, key, conn, &doc))
		return -1;
	azure_peer_copy(doc, "value", out->shared_key, sizeof(out->shared_key));
	OPENSSL_cleanse((void *)json_string_value(json_object_get(doc, "value")),
					json_string_length(json_object_get(doc, "value")));
	json_decref(doc);
	return 0;
}

void azure_peer_wipe(azure_peer_t *peer)
{
	OPENSSL_cleanse(peer->shared_key, sizeof(peer->shared_key));
}
