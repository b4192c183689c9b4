/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The managed identity endpoints, on their own plain-HTTP listener at the
 * address armsim is given (real IMDS is http://169.254.169.254; tests use
 * loopback): IMDS GET /metadata/identity/oauth2/token (header Metadata: true
 * required, X-Forwarded-For refused, api-version and resource required,
 * client_id= picks a user-assigned identity) and the App Service flavour GET
 * /msi/token (api-version 2019-08-01, X-IDENTITY-HEADER must match). Tokens
 * are the emulator's ordinary bearer tokens of the identity's tenant.
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>
#include <openssl/crypto.h>

#include "armsim_private.h"

typedef struct {
	const armsim_tenant_t *tenant;
	const armsim_mi_t *mi;
} armsim_imds_id_t;

static void armsim_imds_error(armsim_resp_t *resp, int status, const char *error,
							  const char *desc)
{
	resp->status = status;
	resp->body = json_pack("{s:s,s:s}", "error", error, "error_description", desc);
}

/** The identity a request names (client_id=), or the machine's default one. */
static bool armsim_imds_identity(armsim_t *sim, const char *client_id, armsim_imds_id_t *out,
								 armsim_resp_t *resp)
{
	armsim_imds_id_t sys = { 0 }, any = { 0 };
	unsigned n = 0;

	for (size_t i = 0; i < sim->opts.n_tenants; i++)
	{
		const armsim_tenant_t *t = &sim->opts.tenants[i];
		for (size_t j = 0; j < t->n_mis; j++)
		{
			armsim_imds_id_t id = { t, &t->mis[j] };
			if (client_id && !strcasecmp(client_id, t->mis[j].client_id))
				return *out = id, true;
			if (t->mis[j].system_assigned && !sys.mi)
				sys = id;
			any = id;
			n++;
		}
	}
	*out = sys.mi ? sys : any;
	if (!client_id && (sys.mi || n == 1))
		return true;
	armsim_imds_error(resp, 400, "invalid_request", !client_id && n > 1 ? "Multiple user "
					  "assigned identities exist, please specify the clientId / resourceId of "
					  "the identity in the token request" : "Identity not found");
	return false;
}

/** ARM's audience, or the emulator's own URL (what an SDK pointed at it asks for). */
static bool armsim_imds_resource(armsim_t *sim, const char *resource, armsim_resp_t *resp)
{
	size_t own = strlen(sim->base_url);
	char desc[400];

	if (!resource || !*resource)
		return armsim_imds_error(resp, 400, "invalid_request", "Required query variable "
								 "'resource' is missing"), false;
	if (!strcmp(resource, "https://management.azure.com/") ||
		!strcmp(resource, "https://management.azure.com") ||
		(!strncmp(resource, sim->base_url, own) &&
		 (!resource[own] || !strcmp(resource + own, "/"))))
		return true;
	snprintf(desc, sizeof(desc), "AADSTS500011: The resource principal named %.200s was not "
			 "found in the tenant.", resource);
	armsim_imds_error(resp, 400, "invalid_resource", desc);
	return false;
}

/** A token for id: IMDS answers numbers as strings. */
static void armsim_imds_issue(armsim_t *sim, const armsim_imds_id_t *id, const char *resource,
							  bool app_service, armsim_resp_t *resp)
{
	const armsim_token_t *tok = armsim_token_mint(sim, id->tenant->tenant_id);
	char life[24], on[24], nbf[24];
	time_t now = time(NULL);

	if (!tok)
		return armsim_imds_error(resp, 500, "internal_error", "out of memory");
	snprintf(life, sizeof(life), "%d", sim->opts.token_seconds);
	snprintf(on, sizeof(on), "%lld", (long long)now + sim->opts.token_seconds);
	snprintf(nbf, sizeof(nbf), "%lld", (long long)now);
	resp->status = 200;
	resp->body = json_pack("{s:s,s:s,s:s,s:s,s:s}", "access_token", tok->value, "client_id",
						   id->mi->client_id, "expires_on", on, "resource", resource,
						   "token_type", "Bearer");
	if (resp->body && !app_service)
	{
		json_object_set_new(resp->body, "expires_in", json_string(life));
		json_object_set_new(resp->body, "ext_expires_in", json_string(life));
		json_object_set_new(resp->body, "not_before", json_string(nbf));
	}
}

