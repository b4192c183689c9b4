/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * While the lab demo runs, each simulated gateway's IKE state goes to ARM as it changes:
 * a thread follows the status files `simulate --status-file` keeps and sets every
 * connection's connectionStatus and byte counters in the emulator, as Azure's gateway
 * reports its own.
 */
#ifndef XP_LAB_STATUS_H_
#define XP_LAB_STATUS_H_

#include "lab_cloud.h"

typedef struct lab_status_t lab_status_t;

/**
 * Start following gateway t's status file dir/gw-<a|b>.status.json for t < n.
 *
 * @param gw		the gateways and their connections (ARM ids); must outlive the watcher
 * @return			watcher, NULL when the thread could not start
 */
lab_status_t *lab_status_start(const lab_options_t *lab, lab_cloud_t *cloud,
							   const lab_cloud_gateway_t *gw, size_t n);

/** One last look at the files, then stop following them. */
void lab_status_stop(lab_status_t *this);

/** Print each connection's states in ARM, in order, e.g. "NotConnected > Connected". */
void lab_status_print_history(const lab_status_t *this);

void lab_status_destroy(lab_status_t *this);

#endif
