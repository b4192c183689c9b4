/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The request record (--record FILE): one JSON line per request that reached the
 * emulator (admin paths excepted), {"method","path","api_version","status","body"},
 * so a test can check every body a client sent against the spec's rules, and a
 * person can read what an SDK asks for. Secrets never reach it: a token request's
 * form is left out, and sharedKey / value / authorizationKey are "(redacted)".
 */

#include <stdio.h>
#include <string.h>

#include "armsim_private.h"

static void armsim_record_redact(json_t *j)
{
	static const char *const secret[] = { "sharedKey", "value", "authorizationKey", NULL };
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(j))
	{
		json_array_foreach(j, i, v)
			armsim_record_redact(v);
		return;
	}
	json_object_foreach(j, key, v)
	{
		bool hidden = false;

		for (size_t k = 0; secret[k]; k++)
			hidden = hidden || !strcmp(key, secret[k]);
		if (hidden && json_is_string(v))
			json_object_set_new(j, key, json_string("(redacted)"));
		else
			armsim_record_redact(v);
	}
}

int armsim_record_open(armsim_t *sim)
{
	if (!sim->opts.record_file[0])
		return 0;
	sim->record = fopen(sim->opts.record_file, "a");
	return sim->record ? 0 : -1;
}

void armsim_record(armsim_t *sim, const armsim_req_t *req, const armsim_resp_t *resp,
				   bool token)
{
	json_t *line, *body = NULL;

	if (!sim->record)
		return;
	if (!token && req->body)
	{
		body = json_deep_copy(req->body);
		armsim_record_redact(body);
	}
	line = json_pack("{s:s,s:s,s:s?,s:i,s:o*}", "method", req->method, "path", req->url,
					 "api_version", req->api_version, "status", resp->status, "body", body);
	if (line)
	{
		json_dumpf(line, sim->record, JSON_COMPACT);
		fputc('\n', sim->record);
		fflush(sim->record);
	}
	json_decref(line);
}

void armsim_record_close(armsim_t *sim)
{
	if (sim->record)
		fclose(sim->record);
	sim->record = NULL;
}
