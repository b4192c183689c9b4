/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "azure_bgp.h"
#include "azure_cidr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

/* learn.microsoft.com, "About BGP and VPN Gateway", "What ASNs can I use?" */
const char *azure_bgp_asn_reserved(uint64_t asn, bool onprem)
{
	if (asn == 8074 || asn == 8075 || asn == 12076)
		return "a public ASN reserved by Azure";
	if (asn >= 65517 && asn <= 65520)
		return "a private ASN reserved by Azure";
	if (asn == AZURE_BGP_DEFAULT_ASN && onprem)
		return "the Azure gateways' own ASN, reserved by Azure for its side";
	if (asn == 0 || asn == 23456 || (asn >= 64496 && asn <= 64511) ||
		(asn >= 65535 && asn <= 65551) || asn >= 4294967295u)
		return "reserved by IANA";
	return NULL;
}

static bool azure_bgp_v4(const char *ip, uint32_t *out)
{
	struct in_addr a;

	if (!ip || inet_pton(AF_INET, ip, &a) != 1)
		return false;
	*out = ntohl(a.s_addr);
	return true;
}

bool azure_bgp_apipa_ok(const char *ip)
{
	uint32_t a;

	return azure_bgp_v4(ip, &a) && a >= 0xa9fe1500u && a <= 0xa9fe16ffu;
}

bool azure_bgp_is_apipa(const char *ip)
{
	uint32_t a;

	return azure_bgp_v4(ip, &a) && (a >> 16) == 0xa9feu;
}

bool azure_bgp_default_ip(const char *gateway_subnet, size_t i, char *buf, size_t len)
{
	azure_cidr_t c;
	uint32_t net, last;
	struct in_addr a;

	if (!azure_cidr_parse(gateway_subnet, &c, NULL) || c.family != AF_INET || c.len > 29 ||
		i > 1)
		return false;
	net = (uint32_t)c.addr[0] << 24 | (uint32_t)c.addr[1] << 16 | (uint32_t)c.addr[2] << 8 |
		  c.addr[3];
	last = net | (c.len ? (0xffffffffu >> c.len) : 0xffffffffu);
	a.s_addr = htonl(last - 1 - (uint32_t)i);
	return inet_ntop(AF_INET, &a, buf, (socklen_t)len) != NULL;
}
