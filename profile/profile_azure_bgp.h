/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The active-active and BGP parts of the profile's "azure" section: a tenant gateway's
 * "active_active" and "bgp" { "asn", "apipa" }, the on-prem site's "bgp" { "asn",
 * "peering_address" }. Types and shapes only; what Azure refuses (reserved ASNs, APIPA
 * ranges, SKUs) is preflight's (azure_preflight_bgp.c), so that it is named with its fix.
 */
#ifndef XP_PROFILE_AZURE_BGP_H_
#define XP_PROFILE_AZURE_BGP_H_

#include "azure_topology.h"
#include "profile.h"

/**
 * Read gateway.active_active and gateway.bgp of one tenant.
 *
 * @param g			the gateway object (NULL: neither)
 * @param where		its JSON path, e.g. "azure.tenants[0].gateway"
 */
bool profile_azure_bgp_gateway(json_t *g, const char *where, azure_tenant_cfg_t *c,
							   profile_err_t *err);

/**
 * Read azure.onprem.bgp.
 *
 * @param o			the onprem object
 */
bool profile_azure_bgp_onprem(json_t *o, azure_topology_t *topo, profile_err_t *err);

#endif
