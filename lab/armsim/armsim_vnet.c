/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* virtualNetworks and their subnets, with Azure's address and GatewaySubnet rules. */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "armsim_private.h"
#include "azure_cidr.h"

/** Every prefix of an address space: valid, canonical, not overlapping one another. */
static bool armsim_vnet_check_space(json_t *prefixes, const char *vnet, armsim_resp_t *resp)
{
	size_t i, j;
	json_t *p, *q;

	if (!json_is_array(prefixes) || !json_array_size(prefixes))
	{
		armsim_error(resp, 400, "InvalidAddressSpace", "properties.addressSpace",
					 "Virtual network '%s' needs at least one address prefix.", vnet);
		return false;
	}
	json_array_foreach(prefixes, i, p)
	{
		if (!azure_cidr_valid(json_string_value(p)))
		{
			armsim_error(resp, 400, "InvalidCIDRNotation", "properties.addressSpace",
						 "The address prefix %s in resource %s has an invalid CIDR notation.",
						 json_is_string(p) ? json_string_value(p) : "(not a string)", vnet);
			return false;
		}
		for (j = 0; j < i; j++)
		{
			q = json_array_get(prefixes, j);
			if (azure_cidr_text_overlap(json_string_value(p), json_string_value(q)))
			{
				armsim_error(resp, 400, "VnetAddressSpacesOverlap", "properties.addressSpace",
							 "Address prefixes %s and %s of virtual network %s overlap.",
							 json_string_value(q), json_string_value(p), vnet);
				return false;
			}
		}
	}
	return true;
}

static bool armsim_vnet_inside(json_t *prefixes, const char *subnet)
{
	azure_cidr_t in, out;
	size_t i;
	json_t *p;

	if (!azure_cidr_parse(subnet, &in, NULL))
		return false;
	json_array_foreach(prefixes, i, p)
	{
		if (azure_cidr_parse(json_string_value(p), &out, NULL) && azure_cidr_contains(&out, &in))
			return true;
	}
	return false;
}

/** One subnet against the address space and the subnets before it. */
static bool armsim_vnet_check_subnet(json_t *prefixes, json_t *subnets, size_t idx,
									 const char *vnet, armsim_resp_t *resp)
{
	json_t *s = json_array_get(subnets, idx), *props = json_object_get(s, "properties");
	const char *name = json_string_value(json_object_get(s, "name"));
	const char *prefix = json_string_value(json_object_get(props, "addressPrefix"));

	if (!name || !*name)
		return armsim_error(resp, 400, "InvalidRequestFormat", "properties.subnets", "Every "
							"subnet needs a name."), false;
	if (!azure_cidr_valid(prefix))
		return armsim_error(resp, 400, "InvalidCIDRNotation", "properties.subnets", "The "
							"address prefix %s in resource %s/subnets/%s has an invalid CIDR "
							"notation.", prefix ? prefix : "(none)", vnet, name), false;
	if (!armsim_vnet_inside(prefixes, prefix))
		return armsim_error(resp, 400, "NetcfgSubnetRangeOutsideVnet", "properties.subnets",
							"Subnet '%s' is not valid because its IP address range is outside "
							"the IP address range of virtual network '%s'.", name, vnet), false;
	if (!strcmp(name, "GatewaySubnet") &&
		json_object_get(props, "networkSecurityGroup") &&
		!json_is_null(json_object_get(props, "networkSecurityGroup")))
		return armsim_error(resp, 400, "NetworkSecurityGroupCannotBeAttachedToGatewaySubnet",
							"properties.subnets", "Network security group %s can not be "
							"associated to the GatewaySubnet. Please remove the network security "
							"group associated to the GatewaySubnet. No changes have occurred on the "
							"gateway at this time. See here for additional details: "
							"https://aka.ms/GatewaySubnet.", json_string_value(json_object_get(
							json_object_get(props, "networkSecurityGroup"), "id"))), false;
	for (size_t j = 0; j < idx; j++)
	{
		json_t *o = json_array_get(subnets, j);
		const char *oname = json_string_value(json_object_get(o, "name"));
		const char *op = json_string_value(json_object_get(json_object_get(o, "properties"),
															"addressPrefix"));
		if (armsim_streq(oname, name))
			return armsim_error(resp, 400, "DuplicateResourceName", "properties.subnets",
								"Subnet name '%s' appears twice.", name), false;
		if (azure_cidr_text_overlap(op, prefix))
			return armsim_error(resp, 400, "NetcfgSubnetRangesOverlap", "properties.subnets",
								"Subnet '%s' is not valid because its IP address range overlaps "
								"with that of an existing subnet '%s' in virtual network '%s'.",
								name, oname, vnet), false;
	}
	return true;
}

