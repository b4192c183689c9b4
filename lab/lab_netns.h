/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Network namespaces for the lab, built with iproute2. Every namespace the lab makes is
 * named crosspeer-<something>, so that teardown can find them all, also after a crash.
 */
#ifndef XP_LAB_NETNS_H_
#define XP_LAB_NETNS_H_

#include <stdbool.h>
#include <stddef.h>

/** Create a namespace with lo up (an existing one of that name is removed first). */
bool lab_netns_create(const char *ns);

/** Kill every process in a namespace (TERM, then KILL) and delete it. Idempotent. */
void lab_netns_delete(const char *ns);

/** Delete every namespace whose name starts with prefix; returns how many. */
int lab_netns_delete_prefix(const char *prefix);

/**
 * Join two namespaces with a veth pair and address both ends.
 *
 * @param addr_a	CIDR address for the end in ns_a, e.g. "192.0.2.1/24"
 */
bool lab_netns_veth(const char *ns_a, const char *if_a, const char *addr_a,
					const char *ns_b, const char *if_b, const char *addr_b);

/** Add an address (CIDR) to lo, standing for a subnet behind the namespace. */
bool lab_netns_lo_addr(const char *ns, const char *addr);

/** Add a route in ns: "ip route add dst via gw". */
bool lab_netns_route(const char *ns, const char *dst, const char *gw);

/**
 * Build the argv prefix that runs a command inside ns ("ip netns exec ns ...").
 *
 * @param argv		receives the prefix; the caller appends its command and NULL
 * @return			number of entries written (4)
 */
size_t lab_netns_exec_prefix(const char *ns, const char *argv[]);

#endif
