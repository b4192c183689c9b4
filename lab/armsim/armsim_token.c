/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The Entra ID client-credentials token endpoint, and bearer-token checks for ARM. */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "armsim_private.h"

/** Copy the url-decoded value of form field name into out; false if absent. */
bool armsim_token_field(const char *body, size_t len, const char *name, char *out,
						size_t outlen)
{
	size_t nlen = strlen(name), o = 0;
	const char *p = body, *end = body + len;

	while (p < end)
	{
		const char *amp = memchr(p, '&', end - p);
		const char *stop = amp ? amp : end;

		if ((size_t)(stop - p) > nlen && !strncmp(p, name, nlen) && p[nlen] == '=')
		{
			for (const char *v = p + nlen + 1; v < stop && o + 1 < outlen; v++)
			{
				if (*v == '+')
					out[o++] = ' ';
				else if (*v == '%' && v + 2 < stop && isxdigit((unsigned char)v[1]) &&
						 isxdigit((unsigned char)v[2]))
				{
					char hex[3] = { v[1], v[2], 0 };
					out[o++] = (char)strtol(hex, NULL, 16);
					v += 2;
				}
				else
					out[o++] = *v;
			}
			out[o] = '\0';
			return true;
		}
		p = stop + 1;
	}
	return false;
}

static const armsim_tenant_t *armsim_tenant_find(armsim_t *sim, const char *tenant)
{
	for (size_t i = 0; i < sim->opts.n_tenants; i++)
	{
		if (armsim_streq(sim->opts.tenants[i].tenant_id, tenant))
			return &sim->opts.tenants[i];
	}
	return NULL;
}

const armsim_tenant_t *armsim_tenant_of_sub(armsim_t *sim, const char *sub)
{
	for (size_t i = 0; i < sim->opts.n_tenants; i++)
	{
		if (armsim_streq(sim->opts.tenants[i].subscription_id, sub))
			return &sim->opts.tenants[i];
	}
	return NULL;
}

const armsim_token_t *armsim_token_mint(armsim_t *sim, const char *tenant_id)
{
	unsigned char rnd[18];
	armsim_token_t *tok;

	if (sim->n_tokens == sim->cap_tokens)
	{
		size_t cap = sim->cap_tokens ? sim->cap_tokens * 2 : 16;
		armsim_token_t *n = realloc(sim->tokens, cap * sizeof(*n));
		if (!n)
			return NULL;
		sim->tokens = n;
		sim->cap_tokens = cap;
	}
	tok = &sim->tokens[sim->n_tokens++];
	memset(tok, 0, sizeof(*tok));
	RAND_bytes(rnd, sizeof(rnd));
	snprintf(tok->value, sizeof(tok->value), "armsim.");
	for (size_t i = 0; i < sizeof(rnd); i++)
		snprintf(tok->value + 7 + 2 * i, 3, "%02x", rnd[i]);
	snprintf(tok->tenant, sizeof(tok->tenant), "%s", tenant_id);
	tok->expires_at = armsim_now() + sim->opts.token_seconds;
	return tok;
}

static void armsim_token_issue(armsim_t *sim, const armsim_tenant_t *t, armsim_resp_t *resp)
{
	const armsim_token_t *tok = armsim_token_mint(sim, t->tenant_id);

	if (!tok)
		return armsim_error(resp, 500, "InternalServerError", NULL, "out of memory");
	resp->status = 200;
	resp->body = json_pack("{s:s,s:i,s:i,s:s}", "token_type", "Bearer", "expires_in",
						   sim->opts.token_seconds, "ext_expires_in", sim->opts.token_seconds,
						   "access_token", tok->value);
}

void armsim_token_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	char client_id[128] = "", secret[256] = "", scope[256] = "", grant[64] = "";
	const armsim_tenant_t *t = armsim_tenant_find(sim, req->seg[0]);
	const char *b = req->raw_body ? req->raw_body : "";

	sim->n_token++;
	if (!t)
		return armsim_aad_error(resp, 400, "invalid_tenant", 90002, "Tenant '%s' not found. "
								"Check to make sure you have the correct tenant ID and are signing "
								"into the correct cloud.", req->seg[0]);
	armsim_token_field(b, req->raw_len, "grant_type", grant, sizeof(grant));
	armsim_token_field(b, req->raw_len, "client_id", client_id, sizeof(client_id));
	armsim_token_field(b, req->raw_len, "client_secret", secret, sizeof(secret));
	armsim_token_field(b, req->raw_len, "scope", scope, sizeof(scope));
	if (strcmp(grant, "client_credentials"))
		armsim_aad_error(resp, 400, "unsupported_grant_type", 70003, "The app requested an "
						 "unsupported grant type '%s'.", grant);
	else if (!client_id[0] || !scope[0])
		armsim_aad_error(resp, 400, "invalid_request", 900144, "The request body must contain "
						 "the following parameter: '%s'.", client_id[0] ? "scope" : "client_id");
	else if (!armsim_openid_scope_ok(sim, scope))
		armsim_aad_error(resp, 400, "invalid_scope", 1002012, "The provided value for scope "
						 "%s is not valid. Client credential flows must have a scope value with "
						 "/.default suffixed to the resource identifier.", scope);
	else if (strcasecmp(client_id, t->client_id))
		armsim_aad_error(resp, 400, "unauthorized_client", 700016, "Application with identifier "
						 "'%s' was not found in the directory '%s'.", client_id, t->tenant_id);
	else if (armsim_token_field(b, req->raw_len, "client_assertion_type", grant, sizeof(grant)))
	{
		if (armsim_assertion_check(sim, t, req, grant, resp))
			armsim_token_issue(sim, t, resp);
	}
	else if (strlen(secret) != strlen(t->client_secret) ||
			 CRYPTO_memcmp(secret, t->client_secret, strlen(secret)))
		armsim_aad_error(resp, 401, "invalid_client", 7000215, "Invalid client secret provided. "
						 "Ensure the secret being sent in the request is the client secret value, "
						 "not the client secret ID, for a secret added to app '%s'.", client_id);
	else
		armsim_token_issue(sim, t, resp);
	OPENSSL_cleanse(secret, sizeof(secret));
}

