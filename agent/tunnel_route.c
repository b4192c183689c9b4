/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "tunnel_route.h"
#include "exit_codes.h"
#include "profile_check.h"

#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <peer_plugin.h>

/** One interface this process created. */
typedef struct {
	char name[ROUTE_IFACE_NAME_MAX + 1];
	route_iface_kind_t kind;
} tunnel_route_iface_t;

/** Connection i's interface, name "" when it has none. */
static tunnel_route_iface_t ifaces[PEER_MAX_CONNECTIONS];
static size_t n_ifaces;
static bool at_exit;

/* The connection's profile file, or its name, as the object of a message. */
static const char *tunnel_route_where(const profile_t *p)
{
	return p->path[0] ? p->path : p->name;
}

/* A local address inside the connection's own subnets, for the routes' source (what
 * charon picks for its policy routes): traffic from this host then leaves with an address
 * the peer routes back through its tunnel. "" when the host has none there. */
static void tunnel_route_source(const profile_t *p, char *out, size_t len)
{
	struct ifaddrs *list, *a;

	out[0] = '\0';
	if (getifaddrs(&list) != 0)
		return;
	for (a = list; a && !out[0]; a = a->ifa_next)
	{
		char host[64], cidr[80];

		if (!a->ifa_addr || (a->ifa_addr->sa_family != AF_INET &&
							 a->ifa_addr->sa_family != AF_INET6) ||
			getnameinfo(a->ifa_addr, a->ifa_addr->sa_family == AF_INET ?
						sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6), host,
						sizeof(host), NULL, 0, NI_NUMERICHOST) != 0 || strchr(host, '%'))
			continue;
		snprintf(cidr, sizeof(cidr), "%s/%d", host, strchr(host, ':') ? 128 : 32);
		for (size_t i = 0; i < p->local.n_subnets && !out[0]; i++)
		{
			if (check_cidr_overlap(cidr, p->local.subnets[i]))
				snprintf(out, len, "%s", host);
		}
	}
	freeifaddrs(list);
}

/* The interface of one connection, as the profile describes it. */
static void tunnel_route_spec(const profile_t *p, route_iface_spec_t *spec)
{
	const profile_route_t *r = &p->route;

	memset(spec, 0, sizeof(*spec));
	route_iface_parse_kind(r->interface, &spec->kind);
	if (r->name[0])
		snprintf(spec->name, sizeof(spec->name), "%s", r->name);
	else
		route_iface_default_name(p->name, spec->name);
	spec->id = r->id ? r->id : route_iface_derive_id(spec->name);
	snprintf(spec->local, sizeof(spec->local), "%s", p->local.address);
	snprintf(spec->remote, sizeof(spec->remote), "%s", p->remote.address);
	snprintf(spec->inner_address, sizeof(spec->inner_address), "%s", r->inner_address);
	spec->mtu = r->mtu;
	spec->n_routes = r->has_routes ? r->n_routes : p->remote.n_subnets;
	for (size_t i = 0; i < spec->n_routes && i < ROUTE_IFACE_MAX_ROUTES; i++)
		snprintf(spec->routes[i], sizeof(spec->routes[i]), "%s", r->has_routes ?
				 r->routes[i] : p->remote.subnets[i]);
	tunnel_route_source(p, spec->source, sizeof(spec->source));
}

/* All route-based or none; on XFRM only. */
static int tunnel_route_check(const profile_t *const profiles[], size_t n, datapath_t dp,
							  const char *cmd, size_t *on)
{
	const profile_t *first = NULL;

	*on = 0;
	for (size_t i = 0; i < n; i++)
	{
		if (profiles[i]->route.on && !(*on)++)
			first = profiles[i];
	}
	if (!*on)
		return XP_EXIT_PASS;
	if (*on != n)
	{
		fprintf(stderr, "crosspeer %s: %s: route_based: %zu of %zu connections are "
				"route-based; make all of them route-based or none (charon installs no "
				"routes for policy-based tunnels while route-based ones run)\n", cmd,
				tunnel_route_where(first), *on, n);
		return XP_EXIT_USAGE;
	}
	if (dp != DATAPATH_XFRM)
	{
		fprintf(stderr, "crosspeer %s: %s: route_based: needs the kernel's XFRM data path "
				"(an XFRM interface or a VTI per tunnel), but this run uses libipsec "
				"(userspace ESP over one TUN device, which binds no SA to an interface): "
				"run it where the kernel has ESP (esp4), with --datapath auto or xfrm, or "
				"remove route_based\n", cmd, tunnel_route_where(first));
		return XP_EXIT_ENV;
	}
	return XP_EXIT_PASS;
}

