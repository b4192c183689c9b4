/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "profile_check.h"

#include <azure_cidr.h>

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
	return azure_ip_valid(s);
}

bool check_cidr(const char *s, char *why, size_t whylen)
{
	azure_cidr_t cidr;
	bool canonical;

	if (!azure_cidr_parse(s, &cidr, &canonical))
	{
		const char *slash = strchr(s, '/');
		char host[64];

		snprintf(host, sizeof(host), "%.*s", slash ? (int)(slash - s) : 0, s);
		if (!slash)
			snprintf(why, whylen, "expected a prefix in CIDR notation, e.g. 10.1.0.0/24");
		else if (!azure_ip_valid(host))
			snprintf(why, whylen, "'%s' is not an IPv4 or IPv6 address", host);
		else
			snprintf(why, whylen, "prefix length must be 0 to %d", strchr(host, ':') ? 128 : 32);
		return false;
	}
	if (!canonical)
	{
		snprintf(why, whylen, "host bits set after /%u; use the network address", cidr.len);
		return false;
	}
	return true;
}

bool check_prefixes(json_t *list, const char *where, size_t min, size_t max, char out[][64],
					size_t *n, profile_err_t *err)
{
	char why[96];
	json_t *v;
	size_t i;

	if (!json_is_array(list) || json_array_size(list) < min)
		return check_fail(err, where, "expected a%s array of prefixes, e.g. [\"10.1.0.0/24\"]",
						  min ? " non-empty" : "n");
	if (json_array_size(list) > max)
		return check_fail(err, where, "at most %zu prefixes", max);
	json_array_foreach(list, i, v)
	{
		char item[128];

		check_path(item, sizeof(item), where, NULL, (int)i);
		if (!json_is_string(v) || json_string_length(v) >= 64)
			return check_fail(err, item, "expected a prefix string, e.g. \"10.1.0.0/24\"");
		if (!check_cidr(json_string_value(v), why, sizeof(why)))
			return check_fail(err, item, "%s", why);
		strcpy(out[i], json_string_value(v));
	}
	*n = json_array_size(list);
	return true;
}

bool check_cidr_overlap(const char *a, const char *b)
{
	return azure_cidr_text_overlap(a, b);
}
