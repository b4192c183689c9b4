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
 * Active-active and BGP rules Azure enforces (azure_preflight_bgp.c): active-active and BGP
 * only on SKUs that have them, no ASN Azure or IANA reserves (65515 neither for an on-prem
 * device nor for a gateway another tenant's LNG stands for), different ASNs on the two ends,
 * custom APIPA addresses within 169.254.21.0-169.254.22.255.
 */
void azure_preflight_bgp(const azure_topology_t *topo, azure_issues_t *out);

/** Add an issue (printf-style fix); for the rule files. */
void azure_preflight_add(azure_issues_t *out, const char *resource, const char *rule,
						 const char *fix, ...) __attribute__((format(printf, 4, 5)));

/**
 * Rules that need ARM (GETs only): an NSG on an existing GatewaySubnet, an
 * existing GatewaySubnet too small or differing, an existing PolicyBased
 * gateway, other connections on those gateways whose prefixes overlap.
 *
 * @return 0, or -1 with run->err set when ARM could not be read
 */
int azure_preflight_remote(azure_run_t *run, azure_issues_t *out);

#endif
