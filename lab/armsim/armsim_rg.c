/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Resource groups (Microsoft.Resources, api-version 2021-04-01). */

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "armsim_private.h"

static void armsim_rg_id(char *buf, size_t len, armsim_req_t *req)
{
	snprintf(buf, len, "/subscriptions/%s/resourceGroups/%s", req->seg[1], req->seg[3]);
}

bool armsim_rg_exists(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	char id[512];
	armsim_res_t *r;

	armsim_rg_id(id, sizeof(id), req);
	r = armsim_store_get(sim, id);
	if (r && r->gone_at <= 0)
		return true;
	armsim_error(resp, 404, "ResourceGroupNotFound", NULL, "Resource group '%s' could not be "
				 "found.", req->seg[3]);
	return false;
}

static bool armsim_rg_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len < 1 || len > 90 || name[len - 1] == '.')
		return false;
	for (const char *p = name; *p; p++)
	{
		if (!isalnum((unsigned char)*p) && !strchr("-_.()", *p))
			return false;
	}
	return true;
}

static void armsim_rg_put(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	const char *loc = json_string_value(json_object_get(req->body, "location"));
	json_t *tags = json_object_get(req->body, "tags");
	char id[512];
	armsim_res_t *r;
	bool existed;

	armsim_rg_id(id, sizeof(id), req);
	r = armsim_store_get(sim, id);
	if (!armsim_rg_name_ok(req->seg[3]))
		return armsim_error(resp, 400, "InvalidResourceGroupName", NULL, "The resource group "
							"name '%s' is invalid: 1-90 characters of letters, digits, '-', '_', "
							"'.', '(' and ')', not ending in '.'.", req->seg[3]);
	if (!loc || !*loc)
		return armsim_error(resp, 400, "LocationRequired", NULL, "The location property is "
							"required for this definition.");
	if (r && r->gone_at > 0)
		return armsim_error(resp, 409, "ResourceGroupBeingDeleted", NULL, "The resource group "
							"'%s' is in deprovisioning state and cannot perform this operation.",
							req->seg[3]);
	existed = r != NULL;
	if (r && !armsim_streq(json_string_value(json_object_get(r->doc, "location")), loc))
		return armsim_error(resp, 409, "InvalidResourceGroupLocation", NULL, "Invalid resource "
							"group location '%s'. The Resource group already exists in location "
							"'%s'.", loc, json_string_value(json_object_get(r->doc, "location")));
	/* real ARM answers an untagged resource without a "tags" key */
	json_t *doc = json_pack("{s:s,s:s,s:s,s:s,s:o*,s:{s:s}}", "id", id, "name", req->seg[3],
							"type", "Microsoft.Resources/resourceGroups", "location", loc,
							"tags", json_object_size(tags) ? json_deep_copy(tags) : NULL,
							"properties", "provisioningState", "Succeeded");
	r = armsim_store_put(sim, id, doc);
	if (!r)
		return armsim_error(resp, 500, "InternalServerError", NULL, "out of memory");
	resp->status = existed ? 200 : 201;
	resp->body = armsim_store_view(r);
}

static void armsim_rg_delete(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	char id[512];
	armsim_res_t *r;
	size_t len;

	armsim_rg_id(id, sizeof(id), req);
	r = armsim_store_get(sim, id);
	if (!r)
		return armsim_error(resp, 404, "ResourceGroupNotFound", NULL, "Resource group '%s' "
							"could not be found.", req->seg[3]);
	len = strlen(r->key);
	for (size_t i = 0; i < sim->n_res; i++)
	{
		armsim_res_t *c = sim->res[i];

		if (c != r && !strncmp(c->key, r->key, len) && c->key[len] == '/')
		{
			c->gone_at = armsim_now() + sim->opts.resource_seconds;
			c->ready_at = 0;
		}
	}
	armsim_store_begin(sim, r, r->gone_at > 0 ? r->gone_at - armsim_now() :
					   sim->opts.resource_seconds, true, resp);
	/* Microsoft.Resources answers with a Location URL only, which ends 200 (not 204) */
	resp->async_op[0] = '\0';
	if (sim->n_ops)
		sim->ops[sim->n_ops - 1].deleted_status = 200;
	resp->status = 202;
}

/** GET /subscriptions/{s}/resourcegroups: {"value": [...]} (one page, so no nextLink). */
static void armsim_rg_list(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	json_t *value = json_array();
	char prefix[160];
	size_t plen;

	plen = (size_t)snprintf(prefix, sizeof(prefix), "/subscriptions/%s/resourcegroups/",
							req->seg[1]);
	for (size_t i = 0; i < sim->n_res; i++)
	{
		const char *key = sim->res[i]->key;

		if (!strncasecmp(key, prefix, plen) && !strchr(key + plen, '/'))
			json_array_append_new(value, armsim_store_view(sim->res[i]));
	}
	resp->status = 200;
	resp->body = json_pack("{s:o}", "value", value);
}

/** PATCH: a resource group's tags (and nothing else) change; none means no "tags" key. */
static void armsim_rg_patch(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	json_t *tags = json_object_get(req->body, "tags");
	char id[512];
	armsim_res_t *r;

	armsim_rg_id(id, sizeof(id), req);
	r = armsim_store_get(sim, id);
	if (!r)
		return armsim_error(resp, 404, "ResourceGroupNotFound", NULL, "Resource group '%s' "
							"could not be found.", req->seg[3]);
	if (tags && !json_is_object(tags))
		return armsim_error(resp, 400, "InvalidRequestContent", "tags", "The request content "
							"was invalid and could not be deserialized: tags must be an object.");
	if (tags && json_object_size(tags))
		json_object_set_new(r->doc, "tags", json_deep_copy(tags));
	else if (tags)
		json_object_del(r->doc, "tags");
	resp->status = 200;
	resp->body = armsim_store_view(r);
}

void armsim_rg_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	char id[512];
	armsim_res_t *r;

	if (!armsim_api_check(req, resp, false, "resourceGroups"))
		return;
	if (req->n_seg == 3 && !strcmp(req->method, "GET"))
		return armsim_rg_list(sim, req, resp);
	if (req->n_seg == 3)
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	if (!strcmp(req->method, "PUT"))
		return armsim_rg_put(sim, req, resp);
	if (!strcmp(req->method, "PATCH"))
		return armsim_rg_patch(sim, req, resp);
	if (!strcmp(req->method, "DELETE"))
		return armsim_rg_delete(sim, req, resp);
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	armsim_rg_id(id, sizeof(id), req);
	r = armsim_store_get(sim, id);
	if (!strcmp(req->method, "HEAD"))
	{
		resp->status = r ? 204 : 404;	/* checkExistence: no body either way */
		return;
	}
	if (!r)
		return armsim_error(resp, 404, "ResourceGroupNotFound", NULL, "Resource group '%s' "
							"could not be found.", req->seg[3]);
	resp->status = 200;
	resp->body = armsim_store_view(r);
}