/** The tenant of a valid token value; NULL (with *expired) otherwise. */
static const char *armsim_token_tenant(armsim_t *sim, const char *value, size_t len,
									   bool *expired)
{
	*expired = false;
	for (size_t i = 0; i < sim->n_tokens; i++)
	{
		if (strlen(sim->tokens[i].value) != len || strncmp(sim->tokens[i].value, value, len))
			continue;
		if (armsim_now() >= sim->tokens[i].expires_at)
		{
			*expired = true;
			return NULL;
		}
		return sim->tokens[i].tenant;
	}
	return NULL;
}

/** Parse "Bearer a, Bearer b" (or ';'-separated) into req->aux; false on an invalid one. */
static bool armsim_token_aux(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	const char *p = req->auxiliary;

	while (p && *p)
	{
		size_t len;
		bool expired;
		const char *tenant;

		while (*p == ' ' || *p == ',' || *p == ';')
			p++;
		if (!*p)
			break;
		if (!strncasecmp(p, "EncryptedBearer ", 16))
			p += 16;
		else if (!strncasecmp(p, "Bearer ", 7))
			p += 7;
		else
			goto bad;
		len = strcspn(p, ",; ");
		tenant = armsim_token_tenant(sim, p, len, &expired);
		if (!tenant || req->n_aux == ARMSIM_MAX_AUX)
			goto bad;
		snprintf(req->aux[req->n_aux++], sizeof(req->aux[0]), "%s", tenant);
		p += len;
	}
	return true;
bad:
	armsim_error(resp, 401, "InvalidAuthenticationToken", NULL, "The access token in the "
				 "'x-ms-authorization-auxiliary' header is invalid or expired; at most %d "
				 "auxiliary tokens are accepted.", ARMSIM_MAX_AUX);
	return false;
}

bool armsim_token_check(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	const armsim_tenant_t *owner = armsim_tenant_of_sub(sim, req->seg[1]);
	const char *tenant;
	bool expired;

	if (!req->authorization)
	{
		armsim_error(resp, 401, "AuthenticationFailed", NULL, "Authentication failed. The "
					 "'Authorization' header is missing.");
		return false;
	}
	if (strncasecmp(req->authorization, "Bearer ", 7))
	{
		armsim_error(resp, 401, "AuthenticationFailed", NULL, "Authentication failed. The "
					 "'Authorization' header is provided in an invalid format.");
		return false;
	}
	tenant = armsim_token_tenant(sim, req->authorization + 7, strlen(req->authorization + 7),
								 &expired);
	if (!tenant)
	{
		armsim_error(resp, 401, expired ? "ExpiredAuthenticationToken" :
					 "InvalidAuthenticationToken", NULL, expired ? "The access token expiry UTC "
					 "time is earlier than current UTC time." : "The access token is invalid.");
		return false;
	}
	snprintf(req->tenant, sizeof(req->tenant), "%s", tenant);
	if (!owner)
	{
		armsim_error(resp, 404, "SubscriptionNotFound", NULL, "The subscription '%s' could "
					 "not be found.", req->seg[1]);
		return false;
	}
	if (!armsim_streq(owner->tenant_id, tenant))
	{
		armsim_error(resp, 401, "InvalidAuthenticationTokenTenant", NULL, "The access token is "
					 "from the wrong issuer 'https://sts.windows.net/%s/'. It must match the tenant "
					 "'https://sts.windows.net/%s/' associated with this subscription. Please use "
					 "the authority (URL) 'https://login.windows.net/%s' to get the token. Note, if "
					 "the subscription is transferred to another tenant there is no impact to the "
					 "services, but information about new tenant could take time to propagate "
					 "(up to an hour). If you just transferred your subscription and see this error "
					 "message, please try back later.", tenant, owner->tenant_id, owner->tenant_id);
		return false;
	}
	return armsim_token_aux(sim, req, resp);
}
