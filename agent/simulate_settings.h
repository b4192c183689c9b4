/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * `crosspeer simulate --azure-settings`: what a user must create in the real Azure tenant
 * so that its VPN gateway connects to a simulated partner gateway, derived from the
 * simulate profile ("local" is the simulated gateway, "remote" the Azure gateway).
 * The pre-shared key is named by its source (psk_file or psk_env), never read or printed.
 */
#ifndef XP_SIMULATE_SETTINGS_H_
#define XP_SIMULATE_SETTINGS_H_

#include <stdio.h>

#include <jansson.h>

#include "profile.h"

/** ARM api-version of the printed REST calls. */
#define SIMULATE_SETTINGS_API "2024-05-01"

/** Names the printed commands use for the two resources. */
typedef struct {
	/** local network gateway, "lng-to-<profile name>" */
	char lng[96];
	/** connection, "conn-to-<profile name>" */
	char connection[96];
} simulate_settings_names_t;

/**
 * The suggested resource names for a profile.
 *
 * @param p			simulate profile
 * @param out		filled
 */
void simulate_settings_names(const profile_t *p, simulate_settings_names_t *out);

/**
 * The ARM PUT body of the local network gateway: gatewayIpAddress = local.address,
 * localNetworkAddressSpace.addressPrefixes = local.subnets.
 *
 * @param p			simulate profile
 * @return			new JSON object
 */
json_t *simulate_settings_lng_body(const profile_t *p);

/**
 * The ARM PUT body of the connection on tenant A's gateway: IPsec, IKEv2, the DPD
 * timeout, no policy-based traffic selectors, ipsecPolicies from azure_policy (or empty
 * for Azure's default policy), and a sharedKey placeholder naming the key's source.
 *
 * @param p			simulate profile
 * @return			new JSON object
 */
json_t *simulate_settings_connection_body(const profile_t *p);

/**
 * Print the settings, the az CLI commands and the ARM REST bodies.
 *
 * @param p			simulate profile
 * @param out		where to print
 * @return			0, or -1 if out could not be written
 */
int simulate_settings_print(const profile_t *p, FILE *out);

#endif
