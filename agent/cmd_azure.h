/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/** Output of `crosspeer azure`: progress, plan, status, preflight issues. */
#ifndef XP_CMD_AZURE_H_
#define XP_CMD_AZURE_H_

#include <stdbool.h>

#include "azure_peer.h"
#include "azure_preflight.h"
#include "azure_run.h"

/** Start the progress display (a redrawn line on a terminal, plain lines otherwise). */
void cmd_azure_show_begin(azure_run_t *run);

/** Print a plan; returns the number of resources that would be written. */
size_t cmd_azure_show_plan(const azure_change_t *ch, size_t n);

/** Print status rows (a table, or JSON with as_json). */
void cmd_azure_show_status(json_t *rows, bool as_json);

/** One stderr line per preflight issue; returns their count. */
size_t cmd_azure_show_issues(const azure_issues_t *is);

/** The peer settings as JSON, without the shared key. */
json_t *cmd_azure_show_peer(const azure_peer_t *peer, const char *tenant, const char *to);

/** One stderr line for an ARM failure of run. */
void cmd_azure_show_error(const azure_run_t *run);

#endif
