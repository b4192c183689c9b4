/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* References from one resource to another, and the cross-tenant auxiliary-token rule. */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "armsim_private.h"

/** The subscription segment of an id into sub; false if the id is not ARM-shaped. */
static bool armsim_ref_sub(const char *id, char *sub, size_t len)
{
	const char *p;

	if (!id || strncasecmp(id, "/subscriptions/", 15))
		return false;
	p = id + 15;
	snprintf(sub, len, "%.*s", (int)strcspn(p, "/"), p);
	return sub[0] != '\0';
}

bool armsim_ref_allowed(armsim_t *sim, armsim_req_t *req, const char *id, const char *action,
						const char *scope, armsim_resp_t *resp)
{
	const armsim_tenant_t *owner;
	char sub[64];

	if (!armsim_ref_sub(id, sub, sizeof(sub)))
	{
		armsim_error(resp, 400, "LinkedInvalidPropertyId", NULL, "Property id '%s' at path "
					 "'%s' is invalid. Expect fully qualified resource Id that start with "
					 "'/subscriptions/{subscriptionId}'.", id ? id : "", action);
		return false;
	}
	owner = armsim_tenant_of_sub(sim, sub);
	if (!owner)
	{
		armsim_error(resp, 404, "LinkedSubscriptionNotFound", NULL, "The linked subscription "
					 "'%s' could not be found.", sub);
		return false;
	}
	if (armsim_streq(owner->tenant_id, req->tenant))
		return true;
	for (size_t i = 0; i < req->n_aux; i++)
	{
		if (armsim_streq(owner->tenant_id, req->aux[i]))
			return true;
	}
	armsim_error(resp, 403, "LinkedAuthorizationFailed", NULL, "The client has permission to "
				 "perform action '%s' on scope '%s', however the current tenant '%s' is not "
				 "authorized to access linked subscription '%s'.", action, scope, req->tenant, sub);
	return false;
}

armsim_res_t *armsim_ref(armsim_t *sim, armsim_req_t *req, json_t *obj, const char *what,
						 const char *type, armsim_resp_t *resp)
{
	const char *id = json_string_value(json_object_get(obj, "id"));
	char scope[1024], action[128], want[96];
	armsim_res_t *r;

	armsim_ref_id(scope, sizeof(scope), req, req->n_seg);
	snprintf(action, sizeof(action), "Microsoft.Network/%s/read", type);
	if (!id)
	{
		armsim_error(resp, 400, "InvalidRequestFormat", what, "Cannot parse the request: "
					 "'%s' needs an 'id'.", what);
		return NULL;
	}
	if (!armsim_ref_allowed(sim, req, id, action, scope, resp))
		return NULL;
	snprintf(want, sizeof(want), "/providers/Microsoft.Network/%s/", type);
	r = armsim_store_get(sim, id);
	if (!r || !strcasestr(id, want))
	{
		armsim_error(resp, 400, "InvalidResourceReference", what, "Resource %s referenced by "
					 "resource %s was not found. Please make sure that the referenced resource "
					 "exists, and that both resources are in the same region.", id, scope);
		return NULL;
	}
	return r;
}
