/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* What every Microsoft.Network resource type shares: GET, list, DELETE, the PUT frame. */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "armsim_private.h"

void armsim_ref_id(char *buf, size_t len, armsim_req_t *req, size_t n_seg)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n_seg && i < req->n_seg && o < len; i++)
		o += snprintf(buf + o, len - o, "/%s", req->seg[i]);
}

static void armsim_resource_not_found(armsim_resp_t *resp, armsim_req_t *req, const char *type)
{
	armsim_error(resp, 404, "ResourceNotFound", NULL, "The Resource 'Microsoft.Network/%s/%s' "
				 "under resource group '%s' was not found. For more details please go to "
				 "https://aka.ms/ARMResourceNotFoundFix", type, req->seg[7], req->seg[3]);
}

void armsim_resource_get(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
						 const char *type)
{
	char id[1024];
	armsim_res_t *r;

	armsim_ref_id(id, sizeof(id), req, req->n_seg);
	r = armsim_store_get(sim, id);
	if (!r)
		return armsim_resource_not_found(resp, req, type);
	resp->status = 200;
	resp->body = armsim_store_view(r);
}

void armsim_resource_list(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
						  const char *type)
{
	char prefix[1024];
	json_t *value = json_array();
	size_t plen;

	(void)type;
	armsim_ref_id(prefix, sizeof(prefix), req, req->n_seg);
	plen = strlen(prefix);
	for (size_t i = 0; i < sim->n_res; i++)
	{
		const char *key = sim->res[i]->key;

		if (!strncasecmp(key, prefix, plen) && key[plen] == '/' && !strchr(key + plen + 1, '/'))
			json_array_append_new(value, armsim_store_view(sim->res[i]));
	}
	resp->status = 200;
	resp->body = json_pack("{s:o}", "value", value);
}

void armsim_resource_delete(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
							const char *type, double seconds)
{
	char id[1024];
	armsim_res_t *r;

	(void)type;
	armsim_ref_id(id, sizeof(id), req, req->n_seg);
	r = armsim_store_get(sim, id);
	if (!r)
	{
		resp->status = 204;
		return;
	}
	if (!strcmp(armsim_store_state(r), "Deleting"))
	{
		resp->status = 202;
		armsim_store_begin(sim, r, r->gone_at - armsim_now(), true, resp);
		return;
	}
	if (armsim_store_busy(sim, r, resp))
		return;
	armsim_store_begin(sim, r, seconds, true, resp);
	resp->status = 202;
}

bool armsim_resource_preamble(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
							  const char *type, armsim_res_t **existing)
{
	char id[1024];

	(void)type;
	if (!armsim_rg_exists(sim, req, resp))
		return false;
	armsim_ref_id(id, sizeof(id), req, req->n_seg);
	*existing = armsim_store_get(sim, id);
	if (*existing && armsim_store_busy(sim, *existing, resp))
		return false;
	return true;
}

bool armsim_resource_needs_properties(armsim_req_t *req, armsim_resp_t *resp)
{
	if (json_is_object(json_object_get(req->body, "properties")))
		return true;
	armsim_error(resp, 400, "InvalidRequestFormat", "properties", "Cannot parse the request. "
				 "Required property 'properties' not found in JSON. Path '', line 1.");
	return false;
}

json_t *armsim_resource_new(armsim_t *sim, armsim_req_t *req, const char *type,
							armsim_res_t *old, armsim_resp_t *resp)
{
	const char *loc = json_string_value(json_object_get(req->body, "location"));
	const char *old_loc = old ? json_string_value(json_object_get(old->doc, "location")) : NULL;
	json_t *props = json_object_get(req->body, "properties"), *tags, *doc;
	json_t *guid = old ? json_object_get(json_object_get(old->doc, "properties"),
										 "resourceGuid") : NULL;
	char id[1024], rtype[96], etag[48], g[40];

	(void)sim;
	if (!json_is_object(req->body))
		return armsim_error(resp, 400, "InvalidRequestContent", NULL, "The request content "
							"was invalid and could not be deserialized."), NULL;
	if (!loc || !*loc)
		return armsim_error(resp, 400, "LocationRequired", NULL, "The location property is "
							"required for this definition."), NULL;
	if (old_loc && !armsim_streq(old_loc, loc))
		return armsim_error(resp, 400, "InvalidResourceLocation", NULL, "The resource '%s' "
							"already exists in location '%s' in resource group '%s'. A resource "
							"with the same name cannot be created in location '%s'.",
							req->seg[7], old_loc, req->seg[3], loc), NULL;
	if (props && !json_is_object(props))
		return armsim_error(resp, 400, "InvalidRequestFormat", "properties", "Cannot parse "
							"the request: properties must be an object."), NULL;
	tags = json_object_get(req->body, "tags");
	armsim_ref_id(id, sizeof(id), req, req->n_seg);
	snprintf(rtype, sizeof(rtype), "Microsoft.Network/%s", type);
	armsim_guid(g);
	snprintf(etag, sizeof(etag), "W/\"%s\"", g);
	if (!guid)
	{
		armsim_guid(g);
		guid = json_string(g);
	}
	else
		json_incref(guid);
	/* real ARM answers an untagged resource without a "tags" key */
	tags = json_object_size(tags) ? json_deep_copy(tags) : NULL;
	props = props ? json_deep_copy(props) : json_object();
	json_object_set_new(props, "resourceGuid", guid);
	doc = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o*,s:o}", "id", id, "name", req->seg[7],
					"type", rtype, "location", loc, "etag", etag, "tags", tags,
					"properties", props);
	return doc;
}

void armsim_resource_commit(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
							json_t *doc, bool existed, double seconds)
{
	char id[1024];
	armsim_res_t *r;

	armsim_ref_id(id, sizeof(id), req, req->n_seg);
	r = armsim_store_put(sim, id, doc);
	if (!r)
		return armsim_error(resp, 500, "InternalServerError", NULL, "out of memory");
	armsim_store_begin(sim, r, seconds, false, resp);
	resp->status = existed ? 200 : 201;
	resp->body = armsim_store_view(r);
}
