/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * POST .../connections/{name}/getikesas: a long-running POST (202 with a Location URL that
 * answers 202 while running, then 200). As the REST spec says (VirtualNetworkGatewayConnections
 * _GetIkeSas, example VirtualNetworkGatewayConnectionGetIkeSas.json) the final body is a JSON
 * *string* holding {"Status":"Successful","Data":...}; the spec leaves Data untyped, so armsim
 * puts there the IKE SAs the lab last set for the connection (PUT /_armsim/ikeSas,
 * armsim_set_ike_sas(): the simulated gateway's real charon state), [] when none.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "armsim.h"
#include "armsim_private.h"

/** Lower-cased id: the key of sim->ike_sas. */
static void armsim_ikesas_key(const char *id, char *out, size_t len)
{
	size_t i = 0;

	for (; id[i] && i + 1 < len; i++)
		out[i] = (char)(id[i] >= 'A' && id[i] <= 'Z' ? id[i] - 'A' + 'a' : id[i]);
	out[i] = '\0';
}

/** The final answer: the string Azure returns. */
static json_t *armsim_ikesas_result(armsim_t *sim, const char *id)
{
	char key[1024], *text;
	json_t *sas, *doc, *out;

	armsim_ikesas_key(id, key, sizeof(key));
	sas = sim->ike_sas ? json_object_get(sim->ike_sas, key) : NULL;
	doc = json_pack("{s:s,s:O}", "Status", "Successful", "Data", sas ? sas : json_array());
	if (!sas)
		json_decref(json_object_get(doc, "Data"));
	text = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	out = text ? json_string(text) : NULL;
	free(text);
	json_decref(doc);
	return out;
}

/** A long-running operation whose Location result is the answer. */
static armsim_op_t *armsim_ikesas_op(armsim_t *sim, armsim_res_t *conn)
{
	const char *loc = json_string_value(json_object_get(conn->doc, "location"));
	armsim_op_t *op;

	if (sim->n_ops == sim->cap_ops)
	{
		size_t cap = sim->cap_ops ? sim->cap_ops * 2 : 32;
		armsim_op_t *n = realloc(sim->ops, cap * sizeof(*n));

		if (!n)
			return NULL;
		sim->ops = n;
		sim->cap_ops = cap;
	}
	op = &sim->ops[sim->n_ops++];
	memset(op, 0, sizeof(*op));
	armsim_guid(op->guid);
	op->key = strdup(conn->key);
	/* the gateway answers within a second or two, on the lab's clock */
	op->done_at = armsim_now() + sim->opts.resource_seconds;
	snprintf(op->location, sizeof(op->location), "%s", loc ? loc : "westeurope");
	snprintf(op->sub, sizeof(op->sub), "%s", conn->sub);
	return op;
}

void armsim_ikesas_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	char id[1024];
	armsim_res_t *conn;
	armsim_op_t *op;

	if (strcmp(req->method, "POST"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	armsim_ref_id(id, sizeof(id), req, 8);
	conn = armsim_store_get(sim, id);
	if (!conn || conn->gone_at)
		return armsim_error(resp, 404, "ResourceNotFound", NULL, "The Resource "
							"'Microsoft.Network/connections/%s' under resource group '%s' was "
							"not found.", req->seg[7], req->seg[3]);
	if (!(op = armsim_ikesas_op(sim, conn)))
		return armsim_error(resp, 500, "InternalServerError", NULL, "out of memory");
	op->result = armsim_ikesas_result(sim, id);
	resp->status = 202;
	snprintf(resp->location, sizeof(resp->location), "%s/subscriptions/%s/providers/"
			 "Microsoft.Network/locations/%s/operationResults/%s?api-version=" ARMSIM_NET_API,
			 sim->base_url, op->sub, op->location, op->guid);
	resp->retry_after = sim->opts.retry_after_s;
}

/** Under the lock: remember a connection's SAs (a new reference is taken). */
static int armsim_ikesas_set(armsim_t *sim, const char *id, json_t *sas)
{
	char key[1024];

	if (!id || !json_is_array(sas) || !armsim_store_get(sim, id))
		return -1;
	if (!sim->ike_sas)
		sim->ike_sas = json_object();
	armsim_ikesas_key(id, key, sizeof(key));
	return json_object_set(sim->ike_sas, key, sas);
}

void armsim_ikesas_admin(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	const char *id = json_string_value(json_object_get(req->body, "id"));

	if (armsim_ikesas_set(sim, id, json_object_get(req->body, "ikeSas")))
		return armsim_error(resp, 400, "InvalidRequestFormat", NULL, "need {\"id\": an existing "
							"connection's id, \"ikeSas\": [...]}");
	resp->status = 204;
}

int armsim_set_ike_sas(armsim_t *sim, const char *id, json_t *sas)
{
	int rc;

	pthread_mutex_lock(&sim->lock);
	rc = armsim_ikesas_set(sim, id, sas);
	pthread_mutex_unlock(&sim->lock);
	return rc;
}
