/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Azure's own view of a connection, for `verify` to put beside its own: what GET on the
 * connection reports (connectionStatus, byte counters, tunnelConnectionStatus) and the
 * gateway's IKE SAs from POST .../getikesas (a long-running POST whose final answer is a
 * JSON string {"Status", "Data"}; the REST spec leaves Data untyped, crosspeer reads the
 * shape its emulator answers, see docs/azure.md).
 */
#ifndef AZURE_VIEW_H_
#define AZURE_VIEW_H_

#include <stdint.h>

#include "azure_run.h"

/** What Azure says of one connection. */
typedef struct {
	/** connectionStatus: Unknown, Connecting, Connected, NotConnected ("" if absent) */
	char connection_status[24];
	/** ingressBytesTransferred, egressBytesTransferred */
	uint64_t ingress_bytes, egress_bytes;
	/** tunnelConnectionStatus[0].connectionStatus, "" without tunnels */
	char tunnel_status[24];
	size_t n_tunnels;
	/** getikesas: its Status ("Successful"), and Data when it is an array (new reference,
	 *  NULL otherwise) */
	char ike_status[32];
	json_t *ike_sas;
} azure_view_t;

/**
 * GET the connection only (connectionStatus and counters).
 *
 * @return 0, or -1 with run->err set
 */
int azure_view_status(azure_run_t *run, size_t t, const char *conn_id, azure_view_t *out);

/**
 * GET the connection and POST getikesas, following it to its end.
 *
 * @return 0, or -1 with run->err set (out keeps what was read before)
 */
int azure_view_read(azure_run_t *run, size_t t, const char *conn_id, azure_view_t *out);

/** Release what out holds. */
void azure_view_clear(azure_view_t *out);

#endif
