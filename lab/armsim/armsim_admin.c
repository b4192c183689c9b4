/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The emulator's own control surface, as C functions and as /_armsim/ HTTP paths
 * (never counted, never faulted):
 *   GET  /_armsim/stats                 request counters
 *   PUT  /_armsim/connectionStatus      {"id","connectionStatus","ingressBytesTransferred",
 *                                        "egressBytesTransferred"}
 *   POST /_armsim/faults                body = fault rules (see armsim_fault_add())
 *   GET  /_armsim/resource?id=ID        resource incl. a connection's sharedKey
 *   PUT  /_armsim/resource?id=ID        store a resource unvalidated
 *   PUT  /_armsim/ikeSas                {"id","ikeSas":[...]}: what getikesas answers
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "armsim_private.h"

static const char *const armsim_admin_statuses[] = { "Unknown", "Connecting", "Connected",
	"NotConnected", NULL };

static int armsim_admin_set_status(armsim_t *sim, const char *id, const char *status,
								   uint64_t ingress, uint64_t egress)
{
	armsim_res_t *r = id ? armsim_store_get(sim, id) : NULL;
	const char *canon = armsim_enum(status, armsim_admin_statuses);
	json_t *props, *tunnels;

	if (!r || !strstr(r->key, "/providers/microsoft.network/connections/"))
		return -ENOENT;
	if (!canon)
		return -EINVAL;
	props = json_object_get(r->doc, "properties");
	json_object_set_new(props, "connectionStatus", json_string(canon));
	json_object_set_new(props, "ingressBytesTransferred", json_integer((json_int_t)ingress));
	json_object_set_new(props, "egressBytesTransferred", json_integer((json_int_t)egress));
	tunnels = json_pack("[{s:s,s:s,s:I,s:I}]", "tunnel", "gateway-instance-0",
						"connectionStatus", canon, "ingressBytesTransferred", (json_int_t)ingress,
						"egressBytesTransferred", (json_int_t)egress);
	json_object_set_new(props, "tunnelConnectionStatus", tunnels);
	return 0;
}

static json_t *armsim_admin_resource(armsim_t *sim, const char *id)
{
	armsim_res_t *r = id ? armsim_store_get(sim, id) : NULL;
	json_t *doc;

	if (!r)
		return NULL;
	doc = armsim_store_view(r);
	if (r->shared_key)
		json_object_set_new(json_object_get(doc, "properties"), "sharedKey",
							json_string(r->shared_key));
	return doc;
}

static int armsim_admin_put_raw(armsim_t *sim, const char *id, json_t *doc)
{
	json_t *copy;

	if (!id || strncasecmp(id, "/subscriptions/", 15) || !json_is_object(doc))
		return -EINVAL;
	copy = json_deep_copy(doc);
	json_object_set_new(copy, "id", json_string(id));
	/* as real ARM answers: an untagged resource has no "tags" key */
	if (!json_object_size(json_object_get(copy, "tags")))
		json_object_del(copy, "tags");
	return armsim_store_put(sim, id, copy) ? 0 : -ENOMEM;
}

static json_t *armsim_admin_stats(armsim_t *sim)
{
	return json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "GET", sim->n_get, "PUT", sim->n_put,
					 "POST", sim->n_post, "DELETE", sim->n_delete, "other", sim->n_other,
					 "token", sim->n_token);
}

