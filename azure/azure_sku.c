/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "azure_sku.h"

#include <stddef.h>
#include <strings.h>

/* learn.microsoft.com, "About VPN Gateway SKUs" (S2S/VNet-to-VNet tunnels; Basic has
 * neither BGP nor active-active; the legacy Standard has BGP but one instance) */
static const azure_sku_t azure_skus[] = {
	{ "Basic", 10, false, false },
	{ "Standard", 10, false, true },
	{ "HighPerformance", 30, true, true },
	{ "VpnGw1", 30, true, true },
	{ "VpnGw2", 30, true, true },
	{ "VpnGw3", 30, true, true },
	{ "VpnGw4", 100, true, true },
	{ "VpnGw5", 100, true, true },
	{ "VpnGw1AZ", 30, true, true },
	{ "VpnGw2AZ", 30, true, true },
	{ "VpnGw3AZ", 30, true, true },
	{ "VpnGw4AZ", 100, true, true },
	{ "VpnGw5AZ", 100, true, true },
};

const azure_sku_t *azure_sku_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(azure_skus) / sizeof(azure_skus[0]); i++)
	{
		if (!strcasecmp(azure_skus[i].name, name))
			return &azure_skus[i];
	}
	return NULL;
}

int azure_sku_max_s2s(const char *name)
{
	const azure_sku_t *sku = azure_sku_find(name);

	return sku ? sku->max_s2s : 0;
}
