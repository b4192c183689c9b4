/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Managed identity tokens, as ManagedIdentityCredential gets them: the
 * instance metadata endpoint (IMDS: GET /metadata/identity/oauth2/token,
 * api-version 2018-02-01, header Metadata: true), or the App Service flavour
 * (GET IDENTITY_ENDPOINT, api-version 2019-08-01, header X-IDENTITY-HEADER).
 * Both are plain HTTP on a local address, never through a proxy.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "arm_private.h"

#define ARM_MI_RESOURCE "https%%3A%%2F%%2Fmanagement.azure.com%%2F"

/** A number sent as a JSON number or as a string (IMDS sends strings). */
static long arm_cred_mi_num(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	return json_is_string(v) ? strtol(json_string_value(v), NULL, 10) : 0;
}

static char *arm_cred_mi_url(const arm_tenant_t *t)
{
	bool app = t->secret != NULL;
	char *id = t->mi_client_id ? curl_easy_escape(NULL, t->mi_client_id, 0) : NULL;
	size_t len = strlen(t->endpoint) + (id ? strlen(id) : 0) + 160;
	char *url = malloc(len);

	if (url)
		snprintf(url, len, "%s%s%sapi-version=%s&resource=" ARM_MI_RESOURCE "%s%s",
				 t->endpoint, app ? "" : "/metadata/identity/oauth2/token",
				 app && strchr(t->endpoint, '?') ? "&" : "?", app ? "2019-08-01" : "2018-02-01",
				 id ? "&client_id=" : "", id ? id : "");
	curl_free(id);
	return url;
}

int arm_cred_mi_fetch(arm_client_t *c, const arm_tenant_t *t, char **token, long *life_s,
					  arm_error_t *err)
{
	char *url = arm_cred_mi_url(t), *hdr = NULL;
	struct curl_slist *hdrs = NULL;
	arm_response_t resp = { .retry_after = -1 };
	arm_http_t req = { .method = "GET", .url = url, .idempotent = true, .local_http = true };
	const char *tok;
	long on;
	int rc = -1;

	if (t->secret && (hdr = malloc(strlen(t->secret) + 24)))
		sprintf(hdr, "X-IDENTITY-HEADER: %s", t->secret);
	hdrs = curl_slist_append(NULL, t->secret ? (hdr ? hdr : "X-IDENTITY-HEADER;") :
							 "Metadata: true");
	req.headers = hdrs;
	if (!url || !hdrs || (t->secret && !hdr))
		rc = arm_client_fail(err, 0, "OutOfMemory", "managed identity request");
	else if (!(rc = arm_client_http(c, &req, &resp, err)))
	{
		tok = json_string_value(json_object_get(resp.body, "access_token"));
		*life_s = arm_cred_mi_num(resp.body, "expires_in");
		on = arm_cred_mi_num(resp.body, "expires_on");
		if (*life_s <= 0 && on > 0)
			*life_s = on - (long)time(NULL);
		if (!tok || (*life_s <= 0 && on <= 0))
			rc = arm_client_fail(err, 200, "InvalidTokenResponse", "the managed identity "
								 "endpoint answered without access_token/expires_in/expires_on");
		else if (!(*token = strdup(tok)))
			rc = arm_client_fail(err, 0, "OutOfMemory", "token");
	}
	arm_response_clear(&resp);
	arm_auth_free_headers(hdrs);
	arm_auth_free_str(&hdr);
	free(url);
	return rc;
}
