/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Azure's view of the tunnel beside ours (xp_result_t.azure), for each report format.
 * Nothing is written when the run did not read it (no azure_connection).
 */
#ifndef XP_REPORT_AZURE_H_
#define XP_REPORT_AZURE_H_

#include <stdio.h>

#include <jansson.h>

#include "result.h"

/** report.json's "azure" object, NULL when ARM was not read. */
json_t *report_azure_json(const xp_result_t *r);

/** The text summary's lines. */
void report_azure_summary(const xp_result_t *r, FILE *out);

/** The HTML section: both views side by side, disagreements flagged. */
void report_azure_html(const xp_result_t *r, FILE *f);

#endif
