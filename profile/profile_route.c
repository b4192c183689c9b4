/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "profile_route.h"
#include "profile_check.h"

#include <azure_cidr.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool profile_route_kind(json_t *rb, profile_route_t *r, profile_err_t *err)
{
	strcpy(r->interface, "auto");
	if (!check_string(rb, "interface", "route_based", false, r->interface,
					  sizeof(r->interface), err))
		return false;
	if (strcmp(r->interface, "auto") && strcmp(r->interface, "xfrmi") &&
		strcmp(r->interface, "vti"))
		return check_fail(err, "route_based.interface", "expected \"auto\" (an XFRM "
						  "interface, else a VTI), \"xfrmi\" or \"vti\"");
	return true;
}

/* An interface name the kernel takes: 1 to 15 characters, no '/', ':' or blanks. */
static bool profile_route_name(json_t *rb, profile_route_t *r, profile_err_t *err)
{
	char name[64] = "";

	if (!check_string(rb, "name", "route_based", false, name, sizeof(name), err))
		return false;
	if (!json_object_get(rb, "name"))
		return true;
	if (!name[0] || strlen(name) >= sizeof(r->name))
		return check_fail(err, "route_based.name", "an interface name has 1 to %zu "
						  "characters", sizeof(r->name) - 1);
	for (const char *c = name; *c; c++)
	{
		if (!isalnum((unsigned char)*c) && !strchr("._-", *c))
			return check_fail(err, "route_based.name", "use letters, digits, '.', '_' and "
							  "'-' only");
	}
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return check_fail(err, "route_based.name", "not a valid interface name");
	strcpy(r->name, name);
	return true;
}

/* "169.254.21.2/30": an address with its prefix length (host bits set, unlike a route). */
static bool profile_route_inner(json_t *rb, profile_route_t *r, profile_err_t *err)
{
	azure_cidr_t cidr;
	bool canonical;

	if (!check_string(rb, "inner_address", "route_based", false, r->inner_address,
					  sizeof(r->inner_address), err))
		return false;
	if (json_object_get(rb, "inner_address") &&
		!azure_cidr_parse(r->inner_address, &cidr, &canonical))
		return check_fail(err, "route_based.inner_address", "expected an address with its "
						  "prefix length, e.g. \"169.254.21.2/30\"");
	return true;
}

/* "routes": [] is meaningful: the interface gets no routes of ours (BGP brings them). */
static bool profile_route_routes(json_t *rb, profile_route_t *r, profile_err_t *err)
{
	json_t *list = json_object_get(rb, "routes");

	if (!(r->has_routes = list != NULL))
		return true;
	return check_prefixes(list, "route_based.routes", 0, PROFILE_MAX_SUBNETS, r->routes,
						  &r->n_routes, err);
}

bool profile_route(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "interface", "name", "id", "inner_address", "mtu",
		"routes", NULL };
	profile_route_t *r = &p->route;
	uint64_t id = 0, mtu = PROFILE_ROUTE_MTU;
	json_t *rb;

	memset(r, 0, sizeof(*r));
	if (!check_object(root, "route_based", "", false, &rb, err))
		return false;
	if (!(r->on = rb != NULL))
		return true;
	if (!check_keys(rb, "route_based", keys, err) || !profile_route_kind(rb, r, err) ||
		!profile_route_name(rb, r, err) ||
		!check_uint(rb, "id", "route_based", false, 1, UINT32_MAX, &id, err) ||
		!profile_route_inner(rb, r, err) ||
		/* IPv4's minimum to a jumbo frame's payload */
		!check_uint(rb, "mtu", "route_based", false, 68, 9000, &mtu, err) ||
		!profile_route_routes(rb, r, err))
		return false;
	r->id = (uint32_t)id;
	r->mtu = (uint32_t)mtu;
	return true;
}
