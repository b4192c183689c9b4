/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* localNetworkGateways: the other side's public address and prefixes. */

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "armsim_private.h"
#include "azure_cidr.h"

static bool armsim_lng_fqdn_ok(const char *fqdn)
{
	size_t len = strlen(fqdn);

	if (!len || len > 253 || !strchr(fqdn, '.'))
		return false;
	for (const char *p = fqdn; *p; p++)
	{
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return false;
	}
	return true;
}

static bool armsim_lng_validate(json_t *doc, armsim_resp_t *resp)
{
	json_t *props = json_object_get(doc, "properties");
	const char *ip = json_string_value(json_object_get(props, "gatewayIpAddress"));
	const char *fqdn = json_string_value(json_object_get(props, "fqdn"));
	json_t *prefixes = json_object_get(json_object_get(props, "localNetworkAddressSpace"),
									   "addressPrefixes"), *p;
	size_t i;

	if (!ip && !fqdn)
		return armsim_error(resp, 400, "LocalNetworkGatewayMustHaveIpAddressOrFqdn",
							"properties.gatewayIpAddress", "Local network gateway %s needs a "
							"gatewayIpAddress or an fqdn.", json_string_value(json_object_get(
							doc, "name"))), false;
	if (ip && !azure_ip_valid(ip))
		return armsim_error(resp, 400, "InvalidIPAddress", "properties.gatewayIpAddress",
							"'%s' is not a valid IP address.", ip), false;
	if (!ip && !armsim_lng_fqdn_ok(fqdn))
		return armsim_error(resp, 400, "InvalidFqdn", "properties.fqdn", "'%s' is not a valid "
							"fully qualified domain name.", fqdn), false;
	if (prefixes && !json_is_array(prefixes))
		return armsim_error(resp, 400, "InvalidRequestFormat", "properties.localNetworkAddressSpace",
							"addressPrefixes must be an array."), false;
	json_array_foreach(prefixes, i, p)
	{
		if (!azure_cidr_valid(json_string_value(p)))
			return armsim_error(resp, 400, "InvalidCIDRNotation",
								"properties.localNetworkAddressSpace", "The address prefix %s in "
								"resource %s has an invalid CIDR notation.", json_is_string(p) ?
								json_string_value(p) : "(not a string)",
								json_string_value(json_object_get(doc, "id"))), false;
	}
	return armsim_bgp_lng(props, resp);
}

/** true if a connection names the LNG id */
static bool armsim_lng_used(armsim_t *sim, const char *id)
{
	for (size_t i = 0; i < sim->n_res; i++)
	{
		if (armsim_streq(id, json_string_value(json_object_get(json_object_get(json_object_get(
						 sim->res[i]->doc, "properties"), "localNetworkGateway2"), "id"))))
			return true;
	}
	return false;
}

void armsim_lng_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	armsim_res_t *old;
	char id[1024];
	json_t *doc;

	if (req->n_seg == 7)
		return armsim_resource_list(sim, req, resp, "localNetworkGateways");
	if (!strcmp(req->method, "GET"))
		return armsim_resource_get(sim, req, resp, "localNetworkGateways");
	if (!strcmp(req->method, "DELETE"))
	{
		armsim_ref_id(id, sizeof(id), req, req->n_seg);
		if (armsim_lng_used(sim, id))
			return armsim_error(resp, 400, "InUseLocalNetworkGatewayCannotBeDeleted", NULL,
								"Local network gateway %s is used by a connection and cannot be "
								"deleted; delete the connection first.", id);
		return armsim_resource_delete(sim, req, resp, "localNetworkGateways",
									  sim->opts.resource_seconds);
	}
	if (strcmp(req->method, "PUT"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	/* the spec's "required": ["properties"], as ARM enforces it */
	if (!armsim_resource_needs_properties(req, resp) ||
		!armsim_resource_preamble(sim, req, resp, "localNetworkGateways", &old))
		return;
	doc = armsim_resource_new(sim, req, "localNetworkGateways", old, resp);
	if (!doc)
		return;
	if (!armsim_lng_validate(doc, resp))
		return json_decref(doc);
	armsim_resource_commit(sim, req, resp, doc, old != NULL, sim->opts.resource_seconds);
}
