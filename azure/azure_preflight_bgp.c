/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Preflight: what Azure refuses in active-active gateways and BGP, before any write. */

#include <stdio.h>

#include "azure_bgp.h"
#include "azure_preflight.h"
#include "azure_sku.h"

#define AZURE_PREFLIGHT_ASN_FIX "pick a private ASN from 64512-65514 or 65521-65534"

static void azure_preflight_bgp_asn(uint32_t asn, bool onprem, const char *where,
									azure_issues_t *out)
{
	const char *why = azure_bgp_asn_reserved(asn, onprem);
	char rule[160];

	if (!why)
		return;
	snprintf(rule, sizeof(rule), "ASN %u is %s", asn, why);
	azure_preflight_add(out, where, rule, "%s", AZURE_PREFLIGHT_ASN_FIX);
}

static void azure_preflight_bgp_apipa(const azure_tenant_cfg_t *c, size_t t,
									  azure_issues_t *out)
{
	char where[96];

	for (int i = 0; i < 2; i++)
	{
		snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.bgp.apipa[%d]", t, i);
		if (c->apipa[i][0] && !azure_bgp_apipa_ok(c->apipa[i]))
			azure_preflight_add(out, where, "custom APIPA BGP addresses must lie in "
								"169.254.21.0-169.254.22.255", "%s is outside; use e.g. "
								"169.254.21.%d", c->apipa[i], 1 + 4 * i);
	}
	if (c->apipa[1][0] && !c->active_active)
		azure_preflight_add(out, where, "a second APIPA address is for an active-active "
							"gateway's second instance", "set gateway.active_active, or give "
							"one address");
}

static void azure_preflight_bgp_gateway(const azure_topology_t *topo, size_t t,
										azure_issues_t *out)
{
	const azure_tenant_cfg_t *c = &topo->tenants[t];
	const azure_sku_t *sku = azure_sku_find(c->sku);
	char where[96];

	snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.active_active", t);
	if (c->active_active && sku && !sku->active_active)
		azure_preflight_add(out, where, "active-active needs a SKU with two instances",
							"%s has one; use VpnGw1 or larger, or drop active_active", c->sku);
	if (!c->bgp)
		return;
	snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.bgp", t);
	if (sku && !sku->bgp)
		azure_preflight_add(out, where, "BGP needs a SKU that speaks it", "%s does not; use "
							"VpnGw1 or larger, or drop gateway.bgp", c->sku);
	snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.bgp.asn", t);
	azure_preflight_bgp_asn(c->asn, false, where, out);
	azure_preflight_bgp_apipa(c, t, out);
}

/* Two tenants over BGP: eBGP between different ASNs; over s2s each gateway is the other's
 * LNG, so its ASN follows the on-prem rules and its APIPA address must be known. */
static void azure_preflight_bgp_tenants(const azure_topology_t *topo, azure_issues_t *out)
{
	char where[96];

	if (topo->n_tenants != 2)
		return;
	for (size_t t = 0; t < 2 && topo->pattern == AZURE_PATTERN_S2S; t++)
	{
		snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.active_active", t);
		if (topo->tenants[t].active_active)
			azure_preflight_add(out, where, "an active-active gateway between the tenants "
								"needs pattern vnet2vnet", "set azure.pattern to \"vnet2vnet\" "
								"(one connection reaches both instances), or drop active_active");
	}
	if (!topo->tenants[0].bgp || !topo->tenants[1].bgp)
		return;
	if (topo->tenants[0].asn == topo->tenants[1].asn)
		azure_preflight_add(out, "azure.tenants[1].gateway.bgp.asn", "the two gateways need "
							"different ASNs", "both use %u; give tenant %s another private ASN",
							topo->tenants[1].asn, topo->tenants[1].name);
	for (size_t t = 0; t < 2 && topo->pattern == AZURE_PATTERN_S2S; t++)
	{
		snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.bgp.asn", t);
		if (topo->tenants[t].asn == AZURE_BGP_DEFAULT_ASN)
			azure_preflight_add(out, where, "ASN 65515 cannot be a local network gateway's, "
								"which this gateway is for the other tenant", "give tenant "
								"%s's gateway a private ASN, e.g. %u", topo->tenants[t].name,
								65010u + 10u * (unsigned)t);
		snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.bgp.apipa", t);
		if (!topo->tenants[t].apipa[0][0])
			azure_preflight_add(out, where, "the other tenant's LNG must name this gateway's "
								"BGP address before it exists", "give a custom APIPA address, "
								"e.g. [\"169.254.21.%zu\"]", 1 + 4 * t);
	}
}

static void azure_preflight_bgp_onprem(const azure_topology_t *topo, azure_issues_t *out)
{
	const azure_tenant_cfg_t *gw = &topo->tenants[topo->onprem_tenant];

	if (!topo->has_onprem || !topo->onprem_bgp)
		return;
	azure_preflight_bgp_asn(topo->onprem_asn, true, "azure.onprem.bgp.asn", out);
	if (!gw->bgp)
		azure_preflight_add(out, "azure.onprem.bgp", "BGP with the on-prem device needs BGP on "
							"its gateway", "set gateway.bgp of tenant %s", gw->name);
	else if (gw->asn == topo->onprem_asn)
		azure_preflight_add(out, "azure.onprem.bgp.asn", "on-prem and Azure need different "
							"ASNs", "both use %u; give the on-prem device another private ASN",
							gw->asn);
	if (!azure_bgp_is_apipa(topo->onprem_bgp_ip))
		return;
	if (!azure_bgp_apipa_ok(topo->onprem_bgp_ip))
		azure_preflight_add(out, "azure.onprem.bgp.peering_address", "APIPA BGP addresses "
							"must lie in 169.254.21.0-169.254.22.255", "%s is outside; use e.g. "
							"169.254.21.2", topo->onprem_bgp_ip);
	if (gw->bgp && !gw->apipa[0][0])
		azure_preflight_add(out, "azure.onprem.bgp.peering_address", "an APIPA peer needs the "
							"gateway's custom APIPA address", "set gateway.bgp.apipa of "
							"tenant %s, e.g. [\"169.254.21.1\"]", gw->name);
}

void azure_preflight_bgp(const azure_topology_t *topo, azure_issues_t *out)
{
	for (size_t t = 0; t < topo->n_tenants; t++)
		azure_preflight_bgp_gateway(topo, t, out);
	azure_preflight_bgp_tenants(topo, out);
	azure_preflight_bgp_onprem(topo, out);
}
