/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "azure_cidr.h"
#include "azure_policy.h"
#include "azure_preflight.h"

static const char *const azure_preflight_skus[] = { "Basic", "VpnGw1", "VpnGw2", "VpnGw3",
	"VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ", NULL };

void azure_preflight_add(azure_issues_t *out, const char *resource, const char *rule,
						 const char *fix, ...)
{
	azure_issue_t *i;
	va_list ap;

	if (out->n == AZURE_PREFLIGHT_MAX)
		return;
	i = &out->item[out->n++];
	snprintf(i->resource, sizeof(i->resource), "%s", resource);
	snprintf(i->rule, sizeof(i->rule), "%s", rule);
	va_start(ap, fix);
	vsnprintf(i->fix, sizeof(i->fix), fix, ap);
	va_end(ap);
}

/** Every network prefix with a label naming where it comes from. */
typedef struct {
	char prefix[64];
	char owner[128];
} azure_preflight_net_t;

static size_t azure_preflight_nets(const azure_topology_t *topo, azure_preflight_net_t *nets)
{
	size_t n = 0;

	for (size_t t = 0; t < topo->n_tenants; t++)
	{
		for (size_t i = 0; i < topo->tenants[t].n_address_space; i++, n++)
		{
			snprintf(nets[n].prefix, sizeof(nets[n].prefix), "%s", topo->tenants[t].address_space[i]);
			snprintf(nets[n].owner, sizeof(nets[n].owner), "azure.tenants[%zu].vnet.address_space"
					 "[%zu]", t, i);
		}
	}
	for (size_t i = 0; topo->has_onprem && i < topo->n_onprem_subnets; i++, n++)
	{
		snprintf(nets[n].prefix, sizeof(nets[n].prefix), "%s", topo->onprem_subnets[i]);
		snprintf(nets[n].owner, sizeof(nets[n].owner), "azure.onprem.subnets[%zu]", i);
	}
	return n;
}

static void azure_preflight_overlaps(const azure_topology_t *topo, azure_issues_t *out)
{
	azure_preflight_net_t nets[AZURE_MAX_PREFIXES * (AZURE_MAX_TENANTS + 1)];
	size_t n = azure_preflight_nets(topo, nets);

	for (size_t i = 0; i < n; i++)
	{
		for (size_t j = i + 1; j < n; j++)
		{
			if (azure_cidr_text_overlap(nets[i].prefix, nets[j].prefix))
				azure_preflight_add(out, nets[j].owner, "address ranges of connected networks "
									"must not overlap", "%s overlaps %s (%s); give each network "
									"its own range", nets[j].prefix, nets[i].prefix,
									nets[i].owner);
		}
	}
}

static void azure_preflight_subnet(const azure_topology_t *topo, size_t t, azure_issues_t *out)
{
	const azure_tenant_cfg_t *c = &topo->tenants[t];
	char where[96];
	azure_cidr_t gw, vnet;
	bool inside = false;

	snprintf(where, sizeof(where), "azure.tenants[%zu].vnet.gateway_subnet", t);
	if (!azure_cidr_parse(c->gateway_subnet, &gw, NULL))
		return azure_preflight_add(out, where, "GatewaySubnet needs a prefix", "set a /27 "
								   "inside the VNet address space");
	for (size_t i = 0; i < c->n_address_space; i++)
		inside = inside || (azure_cidr_parse(c->address_space[i], &vnet, NULL) &&
							azure_cidr_contains(&vnet, &gw));
	if (!inside)
		azure_preflight_add(out, where, "GatewaySubnet must lie inside the VNet address space",
							"pick %s from one of the VNet's prefixes", c->gateway_subnet);
	if (gw.family == AF_INET && gw.len > 29)
		azure_preflight_add(out, where, "GatewaySubnet too small", "use /27 (at least /29); "
							"%s holds too few addresses for the gateway", c->gateway_subnet);
}

static void azure_preflight_gateway(const azure_topology_t *topo, size_t t, azure_issues_t *out)
{
	const azure_tenant_cfg_t *c = &topo->tenants[t];
	char where[96];
	bool known = false;

	snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.sku", t);
	for (size_t i = 0; azure_preflight_skus[i]; i++)
		known = known || !strcasecmp(azure_preflight_skus[i], c->sku);
	if (!known)
		azure_preflight_add(out, where, "VPN gateway SKU", "'%s' is not a VPN gateway SKU; use "
							"VpnGw1..VpnGw5 or VpnGw1AZ..VpnGw5AZ", c->sku);
	if (!strcasecmp(c->sku, "Basic") && topo->has_policy)
		azure_preflight_add(out, where, "custom IPsec policies need a non-Basic SKU",
							"use VpnGw1 or larger, or drop azure.ipsec_policy");
	snprintf(where, sizeof(where), "azure.tenants[%zu].gateway.generation", t);
	if (strcasecmp(c->generation, "Generation1") && strcasecmp(c->generation, "Generation2"))
		azure_preflight_add(out, where, "gateway generation", "use Generation1 or Generation2");
	else if (!strcasecmp(c->generation, "Generation2") &&
			 (!strcasecmp(c->sku, "Basic") || !strncasecmp(c->sku, "VpnGw1", 6)))
		azure_preflight_add(out, where, "Generation2 needs VpnGw2 or larger", "use Generation1 "
							"with %s, or a larger SKU", c->sku);
}

void azure_preflight_local(const azure_topology_t *topo, azure_issues_t *out)
{
	char field[64], why[160], where[96];

	out->n = 0;
	azure_preflight_overlaps(topo, out);
	for (size_t t = 0; t < topo->n_tenants; t++)
	{
		azure_preflight_subnet(topo, t, out);
		azure_preflight_gateway(topo, t, out);
	}
	if (topo->has_policy && !azure_policy_check(&topo->policy, field, sizeof(field), why,
												sizeof(why)))
	{
		snprintf(where, sizeof(where), "azure.ipsec_policy.%s", field);
		azure_preflight_add(out, where, "Azure would reject this IPsec policy", "%s", why);
	}
	azure_preflight_bgp(topo, out);
	if (topo->pattern == AZURE_PATTERN_VNET2VNET && topo->n_tenants != 2)
		azure_preflight_add(out, "azure.pattern", "vnet2vnet joins two tenants",
							"list two tenants, or use \"s2s\"");
}
