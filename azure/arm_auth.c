/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Client-credentials tokens, one per tenant, cached until shortly before they
 * expire. The only place that builds Authorization and
 * x-ms-authorization-auxiliary headers; tokens and secrets are wiped on
 * destroy and never logged.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "arm_private.h"

static void arm_auth_free_str(char **s)
{
	if (*s)
	{
		OPENSSL_cleanse(*s, strlen(*s));
		free(*s);
	}
	*s = NULL;
}

int arm_client_add_tenant(arm_client_t *c, const char *tenant, const char *client_id,
						  const char *secret)
{
	arm_tenant_t *t;
	int rc = -1;

	pthread_mutex_lock(&c->lock);
	if (c->n_tenants < ARM_MAX_TENANTS && strlen(tenant) < sizeof(t->tenant) &&
		strlen(client_id) < sizeof(t->client_id))
	{
		t = &c->tenants[c->n_tenants];
		memset(t, 0, sizeof(*t));
		snprintf(t->tenant, sizeof(t->tenant), "%s", tenant);
		snprintf(t->client_id, sizeof(t->client_id), "%s", client_id);
		t->secret = strdup(secret);
		if (t->secret)
		{
			c->n_tenants++;
			rc = 0;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

static arm_tenant_t *arm_auth_find(arm_client_t *c, const char *tenant)
{
	for (size_t i = 0; i < c->n_tenants; i++)
	{
		if (!strcasecmp(c->tenants[i].tenant, tenant))
			return &c->tenants[i];
	}
	return NULL;
}

/** The form body of a token request; wiped and freed by the caller. */
static char *arm_auth_form(const arm_tenant_t *t)
{
	char *id = curl_easy_escape(NULL, t->client_id, 0);
	char *secret = curl_easy_escape(NULL, t->secret, 0);
	char *form = NULL;
	size_t len;

	if (id && secret)
	{
		len = strlen(id) + strlen(secret) + 160;
		form = malloc(len);
		if (form)
			snprintf(form, len, "grant_type=client_credentials&client_id=%s&client_secret=%s"
					 "&scope=https%%3A%%2F%%2Fmanagement.azure.com%%2F.default", id, secret);
	}
	if (secret)
		OPENSSL_cleanse(secret, strlen(secret));
	curl_free(secret);
	curl_free(id);
	return form;
}

/** Store the answer's access_token and its renewal time. */
static int arm_auth_keep(arm_client_t *c, arm_tenant_t *t, json_t *body, arm_error_t *err)
{
	const char *tok = json_string_value(json_object_get(body, "access_token"));
	json_int_t life = json_integer_value(json_object_get(body, "expires_in"));
	long skew = c->opts.token_skew_s;

	if (!tok || life <= 0)
		return arm_client_fail(err, 200, "InvalidTokenResponse", "tenant %s: the token "
							   "endpoint answered without access_token/expires_in", t->tenant);
	arm_auth_free_str(&t->token);
	t->token = strdup(tok);
	if (skew > life / 2)
		skew = (long)(life / 2);
	t->renew_at = arm_client_now() + (double)(life - skew);
	return t->token ? 0 : arm_client_fail(err, 0, "OutOfMemory", "token");
}

/** Fetch a token for t (caller holds the lock). */
static int arm_auth_fetch(arm_client_t *c, arm_tenant_t *t, arm_error_t *err)
{
	char url[512];
	char *form = arm_auth_form(t);
	struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: "
												"application/x-www-form-urlencoded");
	arm_http_t req = { .method = "POST", .url = url, .headers = hdrs, .body = form,
					   .body_len = form ? strlen(form) : 0, .idempotent = true };
	arm_response_t resp = { .retry_after = -1 };
	int rc;

	snprintf(url, sizeof(url), "%s/%s/oauth2/v2.0/token", c->opts.authority_host, t->tenant);
	c->token_fetches++;
	rc = form ? arm_client_http(c, &req, &resp, err) :
		arm_client_fail(err, 0, "OutOfMemory", "token request");
	if (!rc)
		rc = arm_auth_keep(c, t, resp.body, err);
	else
	{
		char msg[sizeof(err->message)];

		snprintf(msg, sizeof(msg), "%s", err->message);
		snprintf(err->message, sizeof(err->message), "token for tenant %.63s (client %.63s): %.800s",
				 t->tenant, t->client_id, msg);
	}
	arm_response_clear(&resp);
	curl_slist_free_all(hdrs);
	arm_auth_free_str(&form);
	return rc;
}

/** "Bearer <token>" for tenant into out (caller holds the lock). */
static int arm_auth_bearer(arm_client_t *c, const char *tenant, char **out, arm_error_t *err)
{
	arm_tenant_t *t = arm_auth_find(c, tenant);
	size_t len;

	if (!t)
		return arm_client_fail(err, 0, "NoCredentials", "no client credentials for tenant %s",
							   tenant);
	if ((!t->token || arm_client_now() >= t->renew_at) && arm_auth_fetch(c, t, err))
		return -1;
	len = strlen(t->token) + 8;
	*out = malloc(len);
	if (!*out)
		return arm_client_fail(err, 0, "OutOfMemory", "token");
	snprintf(*out, len, "Bearer %s", t->token);
	return 0;
}

static int arm_auth_append(struct curl_slist **hdrs, const char *name, const char *value)
{
	size_t len = strlen(name) + strlen(value) + 3;
	char *line = malloc(len);
	struct curl_slist *n;

	if (!line)
		return -1;
	snprintf(line, len, "%s: %s", name, value);
	n = curl_slist_append(*hdrs, line);
	OPENSSL_cleanse(line, strlen(line));
	free(line);
	if (!n)
		return -1;
	*hdrs = n;
	return 0;
}

/** x-ms-authorization-auxiliary: "Bearer a, Bearer b" (caller holds the lock). */
static int arm_auth_aux(arm_client_t *c, const arm_call_t *call, struct curl_slist **hdrs,
						arm_error_t *err)
{
	char *joined = NULL, *one = NULL;
	size_t len = 0;
	int rc = 0;

	for (size_t i = 0; i < call->n_aux && i < ARM_MAX_AUX && !rc; i++)
	{
		if (!call->aux[i] || !strcasecmp(call->aux[i], call->tenant))
			continue;
		if ((rc = arm_auth_bearer(c, call->aux[i], &one, err)))
			break;
		char *grown = realloc(joined, len + strlen(one) + 3);
		if (!grown)
			rc = arm_client_fail(err, 0, "OutOfMemory", "auxiliary header");
		else
		{
			joined = grown;
			len += snprintf(joined + len, strlen(one) + 3, "%s%s", len ? ", " : "", one);
		}
		arm_auth_free_str(&one);
	}
	if (!rc && joined && arm_auth_append(hdrs, "x-ms-authorization-auxiliary", joined))
		rc = arm_client_fail(err, 0, "OutOfMemory", "auxiliary header");
	arm_auth_free_str(&joined);
	return rc;
}

int arm_auth_headers(arm_client_t *c, const arm_call_t *call, struct curl_slist **hdrs,
					 arm_error_t *err)
{
	char *bearer = NULL;
	int rc;

	if (!call || !call->tenant)
		return arm_client_fail(err, 0, "NoCredentials", "no tenant for this call");
	pthread_mutex_lock(&c->lock);
	rc = arm_auth_bearer(c, call->tenant, &bearer, err);
	if (!rc && arm_auth_append(hdrs, "Authorization", bearer))
		rc = arm_client_fail(err, 0, "OutOfMemory", "authorization header");
	if (!rc)
		rc = arm_auth_aux(c, call, hdrs, err);
	pthread_mutex_unlock(&c->lock);
	arm_auth_free_str(&bearer);
	return rc;
}

void arm_auth_free_headers(struct curl_slist *hdrs)
{
	for (struct curl_slist *l = hdrs; l; l = l->next)
		OPENSSL_cleanse(l->data, strlen(l->data));
	curl_slist_free_all(hdrs);
}

void arm_auth_wipe(arm_client_t *c)
{
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n_tenants; i++)
	{
		arm_auth_free_str(&c->tenants[i].secret);
		arm_auth_free_str(&c->tenants[i].token);
	}
	c->n_tenants = 0;
	pthread_mutex_unlock(&c->lock);
}
