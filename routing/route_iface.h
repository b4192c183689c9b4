/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The tunnel interface of a route-based connection: an XFRM interface (xfrmi, bound to the
 * connection's SAs and policies by their if_id) or, where the kernel has no XFRM_INTERFACE,
 * a VTI (bound by a mark: the VTI's ikey/okey). The connection's CHILD_SA then carries
 * any-to-any traffic selectors, and what goes through it is decided by routes through the
 * interface, not by policies, so several tunnels whose selectors overlap coexist. Azure's
 * route-based gateways work this way.
 *
 * Plain C11 over rtnetlink (libmnl), no strongSwan: the agent creates the interface before
 * charon installs the SAs (their if_id or mark depends on the kind the kernel offered) and
 * deletes it after charon stopped. Deleting an interface removes its routes and address.
 * Every function acts in the calling thread's network namespace and needs CAP_NET_ADMIN.
 *
 *	route_iface_spec_t spec = { .kind = ROUTE_IFACE_AUTO, .id = 0x78700001,
 *		.local = "192.0.2.1", .remote = "192.0.2.2", .mtu = 1400, .n_routes = 1,
 *		.routes = { "10.2.0.0/24" } };
 *	route_iface_kind_t used;
 *	route_iface_default_name("site-a", spec.name);
 *	if (route_iface_create(&spec, &used, err, sizeof(err)) < 0) ... ;
 *	... SAs with if_id (used == ROUTE_IFACE_XFRMI) or mark (ROUTE_IFACE_VTI) spec.id ...
 *	route_iface_delete(spec.name);
 */
#ifndef ROUTE_IFACE_H_
#define ROUTE_IFACE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Interface names are at most this long (IFNAMSIZ - 1). */
#define ROUTE_IFACE_NAME_MAX 15

/** Routes one interface carries at most. */
#define ROUTE_IFACE_MAX_ROUTES 16

/** Which kind of tunnel interface. */
typedef enum {
	/** an XFRM interface if the kernel has XFRM_INTERFACE, else a VTI */
	ROUTE_IFACE_AUTO,
	/** an XFRM interface: SAs and policies carry the interface's if_id */
	ROUTE_IFACE_XFRMI,
	/** a VTI: SAs' policies carry the VTI's key as their mark */
	ROUTE_IFACE_VTI,
} route_iface_kind_t;

/** What to create. */
typedef struct {
	/** the kind asked for: AUTO tries XFRMI, then VTI */
	route_iface_kind_t kind;
	/** interface name, 1 to ROUTE_IFACE_NAME_MAX characters */
	char name[ROUTE_IFACE_NAME_MAX + 1];
	/** the if_id (XFRMI) or the ikey/okey (VTI), the same number the SAs carry; not 0 */
	uint32_t id;
	/** outer addresses of this end and the peer (the VTI's endpoints; unused by XFRMI) */
	char local[64], remote[64];
	/** address with prefix length for the interface (e.g. BGP over APIPA,
	 *  "169.254.21.2/30"), "" for none */
	char inner_address[64];
	/** MTU, 0 to keep the kernel's */
	unsigned mtu;
	/** prefixes routed through the interface (CIDR) */
	char routes[ROUTE_IFACE_MAX_ROUTES][64];
	size_t n_routes;
	/** preferred source address of those routes, "" for the kernel's choice */
	char source[64];
} route_iface_spec_t;

/**
 * Parse "auto", "xfrmi" or "vti".
 *
 * @return			false for anything else
 */
bool route_iface_parse_kind(const char *s, route_iface_kind_t *out);

/** @return			"auto", "xfrmi" or "vti" */
const char *route_iface_kind_name(route_iface_kind_t kind);

/**
 * The interface name of a connection when the profile names none: "xp-" and the
 * connection's name, or, for a name too long for that, its first 6 characters, '-' and 5
 * hex digits of a hash of the whole name (so two long names that share a start differ).
 *
 * @param conn		connection name (letters, digits, '.', '_', '-')
 * @param out		receives the name, NUL-terminated
 */
void route_iface_default_name(const char *conn, char out[ROUTE_IFACE_NAME_MAX + 1]);

/**
 * The if_id / VTI key of a connection when the profile sets none: 0x78700000 ("xp") plus
 * 16 bits of a hash of the interface name, so the same interface gets the same number in
 * every run, never 0.
 */
uint32_t route_iface_derive_id(const char *name);

/**
 * Create the interface (deleting a stale one of the same name first), set its MTU and
 * address, bring it up, turn off the inbound policy check a VTI needs (disable_policy), and
 * add its routes.
 *
 * @param spec		what to create
 * @param used		receives the kind created (XFRMI or VTI)
 * @param err		why not: names the interface, the step and the kernel's reason
 * @return			0, or -errno: -EOPNOTSUPP when the kernel has neither kind asked for
 *					(err says which are missing); on failure nothing is left behind
 */
int route_iface_create(const route_iface_spec_t *spec, route_iface_kind_t *used, char *err,
					   size_t errlen);

/**
 * Delete the interface (its routes and address go with it). Idempotent.
 *
 * @return			0 (also when there was none), or -errno
 */
int route_iface_delete(const char *name);

#endif
