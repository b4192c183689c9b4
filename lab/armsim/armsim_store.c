/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The resource store: lookup by case-insensitive id, the scaled clock, operations. */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "armsim_private.h"

static char *armsim_store_key(const char *id)
{
	char *key = strdup(id);
	size_t len;

	if (!key)
		return NULL;
	for (char *p = key; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	len = strlen(key);
	while (len > 1 && key[len - 1] == '/')
		key[--len] = '\0';
	return key;
}

static void armsim_store_free_res(armsim_res_t *r)
{
	if (!r)
		return;
	if (r->shared_key)
	{
		memset(r->shared_key, 0, strlen(r->shared_key));
		free(r->shared_key);
	}
	json_decref(r->doc);
	free(r->key);
	free(r);
}

static void armsim_store_set_state(armsim_res_t *r, const char *state)
{
	json_t *props = json_object_get(r->doc, "properties");

	if (!props)
	{
		props = json_object();
		json_object_set_new(r->doc, "properties", props);
	}
	json_object_set_new(props, "provisioningState", json_string(state));
}

const char *armsim_store_state(armsim_res_t *r)
{
	const char *s = json_string_value(json_object_get(json_object_get(r->doc, "properties"),
													  "provisioningState"));
	return s ? s : "Succeeded";
}

void armsim_store_tick(armsim_t *sim)
{
	double now = armsim_now();

	for (size_t i = 0; i < sim->n_res; i++)
	{
		armsim_res_t *r = sim->res[i];

		if (r->gone_at > 0 && now >= r->gone_at)
		{
			armsim_store_free_res(r);
			sim->res[i--] = sim->res[--sim->n_res];
			continue;
		}
		if (r->ready_at > 0 && now >= r->ready_at)
		{
			r->ready_at = 0;
			armsim_store_set_state(r, r->fail ? "Failed" : "Succeeded");
		}
	}
}

armsim_res_t *armsim_store_get(armsim_t *sim, const char *id)
{
	char *key = armsim_store_key(id);
	armsim_res_t *found = NULL;

	for (size_t i = 0; key && i < sim->n_res && !found; i++)
	{
		if (!strcmp(sim->res[i]->key, key))
			found = sim->res[i];
	}
	free(key);
	return found;
}

armsim_res_t *armsim_store_put(armsim_t *sim, const char *id, json_t *doc)
{
	armsim_res_t *r = armsim_store_get(sim, id);
	const char *sub;

	if (r)
	{
		json_decref(r->doc);
		r->doc = doc;
		return r;
	}
	if (sim->n_res == sim->cap_res)
	{
		size_t cap = sim->cap_res ? sim->cap_res * 2 : 32;
		armsim_res_t **n = realloc(sim->res, cap * sizeof(*n));
		if (!n)
			return NULL;
		sim->res = n;
		sim->cap_res = cap;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->key = armsim_store_key(id)))
	{
		free(r);
		return NULL;
	}
	r->doc = doc;
	sub = r->key + strlen("/subscriptions/");
	if (!strncmp(r->key, "/subscriptions/", 15))
		snprintf(r->sub, sizeof(r->sub), "%.*s", (int)strcspn(sub, "/"), sub);
	sim->res[sim->n_res++] = r;
	return r;
}

void armsim_store_del(armsim_t *sim, armsim_res_t *r)
{
	for (size_t i = 0; i < sim->n_res; i++)
	{
		if (sim->res[i] == r)
		{
			armsim_store_free_res(r);
			sim->res[i] = sim->res[--sim->n_res];
			return;
		}
	}
}

bool armsim_store_busy(armsim_t *sim, armsim_res_t *r, armsim_resp_t *resp)
{
	const char *state = armsim_store_state(r);

	if (strcmp(state, "Updating") && strcmp(state, "Deleting"))
		return false;
	armsim_error(resp, 429, "RetryableErrorDueToAnotherOperation", NULL, "Operation on "
				 "resource '%s' cannot be performed now because another operation (%s) on it is "
				 "in progress. Retry the request later.", json_string_value(json_object_get(r->doc,
				 "name")), state);
	resp->retry_after = sim->opts.retry_after_s;
	return true;
}

