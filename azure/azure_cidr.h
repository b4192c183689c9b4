/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * CIDR prefixes as Azure reads them: canonical (no host bits set), IPv4 or
 * IPv6. The one prefix parser the ARM client, preflight and armsim share.
 */
#ifndef AZURE_CIDR_H_
#define AZURE_CIDR_H_

#include <stdbool.h>
#include <stdint.h>

/** One prefix. */
typedef struct {
	/** AF_INET or AF_INET6 */
	int family;
	/** network address, 4 or 16 bytes used */
	uint8_t addr[16];
	/** prefix length */
	unsigned len;
} azure_cidr_t;

/**
 * Parse "a.b.c.d/n" or "x::/n".
 *
 * @param text		prefix text
 * @param out		parsed prefix
 * @param canonical	set to false when host bits are set (Azure's InvalidCIDRNotation)
 * @return			true if text is an address with a valid length
 */
bool azure_cidr_parse(const char *text, azure_cidr_t *out, bool *canonical);

/** @return true if text parses and has no host bits set */
bool azure_cidr_valid(const char *text);

/** @return true if text is a plain IPv4 or IPv6 address */
bool azure_ip_valid(const char *text);

/** @return true if the two prefixes share at least one address */
bool azure_cidr_overlap(const azure_cidr_t *a, const azure_cidr_t *b);

/** @return true if inner lies entirely within outer */
bool azure_cidr_contains(const azure_cidr_t *outer, const azure_cidr_t *inner);

/** @return true if the two prefix texts parse and overlap */
bool azure_cidr_text_overlap(const char *a, const char *b);

#endif
