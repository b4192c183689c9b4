/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * A BIRD 2 configuration for one side of BGP over the tunnels: one eBGP session per tunnel
 * (over the tunnel's inner addresses, APIPA by default), the prefixes this side announces,
 * and the kernel protocol that installs what BGP learns into the namespace's routing table.
 * crosspeer writes the file into a run directory of its own; BIRD does the BGP.
 */
#ifndef BIRD_CONF_H_
#define BIRD_CONF_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BIRD_CONF_MAX_PEERS 4
#define BIRD_CONF_MAX_PREFIXES 16

/** One BGP session. */
typedef struct {
	/** protocol name, letters, digits and '_' (e.g. "tunnel0") */
	char name[32];
	/** this side's address of the session, e.g. 169.254.21.2 */
	char local_ip[64];
	/** the peer's address and ASN */
	char neighbor_ip[64];
	uint32_t neighbor_asn;
} bird_peer_t;

/** One side. */
typedef struct {
	/** router id (an IPv4 address of this side) */
	char router_id[64];
	uint32_t asn;
	/** prefixes this side announces (an Azure gateway: its VNet's) */
	char prefixes[BIRD_CONF_MAX_PREFIXES][64];
	size_t n_prefixes;
	bird_peer_t peers[BIRD_CONF_MAX_PEERS];
	size_t n_peers;
	/** BGP timers in seconds; hold 0 = BIRD's default (240), keepalive = hold / 3 */
	unsigned hold_s, connect_retry_s;
	/** pass what one peer announces on to the others (an Azure gateway does: transit) */
	bool transit;
	/** source address of the routes installed (an address of this side's announced
	 *  prefixes, so traffic into the tunnels leaves from it, not from a tunnel's APIPA
	 *  address); "" for the kernel's choice */
	char prefsrc[64];
	/** kernel table the learned routes go to (0: main) */
	unsigned kernel_table;
} bird_conf_t;

/**
 * Check c: addresses parse, names are BIRD identifiers, ASNs are not 0.
 *
 * @param err		what is wrong, naming the field
 * @return			true if c can be written
 */
bool bird_conf_check(const bird_conf_t *c, char *err, size_t errlen);

/**
 * Write c as a bird.conf.
 *
 * @return			0, or -1 (check it first: a bad c writes nothing)
 */
int bird_conf_write(const bird_conf_t *c, FILE *out);

#endif