/* Two connections of one process must not share an interface name or id. */
static int tunnel_route_unique(const profile_t *p, const route_iface_spec_t *spec,
							   const peer_route_t routes[], size_t i, const char *cmd)
{
	for (size_t j = 0; j < i; j++)
	{
		if (strcmp(ifaces[j].name, spec->name) &&
			routes[j].if_id + routes[j].mark != spec->id)
			continue;
		fprintf(stderr, "crosspeer %s: %s: route_based: interface %s (id %#x) collides with "
				"connection %zu's %s; set route_based.name and route_based.id apart\n", cmd,
				tunnel_route_where(p), spec->name, spec->id, j + 1, ifaces[j].name);
		return XP_EXIT_USAGE;
	}
	return XP_EXIT_PASS;
}

int tunnel_route_up(const profile_t *const profiles[], size_t n, datapath_t dp,
					const char *cmd, peer_route_t routes[])
{
	size_t on;
	int rc = tunnel_route_check(profiles, n, dp, cmd, &on);

	memset(routes, 0, n * sizeof(routes[0]));
	if (rc != XP_EXIT_PASS || !on)
		return rc;
	if (!at_exit)
		at_exit = atexit(tunnel_route_down) == 0;
	for (size_t i = 0; i < n && rc == XP_EXIT_PASS; i++)
	{
		route_iface_spec_t spec;
		route_iface_kind_t used;
		char err[400];

		tunnel_route_spec(profiles[i], &spec);
		if ((rc = tunnel_route_unique(profiles[i], &spec, routes, i, cmd)) != XP_EXIT_PASS)
			break;
		if (route_iface_create(&spec, &used, err, sizeof(err)) < 0)
		{
			fprintf(stderr, "crosspeer %s: %s: route_based: %s\n", cmd,
					tunnel_route_where(profiles[i]), err);
			rc = XP_EXIT_ENV;
			break;
		}
		snprintf(ifaces[i].name, sizeof(ifaces[i].name), "%s", spec.name);
		ifaces[i].kind = used;
		n_ifaces = i + 1;
		routes[i].if_id = used == ROUTE_IFACE_XFRMI ? spec.id : 0;
		routes[i].mark = used == ROUTE_IFACE_VTI ? spec.id : 0;
		fprintf(stderr, "crosspeer %s: %s: route-based over %s %s (%s %#x, MTU %u), %zu "
				"routes%s%s\n", cmd, profiles[i]->name, used == ROUTE_IFACE_XFRMI ?
				"XFRM interface" : "VTI", spec.name, used == ROUTE_IFACE_XFRMI ? "if_id" :
				"key/mark", spec.id, spec.mtu, spec.n_routes, spec.source[0] ?
				", source " : "", spec.source);
	}
	if (rc != XP_EXIT_PASS)
	{
		tunnel_route_down();
		memset(routes, 0, n * sizeof(routes[0]));
	}
	return rc;
}

bool tunnel_route_active(void)
{
	return n_ifaces > 0;
}

const char *tunnel_route_name(size_t i, route_iface_kind_t *kind)
{
	if (i >= n_ifaces || !ifaces[i].name[0])
		return NULL;
	if (kind)
		*kind = ifaces[i].kind;
	return ifaces[i].name;
}

void tunnel_route_down(void)
{
	for (size_t i = 0; i < n_ifaces; i++)
	{
		int rc;

		if (!ifaces[i].name[0])
			continue;
		if ((rc = route_iface_delete(ifaces[i].name)) < 0)
			fprintf(stderr, "crosspeer: route_based: interface %s: could not delete it: %s\n",
					ifaces[i].name, strerror(-rc));
		ifaces[i].name[0] = '\0';
	}
	n_ifaces = 0;
}
