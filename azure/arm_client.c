/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* HTTP for ARM: one easy handle per attempt, retries for idempotent calls, error envelopes. */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "arm_private.h"

#define ARM_MAX_BODY (8 * 1024 * 1024)

/** What one attempt collects. */
typedef struct {
	char *body;
	size_t len;
	bool too_big;
	arm_response_t *resp;
} arm_sink_t;

double arm_client_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void arm_client_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts))
		;
}

int arm_client_fail(arm_error_t *err, long status, const char *code, const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	snprintf(err->code, sizeof(err->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

static size_t arm_client_write(char *data, size_t size, size_t n, void *ctx)
{
	arm_sink_t *s = ctx;
	size_t len = size * n;
	char *grown;

	if (s->len + len > ARM_MAX_BODY)
	{
		s->too_big = true;
		return 0;
	}
	grown = realloc(s->body, s->len + len + 1);
	if (!grown)
		return 0;
	s->body = grown;
	memcpy(s->body + s->len, data, len);
	s->len += len;
	s->body[s->len] = '\0';
	return len;
}

/** Copy a header value (trimmed) if the line is "name: value". */
static bool arm_client_header_value(const char *line, size_t len, const char *name, char *out,
									size_t outlen)
{
	size_t nlen = strlen(name);

	if (len <= nlen + 1 || strncasecmp(line, name, nlen) || line[nlen] != ':')
		return false;
	line += nlen + 1;
	len -= nlen + 1;
	while (len && isspace((unsigned char)*line))
	{
		line++;
		len--;
	}
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	snprintf(out, outlen, "%.*s", (int)len, line);
	return true;
}

static size_t arm_client_header(char *line, size_t size, size_t n, void *ctx)
{
	arm_sink_t *s = ctx;
	size_t len = size * n;
	char num[32];

	if (arm_client_header_value(line, len, "Retry-After", num, sizeof(num)))
	{
		char *end;
		long v = strtol(num, &end, 10);
		s->resp->retry_after = (*end || v < 0) ? -1 : v;
	}
	arm_client_header_value(line, len, "Azure-AsyncOperation", s->resp->async_op,
							sizeof(s->resp->async_op));
	arm_client_header_value(line, len, "Location", s->resp->location, sizeof(s->resp->location));
	arm_client_header_value(line, len, "x-ms-request-id", s->resp->request_id,
							sizeof(s->resp->request_id));
	return len;
}

static void arm_client_uuid(arm_client_t *c, char out[40])
{
	unsigned char b[16];

	(void)c;
	if (RAND_bytes(b, sizeof(b)) != 1)
		memset(b, 0x5a, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
			 b[13], b[14], b[15]);
}

static const char *arm_client_str(json_t *obj, const char *key, const char *dflt)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v ? v : dflt;
}

/** Turn an error answer into err: ARM {"error":{code,message,target}} or AAD {error,...}. */
static void arm_client_envelope(arm_sink_t *s, long status, arm_error_t *err)
{
	json_t *doc = s->body ? json_loads(s->body, 0, NULL) : NULL;
	json_t *e = json_object_get(doc, "error");
	const char *desc = json_string_value(json_object_get(doc, "error_description"));

	err->status = status;
	snprintf(err->request_id, sizeof(err->request_id), "%s", s->resp->request_id);
	if (json_is_object(e))
	{
		snprintf(err->code, sizeof(err->code), "%s", arm_client_str(e, "code", "UnknownError"));
		snprintf(err->message, sizeof(err->message), "%s", arm_client_str(e, "message", ""));
		snprintf(err->target, sizeof(err->target), "%s", arm_client_str(e, "target", ""));
	}
	else if (json_is_string(e))
	{
		snprintf(err->code, sizeof(err->code), "%s", json_string_value(e));
		snprintf(err->message, sizeof(err->message), "%.*s", desc ? (int)strcspn(desc, "\r\n")
				 : 0, desc ? desc : "");
	}
	else
	{
		snprintf(err->code, sizeof(err->code), "HttpStatus%ld", status);
		snprintf(err->message, sizeof(err->message), "HTTP %ld without an ARM error body",
				 status);
	}
	json_decref(doc);
}

/** Bodies may hold tokens or shared keys: wipe before freeing. */
static void arm_client_free_body(arm_sink_t *s)
{
	if (s->body)
		OPENSSL_cleanse(s->body, s->len);
	free(s->body);
	s->body = NULL;
}

static bool arm_client_retryable_curl(CURLcode rc)
{
	return rc == CURLE_GOT_NOTHING || rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
		rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT ||
		rc == CURLE_PARTIAL_FILE || rc == CURLE_HTTP2 || rc == CURLE_HTTP2_STREAM;
}

static bool arm_client_retryable_status(long status)
{
	return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
}

/** One attempt; returns the curl code, status and sink filled. */
static CURLcode arm_client_once(arm_client_t *c, const arm_http_t *req, const char *client_id,
								arm_sink_t *sink, long *status, char *ebuf)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	char line[96];
	CURLcode rc;

	if (!h)
		return CURLE_OUT_OF_MEMORY;
	snprintf(line, sizeof(line), "x-ms-client-request-id: %s", client_id);
	for (struct curl_slist *l = req->headers; l; l = l->next)
		hdrs = curl_slist_append(hdrs, l->data);
	hdrs = curl_slist_append(hdrs, line);
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	curl_easy_setopt(h, CURLOPT_URL, req->url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, req->local_http ? "http,https" : "https");
	if (req->local_http)
		curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->opts.timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->opts.timeout_ms);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "crosspeer-arm/0.1");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, arm_client_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, arm_client_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, sink);
	if (c->opts.ca_file[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, c->opts.ca_file);
	if (req->body)
	{
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)req->body_len);
	}
	else if (!strcmp(req->method, "POST") || !strcmp(req->method, "PUT"))
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
	rc = curl_easy_perform(h);
	*status = 0;
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(h);
	arm_auth_free_headers(hdrs);
	return rc;
}

