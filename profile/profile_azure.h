/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The profile's "azure" section (issue 4 contract), validated and turned into
 * the Azure plugin's azure_topology_t. Every error names the JSON path at fault.
 */
#ifndef XP_PROFILE_AZURE_H_
#define XP_PROFILE_AZURE_H_

#include "azure_topology.h"
#include "profile.h"

/**
 * Validate the raw "azure" section of p into topo. Where the profile names no
 * tenant_id / client_id / client secret / authority host, the azure-identity
 * variables AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and
 * AZURE_AUTHORITY_HOST are used. Relative ca_file / *_file paths are resolved
 * against the profile's directory.
 *
 * @param p			loaded profile (p->azure may be NULL: an error)
 * @param topo		filled on success
 * @param err		path + text on failure
 * @return			true on success
 */
bool profile_azure_parse(const profile_t *p, azure_topology_t *topo, profile_err_t *err);

#endif
