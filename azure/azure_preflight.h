/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Preflight: the cross-tenant guidance checked before any write. Each issue
 * names the resource, the rule and the fix; the agent turns any into exit 2.
 */
#ifndef AZURE_PREFLIGHT_H_
#define AZURE_PREFLIGHT_H_

#include "azure_run.h"

#define AZURE_PREFLIGHT_MAX 32

/** One broken rule. */
typedef struct {
	/** resource or profile field at fault */
	char resource[200];
	/** the rule, short */
	char rule[160];
	/** what to do */
	char fix[256];
} azure_issue_t;

typedef struct {
	azure_issue_t item[AZURE_PREFLIGHT_MAX];
	size_t n;
} azure_issues_t;

/**
 * Rules the profile alone decides: prefixes valid and not overlapping across
 * all networks, GatewaySubnet inside its VNet and at least /29 (/27
 * recommended), gateway SKU and generation, the ipsec_policy.
 */
void azure_preflight_local(const azure_topology_t *topo, azure_issues_t *out);

/**
 * Rules that need ARM (GETs only): an NSG on an existing GatewaySubnet, an
 * existing GatewaySubnet too small or differing, an existing PolicyBased
 * gateway, other connections on those gateways whose prefixes overlap.
 *
 * @return 0, or -1 with run->err set when ARM could not be read
 */
int azure_preflight_remote(azure_run_t *run, azure_issues_t *out);

#endif
