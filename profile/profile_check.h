/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Small typed readers for profile JSON: each reads one field, checks it and, on failure,
 * fills a profile_err_t naming the JSON path. Shared by profile.c and profile_policy.c.
 */
#ifndef XP_PROFILE_CHECK_H_
#define XP_PROFILE_CHECK_H_

#include "profile.h"

/** Set err (path + printf-style text) and return false. */
bool check_fail(profile_err_t *err, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Join "parent" and "key" (or "parent[index]" when key is NULL) into out. */
void check_path(char *out, size_t len, const char *parent, const char *key, int index);

/** Refuse keys of obj not listed in allowed (NULL-terminated), naming the first one. */
bool check_keys(json_t *obj, const char *path, const char *const allowed[], profile_err_t *err);

/** Object member that must be an object (or absent when !required: *out = NULL). */
bool check_object(json_t *obj, const char *key, const char *path, bool required,
				  json_t **out, profile_err_t *err);

/** String member, copied into out; absent and !required leaves out untouched. */
bool check_string(json_t *obj, const char *key, const char *path, bool required,
				  char *out, size_t len, profile_err_t *err);

/** Integer member in [min, max]; absent and !required leaves out untouched. */
bool check_uint(json_t *obj, const char *key, const char *path, bool required,
				uint64_t min, uint64_t max, uint64_t *out, profile_err_t *err);

/** Number member (integer or real) in [min, max]; absent leaves out untouched. */
bool check_number(json_t *obj, const char *key, const char *path, double min, double max,
				  double *out, profile_err_t *err);

/** Is s an IPv4 or IPv6 literal? */
bool check_is_address(const char *s);

/**
 * Is s a prefix in CIDR notation with the host bits clear?
 *
 * @param why		on failure, what is wrong with it
 */
bool check_cidr(const char *s, char *why, size_t whylen);

/**
 * An array of CIDR prefixes (host bits clear), each copied into out; the messages name
 * where, or the item at fault (where[i]).
 *
 * @param list		the JSON value (an array is expected)
 * @param min, max	how many it may hold (min 1: not empty)
 * @param n			receives how many it holds
 */
bool check_prefixes(json_t *list, const char *where, size_t min, size_t max, char out[][64],
					size_t *n, profile_err_t *err);

/** Do two valid CIDR strings overlap? */
bool check_cidr_overlap(const char *a, const char *b);

#endif