void armsim_store_begin(armsim_t *sim, armsim_res_t *r, double seconds, bool del,
						armsim_resp_t *resp)
{
	const char *loc = json_string_value(json_object_get(r->doc, "location"));
	armsim_op_t *op;

	if (sim->n_ops == sim->cap_ops)
	{
		size_t cap = sim->cap_ops ? sim->cap_ops * 2 : 32;
		armsim_op_t *n = realloc(sim->ops, cap * sizeof(*n));
		if (!n)
			return armsim_error(resp, 500, "InternalServerError", NULL, "out of memory");
		sim->ops = n;
		sim->cap_ops = cap;
	}
	op = &sim->ops[sim->n_ops++];
	memset(op, 0, sizeof(*op));
	armsim_guid(op->guid);
	op->key = strdup(r->key);
	op->del = del;
	op->done_at = armsim_now() + seconds;
	op->fail = !del && armsim_fault_lrofail(sim);
	snprintf(op->location, sizeof(op->location), "%s", loc ? loc : "westeurope");
	snprintf(op->sub, sizeof(op->sub), "%s", r->sub);
	r->fail = op->fail;
	if (del)
		r->gone_at = op->done_at;
	else
		r->ready_at = op->done_at;
	armsim_store_set_state(r, del ? "Deleting" : "Updating");
	snprintf(resp->async_op, sizeof(resp->async_op), "%s/subscriptions/%s/providers/"
			 "Microsoft.Network/locations/%s/operations/%s?api-version=" ARMSIM_NET_API,
			 sim->base_url, op->sub, op->location, op->guid);
	snprintf(resp->location, sizeof(resp->location), "%s/subscriptions/%s/providers/"
			 "Microsoft.Network/locations/%s/operationResults/%s?api-version=" ARMSIM_NET_API,
			 sim->base_url, op->sub, op->location, op->guid);
	resp->retry_after = sim->opts.retry_after_s;
}

json_t *armsim_store_view(armsim_res_t *r)
{
	return json_deep_copy(r->doc);
}

int armsim_store_save(armsim_t *sim, const char *file)
{
	json_t *all = json_array();
	char tmp[300];
	int rc;

	for (size_t i = 0; i < sim->n_res; i++)
	{
		json_t *e = json_pack("{s:s,s:O}", "key", sim->res[i]->key, "doc", sim->res[i]->doc);
		if (sim->res[i]->shared_key)
			json_object_set_new(e, "sharedKey", json_string(sim->res[i]->shared_key));
		json_array_append_new(all, e);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	mode_t old = umask(077);
	rc = json_dump_file(all, tmp, JSON_INDENT(1));
	umask(old);
	json_decref(all);
	if (rc || rename(tmp, file))
		return -1;
	return 0;
}

int armsim_store_load(armsim_t *sim, const char *file)
{
	json_t *all = json_load_file(file, 0, NULL), *e;
	size_t i;

	if (!all)
		return -1;
	json_array_foreach(all, i, e)
	{
		const char *key = json_string_value(json_object_get(e, "key"));
		const char *psk = json_string_value(json_object_get(e, "sharedKey"));
		json_t *doc = json_object_get(e, "doc");
		armsim_res_t *r;

		if (!key || !json_is_object(doc))
			continue;
		r = armsim_store_put(sim, key, json_deep_copy(doc));
		if (r && !strcmp(armsim_store_state(r), "Updating"))
			armsim_store_set_state(r, "Succeeded");
		if (r && !strcmp(armsim_store_state(r), "Deleting"))
			armsim_store_del(sim, r);
		else if (r && psk)
			r->shared_key = strdup(psk);
	}
	json_decref(all);
	return 0;
}

void armsim_store_free(armsim_t *sim)
{
	for (size_t i = 0; i < sim->n_res; i++)
		armsim_store_free_res(sim->res[i]);
	for (size_t i = 0; i < sim->n_ops; i++)
	{
		free(sim->ops[i].key);
		json_decref(sim->ops[i].result);
	}
	json_decref(sim->ike_sas);
	sim->ike_sas = NULL;
	free(sim->res);
	free(sim->ops);
	sim->res = NULL;
	sim->ops = NULL;
	sim->n_res = sim->n_ops = 0;
}