/** Backoff before retry n (0-based): exponential with jitter, at least Retry-After. */
static long arm_client_backoff_ms(arm_client_t *c, int n, long retry_after)
{
	long base = c->opts.backoff_base_ms, cap = c->opts.backoff_max_ms, b, ra;
	unsigned long long r = 0;

	b = base << (n > 16 ? 16 : n);
	if (b > cap || b <= 0)
		b = cap;
	if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
		r = (unsigned long long)(arm_client_now() * 1e6) * 2654435761ULL;
	b = b / 2 + (long)(r % (unsigned long long)(b / 2 + 1));
	if (retry_after < 0)
		return b;
	ra = (retry_after > c->opts.retry_after_max_s ? c->opts.retry_after_max_s : retry_after) *
		1000;
	return ra > b ? ra : b;
}

int arm_client_http(arm_client_t *c, const arm_http_t *req, arm_response_t *resp,
					arm_error_t *err)
{
	int tries = req->idempotent ? 1 + c->opts.max_retries : 1;
	char client_id[40], ebuf[CURL_ERROR_SIZE];

	arm_client_uuid(c, client_id);
	snprintf(err->client_request_id, sizeof(err->client_request_id), "%s", client_id);
	for (int n = 0; n < tries; n++)
	{
		arm_sink_t sink = { .resp = resp };
		long status;
		CURLcode rc;

		arm_response_clear(resp);
		resp->attempts = n + 1;
		ebuf[0] = '\0';
		rc = arm_client_once(c, req, client_id, &sink, &status, ebuf);
		if (rc == CURLE_OK && status < 400)
		{
			resp->status = status;
			resp->body = sink.len ? json_loadb(sink.body, sink.len, JSON_DECODE_ANY, NULL) : NULL;
			arm_client_free_body(&sink);
			return 0;
		}
		if (rc != CURLE_OK)
			arm_client_fail(err, 0, "ConnectionError", "%s", sink.too_big ?
							"answer larger than 8 MiB" : ebuf[0] ? ebuf : curl_easy_strerror(rc));
		else
			arm_client_envelope(&sink, status, err);
		arm_client_free_body(&sink);
		if (n + 1 == tries || !(rc == CURLE_OK ? arm_client_retryable_status(status) :
								arm_client_retryable_curl(rc)))
			break;
		arm_client_sleep_ms(arm_client_backoff_ms(c, n, status == 429 || status == 503 ?
												  resp->retry_after : -1));
	}
	return -1;
}

