/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * "One policy, both ends": what an IKE peer needs to terminate a tenant's
 * tunnel, read back from ARM after apply, so `up`/`verify` (or a simulated
 * gateway in the lab) offer exactly what Azure was given.
 */
#ifndef AZURE_PEER_H_
#define AZURE_PEER_H_

#include "azure_policy.h"
#include "azure_run.h"

/** The Azure end of one connection. */
typedef struct {
	/** the gateway's public IP (remote address for the on-prem peer) */
	char address[64];
	/** the gateway VNet's prefixes (remote subnets) */
	char subnets[AZURE_MAX_PREFIXES][64];
	size_t n_subnets;
	/** proposals from the connection's ipsecPolicies, or Azure's defaults */
	char ike[AZURE_POLICY_MAX_PROPOSALS][128];
	size_t n_ike;
	char esp[AZURE_POLICY_MAX_PROPOSALS][128];
	size_t n_esp;
	/** connection's IPsec SA lifetime (27000 when no policy) */
	unsigned esp_lifetime_s;
	/** connection's DPD timeout */
	unsigned dpd_timeout_s;
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

/** Overwrite the shared key. */
void azure_peer_wipe(azure_peer_t *peer);

#endif
