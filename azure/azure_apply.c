/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * apply: per tenant RG -> VNet -> public IP -> gateway, both tenants at once
 * (threads; gateways take 27-49 minutes), then LNGs and connections. Each step
 * GETs first and writes only what differs, so a second run writes nothing and
 * a killed run converges.
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "azure_run.h"
#include "azure_state.h"
#include "azure_writable.h"

/** One tenant's first phase, for a thread. */
typedef struct {
	azure_run_t *run;
	size_t tenant;
	int rc;
} azure_apply_job_t;

/** Progress of an LRO into the run's events. */
typedef struct {
	azure_run_t *run;
	const azure_res_t *res;
} azure_apply_ctx_t;

static void azure_apply_progress(void *ctx, const char *state, double elapsed)
{
	azure_apply_ctx_t *c = ctx;

	(void)elapsed;
	azure_run_event(c->run, c->res->label, state);
}

static void azure_apply_count(azure_run_t *run)
{
	pthread_mutex_lock(&run->lock);
	run->writes++;
	pthread_mutex_unlock(&run->lock);
}

/** Add the existing prefixes the profile does not name to the body's address space. */
static void azure_apply_merge_prefixes(json_t *want, json_t *have)
{
	json_t *prefixes = json_object_get(json_object_get(want, "addressSpace"), "addressPrefixes");
	json_t *p, *q;
	size_t i, j;

	json_array_foreach(json_object_get(json_object_get(have, "addressSpace"), "addressPrefixes"),
					   i, p)
	{
		bool found = false;

		json_array_foreach(prefixes, j, q)
			found = found || json_equal(p, q);
		if (!found)
			json_array_append(prefixes, p);
	}
}

/**
 * The existing subnets, in their order and with only their writable properties, the
 * GatewaySubnet given the profile's prefix (or added at the end).
 */
static void azure_apply_merge_subnets(json_t *want, json_t *have)
{
	json_t *ours = json_incref(json_array_get(json_object_get(want, "subnets"), 0));
	json_t *subnets = json_array(), *s, *w;
	bool has_gateway = false;
	size_t i;

	json_array_foreach(json_object_get(have, "subnets"), i, s)
	{
		w = azure_writable_subnet(s);
		if (!strcmp(json_string_value(json_object_get(s, "name")) ?
					json_string_value(json_object_get(s, "name")) : "", "GatewaySubnet"))
		{
			has_gateway = true;
			json_object_del(json_object_get(w, "properties"), "addressPrefixes");
			json_object_set(json_object_get(w, "properties"), "addressPrefix",
							json_object_get(json_object_get(ours, "properties"), "addressPrefix"));
		}
		json_array_append_new(subnets, w);
	}
	if (!has_gateway)
		json_array_append(subnets, ours);
	json_object_set_new(want, "subnets", subnets);
	json_decref(ours);
}

/** Keep what an existing resource has that the profile does not speak about. */
static void azure_apply_merge(const azure_res_t *res, json_t *body, json_t *actual)
{
	json_t *have = json_object_get(actual, "properties"), *want = json_object_get(body,
																				 "properties");

	if (!actual)
		return;
	/* a resource that existed keeps exactly its own tags: it never becomes ours */
	if (json_is_object(json_object_get(actual, "tags")))
		json_object_set(body, "tags", json_object_get(actual, "tags"));
	else
		json_object_del(body, "tags");
	if (res->kind != AZURE_VNET)
		return;
	/* only writable properties go back: ARM ignores read-only ones, the spec forbids them */
	azure_apply_merge_prefixes(want, have);
	azure_apply_merge_subnets(want, have);
	azure_writable_vnet_keep(want, have);
}

static int azure_apply_unrecorded(azure_run_t *run, const azure_res_t *res)
{
	arm_error_t err = { .status = 0 };

	snprintf(err.code, sizeof(err.code), "StateFileUnwritable");
	snprintf(err.message, sizeof(err.message), "cannot record the creation in the state file "
			 "%s, so nothing was created (destroy could not remove it); make its folder "
			 "writable or pass --state FILE", run->state_file);
	return azure_run_fail(run, res->label, &err);
}

