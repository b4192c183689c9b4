/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Small helpers the report writers share: text buffers, escaping, number and time formats.
 */
#ifndef XP_REPORT_UTIL_H_
#define XP_REPORT_UTIL_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/** A growing in-memory text: FILE * to print into, buffer handed out by report_util_end(). */
typedef struct {
	/** print into this */
	FILE *f;
	char *buf;
	size_t len;
} report_util_text_t;

/** Start an in-memory text; false on allocation failure. */
int report_util_begin(report_util_text_t *t);

/** Finish: the malloc'd NUL-terminated text, or NULL if anything failed (freed then). */
char *report_util_end(report_util_text_t *t);

/** Unix ms as "YYYY-MM-DDTHH:MM:SS.mmmZ"; "" when ms is 0. */
void report_util_utc(int64_t ms, char *buf, size_t len);

/** Inverse of report_util_utc(): 0 for NULL or a malformed time. */
int64_t report_util_parse_utc(const char *s);

/** Print s escaped for XML/HTML text and attribute values; control characters become '?'. */
void report_util_xml(FILE *f, const char *s);

/** v compactly ("12", "3.25", "n/a" for NAN), at most `decimals` decimals. */
void report_util_num(char *buf, size_t len, double v, int decimals);

/**
 * "LINE:COLUMN: not valid JSON: <reason>" for a file jansson could not read. A trailing
 * "near '<token>'" is kept only for JSON punctuation or a quoted string, never a bare word
 * or number: the file may be a key file given by mistake, and a key is never shown.
 */
void report_util_json_error(const json_error_t *jerr, char *buf, size_t len);

#endif
