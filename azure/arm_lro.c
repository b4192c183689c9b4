/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * ARM long-running operations: 201/202 with Azure-AsyncOperation and/or Location,
 * Retry-After honoured, terminal states Succeeded/Failed/Canceled. The only file
 * that knows those headers' meaning.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arm_private.h"

/** What a poll loop needs. */
typedef struct {
	arm_client_t *c;
	const arm_call_t *call;
	arm_progress_cb_t cb;
	void *ctx;
	double start;
} arm_lro_t;

static bool arm_lro_terminal(const char *state)
{
	return !state || !strcasecmp(state, "Succeeded") || !strcasecmp(state, "Failed") ||
		!strcasecmp(state, "Canceled");
}

static const char *arm_lro_state(json_t *resource)
{
	return json_string_value(json_object_get(json_object_get(resource, "properties"),
											 "provisioningState"));
}

/** Wait as the last answer asks (Retry-After) within [poll_min, retry_after_max]. */
static int arm_lro_wait(arm_lro_t *l, const arm_response_t *last, arm_error_t *err)
{
	arm_client_opts_t *o = &l->c->opts;
	long ms = last->retry_after >= 0 ? last->retry_after * 1000 : o->poll_default_ms;
	double left = o->lro_timeout_ms / 1000.0 - (arm_client_now() - l->start);

	if (ms > o->retry_after_max_s * 1000)
		ms = o->retry_after_max_s * 1000;
	if (ms < o->poll_min_ms)
		ms = o->poll_min_ms;
	if (left <= 0)
		return arm_client_fail(err, 0, "OperationTimedOut", "the operation did not finish "
							   "within %ld s", o->lro_timeout_ms / 1000);
	if (ms > left * 1000)
		ms = (long)(left * 1000) + 1;
	arm_client_sleep_ms(ms);
	return 0;
}

/** GET url into resp, dropping what resp held. */
static int arm_lro_get(arm_lro_t *l, const char *url, const char *api, arm_response_t *resp,
					   arm_error_t *err)
{
	arm_response_clear(resp);
	return arm_client_request(l->c, l->call, "GET", url, api, NULL, resp, err);
}

static void arm_lro_progress(arm_lro_t *l, const char *state)
{
	if (l->cb)
		l->cb(l->ctx, state ? state : "Succeeded", arm_client_now() - l->start);
}

/** Failed/Canceled from an Azure-AsyncOperation body into err. */
static int arm_lro_failed(json_t *body, const char *status, arm_error_t *err)
{
	json_t *e = json_object_get(body, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));

	arm_client_fail(err, 200, code ? code : status, "operation %s: %s", status,
					msg ? msg : "no detail");
	snprintf(err->target, sizeof(err->target), "%s",
			 json_string_value(json_object_get(e, "target")) ? json_string_value(
			 json_object_get(e, "target")) : "");
	return -1;
}

/** Poll Azure-AsyncOperation until terminal. */
static int arm_lro_async(arm_lro_t *l, arm_response_t *last, arm_error_t *err)
{
	char url[sizeof(last->async_op)];
	arm_response_t poll;

	snprintf(url, sizeof(url), "%s", last->async_op);
	memset(&poll, 0, sizeof(poll));
	poll.retry_after = last->retry_after;
	for (;;)
	{
		const char *status;

		if (arm_lro_wait(l, &poll, err) ||
			arm_lro_get(l, url, NULL, &poll, err))
			return arm_response_clear(&poll), -1;
		status = json_string_value(json_object_get(poll.body, "status"));
		arm_lro_progress(l, status);
		if (status && (!strcasecmp(status, "Failed") || !strcasecmp(status, "Canceled")))
		{
			arm_lro_failed(poll.body, status, err);
			return arm_response_clear(&poll), -1;
		}
		if (status && !strcasecmp(status, "Succeeded"))
			return arm_response_clear(&poll), 0;
	}
}

/** Poll Location until it stops answering 202; the last answer is the result. */
static int arm_lro_location(arm_lro_t *l, arm_response_t *resp, arm_error_t *err)
{
	char url[sizeof(resp->location)];

	snprintf(url, sizeof(url), "%s", resp->location);
	while (resp->status == 202)
	{
		if (resp->location[0])
			snprintf(url, sizeof(url), "%s", resp->location);
		arm_lro_progress(l, "InProgress");
		if (arm_lro_wait(l, resp, err) ||
			arm_lro_get(l, url, NULL, resp, err))
			return -1;
	}
	arm_lro_progress(l, "Succeeded");
	return 0;
}

/** Poll the resource itself until provisioningState is terminal. */
static int arm_lro_resource(arm_lro_t *l, const char *path, const char *api,
							arm_response_t *resp, arm_error_t *err)
{
	const char *state = arm_lro_state(resp->body);

	while (!arm_lro_terminal(state))
	{
		arm_lro_progress(l, state);
		if (arm_lro_wait(l, resp, err) ||
			arm_lro_get(l, path, api, resp, err))
			return -1;
		state = arm_lro_state(resp->body);
	}
	arm_lro_progress(l, state);
	if (state && strcasecmp(state, "Succeeded"))
		return arm_client_fail(err, resp->status, "ProvisioningFailed", "provisioningState "
							   "is %s", state);
	return 0;
}

static int arm_lro_call(arm_client_t *c, const arm_call_t *call, const char *method,
					const char *path, const char *api, json_t *body, arm_response_t *resp,
					arm_progress_cb_t cb, void *ctx, arm_error_t *err)
{
	arm_lro_t l = { .c = c, .call = call, .cb = cb, .ctx = ctx, .start = arm_client_now() };
	bool del = !strcmp(method, "DELETE");

	if (arm_client_request(c, call, method, path, api, body, resp, err))
		return -1;
	if (resp->async_op[0] && resp->status != 204)
	{
		if (arm_lro_async(&l, resp, err))
			return -1;
		if (del)
			return arm_response_clear(resp), 0;
		if (strcmp(method, "POST") || !resp->location[0])
			return arm_lro_get(&l, path, api, resp, err);
	}
	if (resp->status == 202 && resp->location[0])
		return arm_lro_location(&l, resp, err);
	if (!del && (resp->status == 200 || resp->status == 201))
		return arm_lro_resource(&l, path, api, resp, err);
	return 0;
}

int arm_client_call(arm_client_t *c, const arm_call_t *call, const char *method,
					const char *path, const char *api, json_t *body, arm_response_t *resp,
					arm_progress_cb_t cb, void *ctx, arm_error_t *err)
{
	int rc = arm_lro_call(c, call, method, path, api, body, resp, cb, ctx, err);

	if (rc)
		arm_response_clear(resp);
	return rc;
}
