/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* report_write_dir(): all four report files, each replaced atomically. */

#include "report.h"
#include "atomic_file.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/** The files, in the order they are written. */
static const char *const report_files[] = {
	REPORT_JSON_FILE, REPORT_JUNIT_FILE, REPORT_HTML_FILE, REPORT_PROM_FILE,
};
#define REPORT_N_FILES (sizeof(report_files) / sizeof(report_files[0]))

/** Build every file's text; false (nothing kept) if any failed. */
static bool report_build_all(const xp_result_t *r, char *text[REPORT_N_FILES])
{
	text[0] = report_json_text(r);
	text[1] = report_junit_build(r);
	text[2] = report_html_build(r);
	text[3] = report_prom_build(r);
	for (size_t i = 0; i < REPORT_N_FILES; i++)
	{
		if (!text[i])
			return false;
	}
	return true;
}

int report_write_dir(const xp_result_t *r, const char *dir, char *err, size_t errlen)
{
	char *text[REPORT_N_FILES] = { NULL };
	char reason[160], path[PATH_MAX];
	int rc = 0;

	rc = atomic_file_mkdirs(dir, reason, sizeof(reason));
	if (rc < 0)
	{
		snprintf(err, errlen, "%s: %s", dir, reason);
		return rc;
	}
	if (!report_build_all(r, text))
	{
		snprintf(err, errlen, "%s: cannot build the reports: %s", dir, strerror(ENOMEM));
		rc = -ENOMEM;
	}
	for (size_t i = 0; !rc && i < REPORT_N_FILES; i++)
	{
		snprintf(path, sizeof(path), "%s/%s", dir, report_files[i]);
		rc = atomic_file_write(path, text[i], strlen(text[i]), 0644, reason, sizeof(reason));
		if (rc)
			snprintf(err, errlen, "%s: %s", path, reason);
	}
	for (size_t i = 0; i < REPORT_N_FILES; i++)
		free(text[i]);
	return rc;
}
