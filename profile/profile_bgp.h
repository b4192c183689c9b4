/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The profile's "bgp" section: BGP over route-based tunnels, one tunnel (and session) per
 * instance of an active-active gateway. What Azure refuses (reserved ASNs, APIPA outside
 * 169.254.21.0-169.254.22.255) is refused here too, with the field named, before anything
 * is started.
 */
#ifndef XP_PROFILE_BGP_H_
#define XP_PROFILE_BGP_H_

#include "profile.h"

/**
 * Read root's "bgp" (absent: p->has_bgp stays false). Needs p->remote read first: the
 * first tunnel's remote_address defaults to remote.address.
 */
bool profile_bgp(json_t *root, profile_t *p, profile_err_t *err);

/**
 * The checks only the on-prem side (`up`, `verify`) makes: its ASN must not be one Azure
 * keeps for its gateways (65515) or itself.
 */
bool profile_bgp_check_onprem(const profile_t *p, profile_err_t *err);

#endif
