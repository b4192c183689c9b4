/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Tokens, one per tenant, from the tenant's credential (client secret, client
 * certificate, federated token file at the Entra ID token endpoint; managed
 * identity and Azure CLI in arm_cred_*.c), cached until shortly before they
 * expire. The only place that builds Authorization and
 * x-ms-authorization-auxiliary headers; tokens and secrets are wiped on
 * destroy and never logged.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "arm_assertion.h"
#include "arm_private.h"

/** the longest assertion or federated token accepted */
#define ARM_ASSERTION_MAX 16384

void arm_auth_free_str(char **s)
{
	if (*s)
	{
		OPENSSL_cleanse(*s, strlen(*s));
		free(*s);
	}
	*s = NULL;
}

const char *arm_cred_kind_name(arm_cred_kind_t kind)
{
	static const char *const names[] = { "client secret", "client certificate",
		"workload identity", "managed identity", "Azure CLI" };

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "credential";
}

/** strdup of s, or of dflt when s is NULL; false when out of memory. */
static bool arm_auth_dup(char **out, const char *s, const char *dflt)
{
	*out = NULL;
	if (!s)
		s = dflt;
	return !s || (*out = strdup(s));
}

static void arm_auth_clear(arm_tenant_t *t)
{
	arm_auth_free_str(&t->secret);
	arm_auth_free_str(&t->token);
	free(t->source);
	free(t->path);
	free(t->endpoint);
	free(t->mi_client_id);
	free(t->program);
	memset(t, 0, sizeof(*t));
}

static bool arm_auth_copy(arm_tenant_t *t, const char *tenant, const arm_cred_t *cred)
{
	const char *src = cred->kind == ARM_CRED_SECRET ? "" : cred->kind == ARM_CRED_AZURE_CLI ?
		(cred->program ? cred->program : "az") : cred->kind == ARM_CRED_MANAGED_IDENTITY ?
		cred->endpoint : cred->path;

	memset(t, 0, sizeof(*t));
	if (strlen(tenant) >= sizeof(t->tenant) ||
		(cred->client_id && strlen(cred->client_id) >= sizeof(t->client_id)))
		return false;
	snprintf(t->tenant, sizeof(t->tenant), "%s", tenant);
	snprintf(t->client_id, sizeof(t->client_id), "%s", cred->client_id ? cred->client_id : "");
	snprintf(t->name, sizeof(t->name), "%s", cred->name ? cred->name : "");
	t->kind = cred->kind;
	if (arm_auth_dup(&t->source, cred->source, src ? src : "") &&
		arm_auth_dup(&t->secret, cred->secret, NULL) &&
		arm_auth_dup(&t->path, cred->path, NULL) &&
		arm_auth_dup(&t->endpoint, cred->endpoint, "http://169.254.169.254") &&
		arm_auth_dup(&t->mi_client_id, cred->mi_client_id, NULL) &&
		arm_auth_dup(&t->program, cred->program, "az"))
		return true;
	arm_auth_clear(t);
	return false;
}