static int azure_apply_put(azure_run_t *run, const azure_res_t *res, json_t *actual,
						   bool key_only)
{
	azure_apply_ctx_t ctx = { .run = run, .res = res };
	arm_call_t call = azure_run_call(run, res->tenant, res->kind == AZURE_CONNECTION ?
									 res->peer : -1);
	char peer_ip[64] = "", path[600];
	arm_response_t resp;
	arm_error_t err;
	json_t *body;
	int rc;

	if ((res->kind == AZURE_LNG || (res->kind == AZURE_CONNECTION && !key_only &&
		 run->topo->pattern == AZURE_PATTERN_S2S)) && res->peer >= 0 &&
		azure_plan_peer_ip(run, (size_t)res->peer, peer_ip, sizeof(peer_ip)))
		return -1;
	if (key_only)
		body = json_pack("{s:s}", "value", run->shared_key);
	else
		body = azure_topology_body(run->topo, res, peer_ip, run->shared_key);
	if (!key_only)
		azure_apply_merge(res, body, actual);
	snprintf(path, sizeof(path), "%s%s", res->id, key_only ? "/sharedkey" : "");
	/* what destroy may delete is recorded before it exists, or not created at all */
	if (azure_state_record(run, res, actual ? "Updating" : "Creating", !actual) && !actual)
	{
		json_decref(body);
		return azure_apply_unrecorded(run, res);
	}
	azure_apply_count(run);
	rc = arm_client_call(run->client, &call, "PUT", path, res->api, body, &resp,
						 azure_apply_progress, &ctx, &err);
	json_decref(body);
	arm_response_clear(&resp);
	if (rc)
		return azure_run_fail(run, res->label, &err);
	azure_state_record(run, res, "Succeeded", false);
	azure_run_event(run, res->label, key_only ? "shared key set" : "Succeeded");
	return 0;
}

/** Wait for a running operation on res to end (GET until terminal). */
static int azure_apply_wait(azure_run_t *run, const azure_res_t *res)
{
	azure_apply_ctx_t ctx = { .run = run, .res = res };
	arm_call_t call = azure_run_call(run, res->tenant, -1);
	arm_response_t resp;
	arm_error_t err;
	int rc;

	rc = arm_client_call(run->client, &call, "GET", res->id, res->api, NULL, &resp,
						 azure_apply_progress, &ctx, &err);
	arm_response_clear(&resp);
	if (rc && err.status != 404)
		return azure_run_fail(run, res->label, &err);
	return 0;
}

static int azure_apply_one(azure_run_t *run, const azure_res_t *res)
{
	for (int round = 0; round < 3; round++)
	{
		azure_change_t ch;
		json_t *actual;
		int rc = 0;

		if (azure_plan_one(run, res, &ch, &actual))
			return -1;
		switch (ch.action)
		{
			case AZURE_SAME:
				azure_run_event(run, res->label, "unchanged");
				break;
			case AZURE_WAIT:
				rc = azure_apply_wait(run, res);
				json_decref(actual);
				if (rc)
					return -1;
				continue;
			default:
				rc = azure_apply_put(run, res, actual, res->kind == AZURE_CONNECTION &&
									 ch.action == AZURE_UPDATE && strstr(ch.detail, "shared key"));
				break;
		}
		json_decref(actual);
		return rc;
	}
	arm_error_t err = { .status = 0 };
	snprintf(err.code, sizeof(err.code), "StillBusy");
	snprintf(err.message, sizeof(err.message), "another operation kept the resource busy");
	return azure_run_fail(run, res->label, &err);
}

/** RG, VNet, public IP, gateway of one tenant, in that order. */
static void *azure_apply_tenant(void *arg)
{
	azure_apply_job_t *job = arg;
	azure_res_t res[AZURE_MAX_RESOURCES];
	size_t n = azure_topology_resources(job->run->topo, res);

	job->rc = 0;
	for (size_t i = 0; i < n && !job->rc; i++)
	{
		if (res[i].tenant == job->tenant && res[i].kind <= AZURE_GATEWAY)
			job->rc = azure_apply_one(job->run, &res[i]);
	}
	return NULL;
}

static int azure_apply_phase1(azure_run_t *run)
{
	azure_apply_job_t jobs[AZURE_MAX_TENANTS];
	pthread_t threads[AZURE_MAX_TENANTS];
	bool started[AZURE_MAX_TENANTS] = { false };
	int rc = 0;

	for (size_t t = 0; t < run->topo->n_tenants; t++)
	{
		jobs[t] = (azure_apply_job_t){ .run = run, .tenant = t };
		if (run->parallel == 1 || run->topo->n_tenants == 1 ||
			pthread_create(&threads[t], NULL, azure_apply_tenant, &jobs[t]))
			azure_apply_tenant(&jobs[t]);
		else
			started[t] = true;
	}
	for (size_t t = 0; t < run->topo->n_tenants; t++)
	{
		if (started[t])
			pthread_join(threads[t], NULL);
		rc = rc ? rc : jobs[t].rc;
	}
	return rc;
}

int azure_apply(azure_run_t *run)
{
	azure_res_t res[AZURE_MAX_RESOURCES];
	size_t n = azure_topology_resources(run->topo, res);

	if (azure_apply_phase1(run) ||
		azure_run_each(run, res, n, AZURE_LNG, false, azure_apply_one) ||
		azure_run_each(run, res, n, AZURE_CONNECTION, false, azure_apply_one))
		return -1;
	return 0;
}
