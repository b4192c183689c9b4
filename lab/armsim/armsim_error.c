/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The one error-envelope builder (ARM CloudError and AADSTS), and small helpers. */

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/rand.h>

#include "armsim_private.h"

void armsim_error(armsim_resp_t *resp, int status, const char *code, const char *target,
				  const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_decref(resp->body);
	resp->status = status;
	resp->body = json_pack("{s:{s:s,s:s,s:s?,s:[]}}", "error", "code", code, "message", msg,
						   "target", target, "details");
}

void armsim_aad_error(armsim_resp_t *resp, int status, const char *error, int aadsts,
					  const char *fmt, ...)
{
	char msg[768], desc[1024], trace[40], corr[40], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	armsim_guid(trace);
	armsim_guid(corr);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%SZ", &tm);
	snprintf(desc, sizeof(desc), "AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\n"
			 "Timestamp: %s", aadsts, msg, trace, corr, stamp);
	json_decref(resp->body);
	resp->status = status;
	resp->body = json_pack("{s:s,s:s,s:[i],s:s,s:s,s:s}", "error", error,
						   "error_description", desc, "error_codes", aadsts, "timestamp", stamp,
						   "trace_id", trace, "correlation_id", corr);
}

double armsim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void armsim_guid(char out[40])
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		memset(b, 0x5a, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
			 b[12], b[13], b[14], b[15]);
}

bool armsim_streq(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

/** Azure matches enum values case-insensitively; return the canonical spelling. */
const char *armsim_enum(const char *value, const char *const *allowed)
{
	for (size_t i = 0; value && allowed[i]; i++)
	{
		if (!strcasecmp(value, allowed[i]))
			return allowed[i];
	}
	return NULL;
}
