/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* libFuzzer target: the profile parser, the first thing that reads a user's file. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	profile_err_t err;
	char line[600];
	profile_t *p;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* the same bytes as a tunnel profile and as a lab profile */
	p = profile_parse(text, "/nonexistent", &err);
	if (!p)
		profile_err_format(&err, line, sizeof(line));
	profile_destroy(p);
	p = profile_parse_lab(text, "/nonexistent", &err);
	if (!p)
		profile_err_format(&err, line, sizeof(line));
	profile_destroy(p);
	free(text);
	return 0;
}
