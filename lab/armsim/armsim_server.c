/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The libmicrohttpd front: TLS, request bodies, routing, faults, counters, responses. */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>

#include "armsim_private.h"

#define ARMSIM_MAX_BODY (1024 * 1024)

/** Per-request state kept by libmicrohttpd between calls. */
typedef struct {
	char *body;
	size_t len;
	bool too_big;
} armsim_conn_t;

/** Route an ARM path below /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network. */
static void armsim_server_network(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	static const struct {
		const char *type;
		void (*handle)(armsim_t *, armsim_req_t *, armsim_resp_t *);
	} types[] = {
		{ "virtualNetworks", armsim_vnet_handle },
		{ "publicIPAddresses", armsim_pip_handle },
		{ "virtualNetworkGateways", armsim_gateway_handle },
		{ "localNetworkGateways", armsim_lng_handle },
		{ "connections", armsim_connection_handle },
	};
	const char *type = req->seg[6];

	if (!armsim_api_check(req, resp, true, type))
		return;
	if (armsim_streq(type, "virtualNetworks") && req->n_seg == 10 &&
		armsim_streq(req->seg[8], "subnets"))
		return armsim_subnet_handle(sim, req, resp);
	if (armsim_streq(type, "connections") && req->n_seg >= 9 &&
		armsim_streq(req->seg[8], "sharedkey") &&
		(req->n_seg == 9 || (req->n_seg == 10 && armsim_streq(req->seg[9], "reset"))))
		return armsim_sharedkey_handle(sim, req, resp);
	if (armsim_streq(type, "connections") && req->n_seg == 9 &&
		armsim_streq(req->seg[8], "getikesas"))
		return armsim_ikesas_handle(sim, req, resp);
	for (size_t i = 0; req->n_seg <= 8 && i < sizeof(types) / sizeof(types[0]); i++)
	{
		if (armsim_streq(type, types[i].type))
		{
			if (req->n_seg == 7 && strcmp(req->method, "GET"))
				break;
			if (req->n_seg == 7 && !armsim_rg_exists(sim, req, resp))
				return;
			return types[i].handle(sim, req, resp);
		}
	}
	armsim_error(resp, 404, "InvalidResourceType", NULL, "The resource type or path '%s' could "
				 "not be found in the namespace 'Microsoft.Network' for api version '%s'.",
				 req->url, req->api_version);
}

static void armsim_server_route(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	if (req->n_seg == 4 && !strcmp(req->seg[1], "oauth2") && !strcmp(req->seg[2], "v2.0") &&
		!strcmp(req->seg[3], "token") && !strcmp(req->method, "POST"))
		return armsim_token_handle(sim, req, resp);
	if (armsim_openid_route(sim, req, resp))
		return;
	if (req->n_seg < 2 || !armsim_streq(req->seg[0], "subscriptions"))
		return armsim_error(resp, 404, "NotFound", NULL, "No route for '%s'.", req->url);
	if (!armsim_token_check(sim, req, resp))
		return;
	if ((req->n_seg == 3 || req->n_seg == 4) && armsim_streq(req->seg[2], "resourcegroups"))
		return armsim_rg_handle(sim, req, resp);
	if (req->n_seg == 8 && armsim_streq(req->seg[2], "providers") &&
		armsim_streq(req->seg[3], "Microsoft.Network") && armsim_streq(req->seg[4], "locations") &&
		(armsim_streq(req->seg[6], "operations") || armsim_streq(req->seg[6], "operationResults")))
		return armsim_ops_handle(sim, req, resp);
	if (req->n_seg >= 7 && armsim_streq(req->seg[2], "resourcegroups") &&
		armsim_streq(req->seg[4], "providers") && armsim_streq(req->seg[5], "Microsoft.Network"))
		return armsim_server_network(sim, req, resp);
	armsim_error(resp, 404, "InvalidResourceType", NULL, "No route for '%s'.", req->url);
}

static void armsim_server_count(armsim_t *sim, const char *method)
{
	if (!strcmp(method, "GET"))
		sim->n_get++;
	else if (!strcmp(method, "PUT"))
		sim->n_put++;
	else if (!strcmp(method, "POST"))
		sim->n_post++;
	else if (!strcmp(method, "DELETE"))
		sim->n_delete++;
	else
		sim->n_other++;
}

/** Sleep for the stall time in short steps, so a stop is not held up. */
static void armsim_server_stall(armsim_t *sim)
{
	double until = armsim_now() + sim->opts.stall_seconds;
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	while (!sim->stopping && armsim_now() < until)
		nanosleep(&ts, NULL);
}

static void armsim_server_header(struct MHD_Response *r, const char *name, const char *value)
{
	if (value && *value)
		MHD_add_response_header(r, name, value);
}

