/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Azure route-based VPN gateway defaults for IKEv2 (vpn-gateway-about-vpn-devices, see
 * shared/reference/azure-arm-facts.md section 4), in strongSwan's words.
 */

#include "peer_personality_table.h"

/* Phase 1: DH group 2 with AES256/AES128/3DES and SHA1/SHA256, in Azure's order. */
static const char *const azure_ike[] = {
	"aes256-sha1-modp1024", "aes256-sha256-modp1024", "aes128-sha1-modp1024",
	"aes128-sha256-modp1024", "3des-sha1-modp1024", "3des-sha256-modp1024",
};

/* Quick mode offers of Azure as initiator, all without PFS. */
static const char *const azure_esp_initiator[] = {
	"aes256gcm16", "aes256-sha1", "3des-sha1", "aes256-sha256", "aes128-sha1", "3des-sha256",
};

/* As responder Azure accepts the six above plus DES and these PFS variants. */
static const char *const azure_esp_responder[] = {
	"aes256gcm16", "aes256-sha1", "3des-sha1", "aes256-sha256", "aes128-sha1", "3des-sha256",
	"des-sha1",
	"aes256-sha1-modp768", "aes256-sha1-modp1024", "aes256-sha1-modp2048",
	"aes256-sha1-modp2048s256",
	"aes128-sha1-modp768", "aes128-sha1-modp1024", "aes128-sha1-modp2048",
	"3des-sha1-modp768", "3des-sha1-modp1024", "3des-sha1-modp2048",
	"3des-sha256-modp1024",
	"aes256-sha256-modp768", "aes256-sha256-modp1024", "aes256-sha256-modp2048",
	"aes256-sha256-modp2048s256",
	"aes128-sha256", "aes128-sha256-modp768", "aes128-sha256-modp1024",
	"aes128-sha256-modp2048",
};

#define countof_(a) (sizeof(a) / sizeof((a)[0]))

static const personality_table_t azure_initiator = {
	.name = "azure",
	.ike = azure_ike, .n_ike = countof_(azure_ike),
	.esp = azure_esp_initiator, .n_esp = countof_(azure_esp_initiator),
	.describe_ike = "aes256|aes128|3des with sha1|sha256, modp1024 (Azure defaults)",
	.describe_esp = "aes256gcm16, aes256|3des|aes128 with sha1|sha256, no PFS (Azure offers)",
};

static const personality_table_t azure_responder = {
	.name = "azure",
	.ike = azure_ike, .n_ike = countof_(azure_ike),
	.esp = azure_esp_responder, .n_esp = countof_(azure_esp_responder),
	.initiates_any = true,
	.describe_ike = "aes256|aes128|3des with sha1|sha256, modp1024 (Azure defaults)",
	.describe_esp = "aes256gcm16, aes256|aes128|3des|des with sha1|sha256, PFS none, "
					"modp768|1024|2048|2048s256 (Azure responder set)",
};

personality_t *personality_azure_create(const profile_t *profile, bool responder)
{
	return personality_table_create(profile, responder ? &azure_responder : &azure_initiator);
}
