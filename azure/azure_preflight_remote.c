/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Preflight rules that read ARM (GETs only). */

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "azure_cidr.h"
#include "azure_preflight.h"

static void azure_preflight_issue(azure_issues_t *out, const char *resource, const char *rule,
								  const char *fix)
{
	if (out->n == AZURE_PREFLIGHT_MAX)
		return;
	snprintf(out->item[out->n].resource, sizeof(out->item[0].resource), "%s", resource);
	snprintf(out->item[out->n].rule, sizeof(out->item[0].rule), "%s", rule);
	snprintf(out->item[out->n].fix, sizeof(out->item[0].fix), "%s", fix);
	out->n++;
}

/** GET path; *doc NULL if absent. */
static int azure_preflight_get(azure_run_t *run, size_t tenant, const char *path, json_t **doc)
{
	arm_call_t call = azure_run_call(run, tenant, -1);
	arm_response_t resp;
	arm_error_t err;

	*doc = NULL;
	if (arm_client_request(run->client, &call, "GET", path, ARM_API_NETWORK, NULL, &resp, &err))
		return err.status == 404 ? 0 : azure_run_fail(run, path, &err);
	*doc = json_incref(resp.body);
	arm_response_clear(&resp);
	return 0;
}

static void azure_preflight_vnet(azure_run_t *run, size_t t, json_t *vnet, azure_issues_t *out)
{
	const char *want = run->topo->tenants[t].gateway_subnet;
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(vnet, "properties"), "subnets"), i, s)
	{
		json_t *p = json_object_get(s, "properties"), *nsg;
		const char *id = json_string_value(json_object_get(s, "id"));
		const char *prefix = json_string_value(json_object_get(p, "addressPrefix"));
		azure_cidr_t c;

		if (strcmp(json_string_value(json_object_get(s, "name")) ? json_string_value(
				   json_object_get(s, "name")) : "", "GatewaySubnet"))
			continue;
		nsg = json_object_get(p, "networkSecurityGroup");
		if (nsg && !json_is_null(nsg))
			azure_preflight_issue(out, id ? id : "GatewaySubnet", "no network security group on "
								  "GatewaySubnet (the gateway stops working as expected)",
								  "remove the NSG association from GatewaySubnet "
								  "(https://aka.ms/GatewaySubnet)");
		if (azure_cidr_parse(prefix, &c, NULL) && c.family == AF_INET && c.len > 29)
			azure_preflight_issue(out, id ? id : "GatewaySubnet", "existing GatewaySubnet too "
								  "small", "GatewaySubnet needs /29 or larger (/27 "
								  "recommended); recreate it");
		else if (prefix && strcmp(prefix, want))
			azure_preflight_issue(out, id ? id : "GatewaySubnet", "existing GatewaySubnet differs "
								  "from the profile", "set azure.tenants[].vnet.gateway_subnet "
								  "to the existing prefix");
	}
}

/** Prefixes of a connection's far end: its LNG, or the peer gateway's VNet (skipped). */
static void azure_preflight_conn(azure_run_t *run, size_t t, json_t *conn, azure_issues_t *out)
{
	const char *lng = json_string_value(json_object_get(json_object_get(json_object_get(conn,
										"properties"), "localNetworkGateway2"), "id"));
	json_t *doc, *p;
	size_t i;

	if (!lng || azure_preflight_get(run, t, lng, &doc) || !doc)
		return;
	json_array_foreach(json_object_get(json_object_get(json_object_get(doc, "properties"),
					   "localNetworkAddressSpace"), "addressPrefixes"), i, p)
	{
		for (size_t u = 0; u < run->topo->n_tenants; u++)
		{
			for (size_t k = 0; k < run->topo->tenants[u].n_address_space; k++)
			{
				char fix[256];

				if (!azure_cidr_text_overlap(json_string_value(p),
											 run->topo->tenants[u].address_space[k]))
					continue;
				snprintf(fix, sizeof(fix), "its prefix %s overlaps %s of tenant %s; renumber "
						 "one of them or remove that connection", json_string_value(p),
						 run->topo->tenants[u].address_space[k], run->topo->tenants[u].name);
				azure_preflight_issue(out, json_string_value(json_object_get(conn, "id")),
									  "prefixes must not overlap other connections of the same "
									  "gateways", fix);
			}
		}
	}
	json_decref(doc);
}

/** Other connections already on tenant t's gateway. */
static int azure_preflight_conns(azure_run_t *run, size_t t, azure_issues_t *out)
{
	char rg[512], path[600], gw[512];
	json_t *list, *c;
	size_t i;

	azure_topology_id(run->topo, t, AZURE_RG, rg, sizeof(rg));
	azure_topology_id(run->topo, t, AZURE_GATEWAY, gw, sizeof(gw));
	snprintf(path, sizeof(path), "%s/providers/Microsoft.Network/connections", rg);
	if (azure_preflight_get(run, t, path, &list))
		return -1;
	json_array_foreach(json_object_get(list, "value"), i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *g1 = json_string_value(json_object_get(json_object_get(json_object_get(c,
										   "properties"), "virtualNetworkGateway1"), "id"));

		if (!g1 || strcasecmp(g1, gw) || (name && !strncmp(name, "conn-to-", 8)))
			continue;
		azure_preflight_conn(run, t, c, out);
	}
	json_decref(list);
	return 0;
}

int azure_preflight_remote(azure_run_t *run, azure_issues_t *out)
{
	for (size_t t = 0; t < run->topo->n_tenants; t++)
	{
		char vnet[512], gw[512];
		json_t *doc;

		azure_topology_id(run->topo, t, AZURE_VNET, vnet, sizeof(vnet));
		if (azure_preflight_get(run, t, vnet, &doc))
			return -1;
		azure_preflight_vnet(run, t, doc, out);
		json_decref(doc);
		azure_topology_id(run->topo, t, AZURE_GATEWAY, gw, sizeof(gw));
		if (azure_preflight_get(run, t, gw, &doc))
			return -1;
		if (doc && !strcasecmp(json_string_value(json_object_get(json_object_get(doc,
							   "properties"), "vpnType")) ? json_string_value(json_object_get(
							   json_object_get(doc, "properties"), "vpnType")) : "",
							   "PolicyBased"))
			azure_preflight_issue(out, gw, "RouteBased (dynamic routing) gateways only; "
								  "PolicyBased is not supported for this pattern", "delete "
								  "the PolicyBased gateway and let apply create a RouteBased one");
		json_decref(doc);
		if (azure_preflight_conns(run, t, out))
			return -1;
	}
	return 0;
}
