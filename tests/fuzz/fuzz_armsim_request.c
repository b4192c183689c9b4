/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * libFuzzer target: the ARM emulator's request handling (lab/armsim), without a socket.
 * armsim's handlers take a parsed armsim_req_t; the router that picks one
 * (armsim_server_route()) and the path splitter are static, so the target includes
 * armsim_server.c (nothing in lab/armsim/ is changed for it) and does what
 * armsim_server_serve() does after libmicrohttpd has read a request, minus the stall sleep.
 *
 * Input, HTTP-like:
 *   METHOD PATH[?api-version=V][&id=ID]
 *   Authorization: Bearer @A@          (@A@ / @B@: a valid token of tenant a / b)
 *   x-ms-authorization-auxiliary: Bearer @B@
 *   (empty line)
 *   body
 * The store starts empty for every input; tokens are issued once, at start.
 */

#include "../../lab/armsim/armsim_server.c"

static armsim_t *fuzz_sim;
static char fuzz_tok[2][80];

static void fuzz_sim_token(int i)
{
	static const char *const form[] = {
		"grant_type=client_credentials&client_id=client-a&client_secret=secret-a&scope="
		"https%3A%2F%2Fmanagement.azure.com%2F.default",
		"grant_type=client_credentials&client_id=client-b&client_secret=secret-b&scope="
		"https%3A%2F%2Fmanagement.azure.com%2F.default",
	};
	char url[64];
	armsim_req_t req = { .url = url, .method = "POST", .raw_body = form[i],
						 .raw_len = strlen(form[i]) };
	armsim_resp_t resp = { .status = 500, .retry_after = -1 };
	char *path;

	snprintf(url, sizeof(url), "/%s/oauth2/v2.0/token", fuzz_sim->opts.tenants[i].tenant_id);
	path = strdup(url);
	armsim_server_split(path, &req);
	armsim_server_route(fuzz_sim, &req, &resp);
	if (resp.status != 200)
		abort();
	snprintf(fuzz_tok[i], sizeof(fuzz_tok[i]), "%s",
			 json_string_value(json_object_get(resp.body, "access_token")));
	json_decref(resp.body);
	free(path);
}

static void fuzz_sim_init(void)
{
	armsim_opts_t *o;

	fuzz_sim = calloc(1, sizeof(*fuzz_sim));
	if (!fuzz_sim)
		abort();
	o = &fuzz_sim->opts;
	armsim_opts_default(o);
	o->resource_seconds = 0;
	o->gateway_seconds = 0;
	o->stall_seconds = 0;
	o->n_tenants = 2;
	for (int i = 0; i < 2; i++)
	{
		snprintf(o->tenants[i].tenant_id, sizeof(o->tenants[i].tenant_id), "tenant-%c", 'a' + i);
		snprintf(o->tenants[i].subscription_id, sizeof(o->tenants[i].subscription_id),
				 "sub-%c", 'a' + i);
		snprintf(o->tenants[i].client_id, sizeof(o->tenants[i].client_id), "client-%c", 'a' + i);
		snprintf(o->tenants[i].client_secret, sizeof(o->tenants[i].client_secret),
				 "secret-%c", 'a' + i);
	}
	snprintf(fuzz_sim->base_url, sizeof(fuzz_sim->base_url), "https://127.0.0.1:1");
	pthread_mutex_init(&fuzz_sim->lock, NULL);
	fuzz_sim_token(0);
	fuzz_sim_token(1);
}

