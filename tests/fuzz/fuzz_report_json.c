/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * libFuzzer target: report.json as `crosspeer baseline` reads it (agent/report_json_load.c),
 * a file a user may hand-edit or take from another machine. A report that loads is then
 * written back through every writer, as a loaded report is only ever used to be shown,
 * stored or compared.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "baseline_store.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	char err[512];
	xp_result_t *r;
	json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	FILE *null;

	if (!root)
		return 0;
	r = report_json_parse(root, err, sizeof(err));
	json_decref(root);
	if (!r)
		return 0;
	free(report_json_text(r));
	free(report_junit_build(r));
	free(report_html_build(r));
	free(report_prom_build(r));
	json_decref(baseline_store_entry(r));
	null = fopen("/dev/null", "w");
	if (null)
	{
		report_summary_print(r, null);
		fclose(null);
	}
	xp_result_destroy(r);
	return 0;
}
