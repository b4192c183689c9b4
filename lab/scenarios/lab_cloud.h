/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The cloud half of the lab demo: the ARM emulator with two tenants, `crosspeer azure apply`
 * of the cross-tenant pattern, and the simulated gateways' settings read back from the ARM
 * resources that apply created (public IP, VNet, local network gateway, shared key, policy).
 */
#ifndef XP_LAB_CLOUD_H_
#define XP_LAB_CLOUD_H_

#include "lab_topology.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define LAB_CLOUD_MAX_PREFIXES 4

/** One connection of a simulated gateway, as ARM describes it. */
typedef struct {
	/** ARM resource id of the connection */
	char id[512];
	/** "a-onprem", "a-b", "b-a" */
	char name[32];
	/** the peer (local network gateway): address and prefixes */
	char peer[64];
	char peer_nets[LAB_CLOUD_MAX_PREFIXES][64];
	size_t n_peer_nets;
	/** the connection's shared key (wiped by lab_cloud_destroy) */
	char key[256];
	/** the connection's ipsecPolicies[0] as JSON text, "" for Azure's defaults */
	char policy[600];
} lab_cloud_conn_t;

/** One tenant's gateway. */
typedef struct {
	/** public IP from the gateway's public IP resource */
	char address[64];
	/** the VNet's address space */
	char vnet[LAB_CLOUD_MAX_PREFIXES][64];
	size_t n_vnet;
	lab_cloud_conn_t conns[2];
	size_t n_conns;
} lab_cloud_gateway_t;

typedef struct lab_cloud_t lab_cloud_t;

/**
 * Start the emulator (in this process, on 127.0.0.1) and run `crosspeer azure apply` of the
 * profile it writes to lab->dir/azure.json (two tenants, s2s, on-prem connected to A).
 *
 * @return		cloud, or NULL after printing why
 */
lab_cloud_t *lab_cloud_apply(const lab_options_t *lab, const char *self);

/** Read tenant t's (0 = A, 1 = B) gateway and connections back from ARM. */
bool lab_cloud_gateway(lab_cloud_t *this, size_t t, lab_cloud_gateway_t *out);

/**
 * Report a connection's real IKE state as its connectionStatus.
 *
 * @param status	Connecting, Connected or NotConnected
 * @param in, out	its ingressBytesTransferred and egressBytesTransferred
 */
void lab_cloud_status(lab_cloud_t *this, const char *id, const char *status, uint64_t in,
					  uint64_t out);

/** Set what getikesas answers for connection id (a JSON array, borrowed). */
void lab_cloud_ike_sas(lab_cloud_t *this, const char *id, json_t *sas);

/** Print `crosspeer azure status` (connectionStatus as ARM reports it). */
void lab_cloud_show_status(lab_cloud_t *this, const char *self);

/** Stop the emulator, wipe keys. */
void lab_cloud_destroy(lab_cloud_t *this);

#endif
