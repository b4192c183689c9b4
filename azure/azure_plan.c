/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* plan: GET every resource of the topology and compare it with what the profile wants. */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "azure_run.h"

const char *azure_action_name(azure_action_t a)
{
	static const char *const names[] = { "unchanged", "create", "update", "wait" };

	return names[a];
}

static const char *azure_plan_str(json_t *obj, const char *path1, const char *path2)
{
	json_t *v = json_object_get(obj, path1);

	const char *s = json_string_value(path2 ? json_object_get(v, path2) : v);

	return s ? s : "";
}

/** Is every string of want in have (case-insensitive)? */
static bool azure_plan_subset(json_t *want, json_t *have)
{
	size_t i, j;
	json_t *w, *h;

	json_array_foreach(want, i, w)
	{
		bool found = false;

		json_array_foreach(have, j, h)
			found = found || !strcasecmp(json_string_value(w), json_string_value(h) ?
										 json_string_value(h) : "");
		if (!found)
			return false;
	}
	return true;
}

static bool azure_plan_same_set(json_t *a, json_t *b)
{
	return json_array_size(a) == json_array_size(b) && azure_plan_subset(a, b);
}

static json_t *azure_plan_gw_subnet(json_t *props)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(props, "subnets"), i, s)
	{
		if (!strcmp(azure_plan_str(s, "name", NULL), "GatewaySubnet"))
			return s;
	}
	return NULL;
}

/** Compare ipsecPolicies[0] field by field, enum values case-insensitively. */
static bool azure_plan_same_policy(json_t *want, json_t *have)
{
	const char *key;
	json_t *w;

	if (json_array_size(want) != json_array_size(have))
		return false;
	if (!json_array_size(want))
		return true;
	json_object_foreach(json_array_get(want, 0), key, w)
	{
		json_t *h = json_object_get(json_array_get(have, 0), key);

		if (json_is_string(w) ? !json_is_string(h) || strcasecmp(json_string_value(w),
			json_string_value(h)) : !json_equal(w, h))
			return false;
	}
	return true;
}

/** What differs between the wanted body and the actual resource, "" if nothing. */
static void azure_plan_diff(const azure_res_t *res, json_t *want, json_t *have, char *out,
							size_t len)
{
	json_t *wp = json_object_get(want, "properties"), *hp = json_object_get(have, "properties");

	out[0] = '\0';
	switch (res->kind)
	{
		case AZURE_VNET:
			if (!azure_plan_subset(json_object_get(json_object_get(wp, "addressSpace"),
								   "addressPrefixes"), json_object_get(json_object_get(hp,
								   "addressSpace"), "addressPrefixes")))
				snprintf(out, len, "address space lacks a prefix of the profile");
			else if (!azure_plan_gw_subnet(hp))
				snprintf(out, len, "no GatewaySubnet");
			else if (strcmp(azure_plan_str(json_object_get(azure_plan_gw_subnet(hp),
							"properties"), "addressPrefix", NULL), azure_plan_str(
							json_object_get(azure_plan_gw_subnet(wp), "properties"),
							"addressPrefix", NULL)))
				snprintf(out, len, "GatewaySubnet prefix differs");
			break;
		case AZURE_GATEWAY:
			if (strcasecmp(azure_plan_str(hp, "sku", "name"),
						   azure_plan_str(wp, "sku", "name")))
				snprintf(out, len, "sku %s -> %s", azure_plan_str(hp, "sku", "name"),
						 azure_plan_str(wp, "sku", "name"));
			break;
		case AZURE_LNG:
			if (strcmp(azure_plan_str(hp, "gatewayIpAddress", NULL),
					   azure_plan_str(wp, "gatewayIpAddress", NULL)))
				snprintf(out, len, "gatewayIpAddress %s -> %s", azure_plan_str(hp,
						 "gatewayIpAddress", NULL), azure_plan_str(wp,
						 "gatewayIpAddress", NULL));
			else if (!azure_plan_same_set(json_object_get(json_object_get(wp,
						"localNetworkAddressSpace"), "addressPrefixes"), json_object_get(
						json_object_get(hp, "localNetworkAddressSpace"), "addressPrefixes")))
				snprintf(out, len, "address prefixes differ");
			break;
		case AZURE_CONNECTION:
			if (!azure_plan_same_policy(json_object_get(wp, "ipsecPolicies"),
										json_object_get(hp, "ipsecPolicies")))
				snprintf(out, len, "ipsecPolicies differ");
			break;
		default:
			break;
	}
}

static int azure_plan_get(azure_run_t *run, const azure_res_t *res, const char *suffix,
						  arm_response_t *resp, arm_error_t *err)
{
	arm_call_t call = azure_run_call(run, res->tenant, 0);
	char path[600];

	snprintf(path, sizeof(path), "%s%s", res->id, suffix);
	return arm_client_request(run->client, &call, "GET", path, res->api, NULL, resp, err);
}