/** base + path + "?api-version=" unless path is absolute or already has one. */
static char *arm_client_url(arm_client_t *c, const char *path, const char *api)
{
	bool abs = !strncmp(path, "https://", 8) || !strncmp(path, "http://", 7);
	size_t len = strlen(c->opts.resource_manager) + strlen(path) + (api ? strlen(api) : 0) + 32;
	char *url = malloc(len);

	if (!url)
		return NULL;
	snprintf(url, len, "%s%s%s%s", abs ? "" : c->opts.resource_manager, path,
			 api ? (strchr(path, '?') ? "&api-version=" : "?api-version=") : "", api ? api : "");
	return url;
}

int arm_client_request(arm_client_t *c, const arm_call_t *call, const char *method,
					   const char *path, const char *api, json_t *body, arm_response_t *resp,
					   arm_error_t *err)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	char *url = arm_client_url(c, path, api);
	struct curl_slist *hdrs = NULL;
	int rc = -1;

	memset(err, 0, sizeof(*err));
	memset(resp, 0, sizeof(*resp));
	resp->retry_after = -1;
	if (!url || (body && !text))
		arm_client_fail(err, 0, "OutOfMemory", "cannot build the request");
	else if (!arm_auth_headers(c, call, &hdrs, err))
	{
		arm_http_t req = { .method = method, .url = url, .headers = hdrs, .body = text,
						   .body_len = text ? strlen(text) : 0,
						   .idempotent = strcmp(method, "POST") != 0 };
		if (text)
			hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
		req.headers = hdrs;
		rc = arm_client_http(c, &req, resp, err);
	}
	arm_auth_free_headers(hdrs);
	if (text)
	{
		memset(text, 0, strlen(text));
		free(text);
	}
	free(url);
	return rc;
}

void arm_response_clear(arm_response_t *resp)
{
	json_decref(resp->body);
	memset(resp, 0, sizeof(*resp));
	resp->retry_after = -1;
}

void arm_error_format(const arm_error_t *err, char *buf, size_t len)
{
	size_t o = snprintf(buf, len, "%s: %s", err->code[0] ? err->code : "Error", err->message);

	if (o < len && err->target[0])
		o += snprintf(buf + o, len - o, " (target %s)", err->target);
	if (o < len && err->request_id[0])
		snprintf(buf + o, len - o, " [x-ms-request-id %s]", err->request_id);
}

static void arm_client_defaults(arm_client_opts_t *o)
{
	o->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 60000;
	o->max_retries = o->max_retries > 0 ? o->max_retries : o->max_retries < 0 ? 0 : 4;
	o->backoff_base_ms = o->backoff_base_ms > 0 ? o->backoff_base_ms : 500;
	o->backoff_max_ms = o->backoff_max_ms > 0 ? o->backoff_max_ms : 30000;
	o->poll_min_ms = o->poll_min_ms > 0 ? o->poll_min_ms : 1000;
	o->poll_default_ms = o->poll_default_ms > 0 ? o->poll_default_ms : 60000;
	o->retry_after_max_s = o->retry_after_max_s > 0 ? o->retry_after_max_s : 600;
	o->lro_timeout_ms = o->lro_timeout_ms > 0 ? o->lro_timeout_ms : 90L * 60 * 1000;
	o->token_skew_s = o->token_skew_s > 0 ? o->token_skew_s : 300;
	if (!o->authority_host[0])
		snprintf(o->authority_host, sizeof(o->authority_host), "https://login.microsoftonline.com");
	if (!o->resource_manager[0])
		snprintf(o->resource_manager, sizeof(o->resource_manager), "https://management.azure.com");
	for (size_t n = strlen(o->resource_manager); n && o->resource_manager[n - 1] == '/'; n--)
		o->resource_manager[n - 1] = '\0';
	for (size_t n = strlen(o->authority_host); n && o->authority_host[n - 1] == '/'; n--)
		o->authority_host[n - 1] = '\0';
}

static void arm_client_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

arm_client_t *arm_client_create(const arm_client_opts_t *opts)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	arm_client_t *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	pthread_once(&once, arm_client_global_init);
	c->opts = *opts;
	arm_client_defaults(&c->opts);
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

unsigned arm_client_token_fetches(arm_client_t *c)
{
	unsigned n;

	pthread_mutex_lock(&c->lock);
	n = c->token_fetches;
	pthread_mutex_unlock(&c->lock);
	return n;
}

void arm_client_destroy(arm_client_t *c)
{
	if (!c)
		return;
	arm_auth_wipe(c);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