/** true if a gateway's ipConfiguration uses subnet_id */
static bool armsim_vnet_subnet_used(armsim_t *sim, const char *subnet_id)
{
	for (size_t i = 0; i < sim->n_res; i++)
	{
		json_t *cfgs = json_object_get(json_object_get(sim->res[i]->doc, "properties"),
									   "ipConfigurations"), *c;
		size_t j;

		json_array_foreach(cfgs, j, c)
		{
			const char *sid = json_string_value(json_object_get(json_object_get(
								json_object_get(c, "properties"), "subnet"), "id"));
			if (armsim_streq(sid, subnet_id) ||
				(sid && !strncasecmp(sid, subnet_id, strlen(subnet_id)) &&
				 sid[strlen(subnet_id)] == '/'))
				return true;
		}
	}
	return false;
}

/** Validate and normalise addressSpace + subnets of doc; give each subnet its id. */
static bool armsim_vnet_validate(armsim_t *sim, json_t *doc, armsim_res_t *old,
								 armsim_resp_t *resp)
{
	json_t *props = json_object_get(doc, "properties");
	json_t *prefixes = json_object_get(json_object_get(props, "addressSpace"), "addressPrefixes");
	json_t *subnets = json_object_get(props, "subnets"), *s;
	const char *vnet = json_string_value(json_object_get(doc, "id"));
	char sid[1200];
	size_t i;

	if (!armsim_vnet_check_space(prefixes, vnet, resp))
		return false;
	if (!subnets)
		json_object_set_new(props, "subnets", subnets = json_array());
	json_array_foreach(subnets, i, s)
	{
		if (!armsim_vnet_check_subnet(prefixes, subnets, i, vnet, resp))
			return false;
		snprintf(sid, sizeof(sid), "%s/subnets/%s", vnet,
				 json_string_value(json_object_get(s, "name")));
		json_object_set_new(s, "id", json_string(sid));
		json_object_set_new(s, "type", json_string("Microsoft.Network/virtualNetworks/subnets"));
		json_object_set_new(json_object_get(s, "properties"), "provisioningState",
							json_string("Succeeded"));
	}
	json_array_foreach(json_object_get(json_object_get(old ? old->doc : NULL, "properties"),
									   "subnets"), i, s)
	{
		const char *id = json_string_value(json_object_get(s, "id"));
		bool kept = false;
		size_t j;
		json_t *n;

		json_array_foreach(subnets, j, n)
			kept = kept || armsim_streq(id, json_string_value(json_object_get(n, "id")));
		if (!kept && id && armsim_vnet_subnet_used(sim, id))
			return armsim_error(resp, 400, "InUseSubnetCannotBeDeleted", "properties.subnets",
								"Subnet %s is in use by a virtual network gateway and cannot be "
								"deleted.", id), false;
	}
	return true;
}

/** One write per VNet at a time: a gateway still being built in it blocks VNet writes. */
static bool armsim_vnet_locked(armsim_t *sim, const char *vnet, armsim_resp_t *resp)
{
	size_t len = strlen(vnet);

	for (size_t i = 0; i < sim->n_res; i++)
	{
		json_t *cfgs = json_object_get(json_object_get(sim->res[i]->doc, "properties"),
									   "ipConfigurations"), *c;
		size_t j;

		if (strcmp(armsim_store_state(sim->res[i]), "Updating"))
			continue;
		json_array_foreach(cfgs, j, c)
		{
			const char *sid = json_string_value(json_object_get(json_object_get(
								json_object_get(c, "properties"), "subnet"), "id"));
			if (sid && !strncasecmp(sid, vnet, len) && sid[len] == '/')
			{
				armsim_error(resp, 409, "AnotherOperationInProgress", NULL, "Another operation "
							 "on this or dependent resource is in progress: virtual network "
							 "gateway %s is being provisioned in %s. Retry when it has "
							 "completed.", json_string_value(json_object_get(
							 sim->res[i]->doc, "name")), vnet);
				return true;
			}
		}
	}
	return false;
}

