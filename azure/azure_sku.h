/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * What each Azure VPN gateway SKU can do, as Azure's "VPN Gateway SKUs" table states it:
 * site-to-site tunnels, active-active, BGP. One table shared by simulate, preflight and
 * armsim, so that the three refuse the same things.
 */
#ifndef AZURE_SKU_H_
#define AZURE_SKU_H_

#include <stdbool.h>

/** One gateway SKU. */
typedef struct {
	/** sku.name as ARM spells it, e.g. "VpnGw2AZ" */
	const char *name;
	/** S2S/VNet-to-VNet tunnels it holds at most */
	int max_s2s;
	/** can run two instances, each with its own public IP (activeActive) */
	bool active_active;
	/** can speak BGP over its tunnels (enableBgp) */
	bool bgp;
} azure_sku_t;

/**
 * Look a SKU up by name (case-insensitive, as ARM compares it).
 *
 * @return		the SKU, NULL for a name that is no VPN gateway SKU
 */
const azure_sku_t *azure_sku_find(const char *name);

/** @return the S2S tunnels sku holds, 0 for an unknown SKU */
int azure_sku_max_s2s(const char *name);

#endif
