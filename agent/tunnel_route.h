/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Route-based tunnels of this process (profile "route_based", docs/profile.md): before
 * charon starts, one tunnel interface per route-based connection (routing/route_iface.h:
 * an XFRM interface where the kernel has them, else a VTI) with its address, MTU and
 * routes; the binding each connection's CHILD_SA needs (if_id or mark) for the peer
 * plugin; after charon stopped, the interfaces go again (also at exit).
 */
#ifndef XP_TUNNEL_ROUTE_H_
#define XP_TUNNEL_ROUTE_H_

#include "charon_embed.h"
#include "profile.h"

#include <peer_config.h>
#include <route_iface.h>

/**
 * Create the interfaces of the route-based connections among profiles and fill their
 * bindings. All connections of one process are route-based or none is (charon's routes
 * for policy-based tunnels are off while route-based ones run).
 *
 * @param profiles	the connections (completed from ARM where they come from there)
 * @param n			their number
 * @param dp		the data path in use (resolved, not AUTO): route-based needs XFRM
 * @param cmd		subcommand, for messages
 * @param routes	receives one binding per connection (all zero: policy-based)
 * @return			XP_EXIT_PASS; XP_EXIT_USAGE when the profiles disagree or collide;
 *					XP_EXIT_ENV on libipsec, or when the kernel has no interface of the
 *					kind asked for or refused one (message printed, nothing left behind)
 */
int tunnel_route_up(const profile_t *const profiles[], size_t n, datapath_t dp,
					const char *cmd, peer_route_t routes[]);

/** @return		true while route-based interfaces exist (charon must install no routes) */
bool tunnel_route_active(void);

/**
 * The interface of connection i.
 *
 * @param kind		receives its kind (XFRMI or VTI), may be NULL
 * @return			its name, NULL when connection i is not route-based
 */
const char *tunnel_route_name(size_t i, route_iface_kind_t *kind);

/** Delete every interface tunnel_route_up() created; idempotent, safe at exit. */
void tunnel_route_down(void);

#endif