static enum MHD_Result armsim_server_send(armsim_t *sim, struct MHD_Connection *conn,
										  armsim_resp_t *resp, const char *method)
{
	char *text = resp->body ? json_dumps(resp->body, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	const char *client_id = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
														"x-ms-client-request-id");
	struct MHD_Response *r;
	char guid[40], num[32];
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(text ? strlen(text) : 0, text ? text : (void *)"",
										text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r)
	{
		free(text);
		return MHD_NO;
	}
	if (text)
		MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	armsim_guid(guid);
	MHD_add_response_header(r, "x-ms-request-id", guid);
	MHD_add_response_header(r, "x-ms-correlation-request-id", guid);
	armsim_server_header(r, "x-ms-client-request-id", client_id);
	armsim_server_header(r, "Azure-AsyncOperation", resp->async_op);
	armsim_server_header(r, "Location", resp->location);
	if (resp->retry_after >= 0)
	{
		snprintf(num, sizeof(num), "%d", resp->retry_after);
		MHD_add_response_header(r, "Retry-After", num);
	}
	snprintf(num, sizeof(num), "%u", strcmp(method, "GET") ? sim->writes_left : sim->reads_left);
	MHD_add_response_header(r, strcmp(method, "GET") ?
							"x-ms-ratelimit-remaining-subscription-writes" :
							"x-ms-ratelimit-remaining-subscription-reads", num);
	ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void armsim_server_split(char *path, armsim_req_t *req)
{
	char *save = NULL;

	for (char *s = strtok_r(path, "/", &save); s && req->n_seg < ARMSIM_MAX_SEGS;
		 s = strtok_r(NULL, "/", &save))
		req->seg[req->n_seg++] = s;
}

/** Everything after the body is in: parse, route under the lock, answer. */
static enum MHD_Result armsim_server_serve(armsim_t *sim, struct MHD_Connection *conn,
										   const char *url, const char *method,
										   armsim_conn_t *c)
{
	armsim_req_t req = { .url = url, .method = method, .raw_body = c->body, .raw_len = c->len };
	armsim_resp_t resp = { .status = 500, .retry_after = -1 };
	char *path = strdup(url);
	enum MHD_Result ret;
	bool admin;

	if (!path)
		return MHD_NO;
	armsim_server_split(path, &req);
	req.api_version = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "api-version");
	req.query_authorization_endpoint = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
																   "authorization_endpoint");
	req.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	req.auxiliary = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
												"x-ms-authorization-auxiliary");
	if (c->len)
		req.body = json_loadb(c->body, c->len, 0, NULL);
	admin = req.n_seg >= 1 && !strcmp(req.seg[0], "_armsim");
	pthread_mutex_lock(&sim->lock);
	armsim_store_tick(sim);
	if (admin)
		armsim_admin_handle(sim, &req, &resp, MHD_lookup_connection_value(conn,
							MHD_GET_ARGUMENT_KIND, "id"));
	else
	{
		if (!(req.n_seg == 4 && !strcmp(req.seg[1], "oauth2")))
			armsim_server_count(sim, method);
		if (!armsim_fault_take(sim, &req, &resp))
		{
			if (resp.stall)
			{
				pthread_mutex_unlock(&sim->lock);
				armsim_server_stall(sim);
				pthread_mutex_lock(&sim->lock);
				armsim_store_tick(sim);
			}
			if (c->too_big)
				armsim_error(&resp, 413, "RequestEntityTooLarge", NULL, "The request body is "
							 "larger than %d bytes.", ARMSIM_MAX_BODY);
			else if (c->len && !req.body && strcmp(method, "POST"))
				armsim_error(&resp, 400, "InvalidRequestContent", NULL, "The request content "
							 "was invalid and could not be deserialized.");
			else
				armsim_server_route(sim, &req, &resp);
		}
		armsim_record(sim, &req, &resp, req.n_seg == 4 && !strcmp(req.seg[1], "oauth2"));
		if (strcmp(method, "GET") && sim->writes_left)
			sim->writes_left--;
		else if (!strcmp(method, "GET") && sim->reads_left)
			sim->reads_left--;
	}
	pthread_mutex_unlock(&sim->lock);
	ret = resp.drop ? MHD_NO : armsim_server_send(sim, conn, &resp, method);
	json_decref(resp.body);
	json_decref(req.body);
	free(path);
	return ret;
}

