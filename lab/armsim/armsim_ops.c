/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The two long-running-operation URLs: Azure-AsyncOperation (always 200 with a
 * status body) and Location (202 while running, then the synchronous answer).
 */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "armsim_private.h"

static armsim_op_t *armsim_ops_find(armsim_t *sim, const char *guid)
{
	for (size_t i = 0; i < sim->n_ops; i++)
	{
		if (armsim_streq(sim->ops[i].guid, guid))
			return &sim->ops[i];
	}
	return NULL;
}

static void armsim_ops_status(armsim_t *sim, armsim_op_t *op, armsim_resp_t *resp)
{
	bool running = armsim_now() < op->done_at;
	const char *status = running ? "InProgress" : op->fail ? "Failed" : "Succeeded";
	char id[256];

	snprintf(id, sizeof(id), "/subscriptions/%s/providers/Microsoft.Network/locations/%s/"
			 "operations/%s", op->sub, op->location, op->guid);
	resp->status = 200;
	resp->body = json_pack("{s:s,s:s,s:s}", "id", id, "name", op->guid, "status", status);
	if (running)
		resp->retry_after = sim->opts.retry_after_s;
	if (op->fail && !running)
		json_object_set_new(resp->body, "error", json_pack("{s:s,s:s}", "code",
							"InternalServerError", "message", "An error occurred while the "
							"gateway was being provisioned (injected by armsim lrofail)."));
}

static void armsim_ops_result(armsim_t *sim, armsim_op_t *op, armsim_resp_t *resp)
{
	armsim_res_t *r;

	if (armsim_now() < op->done_at)
	{
		resp->status = 202;
		snprintf(resp->location, sizeof(resp->location), "%s/subscriptions/%s/providers/"
				 "Microsoft.Network/locations/%s/operationResults/%s?api-version="
				 ARMSIM_NET_API, sim->base_url, op->sub, op->location, op->guid);
		resp->retry_after = sim->opts.retry_after_s;
		return;
	}
	if (op->del)
	{
		resp->status = op->deleted_status ? op->deleted_status : 204;
		return;
	}
	if (op->result)
	{
		resp->status = 200;
		resp->body = json_incref(op->result);
		return;
	}
	if (op->fail)
		return armsim_error(resp, 500, "InternalServerError", NULL, "An error occurred while "
							"the resource was being provisioned (injected by armsim lrofail).");
	r = armsim_store_get(sim, op->key);
	if (!r)
		return armsim_error(resp, 404, "ResourceNotFound", NULL, "The resource of operation "
							"'%s' no longer exists.", op->guid);
	resp->status = 200;
	resp->body = armsim_store_view(r);
}

void armsim_ops_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	armsim_op_t *op;

	if (strcmp(req->method, "GET"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	op = armsim_ops_find(sim, req->seg[7]);
	if (!op || !armsim_streq(op->sub, req->seg[1]))
		return armsim_error(resp, 404, "OperationNotFound", NULL, "The operation '%s' could "
							"not be found.", req->seg[7]);
	if (armsim_streq(req->seg[6], "operations"))
		armsim_ops_status(sim, op, resp);
	else
		armsim_ops_result(sim, op, resp);
}
