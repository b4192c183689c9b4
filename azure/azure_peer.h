/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * "One policy, both ends": what an IKE peer needs to terminate a tenant's
 * tunnel, read back from ARM, so `up`/`verify` (or a simulated gateway in the
 * lab) offer exactly what Azure was given. A connection is read by its
 * resource ID: the connection, its gateway (which must not be Updating), the
 * gateway's public IP(s) and VNet, the other end (local network gateway, or
 * the other VNet gateway of a Vnet2Vnet connection), and the shared key.
 */
#ifndef AZURE_PEER_H_
#define AZURE_PEER_H_

#include "azure_policy.h"
#include "azure_run.h"

/** Public IPs a gateway has at most (two when active-active). */
#define AZURE_PEER_MAX_ADDRESSES 2

/** One end of a connection: outer addresses and inner prefixes. */
typedef struct {
	/** public IP(s); [0] is the one to use */
	char addresses[AZURE_PEER_MAX_ADDRESSES][64];
	size_t n_addresses;
	/** inner prefixes */
	char subnets[AZURE_MAX_PREFIXES][64];
	size_t n_subnets;
} azure_peer_end_t;

/** The Azure end of one connection, and the connection's settings. */
typedef struct {
	/** the connection's resource ID */
	char id[600];
	/** the gateway's first public IP (remote address for the on-prem peer) */
	char address[64];
	/** the gateway VNet's prefixes (remote subnets) */
	char subnets[AZURE_MAX_PREFIXES][64];
	size_t n_subnets;
	/** the gateway's end: every public IP, the VNet's prefixes */
	azure_peer_end_t gateway;
	/** the other end: the local network gateway (IPsec) or the other gateway (Vnet2Vnet) */
	azure_peer_end_t peer;
	/** proposals from the connection's ipsecPolicies, or Azure's defaults */
	char ike[AZURE_POLICY_MAX_PROPOSALS][128];
	size_t n_ike;
	char esp[AZURE_POLICY_MAX_PROPOSALS][128];
	size_t n_esp;
	/** the connection has a custom ipsecPolicy (else Azure's default policy applies) */
	bool custom_policy;
	/** connection's IPsec SA lifetime (27000 when no policy) */
	unsigned esp_lifetime_s;
	/** connection's DPD timeout */
	unsigned dpd_timeout_s;
	/** connectionType: "IPsec" or "Vnet2Vnet" */
	char type[16];
	/** connectionMode: Default, InitiatorOnly or ResponderOnly */
	char connection_mode[16];
	/** usePolicyBasedTrafficSelectors */
	bool policy_based_ts;
	/** the connection's shared key: wipe with azure_peer_wipe() */
	char shared_key[256];
} azure_peer_t;

/**
 * Read the peer settings of a connection in tenant t: "conn-to-onprem" for
 * to_onprem, else "conn-to-<other tenant>".
 *
 * @return 0, or -1 with run->err set
 */
int azure_peer_read(azure_run_t *run, size_t t, bool to_onprem, azure_peer_t *out);

/**
 * Read a connection by resource ID with tenant t's credentials. Refuses (err.code) a
 * connection of another type than IPsec or Vnet2Vnet ("UnsupportedConnectionType"), one
 * whose gateway or itself is still being written ("GatewayUpdating"), and passes on ARM's
 * own refusals (404 ResourceNotFound, 403 AuthorizationFailed for the shared key).
 *
 * @return 0, or -1 with run->err / run->err_object set
 */
int azure_peer_read_id(azure_run_t *run, size_t t, const char *conn_id, azure_peer_t *out);

/** Overwrite the shared key. */
void azure_peer_wipe(azure_peer_t *peer);

#endif
