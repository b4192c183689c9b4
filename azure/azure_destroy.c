/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * status (GETs) and destroy: in reverse order, only what this profile created, which
 * is what both carries crosspeer=<profile> and is recorded as created in the state
 * file; everything else is left as it is and named.
 */

#include <stdio.h>
#include <string.h>

#include "azure_run.h"
#include "azure_state.h"

static json_t *azure_status_one(azure_run_t *run, const azure_res_t *res, int *rc)
{
	arm_call_t call = azure_run_call(run, res->tenant, -1);
	json_t *row = json_pack("{s:s,s:s}", "resource", res->label, "id", res->id), *p;
	arm_response_t resp;
	arm_error_t err;
	static const char *const fields[] = { "connectionStatus", "tunnelConnectionStatus",
		"ingressBytesTransferred", "egressBytesTransferred", NULL };

	*rc = 0;
	if (arm_client_request(run->client, &call, "GET", res->id, res->api, NULL, &resp, &err))
	{
		if (err.status != 404)
			*rc = azure_run_fail(run, res->label, &err);
		json_object_set_new(row, "provisioningState", json_string("absent"));
		return row;
	}
	p = json_object_get(resp.body, "properties");
	json_object_set_new(row, "provisioningState", json_string(json_string_value(
						json_object_get(p, "provisioningState")) ? json_string_value(
						json_object_get(p, "provisioningState")) : "Succeeded"));
	for (size_t i = 0; res->kind == AZURE_CONNECTION && fields[i]; i++)
	{
		if (json_object_get(p, fields[i]))
			json_object_set(row, fields[i], json_object_get(p, fields[i]));
	}
	if (res->kind == AZURE_PIP && json_object_get(p, "ipAddress"))
		json_object_set(row, "ipAddress", json_object_get(p, "ipAddress"));
	arm_response_clear(&resp);
	return row;
}

json_t *azure_status(azure_run_t *run)
{
	azure_res_t res[AZURE_MAX_RESOURCES];
	size_t n = azure_topology_resources(run->topo, res);
	json_t *rows = json_array();
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++)
		json_array_append_new(rows, azure_status_one(run, &res[i], &rc));
	if (rc)
	{
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/** Delete res if it exists and this profile created it. */
static int azure_destroy_one(azure_run_t *run, const azure_res_t *res)
{
	arm_call_t call = azure_run_call(run, res->tenant, -1);
	arm_response_t resp;
	arm_error_t err;
	const char *tag;
	bool ours;

	if (arm_client_request(run->client, &call, "GET", res->id, res->api, NULL, &resp, &err))
	{
		if (err.status != 404)
			return azure_run_fail(run, res->label, &err);
		azure_state_record(run, res, NULL, false);
		azure_run_event(run, res->label, "absent");
		return 0;
	}
	tag = json_string_value(json_object_get(json_object_get(resp.body, "tags"), AZURE_TAG));
	ours = tag && !strcmp(tag, run->topo->profile_name);
	arm_response_clear(&resp);
	if (!ours || !azure_state_created(run, res))
	{
		azure_run_event(run, res->label, !ours ? "kept: existed before apply" :
						"kept: tagged for this profile, but its state file has no record "
						"of creating it");
		pthread_mutex_lock(&run->lock);
		run->kept++;
		pthread_mutex_unlock(&run->lock);
		return 0;
	}
	azure_state_record(run, res, "Deleting", false);
	pthread_mutex_lock(&run->lock);
	run->writes++;
	pthread_mutex_unlock(&run->lock);
	azure_run_event(run, res->label, "Deleting");
	if (arm_client_call(run->client, &call, "DELETE", res->id, res->api, NULL, &resp, NULL,
						NULL, &err))
		return azure_run_fail(run, res->label, &err);
	arm_response_clear(&resp);
	azure_state_record(run, res, NULL, false);
	azure_run_event(run, res->label, "Deleted");
	return 0;
}

int azure_destroy(azure_run_t *run)
{
	static const azure_kind_t order[] = { AZURE_CONNECTION, AZURE_LNG, AZURE_GATEWAY,
		AZURE_PIP, AZURE_VNET, AZURE_RG };
	azure_res_t res[AZURE_MAX_RESOURCES];
	size_t n = azure_topology_resources(run->topo, res);

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
	{
		if (azure_run_each(run, res, n, order[k], true, azure_destroy_one))
			return -1;
	}
	return 0;
}