int arm_client_add_credential(arm_client_t *c, const char *tenant, const arm_cred_t *cred)
{
	bool needs = cred->kind == ARM_CRED_SECRET ? !cred->secret :
		(cred->kind == ARM_CRED_CERTIFICATE || cred->kind == ARM_CRED_FEDERATED) && !cred->path;
	int rc = -1;

	if (needs || ((cred->kind <= ARM_CRED_FEDERATED) && !cred->client_id))
		return -1;
	pthread_mutex_lock(&c->lock);
	if (c->n_tenants < ARM_MAX_TENANTS && arm_auth_copy(&c->tenants[c->n_tenants], tenant, cred))
	{
		c->n_tenants++;
		rc = 0;
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

int arm_client_add_tenant(arm_client_t *c, const char *tenant, const char *client_id,
						  const char *secret)
{
	arm_cred_t cred = { .kind = ARM_CRED_SECRET, .client_id = client_id, .secret = secret };

	return arm_client_add_credential(c, tenant, &cred);
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

/** The federated token file's JWT, read again for each token (malloc'd). */
static char *arm_auth_token_file(const arm_tenant_t *t, arm_error_t *err)
{
	FILE *f = fopen(t->path, "re");
	char *buf = f ? calloc(1, ARM_ASSERTION_MAX + 1) : NULL;
	size_t n = buf ? fread(buf, 1, ARM_ASSERTION_MAX + 1, f) : 0;
	int e = errno;

	if (f)
		fclose(f);
	while (n && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	if (buf && n && n <= ARM_ASSERTION_MAX && strspn(buf, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
		"klmnopqrstuvwxyz0123456789-_.") == n)
		return buf;
	arm_auth_free_str(&buf);
	arm_client_fail(err, 0, "CredentialUnavailable", "%s: %s", t->path, !f ? strerror(e) :
					!n ? "empty" : "not a JWT (expected header.claims.signature in base64url)");
	return NULL;
}

/** client_secret=... or client_assertion_type=...&client_assertion=... (malloc'd). */
static char *arm_auth_credential(const arm_tenant_t *t, const char *url, arm_error_t *err)
{
	static const char *const type = "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3A"
		"client-assertion-type%3Ajwt-bearer&client_assertion=";
	char why[512] = "", *jwt = NULL, *esc, *out = NULL;

	if (t->kind == ARM_CRED_SECRET)
		jwt = strdup(t->secret);
	else if (t->kind == ARM_CRED_FEDERATED)
		jwt = arm_auth_token_file(t, err);
	else if (!(jwt = arm_assertion_create(t->path, t->secret, t->client_id, url, why,
										  sizeof(why))))
		arm_client_fail(err, 0, "CredentialUnavailable", "%s", why);
	esc = jwt ? curl_easy_escape(NULL, jwt, 0) : NULL;
	if (esc && (out = malloc(strlen(esc) + strlen(type) + 16)))
		sprintf(out, "%s%s", t->kind == ARM_CRED_SECRET ? "client_secret=" : type, esc);
	if (jwt && !out && !err->code[0])
		arm_client_fail(err, 0, "OutOfMemory", "token request");
	if (esc)
		OPENSSL_cleanse(esc, strlen(esc));
	curl_free(esc);
	arm_auth_free_str(&jwt);
	return out;
}

/** The form body of a token request; wiped and freed by the caller. */
static char *arm_auth_form(const arm_tenant_t *t, const char *url, arm_error_t *err)
{
	char *id = curl_easy_escape(NULL, t->client_id, 0);
	char *cred = arm_auth_credential(t, url, err);
	char *form = NULL;
	size_t len;

	if (id && cred)
	{
		len = strlen(id) + strlen(cred) + 160;
		form = malloc(len);
		if (form)
			snprintf(form, len, "grant_type=client_credentials&client_id=%s&%s"
					 "&scope=https%%3A%%2F%%2Fmanagement.azure.com%%2F.default", id, cred);
	}
	arm_auth_free_str(&cred);
	curl_free(id);
	return form;
}

/** Keep a token and its renewal time. */
static int arm_auth_keep_token(arm_client_t *c, arm_tenant_t *t, const char *tok, long life,
							   arm_error_t *err)
{
	long skew = c->opts.token_skew_s;

	arm_auth_free_str(&t->token);
	t->token = strdup(tok);
	if (skew > life / 2)
		skew = life / 2;
	t->renew_at = arm_client_now() + (double)(life - skew);
	return t->token ? 0 : arm_client_fail(err, 0, "OutOfMemory", "token");
}

/** Store the answer's access_token and its renewal time. */
static int arm_auth_keep(arm_client_t *c, arm_tenant_t *t, json_t *body, arm_error_t *err)
{
	const char *tok = json_string_value(json_object_get(body, "access_token"));
	json_int_t life = json_integer_value(json_object_get(body, "expires_in"));

	if (!tok || life <= 0)
		return arm_client_fail(err, 200, "InvalidTokenResponse", "the token endpoint answered "
							   "without access_token/expires_in");
	return arm_auth_keep_token(c, t, tok, (long)life, err);
}

/** Client credentials at the Entra ID token endpoint (secret, certificate, federated). */
static int arm_auth_entra(arm_client_t *c, arm_tenant_t *t, arm_error_t *err)
{
	char url[512];
	char *form;
	struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: "
												"application/x-www-form-urlencoded");
	arm_http_t req = { .method = "POST", .url = url, .headers = hdrs, .idempotent = true };
	arm_response_t resp = { .retry_after = -1 };
	int rc = -1;

	snprintf(url, sizeof(url), "%s/%s/oauth2/v2.0/token", c->opts.authority_host, t->tenant);
	form = arm_auth_form(t, url, err);
	req.body = form;
	req.body_len = form ? strlen(form) : 0;
	if (form)
		rc = arm_client_http(c, &req, &resp, err);
	else if (!err->code[0])
		arm_client_fail(err, 0, "OutOfMemory", "token request");
	if (!rc)
		rc = arm_auth_keep(c, t, resp.body, err);
	arm_response_clear(&resp);
	curl_slist_free_all(hdrs);
	arm_auth_free_str(&form);
	return rc;
}

/** Managed identity or Azure CLI: a token and its lifetime from elsewhere. */
static int arm_auth_other(arm_client_t *c, arm_tenant_t *t, arm_error_t *err)
{
	char *tok = NULL;
	long life = 0;
	int rc = t->kind == ARM_CRED_AZURE_CLI ? arm_cred_cli_fetch(c, t, &tok, &life, err) :
		arm_cred_mi_fetch(c, t, &tok, &life, err);

	if (!rc && life <= 0)
		rc = arm_client_fail(err, 200, "InvalidTokenResponse", "the token has expired already");
	if (!rc)
		rc = arm_auth_keep_token(c, t, tok, life, err);
	arm_auth_free_str(&tok);
	return rc;
}

/** Fetch a token for t (caller holds the lock); errors name the credential. */
static int arm_auth_fetch(arm_client_t *c, arm_tenant_t *t, arm_error_t *err)
{
	char msg[sizeof(err->message)], who[200];
	int rc;

	c->token_fetches++;
	memset(err, 0, sizeof(*err));
	rc = t->kind <= ARM_CRED_FEDERATED ? arm_auth_entra(c, t, err) : arm_auth_other(c, t, err);
	if (!rc)
		return 0;
	if (t->name[0])
		snprintf(who, sizeof(who), "%s (%s%s%s)", t->name, t->tenant,
				 t->client_id[0] ? ", client " : "", t->client_id);
	else
		snprintf(who, sizeof(who), "%s%s%s%s", t->tenant, t->client_id[0] ? " (client " : "",
				 t->client_id, t->client_id[0] ? ")" : "");
	snprintf(msg, sizeof(msg), "%s", err->message);
	if (snprintf(err->message, sizeof(err->message), "token for tenant %s by %s%s%.200s: %s",
				 who, arm_cred_kind_name(t->kind), t->source[0] ? " " : "", t->source, msg) < 0)
		err->message[0] = '\0';
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
		arm_auth_clear(&c->tenants[i]);
	c->n_tenants = 0;
	pthread_mutex_unlock(&c->lock);
}
