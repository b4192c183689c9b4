/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Fault injection: KIND[:COUNT][@METHOD][~PATHPART], comma separated. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "armsim_private.h"

static int armsim_fault_kind(const char *word, size_t len)
{
	static const struct { const char *name; int kind; } kinds[] = {
		{ "403", 403 }, { "429", 429 }, { "500", 500 }, { "503", 503 },
		{ "drop", ARMSIM_FAULT_DROP },
		{ "stall", ARMSIM_FAULT_STALL }, { "lrofail", ARMSIM_FAULT_LROFAIL },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
	{
		if (strlen(kinds[i].name) == len && !strncasecmp(word, kinds[i].name, len))
			return kinds[i].kind;
	}
	return 1;
}

static bool armsim_fault_method_ok(const char *method)
{
	static const char *const methods[] = { "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD" };

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
	{
		if (!strcasecmp(method, methods[i]))
			return true;
	}
	return false;
}

/** Parse one rule "KIND[:COUNT][@METHOD][~PATHPART]". */
static int armsim_fault_rule(const char *rule, size_t len, armsim_fault_t *f)
{
	char buf[256];
	char *path, *method, *count, *end;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, rule, len);
	buf[len] = '\0';
	memset(f, 0, sizeof(*f));
	f->count = 1;
	if ((path = strchr(buf, '~')))
	{
		*path++ = '\0';
		snprintf(f->path_part, sizeof(f->path_part), "%s", path);
	}
	if ((method = strchr(buf, '@')))
	{
		*method++ = '\0';
		if (strlen(method) >= sizeof(f->method) || !armsim_fault_method_ok(method))
			return -1;
		snprintf(f->method, sizeof(f->method), "%s", method);
	}
	if ((count = strchr(buf, ':')))
	{
		*count++ = '\0';
		long n = strtol(count, &end, 10);
		if (*end || n < 1 || n > 1000)
			return -1;
		f->count = (unsigned)n;
	}
	f->kind = armsim_fault_kind(buf, strlen(buf));
	return f->kind == 1 ? -1 : 0;
}

bool armsim_faults_valid(const char *spec)
{
	const char *p = spec;
	armsim_fault_t f;

	while (p && *p)
	{
		size_t len = strcspn(p, ",");

		if (len && armsim_fault_rule(p, len, &f))
			return false;
		p += len + (p[len] == ',');
	}
	return true;
}

int armsim_fault_parse(armsim_t *sim, const char *spec)
{
	const char *p = spec;

	while (p && *p)
	{
		size_t len = strcspn(p, ",");
		armsim_fault_t f;

		if (len && (armsim_fault_rule(p, len, &f) ||
					sim->n_faults == sizeof(sim->faults) / sizeof(sim->faults[0])))
			return -1;
		if (len)
			sim->faults[sim->n_faults++] = f;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static bool armsim_fault_match(armsim_fault_t *f, armsim_req_t *req)
{
	if (f->count == 0 || f->kind == ARMSIM_FAULT_LROFAIL)
		return false;
	if (f->method[0] && strcasecmp(f->method, req->method))
		return false;
	return !f->path_part[0] || strcasestr(req->url, f->path_part);
}

bool armsim_fault_take(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	for (size_t i = 0; i < sim->n_faults; i++)
	{
		armsim_fault_t *f = &sim->faults[i];

		if (!armsim_fault_match(f, req))
			continue;
		f->count--;
		switch (f->kind)
		{
			case ARMSIM_FAULT_DROP:
				resp->drop = true;
				return true;
			case ARMSIM_FAULT_STALL:
				resp->stall = true;
				return false;
			case 429:
				armsim_error(resp, 429, "SubscriptionRequestsThrottled", NULL, "Number of "
							 "requests for subscription exceeded the limit (injected by armsim). "
							 "Please try again after '%d' seconds.", sim->opts.retry_after_s);
				resp->retry_after = sim->opts.retry_after_s;
				return true;
			case 403:
				armsim_error(resp, 403, "AuthorizationFailed", NULL, "The client does not have "
							 "authorization to perform action over this scope (injected by "
							 "armsim), or the scope is invalid.");
				return true;
			default:
				armsim_error(resp, f->kind, f->kind == 503 ? "ServiceUnavailable" :
							 "InternalServerError", NULL, "The server encountered an internal "
							 "error (injected by armsim). Please retry the request.");
				return true;
		}
	}
	return false;
}

bool armsim_fault_lrofail(armsim_t *sim)
{
	for (size_t i = 0; i < sim->n_faults; i++)
	{
		if (sim->faults[i].kind == ARMSIM_FAULT_LROFAIL && sim->faults[i].count)
		{
			sim->faults[i].count--;
			return true;
		}
	}
	return false;
}
