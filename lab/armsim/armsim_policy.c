/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* ipsecPolicies[] validation as the gateway applies it (all 8 fields, enums, GCM, minimums). */

#include <stdio.h>
#include <string.h>

#include "armsim_policy.h"
#include "armsim_private.h"

static const char *const armsim_policy_ike_enc[] = { "DES", "DES3", "AES128", "AES192",
	"AES256", "GCMAES256", "GCMAES128", NULL };
static const char *const armsim_policy_ike_int[] = { "MD5", "SHA1", "SHA256", "SHA384",
	"GCMAES256", "GCMAES128", NULL };
static const char *const armsim_policy_dh[] = { "None", "DHGroup1", "DHGroup2", "DHGroup14",
	"DHGroup2048", "ECP256", "ECP384", "DHGroup24", NULL };
static const char *const armsim_policy_esp_enc[] = { "None", "DES", "DES3", "AES128", "AES192",
	"AES256", "GCMAES128", "GCMAES192", "GCMAES256", NULL };
static const char *const armsim_policy_esp_int[] = { "MD5", "SHA1", "SHA256", "GCMAES128",
	"GCMAES192", "GCMAES256", NULL };
static const char *const armsim_policy_pfs[] = { "None", "PFS1", "PFS2", "PFS2048", "ECP256",
	"ECP384", "PFS24", "PFS14", "PFSMM", NULL };

static const struct {
	const char *field;
	const char *const *allowed;
} armsim_policy_enums[] = {
	{ "ikeEncryption", armsim_policy_ike_enc },
	{ "ikeIntegrity", armsim_policy_ike_int },
	{ "dhGroup", armsim_policy_dh },
	{ "ipsecEncryption", armsim_policy_esp_enc },
	{ "ipsecIntegrity", armsim_policy_esp_int },
	{ "pfsGroup", armsim_policy_pfs },
};

static bool armsim_policy_one(json_t *p, size_t idx, armsim_resp_t *resp)
{
	char target[64];
	const char *enc, *integ;
	json_int_t life, kb;

	snprintf(target, sizeof(target), "properties.ipsecPolicies[%zu]", idx);
	for (size_t i = 0; i < sizeof(armsim_policy_enums) / sizeof(armsim_policy_enums[0]); i++)
	{
		json_t *v = json_object_get(p, armsim_policy_enums[i].field);
		const char *canon = armsim_enum(json_string_value(v), armsim_policy_enums[i].allowed);

		if (!canon)
			return armsim_error(resp, 400, "InvalidIpsecPolicy", target, "%s of an IPsec "
								"policy is %s; every one of the 8 fields is required and must be "
								"an allowed value.", armsim_policy_enums[i].field,
								v ? "not an allowed value" : "missing"), false;
		json_object_set_new(p, armsim_policy_enums[i].field, json_string(canon));
	}
	life = json_integer_value(json_object_get(p, "saLifeTimeSeconds"));
	kb = json_integer_value(json_object_get(p, "saDataSizeKilobytes"));
	if (!json_is_integer(json_object_get(p, "saLifeTimeSeconds")) || life < 300 ||
		life > 172799)
		return armsim_error(resp, 400, "InvalidIpsecPolicy", target, "saLifeTimeSeconds must be "
							"an integer of at least 300 (default 27000)."), false;
	if (!json_is_integer(json_object_get(p, "saDataSizeKilobytes")) || kb < 1024 ||
		kb > 2147483647)
		return armsim_error(resp, 400, "InvalidIpsecPolicy", target, "saDataSizeKilobytes must "
							"be an integer of at least 1024 (default 102400000)."), false;
	enc = json_string_value(json_object_get(p, "ipsecEncryption"));
	integ = json_string_value(json_object_get(p, "ipsecIntegrity"));
	if ((!strncmp(enc, "GCM", 3) || !strncmp(integ, "GCM", 3)) && strcmp(enc, integ))
		return armsim_error(resp, 400, "InvalidIpsecPolicy", target, "With GCM the same "
							"GCMAES algorithm must be set for both ipsecEncryption (%s) and "
							"ipsecIntegrity (%s).", enc, integ), false;
	return true;
}

bool armsim_policy_validate(json_t *policies, armsim_resp_t *resp)
{
	json_t *p;
	size_t i;

	if (!policies || json_is_null(policies))
		return true;
	if (!json_is_array(policies) || json_array_size(policies) > 1)
		return armsim_error(resp, 400, "InvalidIpsecPolicy", "properties.ipsecPolicies", "At "
							"most one IPsec policy per connection."), false;
	json_array_foreach(policies, i, p)
	{
		if (!json_is_object(p) || !armsim_policy_one(p, i, resp))
			return false;
	}
	return true;
}
