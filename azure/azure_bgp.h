/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * BGP facts of Azure VPN gateways, shared by the profile, preflight and armsim: which ASNs
 * Azure refuses, where custom APIPA BGP addresses may lie, and the default BGP address of a
 * gateway instance.
 */
#ifndef AZURE_BGP_H_
#define AZURE_BGP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The ASN an Azure VPN gateway has unless told otherwise. */
#define AZURE_BGP_DEFAULT_ASN 65515

/**
 * Is asn one Azure refuses? For a gateway: the Azure-reserved 8074, 8075, 12076,
 * 65517-65520 and the IANA-reserved 0, 23456, 64496-64511, 65535-65551, 4294967295 (65515 is
 * the gateway's own default). For an on-prem device (a local network gateway's bgpSettings)
 * 65515 too.
 *
 * @param onprem	true for a local network gateway's ASN
 * @return			NULL if allowed, else who reserves it ("reserved by Azure", ...)
 */
const char *azure_bgp_asn_reserved(uint64_t asn, bool onprem);

/** @return true if ip lies in 169.254.21.0-169.254.22.255, Azure's custom APIPA range */
bool azure_bgp_apipa_ok(const char *ip);

/** @return true if ip is an IPv4 link-local (APIPA, 169.254.0.0/16) address */
bool azure_bgp_is_apipa(const char *ip);

/**
 * The default BGP address of gateway instance i: the last usable addresses of its
 * GatewaySubnet (x.x.x.30, then .29 for a /27), as Azure hands them out.
 *
 * @return			false if gateway_subnet is no IPv4 prefix of /29 or larger
 */
bool azure_bgp_default_ip(const char *gateway_subnet, size_t i, char *buf, size_t len);

#endif
