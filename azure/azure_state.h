/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The local state file of apply/destroy: {"version":1,"profile":..,"resources":
 * {"<id>":{"label","state","time","created"}}}, written atomically (mode 0600)
 * before and after every write request, so a killed run leaves a record of what
 * it had started. ARM stays the truth for what exists: every run re-reads each
 * resource before acting. The file is the truth for what is ours: "created" is
 * set only when apply found the resource absent and is about to create it, and
 * destroy deletes nothing without it.
 */
#ifndef AZURE_STATE_H_
#define AZURE_STATE_H_

#include "azure_run.h"

/**
 * Record (or, for state NULL, forget) a resource. A record keeps its "created"
 * mark across later states.
 *
 * @param created	mark the resource as created by this profile (never unmarks)
 * @return 0, or -1 if the file cannot be written
 */
int azure_state_record(azure_run_t *run, const azure_res_t *res, const char *state,
					   bool created);

/** @return whether the state file says this profile created res */
bool azure_state_created(azure_run_t *run, const azure_res_t *res);

#endif