/** Does the stored shared key differ from the profile's? (never says how) */
static int azure_plan_key_differs(azure_run_t *run, const azure_res_t *res, bool *differs)
{
	arm_response_t resp;
	arm_error_t err;
	const char *have;

	*differs = false;
	if (!run->shared_key)
		return 0;
	if (azure_plan_get(run, res, "/sharedkey", &resp, &err))
		return azure_run_fail(run, res->label, &err);
	have = json_string_value(json_object_get(resp.body, "value"));
	*differs = !have || strcmp(have, run->shared_key);
	arm_response_clear(&resp);
	return 0;
}

int azure_plan_peer_ip(azure_run_t *run, size_t tenant, char *buf, size_t len)
{
	azure_res_t pip = { .kind = AZURE_PIP, .tenant = tenant, .api = ARM_API_NETWORK };
	arm_response_t resp;
	arm_error_t err;
	const char *ip;

	buf[0] = '\0';
	azure_topology_id(run->topo, tenant, AZURE_PIP, pip.id, sizeof(pip.id));
	snprintf(pip.label, sizeof(pip.label), "%s: publicIPAddresses", run->topo->tenants[tenant].name);
	if (azure_plan_get(run, &pip, "", &resp, &err))
		return err.status == 404 ? 0 : azure_run_fail(run, pip.label, &err);
	ip = json_string_value(json_object_get(json_object_get(resp.body, "properties"),
										   "ipAddress"));
	snprintf(buf, len, "%s", ip ? ip : "");
	arm_response_clear(&resp);
	return 0;
}

static void azure_plan_decide(azure_run_t *run, const azure_res_t *res, json_t *have,
							  azure_change_t *ch, const char *peer_ip)
{
	const char *state = azure_plan_str(json_object_get(have, "properties"),
									   "provisioningState", NULL);
	json_t *want;

	snprintf(ch->state, sizeof(ch->state), "%s", *state ? state : "Succeeded");
	if ((!strcasecmp(state, "Updating") || !strcasecmp(state, "Deleting")))
	{
		ch->action = AZURE_WAIT;
		snprintf(ch->detail, sizeof(ch->detail), "an operation is running (%s)", state);
		return;
	}
	if (!strcasecmp(state, "Failed") || !strcasecmp(state, "Canceled"))
	{
		ch->action = AZURE_UPDATE;
		snprintf(ch->detail, sizeof(ch->detail), "provisioningState %s: write it again", state);
		return;
	}
	want = azure_topology_body(run->topo, res, peer_ip, NULL);
	azure_plan_diff(res, want, have, ch->detail, sizeof(ch->detail));
	ch->action = ch->detail[0] ? AZURE_UPDATE : AZURE_SAME;
	json_decref(want);
}

int azure_plan_one(azure_run_t *run, const azure_res_t *res, azure_change_t *ch,
				   json_t **actual)
{
	char peer_ip[64] = "";
	arm_response_t resp;
	arm_error_t err;
	bool key_differs;

	memset(ch, 0, sizeof(*ch));
	ch->res = *res;
	*actual = NULL;
	if (res->kind == AZURE_LNG && res->peer >= 0 &&
		azure_plan_peer_ip(run, (size_t)res->peer, peer_ip, sizeof(peer_ip)))
		return -1;
	if (azure_plan_get(run, res, "", &resp, &err))
	{
		if (err.status != 404)
			return azure_run_fail(run, res->label, &err);
		ch->action = AZURE_CREATE;
		snprintf(ch->state, sizeof(ch->state), "absent");
		if (res->kind == AZURE_LNG && res->peer >= 0 && !peer_ip[0])
			snprintf(ch->detail, sizeof(ch->detail), "toward the public IP of %s, once it "
					 "exists", run->topo->tenants[res->peer].name);
		return 0;
	}
	azure_plan_decide(run, res, resp.body, ch, peer_ip);
	*actual = json_incref(resp.body);
	arm_response_clear(&resp);
	if (res->kind == AZURE_CONNECTION && ch->action == AZURE_SAME)
	{
		if (azure_plan_key_differs(run, res, &key_differs))
			return -1;
		if (key_differs)
		{
			ch->action = AZURE_UPDATE;
			snprintf(ch->detail, sizeof(ch->detail), "shared key differs from the profile's");
		}
	}
	return 0;
}

int azure_plan(azure_run_t *run, azure_change_t *out, size_t *n)
{
	azure_res_t res[AZURE_MAX_RESOURCES];
	size_t count = azure_topology_resources(run->topo, res);

	*n = 0;
	for (size_t i = 0; i < count; i++)
	{
		json_t *actual;

		if (azure_plan_one(run, &res[i], &out[i], &actual))
			return -1;
		json_decref(actual);
		*n = i + 1;
	}
	return 0;
}
