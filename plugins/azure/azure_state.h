/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The local state file of apply/destroy: {"version":1,"profile":..,"resources":
 * {"<id>":{"label","state","time"}}}, written atomically (mode 0600) after
 * every write request, so a killed run leaves a record of what it had started.
 * ARM stays the truth: every run re-reads each resource before acting.
 */
#ifndef AZURE_STATE_H_
#define AZURE_STATE_H_

#include "azure_run.h"

/**
 * Record (or, for state NULL, forget) a resource.
 *
 * @return 0, or -1 if the file cannot be written
 */
int azure_state_record(azure_run_t *run, const azure_res_t *res, const char *state);

#endif