static const char *armsim_imds_arg(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

static void armsim_imds_token(armsim_t *sim, struct MHD_Connection *conn, armsim_resp_t *resp)
{
	const char *meta = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Metadata");
	const char *resource = armsim_imds_arg(conn, "resource");
	armsim_imds_id_t id;

	if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"))
		return armsim_imds_error(resp, 400, "invalid_request", "Requests with an "
								 "X-Forwarded-For header are refused: IMDS answers only the "
								 "machine itself, never through a proxy");
	if (!meta || strcasecmp(meta, "true"))
		return armsim_imds_error(resp, 400, "invalid_request", "Required metadata header not "
								 "specified");
	if (!armsim_imds_arg(conn, "api-version"))
		return armsim_imds_error(resp, 400, "invalid_request", "Required query variable "
								 "'api-version' is missing");
	if (armsim_imds_resource(sim, resource, resp) &&
		armsim_imds_identity(sim, armsim_imds_arg(conn, "client_id"), &id, resp))
		armsim_imds_issue(sim, &id, resource, false, resp);
}

static void armsim_imds_app_service(armsim_t *sim, struct MHD_Connection *conn,
									armsim_resp_t *resp)
{
	const char *hdr = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-IDENTITY-HEADER");
	const char *want = sim->opts.identity_header, *api = armsim_imds_arg(conn, "api-version");
	const char *resource = armsim_imds_arg(conn, "resource");
	armsim_imds_id_t id;

	if (!hdr || !want[0] || strlen(hdr) != strlen(want) || CRYPTO_memcmp(hdr, want, strlen(want)))
		return armsim_imds_error(resp, 401, "unauthorized", hdr ? "The X-IDENTITY-HEADER "
								 "value does not match IDENTITY_HEADER" : "The request has no "
								 "X-IDENTITY-HEADER header (the value of IDENTITY_HEADER)");
	if (!api || strcmp(api, "2019-08-01"))
		return armsim_imds_error(resp, 400, "invalid_request", "api-version 2019-08-01 is "
								 "required");
	if (armsim_imds_resource(sim, resource, resp) &&
		armsim_imds_identity(sim, armsim_imds_arg(conn, "client_id"), &id, resp))
		armsim_imds_issue(sim, &id, resource, true, resp);
}

static enum MHD_Result armsim_imds_send(struct MHD_Connection *conn, armsim_resp_t *resp)
{
	char *text = resp->body ? json_dumps(resp->body, JSON_COMPACT) : NULL;
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (!text)
		return MHD_NO;
	r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_COPY);
	OPENSSL_cleanse(text, strlen(text));
	free(text);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result armsim_imds_access(void *cls, struct MHD_Connection *conn,
										  const char *url, const char *method,
										  const char *version, const char *upload,
										  size_t *upload_size, void **con_cls)
{
	static int seen;
	armsim_t *sim = cls;
	armsim_resp_t resp = { .status = 500, .retry_after = -1 };
	enum MHD_Result ret;

	(void)version;
	(void)upload;
	if (!*con_cls || *upload_size)
	{
		*con_cls = &seen;
		*upload_size = 0;
		return MHD_YES;
	}
	pthread_mutex_lock(&sim->lock);
	sim->n_token++;
	if (strcmp(method, "GET"))
		armsim_imds_error(&resp, 405, "invalid_request", "only GET is supported");
	else if (!strcmp(url, "/metadata/identity/oauth2/token") ||
			 !strcmp(url, "/metadata/identity/oauth2/token/"))	/* MSAL's spelling */
		armsim_imds_token(sim, conn, &resp);
	else if (!strcmp(url, "/msi/token") || !strcmp(url, "/msi/token/"))
		armsim_imds_app_service(sim, conn, &resp);
	else
		armsim_imds_error(&resp, 404, "not_found", "no such managed identity endpoint");
	pthread_mutex_unlock(&sim->lock);
	ret = armsim_imds_send(conn, &resp);
	json_decref(resp.body);
	return ret;
}

bool armsim_imds_start(armsim_t *sim, char *err, size_t errlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(sim->opts.imds_port) };
	const union MHD_DaemonInfo *info;

	if (inet_pton(AF_INET, sim->opts.imds_addr, &sa.sin_addr) != 1)
		return snprintf(err, errlen, "IMDS address '%s' is not an IPv4 address",
						sim->opts.imds_addr), false;
	sim->imds = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
								 sim->opts.imds_port, NULL, NULL, armsim_imds_access, sim,
								 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
								 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
	if (!sim->imds)
		return snprintf(err, errlen, "cannot listen on %s:%u for IMDS (address not on this "
						"machine, or port in use)", sim->opts.imds_addr, sim->opts.imds_port),
			false;
	info = MHD_get_daemon_info(sim->imds, MHD_DAEMON_INFO_BIND_PORT);
	sim->opts.imds_port = info ? info->port : sim->opts.imds_port;
	return true;
}

void armsim_imds_stop(armsim_t *sim)
{
	if (sim->imds)
		MHD_stop_daemon(sim->imds);
	sim->imds = NULL;
}

uint16_t armsim_imds_port(armsim_t *sim)
{
	return sim->imds ? sim->opts.imds_port : 0;
}
