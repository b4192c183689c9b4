/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdio.h>
#include <string.h>

#include "azure_view.h"

static void azure_view_copy(json_t *obj, const char *key, char *out, size_t len)
{
	const char *v = json_string_value(json_object_get(obj, key));

	snprintf(out, len, "%s", v ? v : "");
}

int azure_view_status(azure_run_t *run, size_t t, const char *conn_id, azure_view_t *out)
{
	arm_call_t call = azure_run_call(run, t, -1);
	arm_response_t resp;
	arm_error_t err;
	json_t *props, *tunnels;

	memset(out, 0, sizeof(*out));
	if (arm_client_request(run->client, &call, "GET", conn_id, ARM_API_NETWORK, NULL, &resp,
						   &err))
		return azure_run_fail(run, conn_id, &err);
	props = json_object_get(resp.body, "properties");
	azure_view_copy(props, "connectionStatus", out->connection_status,
					sizeof(out->connection_status));
	out->ingress_bytes = (uint64_t)json_integer_value(json_object_get(props,
													  "ingressBytesTransferred"));
	out->egress_bytes = (uint64_t)json_integer_value(json_object_get(props,
													 "egressBytesTransferred"));
	tunnels = json_object_get(props, "tunnelConnectionStatus");
	out->n_tunnels = json_array_size(tunnels);
	azure_view_copy(json_array_get(tunnels, 0), "connectionStatus", out->tunnel_status,
					sizeof(out->tunnel_status));
	arm_response_clear(&resp);
	return 0;
}

/** The final answer is a JSON string holding {"Status", "Data"}. */
static void azure_view_ikesas(json_t *body, azure_view_t *out)
{
	json_t *doc = json_is_string(body) ? json_loads(json_string_value(body), 0, NULL) :
				  json_incref(body);
	json_t *data = json_object_get(doc, "Data");

	azure_view_copy(doc, "Status", out->ike_status, sizeof(out->ike_status));
	out->ike_sas = json_is_array(data) ? json_incref(data) : NULL;
	json_decref(doc);
}

int azure_view_read(azure_run_t *run, size_t t, const char *conn_id, azure_view_t *out)
{
	arm_call_t call = azure_run_call(run, t, -1);
	arm_response_t resp;
	arm_error_t err;
	char path[700];

	if (azure_view_status(run, t, conn_id, out))
		return -1;
	snprintf(path, sizeof(path), "%s/getikesas", conn_id);
	if (arm_client_call(run->client, &call, "POST", path, ARM_API_NETWORK, NULL, &resp, NULL,
						NULL, &err))
		return azure_run_fail(run, path, &err);
	azure_view_ikesas(resp.body, out);
	arm_response_clear(&resp);
	return 0;
}

void azure_view_clear(azure_view_t *out)
{
	json_decref(out->ike_sas);
	out->ike_sas = NULL;
}
