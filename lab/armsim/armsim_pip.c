/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* publicIPAddresses: SKU and allocation rules, an address from the lab's "public" range. */

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "armsim_private.h"

static const char *const armsim_pip_skus[] = { "Basic", "Standard", NULL };
static const char *const armsim_pip_alloc[] = { "Static", "Dynamic", NULL };
static const char *const armsim_pip_versions[] = { "IPv4", "IPv6", NULL };

/** The next address after pip_base. */
static void armsim_pip_address(armsim_t *sim, char *buf, size_t len)
{
	struct in_addr a;

	if (inet_pton(AF_INET, sim->opts.pip_base, &a) != 1)
		inet_pton(AF_INET, "198.51.100.10", &a);
	a.s_addr = htonl(ntohl(a.s_addr) + sim->pip_next++);
	inet_ntop(AF_INET, &a, buf, len);
}

static bool armsim_pip_validate(armsim_t *sim, json_t *doc, json_t *body, armsim_res_t *old,
								armsim_resp_t *resp)
{
	json_t *props = json_object_get(doc, "properties");
	const char *sku = json_string_value(json_object_get(json_object_get(body, "sku"), "name"));
	const char *alloc = json_string_value(json_object_get(props, "publicIPAllocationMethod"));
	const char *ver = json_string_value(json_object_get(props, "publicIPAddressVersion"));
	const char *old_ip = old ? json_string_value(json_object_get(json_object_get(old->doc,
												 "properties"), "ipAddress")) : NULL;
	char ip[64];

	sku = sku ? armsim_enum(sku, armsim_pip_skus) : "Basic";
	alloc = alloc ? armsim_enum(alloc, armsim_pip_alloc) : "Dynamic";
	ver = ver ? armsim_enum(ver, armsim_pip_versions) : "IPv4";
	if (!sku || !alloc || !ver)
		return armsim_error(resp, 400, "InvalidRequestFormat", "properties", "Invalid sku, "
							"publicIPAllocationMethod or publicIPAddressVersion."), false;
	if (!strcmp(sku, "Standard") && strcmp(alloc, "Static"))
		return armsim_error(resp, 400, "StandardSkuPublicIPAddressesMustBeStatic",
							"properties.publicIPAllocationMethod", "Standard sku publicIp %s must "
							"have AllocationMethod set to Static.", json_string_value(
							json_object_get(doc, "name"))), false;
	json_object_set_new(doc, "sku", json_pack("{s:s,s:s}", "name", sku, "tier", "Regional"));
	if (json_is_array(json_object_get(body, "zones")))
		json_object_set(doc, "zones", json_object_get(body, "zones"));
	json_object_set_new(props, "publicIPAllocationMethod", json_string(alloc));
	json_object_set_new(props, "publicIPAddressVersion", json_string(ver));
	if (old_ip)
		snprintf(ip, sizeof(ip), "%s", old_ip);
	else
		armsim_pip_address(sim, ip, sizeof(ip));
	json_object_set_new(props, "ipAddress", json_string(ip));
	if (!json_object_get(props, "idleTimeoutInMinutes"))
		json_object_set_new(props, "idleTimeoutInMinutes", json_integer(4));
	return true;
}

/** true if a gateway's ipConfiguration names the public IP id */
static bool armsim_pip_used(armsim_t *sim, const char *id)
{
	for (size_t i = 0; i < sim->n_res; i++)
	{
		json_t *cfgs = json_object_get(json_object_get(sim->res[i]->doc, "properties"),
									   "ipConfigurations"), *c;
		size_t j;

		json_array_foreach(cfgs, j, c)
		{
			if (armsim_streq(id, json_string_value(json_object_get(json_object_get(
							 json_object_get(c, "properties"), "publicIPAddress"), "id"))))
				return true;
		}
	}
	return false;
}

void armsim_pip_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	armsim_res_t *old;
	char id[1024];
	json_t *doc;

	if (req->n_seg == 7)
		return armsim_resource_list(sim, req, resp, "publicIPAddresses");
	if (!strcmp(req->method, "GET"))
		return armsim_resource_get(sim, req, resp, "publicIPAddresses");
	if (!strcmp(req->method, "DELETE"))
	{
		armsim_ref_id(id, sizeof(id), req, req->n_seg);
		if (armsim_pip_used(sim, id))
			return armsim_error(resp, 400, "PublicIPAddressInUse", NULL, "Public IP address %s "
								"can not be deleted since it is still allocated to a virtual "
								"network gateway.", id);
		return armsim_resource_delete(sim, req, resp, "publicIPAddresses",
									  sim->opts.resource_seconds);
	}
	if (strcmp(req->method, "PUT"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	if (!armsim_resource_preamble(sim, req, resp, "publicIPAddresses", &old))
		return;
	doc = armsim_resource_new(sim, req, "publicIPAddresses", old, resp);
	if (!doc)
		return;
	if (!armsim_pip_validate(sim, doc, req->body, old, resp))
		return json_decref(doc);
	armsim_resource_commit(sim, req, resp, doc, old != NULL, sim->opts.resource_seconds);
}
