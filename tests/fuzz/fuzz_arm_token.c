/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * libFuzzer target: the token endpoint's JSON answer as azure/arm_auth.c keeps it
 * (access_token, expires_in) and the Authorization header then built from it.
 *
 * arm_auth_keep() is static, so the target includes arm_auth.c (nothing in azure/
 * is changed for it) and links arm_client.c beside it. The body is parsed exactly as
 * arm_client_http() parses an answer: json_loadb() without flags.
 */

#include "../../azure/arm_auth.c"

static arm_client_t *fuzz_token_client;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arm_call_t call = { .tenant = "tenant-a", .aux = { "tenant-b" }, .n_aux = 1 };
	struct curl_slist *hdrs = NULL;
	arm_error_t err = { 0 };
	json_t *body;

	if (!fuzz_token_client)
	{
		arm_client_opts_t o = { .authority_host = "https://127.0.0.1:1",
								.resource_manager = "https://127.0.0.1:1" };

		fuzz_token_client = arm_client_create(&o);
		if (!fuzz_token_client ||
			arm_client_add_tenant(fuzz_token_client, "tenant-a", "client-a", "s3cret-a") ||
			arm_client_add_tenant(fuzz_token_client, "tenant-b", "client-b", "s3cret-b"))
			abort();
	}
	body = json_loadb((const char *)data, size, 0, NULL);
	pthread_mutex_lock(&fuzz_token_client->lock);
	for (size_t i = 0; i < fuzz_token_client->n_tenants; i++)
	{
		arm_tenant_t *t = &fuzz_token_client->tenants[i];

		arm_auth_free_str(&t->token);
		if (arm_auth_keep(fuzz_token_client, t, body, &err) == 0)
		{
			if (!t->token || t->renew_at <= 0)
				abort();
		}
		else if (strstr(err.message, t->secret))
			abort();
	}
	pthread_mutex_unlock(&fuzz_token_client->lock);
	/* with both tokens cached, the headers are built without any request */
	if (fuzz_token_client->tenants[0].token && fuzz_token_client->tenants[1].token)
	{
		if (arm_auth_headers(fuzz_token_client, &call, &hdrs, &err) == 0 && !hdrs)
			abort();
		arm_auth_free_headers(hdrs);
	}
	json_decref(body);
	return 0;
}