void armsim_admin_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
						 const char *query_id)
{
	const char *what = req->n_seg == 2 ? req->seg[1] : "";
	int rc;

	resp->status = 200;
	if (!strcmp(what, "stats") && !strcmp(req->method, "GET"))
		resp->body = armsim_admin_stats(sim);
	else if (!strcmp(what, "connectionStatus") && !strcmp(req->method, "PUT"))
	{
		rc = armsim_admin_set_status(sim, json_string_value(json_object_get(req->body, "id")),
			json_string_value(json_object_get(req->body, "connectionStatus")),
			(uint64_t)json_integer_value(json_object_get(req->body, "ingressBytesTransferred")),
			(uint64_t)json_integer_value(json_object_get(req->body, "egressBytesTransferred")));
		if (rc)
			armsim_error(resp, rc == -ENOENT ? 404 : 400, rc == -ENOENT ? "ResourceNotFound" :
						 "InvalidRequestFormat", NULL, "need an existing connection id and a "
						 "connectionStatus of Unknown, Connecting, Connected or NotConnected");
		else
			resp->status = 204;
	}
	else if (!strcmp(what, "faults") && !strcmp(req->method, "POST"))
	{
		char spec[512];

		snprintf(spec, sizeof(spec), "%.*s", (int)req->raw_len, req->raw_body ? req->raw_body : "");
		if (armsim_fault_parse(sim, spec))
			armsim_error(resp, 400, "InvalidFaultSpec", NULL, "fault rules do not parse");
		else
			resp->status = 204;
	}
	else if (!strcmp(what, "resource") && !strcmp(req->method, "GET"))
	{
		resp->body = armsim_admin_resource(sim, query_id);
		if (!resp->body)
			armsim_error(resp, 404, "ResourceNotFound", NULL, "no resource with that id");
	}
	else if (!strcmp(what, "ikeSas") && !strcmp(req->method, "PUT"))
		armsim_ikesas_admin(sim, req, resp);
	else if (!strcmp(what, "resource") && !strcmp(req->method, "PUT"))
	{
		if (armsim_admin_put_raw(sim, query_id, req->body))
			armsim_error(resp, 400, "InvalidRequestFormat", NULL, "need ?id=/subscriptions/... "
						 "and a JSON object body");
		else
			resp->status = 204;
	}
	else
		armsim_error(resp, 404, "NotFound", NULL, "unknown admin path '%s'", req->url);
}

int armsim_set_connection_status(armsim_t *sim, const char *id, const char *status,
								 uint64_t ingress, uint64_t egress)
{
	int rc;

	pthread_mutex_lock(&sim->lock);
	armsim_store_tick(sim);
	rc = armsim_admin_set_status(sim, id, status, ingress, egress);
	pthread_mutex_unlock(&sim->lock);
	return rc;
}

json_t *armsim_get_resource(armsim_t *sim, const char *id)
{
	json_t *doc;

	pthread_mutex_lock(&sim->lock);
	armsim_store_tick(sim);
	doc = armsim_admin_resource(sim, id);
	pthread_mutex_unlock(&sim->lock);
	return doc;
}

int armsim_put_raw(armsim_t *sim, const char *id, json_t *doc)
{
	int rc;

	pthread_mutex_lock(&sim->lock);
	rc = armsim_admin_put_raw(sim, id, doc);
	pthread_mutex_unlock(&sim->lock);
	return rc;
}

int armsim_fault_add(armsim_t *sim, const char *spec)
{
	int rc;

	pthread_mutex_lock(&sim->lock);
	rc = armsim_fault_parse(sim, spec);
	pthread_mutex_unlock(&sim->lock);
	return rc;
}

void armsim_fault_clear(armsim_t *sim)
{
	pthread_mutex_lock(&sim->lock);
	sim->n_faults = 0;
	pthread_mutex_unlock(&sim->lock);
}

unsigned armsim_requests(armsim_t *sim, const char *method)
{
	unsigned n;

	pthread_mutex_lock(&sim->lock);
	if (!method)
		n = sim->n_get + sim->n_put + sim->n_post + sim->n_delete + sim->n_other;
	else if (!strcmp(method, "GET"))
		n = sim->n_get;
	else if (!strcmp(method, "PUT"))
		n = sim->n_put;
	else if (!strcmp(method, "POST"))
		n = sim->n_post;
	else if (!strcmp(method, "DELETE"))
		n = sim->n_delete;
	else
		n = sim->n_other;
	pthread_mutex_unlock(&sim->lock);
	return n;
}

unsigned armsim_token_requests(armsim_t *sim)
{
	unsigned n;

	pthread_mutex_lock(&sim->lock);
	n = sim->n_token;
	pthread_mutex_unlock(&sim->lock);
	return n;
}

void armsim_requests_reset(armsim_t *sim)
{
	pthread_mutex_lock(&sim->lock);
	sim->n_get = sim->n_put = sim->n_post = sim->n_delete = sim->n_other = sim->n_token = 0;
	pthread_mutex_unlock(&sim->lock);
}
