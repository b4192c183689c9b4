/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "profile_check.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool check_fail(profile_err_t *err, const char *path, const char *fmt, ...)
{
	va_list args;

	snprintf(err->path, sizeof(err->path), "%s", path);
	va_start(args, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, args);
	va_end(args);
	return false;
}

void check_path(char *out, size_t len, const char *parent, const char *key, int index)
{
	if (key)
		snprintf(out, len, "%s%s%s", parent, *parent ? "." : "", key);
	else
		snprintf(out, len, "%s[%d]", parent, index);
}

bool check_keys(json_t *obj, const char *path, const char *const allowed[], profile_err_t *err)
{
	const char *key;
	json_t *value;
	char where[128], list[256] = "";

	json_object_foreach(obj, key, value)
	{
		bool known = false;

		for (int i = 0; allowed[i] && !known; i++)
			known = !strcmp(key, allowed[i]);
		if (known)
			continue;
		for (int i = 0; allowed[i]; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 i ? ", " : "", allowed[i]);
		check_path(where, sizeof(where), path, key, 0);
		return check_fail(err, where, "unknown key; expected one of: %s", list);
	}
	return true;
}

static json_t *member(json_t *obj, const char *key, const char *path, bool required,
					  char *where, size_t len, profile_err_t *err, bool *ok)
{
	json_t *v = json_object_get(obj, key);

	check_path(where, len, path, key, 0);
	*ok = true;
	if (!v || json_is_null(v))
	{
		if (required)
			*ok = check_fail(err, where, "missing; this field is required");
		return NULL;
	}
	return v;
}

bool check_object(json_t *obj, const char *key, const char *path, bool required,
				  json_t **out, profile_err_t *err)
{
	char where[128];
	bool ok;
	json_t *v = member(obj, key, path, required, where, sizeof(where), err, &ok);

	*out = NULL;
	if (!v)
		return ok;
	if (!json_is_object(v))
		return check_fail(err, where, "expected an object");
	*out = v;
	return true;
}

bool check_string(json_t *obj, const char *key, const char *path, bool required,
				  char *out, size_t len, profile_err_t *err)
{
	char where[128];
	bool ok;
	json_t *v = member(obj, key, path, required, where, sizeof(where), err, &ok);

	if (!v)
		return ok;
	if (!json_is_string(v))
		return check_fail(err, where, "expected a string");
	if (json_string_length(v) == 0)
		return check_fail(err, where, "must not be empty");
	if (json_string_length(v) >= len)
		return check_fail(err, where, "too long (at most %zu characters)", len - 1);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return true;
}

bool check_uint(json_t *obj, const char *key, const char *path, bool required,
				uint64_t min, uint64_t max, uint64_t *out, profile_err_t *err)
{
	char where[128];
	bool ok;
	json_t *v = member(obj, key, path, required, where, sizeof(where), err, &ok);

	if (!v)
		return ok;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		(uint64_t)json_integer_value(v) < min || (uint64_t)json_integer_value(v) > max)
		return check_fail(err, where, "expected an integer from %llu to %llu",
						  (unsigned long long)min, (unsigned long long)max);
	*out = (uint64_t)json_integer_value(v);
	return true;
}

bool check_number(json_t *obj, const char *key, const char *path, double min, double max,
				  double *out, profile_err_t *err)
{
	char where[128];
	bool ok;
	json_t *v = member(obj, key, path, false, where, sizeof(where), err, &ok);

	if (!v)
		return ok;
	if (!json_is_number(v) || json_number_value(v) < min || json_number_value(v) > max)
		return check_fail(err, where, "expected a number from %g to %g", min, max);
	*out = json_number_value(v);
	return true;
}

bool check_is_address(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

bool check_cidr(const char *s, int *family, unsigned char addr[16], unsigned *prefix,
				char *why, size_t whylen)
{
	char host[64], *slash, *end;
	unsigned max;
	long n;

	if (strlen(s) >= sizeof(host) || !(slash = strchr(s, '/')))
	{
		snprintf(why, whylen, "expected a prefix in CIDR notation, e.g. 10.1.0.0/24");
		return false;
	}
	memcpy(host, s, (size_t)(slash - s));
	host[slash - s] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, host, addr) == 1)
		*family = AF_INET, max = 32;
	else if (inet_pton(AF_INET6, host, addr) == 1)
		*family = AF_INET6, max = 128;
	else
	{
		snprintf(why, whylen, "'%s' is not an IPv4 or IPv6 address", host);
		return false;
	}
	n = strtol(slash + 1, &end, 10);
	if (!slash[1] || *end || n < 0 || n > (long)max)
	{
		snprintf(why, whylen, "prefix length must be 0 to %u", max);
		return false;
	}
	*prefix = (unsigned)n;
	for (unsigned bit = *prefix; bit < max; bit++)
	{
		if (addr[bit / 8] & (0x80 >> (bit % 8)))
		{
			snprintf(why, whylen, "host bits set after /%u; use the network address", *prefix);
			return false;
		}
	}
	return true;
}

bool check_cidr_overlap(const char *a, const char *b)
{
	unsigned char na[16], nb[16];
	unsigned pa, pb, common;
	int fa, fb;
	char why[96];

	if (!check_cidr(a, &fa, na, &pa, why, sizeof(why)) ||
		!check_cidr(b, &fb, nb, &pb, why, sizeof(why)) || fa != fb)
		return false;
	common = pa < pb ? pa : pb;
	for (unsigned bit = 0; bit < common; bit++)
	{
		if ((na[bit / 8] ^ nb[bit / 8]) & (0x80 >> (bit % 8)))
			return false;
	}
	return true;
}