/** Copy s (n octets) to a new string with @A@/@B@ replaced by the tokens. */
static char *fuzz_sim_expand(const char *s, size_t n)
{
	char *out = malloc(n * 40 + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
	{
		if (i + 3 <= n && s[i] == '@' && (s[i + 1] == 'A' || s[i + 1] == 'B') && s[i + 2] == '@')
		{
			o += sprintf(o, "%s", fuzz_tok[s[i + 1] - 'A']);
			i += 2;
		}
		else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/** The value of query argument name in query (not decoded), or NULL. */
static const char *fuzz_sim_arg(char *query, const char *name, char **save)
{
	size_t len = strlen(name);

	for (char *a = strtok_r(query, "&", save); a; a = strtok_r(NULL, "&", save))
	{
		if (!strncmp(a, name, len) && a[len] == '=')
			return a + len + 1;
	}
	return NULL;
}

/** Split the input into its first line, header lines and body; NULL-terminated copies. */
static void fuzz_sim_serve(char *head, const char *body, size_t body_len)
{
	armsim_resp_t resp = { .status = 500, .retry_after = -1 };
	armsim_req_t req = { .raw_body = body, .raw_len = body_len };
	char *save = NULL, *line = strtok_r(head, "\n", &save), *method, *url, *query, *qs = NULL;
	char *q1 = NULL, *q2 = NULL, *path;
	const char *id = NULL;

	if (!line || !(method = strtok_r(line, " \r", &qs)) || !(url = strtok_r(NULL, " \r", &qs)))
		return;
	req.method = method;
	req.url = url;
	for (char *h = strtok_r(NULL, "\n", &save); h; h = strtok_r(NULL, "\n", &save))
	{
		char *v = strchr(h, ':');

		if (!v)
			continue;
		*v++ = '\0';
		v += strspn(v, " ");
		v[strcspn(v, "\r")] = '\0';
		if (!strcasecmp(h, "Authorization"))
			req.authorization = v;
		else if (!strcasecmp(h, "x-ms-authorization-auxiliary"))
			req.auxiliary = v;
	}
	query = strchr(url, '?');
	if (query)
	{
		char *copy;

		*query++ = '\0';
		copy = strdup(query);
		if (!copy)
			return;
		req.api_version = fuzz_sim_arg(query, "api-version", &q1);
		id = fuzz_sim_arg(copy, "id", &q2);
		id = id ? strdup(id) : NULL;
		free(copy);
	}
	path = strdup(url);
	if (!path)
		return;
	armsim_server_split(path, &req);
	if (body_len)
		req.body = json_loadb(body, body_len, 0, NULL);
	pthread_mutex_lock(&fuzz_sim->lock);
	armsim_store_tick(fuzz_sim);
	if (req.n_seg >= 1 && !strcmp(req.seg[0], "_armsim"))
		armsim_admin_handle(fuzz_sim, &req, &resp, id);
	else if (!armsim_fault_take(fuzz_sim, &req, &resp))
	{
		if (body_len && !req.body && strcmp(method, "POST"))
			armsim_error(&resp, 400, "InvalidRequestContent", NULL, "not JSON");
		else
			armsim_server_route(fuzz_sim, &req, &resp);
	}
	pthread_mutex_unlock(&fuzz_sim->lock);
	if (resp.status < 100 || resp.status > 599)
		abort();
	if (getenv("FUZZ_ARMSIM_TRACE"))	/* to check what a seed reaches */
		fprintf(stderr, "%s %s -> %d\n", method, url, resp.status);
	free(resp.body ? json_dumps(resp.body, JSON_COMPACT) : NULL);
	json_decref(resp.body);
	json_decref(req.body);
	free((char *)id);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sep;
	size_t head_len, body_at;
	char *head, *body;

	if (!fuzz_sim)
		fuzz_sim_init();
	/* requests one after another, separated by a line "---", on the same store */
	for (size_t at = 0, n = 0; at < size && n < 8; n++)
	{
		const char *end = memmem(text + at, size - at, "\n---\n", 5);
		size_t len = end ? (size_t)(end - (text + at)) : size - at;
		const char *req = text + at;

		sep = memmem(req, len, "\n\n", 2);
		head_len = sep ? (size_t)(sep - req) : len;
		body_at = sep ? head_len + 2 : len;
		head = fuzz_sim_expand(req, head_len);
		body = fuzz_sim_expand(req + body_at, len - body_at);
		if (head && body)
			fuzz_sim_serve(head, body, strlen(body));
		free(head);
		free(body);
		at += len + (end ? 5 : 0);
	}
	/* armsim_store_free() is meant for armsim_stop(): it keeps the capacities */
	armsim_store_free(fuzz_sim);
	fuzz_sim->cap_res = fuzz_sim->cap_ops = 0;
	armsim_fault_clear(fuzz_sim);
	return 0;
}
