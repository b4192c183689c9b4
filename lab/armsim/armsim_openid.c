/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * What Entra ID answers before a token call, for clients that read the
 * authority's metadata first (MSAL, and so azure-identity):
 *   GET /{tenant}/v2.0/.well-known/openid-configuration   OpenID provider metadata
 *   GET /{tenant}/.well-known/openid-configuration        the same, v1 path
 *   GET /common/discovery/instance?api-version=1.1&authorization_endpoint=URL
 *                                                         instance discovery
 *   GET /{tenant}/discovery/v2.0/keys                     signing keys (none: armsim's
 *                                                         tokens are opaque)
 * Shapes as login.microsoftonline.com answers them; every URL names this server.
 */

#include <stdio.h>
#include <string.h>

#include "armsim_private.h"

static bool armsim_openid_known(armsim_t *sim, const char *tenant)
{
	if (armsim_streq(tenant, "common") || armsim_streq(tenant, "organizations"))
		return true;
	for (size_t i = 0; i < sim->opts.n_tenants; i++)
	{
		if (armsim_streq(sim->opts.tenants[i].tenant_id, tenant))
			return true;
	}
	return false;
}

static void armsim_openid_config(armsim_t *sim, const char *tenant, armsim_resp_t *resp)
{
	const char *b = sim->base_url;
	char tok[256], auth[256], iss[256], keys[256], logout[256], dev[256], info[256];

	if (!armsim_openid_known(sim, tenant))
		return armsim_aad_error(resp, 400, "invalid_tenant", 90002, "Tenant '%s' not found. "
								"Check to make sure you have the correct tenant ID and are signing "
								"into the correct cloud.", tenant);
	snprintf(tok, sizeof(tok), "%s/%s/oauth2/v2.0/token", b, tenant);
	snprintf(auth, sizeof(auth), "%s/%s/oauth2/v2.0/authorize", b, tenant);
	snprintf(dev, sizeof(dev), "%s/%s/oauth2/v2.0/devicecode", b, tenant);
	snprintf(logout, sizeof(logout), "%s/%s/oauth2/v2.0/logout", b, tenant);
	snprintf(iss, sizeof(iss), "%s/%s/v2.0", b, tenant);
	snprintf(keys, sizeof(keys), "%s/%s/discovery/v2.0/keys", b, tenant);
	snprintf(info, sizeof(info), "%s/oidc/userinfo", b);
	resp->status = 200;
	resp->body = json_pack("{s:s,s:[s,s,s],s:s,s:s,s:[s],s:[s,s,s],s:s,s:s,s:[s],s:[s],"
						   "s:s,s:s,s:s,s:b,s:s,s:[s,s,s,s],s:s,s:s}",
						   "token_endpoint", tok,
						   "token_endpoint_auth_methods_supported", "client_secret_post",
						   "private_key_jwt", "client_secret_basic",
						   "jwks_uri", keys, "userinfo_endpoint", info,
						   "response_modes_supported", "query",
						   "subject_types_supported", "pairwise", "public", "fragment",
						   "issuer", iss, "authorization_endpoint", auth,
						   "id_token_signing_alg_values_supported", "RS256",
						   "scopes_supported", "openid",
						   "device_authorization_endpoint", dev,
						   "end_session_endpoint", logout,
						   "tenant_region_scope", "EU",
						   "request_uri_parameter_supported", 0,
						   "cloud_instance_name", "microsoftonline.com",
						   "claims_supported", "sub", "iss", "aud", "tid",
						   "cloud_graph_host_name", "graph.windows.net",
						   "msgraph_host", "graph.microsoft.com");
}

/** The tenant segment of an authorization_endpoint URL on this server, else "common". */
static void armsim_openid_tenant_of(armsim_t *sim, const char *url, char *out, size_t len)
{
	size_t blen = strlen(sim->base_url);

	snprintf(out, len, "common");
	if (url && !strncmp(url, sim->base_url, blen) && url[blen] == '/')
		snprintf(out, len, "%.*s", (int)strcspn(url + blen + 1, "/?"), url + blen + 1);
}

static void armsim_openid_instance(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	const char *host = sim->base_url + strlen("https://");
	char tenant[96], disco[256];

	if (!req->query_authorization_endpoint)
		return armsim_aad_error(resp, 400, "invalid_request", 90014, "The required field "
								"'authorization_endpoint' is missing from the credential.");
	armsim_openid_tenant_of(sim, req->query_authorization_endpoint, tenant, sizeof(tenant));
	snprintf(disco, sizeof(disco), "%s/%s/v2.0/.well-known/openid-configuration",
			 sim->base_url, tenant);
	resp->status = 200;
	resp->body = json_pack("{s:s,s:s,s:[{s:s,s:s,s:[s]}]}",
						   "tenant_discovery_endpoint", disco, "api-version", "1.1",
						   "metadata", "preferred_network", host, "preferred_cache", host,
						   "aliases", host);
}

bool armsim_openid_route(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	char **s = req->seg;
	size_t n = req->n_seg;

	if (strcmp(req->method, "GET") || n < 3 || armsim_streq(s[0], "subscriptions"))
		return false;
	if (n == 4 && !strcmp(s[1], "v2.0") && !strcmp(s[2], ".well-known") &&
		!strcmp(s[3], "openid-configuration"))
		return armsim_openid_config(sim, s[0], resp), true;
	if (n == 3 && !strcmp(s[1], ".well-known") && !strcmp(s[2], "openid-configuration"))
		return armsim_openid_config(sim, s[0], resp), true;
	if (n == 3 && !strcmp(s[1], "discovery") && !strcmp(s[2], "instance"))
		return armsim_openid_instance(sim, req, resp), true;
	if (n == 4 && !strcmp(s[1], "discovery") && !strcmp(s[2], "v2.0") && !strcmp(s[3], "keys"))
	{
		resp->status = 200;
		resp->body = json_pack("{s:[]}", "keys");
		return true;
	}
	return false;
}

bool armsim_openid_scope_ok(armsim_t *sim, const char *scope)
{
	size_t blen = strlen(sim->base_url);

	/* ARM's audience in the public cloud, and this server's own, as a sovereign cloud's
	 * ARM audience is its management endpoint (the SDKs ask "<endpoint>/.default") */
	if (!strcmp(scope, "https://management.azure.com/.default") ||
		!strcmp(scope, "https://management.azure.com//.default") ||
		!strcmp(scope, "https://management.core.windows.net/.default"))
		return true;
	return blen && !strncmp(scope, sim->base_url, blen) &&
		(!strcmp(scope + blen, "/.default") || !strcmp(scope + blen, "//.default"));
}
