/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "azure_cidr.h"

static unsigned azure_cidr_bytes(int family)
{
	return family == AF_INET ? 4 : 16;
}

/** true if the first len bits of a and b agree */
static bool azure_cidr_same_bits(const uint8_t *a, const uint8_t *b, unsigned len)
{
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(a, b, full))
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[full] & mask) == (b[full] & mask);
}

bool azure_cidr_parse(const char *text, azure_cidr_t *out, bool *canonical)
{
	char addr[64];
	const char *slash;
	char *end;
	long len;

	if (canonical)
		*canonical = false;
	if (!text || !(slash = strchr(text, '/')) || (size_t)(slash - text) >= sizeof(addr))
		return false;
	memcpy(addr, text, slash - text);
	addr[slash - text] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, addr, out->addr) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, out->addr) == 1)
		out->family = AF_INET6;
	else
		return false;
	if (!slash[1] || slash[1] == '-' || slash[1] == '+')
		return false;
	len = strtol(slash + 1, &end, 10);
	if (*end || len < 0 || len > (long)azure_cidr_bytes(out->family) * 8)
		return false;
	out->len = (unsigned)len;
	if (canonical)
	{
		azure_cidr_t net = *out;

		for (unsigned bit = out->len; bit < azure_cidr_bytes(out->family) * 8; bit++)
			net.addr[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
		*canonical = !memcmp(net.addr, out->addr, 16);
	}
	return true;
}

bool azure_cidr_valid(const char *text)
{
	azure_cidr_t c;
	bool canonical;

	return azure_cidr_parse(text, &c, &canonical) && canonical;
}

bool azure_ip_valid(const char *text)
{
	uint8_t buf[16];

	return text && (inet_pton(AF_INET, text, buf) == 1 || inet_pton(AF_INET6, text, buf) == 1);
}

bool azure_cidr_overlap(const azure_cidr_t *a, const azure_cidr_t *b)
{
	if (a->family != b->family)
		return false;
	return azure_cidr_same_bits(a->addr, b->addr, a->len < b->len ? a->len : b->len);
}

bool azure_cidr_contains(const azure_cidr_t *outer, const azure_cidr_t *inner)
{
	if (outer->family != inner->family || inner->len < outer->len)
		return false;
	return azure_cidr_same_bits(outer->addr, inner->addr, outer->len);
}

bool azure_cidr_text_overlap(const char *a, const char *b)
{
	azure_cidr_t ca, cb;

	return azure_cidr_parse(a, &ca, NULL) && azure_cidr_parse(b, &cb, NULL) &&
		azure_cidr_overlap(&ca, &cb);
}
