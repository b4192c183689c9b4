/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * A profile's "route_based" section: a route-based tunnel, its interface (kind, name, id,
 * address, MTU) and the prefixes routed through it.
 */
#ifndef XP_PROFILE_ROUTE_H_
#define XP_PROFILE_ROUTE_H_

#include "profile.h"

/** MTU of the tunnel interface unless the profile sets one: Azure's recommendation for
 *  its VPN gateways (TCP MSS 1350). */
#define PROFILE_ROUTE_MTU 1400

/**
 * Read root's "route_based" object (absent: policy-based, p->route.on false).
 *
 * @return		false with err naming the field at fault
 */
bool profile_route(json_t *root, profile_t *p, profile_err_t *err);

#endif