static void armsim_vnet_put(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	armsim_res_t *old;
	char id[1024];
	json_t *doc;

	if (!armsim_resource_preamble(sim, req, resp, "virtualNetworks", &old))
		return;
	armsim_ref_id(id, sizeof(id), req, req->n_seg);
	if (old && armsim_vnet_locked(sim, id, resp))
		return;
	doc = armsim_resource_new(sim, req, "virtualNetworks", old, resp);
	if (!doc)
		return;
	if (!armsim_vnet_validate(sim, doc, old, resp))
		return json_decref(doc);
	armsim_resource_commit(sim, req, resp, doc, old != NULL, sim->opts.resource_seconds);
}

void armsim_vnet_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	char id[1024];

	if (req->n_seg == 7)
		return armsim_resource_list(sim, req, resp, "virtualNetworks");
	if (!strcmp(req->method, "GET"))
		return armsim_resource_get(sim, req, resp, "virtualNetworks");
	if (!strcmp(req->method, "PUT"))
		return armsim_vnet_put(sim, req, resp);
	if (strcmp(req->method, "DELETE"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	armsim_ref_id(id, sizeof(id), req, req->n_seg);
	if (armsim_vnet_subnet_used(sim, id))
		return armsim_error(resp, 400, "InUseSubnetCannotBeDeleted", NULL, "Subnet GatewaySubnet "
							"of %s is in use by a virtual network gateway and cannot be deleted.",
							id);
	armsim_resource_delete(sim, req, resp, "virtualNetworks", sim->opts.resource_seconds);
}

/** The subnet object named by req (segments 0..9) inside its VNet, or NULL. */
static json_t *armsim_subnet_find(armsim_t *sim, armsim_req_t *req, armsim_res_t **vnet,
								  size_t *idx)
{
	char id[1024];
	json_t *s;
	size_t i;

	armsim_ref_id(id, sizeof(id), req, 8);
	*vnet = armsim_store_get(sim, id);
	json_array_foreach(json_object_get(json_object_get(*vnet ? (*vnet)->doc : NULL,
													   "properties"), "subnets"), i, s)
	{
		if (armsim_streq(json_string_value(json_object_get(s, "name")), req->seg[9]))
		{
			*idx = i;
			return s;
		}
	}
	return NULL;
}

static void armsim_subnet_put(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
							  armsim_res_t *vnet, size_t idx, bool exists)
{
	json_t *doc = json_deep_copy(vnet->doc), *props = json_object_get(req->body, "properties");
	json_t *subnets = json_object_get(json_object_get(doc, "properties"), "subnets");
	json_t *sub = json_pack("{s:s,s:O}", "name", req->seg[9], "properties",
							props ? props : json_object());
	char id[1024];

	if (!props)
		json_decref(json_object_get(sub, "properties"));
	if (exists)
		json_array_set_new(subnets, idx, sub);
	else
		json_array_append_new(subnets, sub);
	armsim_ref_id(id, sizeof(id), req, 8);
	if (armsim_store_busy(sim, vnet, resp) || armsim_vnet_locked(sim, id, resp) ||
		!armsim_vnet_validate(sim, doc, vnet, resp))
		return json_decref(doc);
	json_decref(vnet->doc);
	vnet->doc = doc;
	armsim_store_begin(sim, vnet, sim->opts.resource_seconds, false, resp);
	resp->status = exists ? 200 : 201;
	resp->body = json_deep_copy(json_array_get(subnets, exists ? idx : json_array_size(subnets) - 1));
}

void armsim_subnet_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	armsim_res_t *vnet;
	size_t idx = 0;
	json_t *s;

	if (!armsim_rg_exists(sim, req, resp))
		return;
	s = armsim_subnet_find(sim, req, &vnet, &idx);
	if (!vnet)
		return armsim_error(resp, 404, "ResourceNotFound", NULL, "The Resource "
							"'Microsoft.Network/virtualNetworks/%s' under resource group '%s' was "
							"not found.", req->seg[7], req->seg[3]);
	if (!strcmp(req->method, "PUT"))
		return armsim_subnet_put(sim, req, resp, vnet, idx, s != NULL);
	if (strcmp(req->method, "GET"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	if (!s)
		return armsim_error(resp, 404, "NotFound", NULL, "Resource %s/subnets/%s not found.",
							req->seg[7], req->seg[9]);
	resp->status = 200;
	resp->body = json_deep_copy(s);
}