static enum MHD_Result armsim_server_access(void *cls, struct MHD_Connection *conn,
											const char *url, const char *method,
											const char *version, const char *upload,
											size_t *upload_size, void **con_cls)
{
	armsim_conn_t *c = *con_cls;

	(void)version;
	if (!c)
	{
		c = calloc(1, sizeof(*c));
		*con_cls = c;
		return c ? MHD_YES : MHD_NO;
	}
	if (*upload_size)
	{
		if (c->len + *upload_size > ARMSIM_MAX_BODY)
			c->too_big = true;
		else
		{
			char *n = realloc(c->body, c->len + *upload_size + 1);
			if (!n)
				return MHD_NO;
			c->body = n;
			memcpy(c->body + c->len, upload, *upload_size);
			c->len += *upload_size;
			c->body[c->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return armsim_server_serve(cls, conn, url, method, c);
}

static void armsim_server_done(void *cls, struct MHD_Connection *conn, void **con_cls,
							   enum MHD_RequestTerminationCode toe)
{
	armsim_conn_t *c = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (c)
	{
		free(c->body);
		free(c);
	}
	*con_cls = NULL;
}

static char *armsim_server_read(const char *file)
{
	FILE *f = fopen(file, "rb");
	char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 && len < 1024 * 1024 &&
		fseek(f, 0, SEEK_SET) == 0 && (buf = calloc(1, (size_t)len + 1)) &&
		fread(buf, 1, (size_t)len, f) != (size_t)len)
	{
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

void armsim_opts_default(armsim_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
	snprintf(opts->listen_addr, sizeof(opts->listen_addr), "127.0.0.1");
	snprintf(opts->pip_base, sizeof(opts->pip_base), "198.51.100.10");
	opts->gateway_seconds = 30;
	opts->resource_seconds = 1;
	opts->retry_after_s = 1;
	opts->stall_seconds = 30;
	opts->token_seconds = 3599;
}

static bool armsim_server_listen(armsim_t *sim, char *err, size_t errlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(sim->opts.port) };
	const union MHD_DaemonInfo *info;

	if (inet_pton(AF_INET, sim->opts.listen_addr, &sa.sin_addr) != 1)
		return snprintf(err, errlen, "listen address '%s' is not an IPv4 address",
						sim->opts.listen_addr), false;
	sim->daemon = MHD_start_daemon(MHD_USE_TLS | MHD_USE_THREAD_PER_CONNECTION |
								   MHD_USE_INTERNAL_POLLING_THREAD, sim->opts.port, NULL, NULL,
								   armsim_server_access, sim,
								   MHD_OPTION_HTTPS_MEM_KEY, sim->key_pem,
								   MHD_OPTION_HTTPS_MEM_CERT, sim->cert_pem,
								   MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
								   MHD_OPTION_NOTIFY_COMPLETED, armsim_server_done, sim,
								   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
								   MHD_OPTION_END);
	if (!sim->daemon)
		return snprintf(err, errlen, "cannot listen on %s:%u with TLS (port in use, or a bad "
						"certificate or key)", sim->opts.listen_addr, sim->opts.port), false;
	info = MHD_get_daemon_info(sim->daemon, MHD_DAEMON_INFO_BIND_PORT);
	sim->opts.port = info ? info->port : sim->opts.port;
	snprintf(sim->base_url, sizeof(sim->base_url), "https://%s:%u", sim->opts.listen_addr,
			 sim->opts.port);
	return true;
}

armsim_t *armsim_start(const armsim_opts_t *opts, char *err, size_t errlen)
{
	armsim_t *sim = calloc(1, sizeof(*sim));

	if (!sim)
		return snprintf(err, errlen, "out of memory"), NULL;
	sim->opts = *opts;
	sim->writes_left = 1200;
	sim->reads_left = 12000;
	pthread_mutex_init(&sim->lock, NULL);
	if (armsim_fault_parse(sim, opts->faults))
	{
		snprintf(err, errlen, "fault rules '%s' do not parse", opts->faults);
		goto fail;
	}
	sim->cert_pem = armsim_server_read(opts->tls_cert_file);
	sim->key_pem = armsim_server_read(opts->tls_key_file);
	if (!sim->cert_pem || !sim->key_pem)
	{
		snprintf(err, errlen, "cannot read %s: %s", sim->cert_pem ? opts->tls_key_file :
				 opts->tls_cert_file, strerror(errno));
		goto fail;
	}
	if (armsim_record_open(sim))
	{
		snprintf(err, errlen, "cannot open record file %s: %s", opts->record_file,
				 strerror(errno));
		goto fail;
	}
	if (opts->state_file[0] && armsim_store_load(sim, opts->state_file) && errno != ENOENT)
	{
		snprintf(err, errlen, "cannot load state file %s", opts->state_file);
		goto fail;
	}
	if (armsim_server_listen(sim, err, errlen) &&
		(!opts->imds_addr[0] || armsim_imds_start(sim, err, errlen)))
		return sim;
fail:
	armsim_stop(sim);
	return NULL;
}

uint16_t armsim_port(armsim_t *sim)
{
	return sim->opts.port;
}

void armsim_stop(armsim_t *sim)
{
	if (!sim)
		return;
	sim->stopping = true;
	armsim_imds_stop(sim);
	if (sim->daemon)
		MHD_stop_daemon(sim->daemon);
	if (sim->daemon && sim->opts.state_file[0])
		armsim_store_save(sim, sim->opts.state_file);
	armsim_store_free(sim);
	armsim_record_close(sim);
	free(sim->tokens);
	if (sim->key_pem)
		memset(sim->key_pem, 0, strlen(sim->key_pem));
	free(sim->key_pem);
	free(sim->cert_pem);
	pthread_mutex_destroy(&sim->lock);
	free(sim);
}
