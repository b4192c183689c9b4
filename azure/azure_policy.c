/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "azure_policy.h"

/** One ARM value and its strongSwan keyword ("" where none is needed). */
typedef struct {
	const char *azure;
	const char *swan;
} azure_policy_map_t;

static const azure_policy_map_t azure_policy_ike_enc[] = {
	{ "DES", "des" }, { "DES3", "3des" }, { "AES128", "aes128" }, { "AES192", "aes192" },
	{ "AES256", "aes256" }, { "GCMAES128", "aes128gcm16" }, { "GCMAES256", "aes256gcm16" },
	{ NULL, NULL } };
static const azure_policy_map_t azure_policy_ike_int[] = {
	{ "MD5", "md5" }, { "SHA1", "sha1" }, { "SHA256", "sha256" }, { "SHA384", "sha384" },
	{ "GCMAES128", "prfsha256" }, { "GCMAES256", "prfsha384" }, { NULL, NULL } };
static const azure_policy_map_t azure_policy_dh[] = {
	{ "None", "" }, { "DHGroup1", "modp768" }, { "DHGroup2", "modp1024" },
	{ "DHGroup14", "modp2048" }, { "DHGroup2048", "modp2048" }, { "ECP256", "ecp256" },
	{ "ECP384", "ecp384" }, { "DHGroup24", "modp2048s256" }, { NULL, NULL } };
static const azure_policy_map_t azure_policy_esp_enc[] = {
	{ "None", "null" }, { "DES", "des" }, { "DES3", "3des" }, { "AES128", "aes128" },
	{ "AES192", "aes192" }, { "AES256", "aes256" }, { "GCMAES128", "aes128gcm16" },
	{ "GCMAES192", "aes192gcm16" }, { "GCMAES256", "aes256gcm16" }, { NULL, NULL } };
static const azure_policy_map_t azure_policy_esp_int[] = {
	{ "MD5", "md5" }, { "SHA1", "sha1" }, { "SHA256", "sha256" }, { "GCMAES128", "" },
	{ "GCMAES192", "" }, { "GCMAES256", "" }, { NULL, NULL } };
static const azure_policy_map_t azure_policy_pfs[] = {
	{ "None", "" }, { "PFS1", "modp768" }, { "PFS2", "modp1024" }, { "PFS2048", "modp2048" },
	{ "PFS14", "modp2048" }, { "ECP256", "ecp256" }, { "ECP384", "ecp384" },
	{ "PFS24", "modp2048s256" }, { "PFSMM", "" }, { NULL, NULL } };

static const char *azure_policy_find(const azure_policy_map_t *map, const char *v)
{
	for (size_t i = 0; map[i].azure; i++)
	{
		if (!strcasecmp(map[i].azure, v))
			return map[i].swan;
	}
	return NULL;
}

bool azure_policy_check(const azure_ipsec_policy_t *p, char *field, size_t flen, char *why,
						size_t wlen)
{
	const struct {
		const char *name, *value;
		const azure_policy_map_t *map;
	} f[] = {
		{ "ikeEncryption", p->ike_encryption, azure_policy_ike_enc },
		{ "ikeIntegrity", p->ike_integrity, azure_policy_ike_int },
		{ "dhGroup", p->dh_group, azure_policy_dh },
		{ "ipsecEncryption", p->ipsec_encryption, azure_policy_esp_enc },
		{ "ipsecIntegrity", p->ipsec_integrity, azure_policy_esp_int },
		{ "pfsGroup", p->pfs_group, azure_policy_pfs },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
	{
		if (!azure_policy_find(f[i].map, f[i].value))
		{
			size_t used;

			snprintf(field, flen, "%s", f[i].name);
			used = (size_t)snprintf(why, wlen, "'%s' is not an Azure value; expected one of:",
									f[i].value);
			for (size_t j = 0; f[i].map[j].azure && used < wlen; j++)
				used += (size_t)snprintf(why + used, wlen - used, "%s %s", j ? "," : "",
										 f[i].map[j].azure);
			return false;
		}
	}
	bool gcm = !strncasecmp(p->ipsec_encryption, "GCM", 3) ||
		!strncasecmp(p->ipsec_integrity, "GCM", 3);
	if (gcm && strcasecmp(p->ipsec_encryption, p->ipsec_integrity))
		return snprintf(field, flen, "ipsecIntegrity"), snprintf(why, wlen, "with GCM, "
						"ipsecEncryption and ipsecIntegrity must be the same GCMAES value "
						"(Azure rejects a mix)"), false;
	if (p->sa_lifetime_s < 300)
		return snprintf(field, flen, "saLifeTimeSeconds"), snprintf(why, wlen, "at least 300 "
						"(Azure's default is 27000)"), false;
	if (p->sa_data_size_kb < 1024)
		return snprintf(field, flen, "saDataSizeKilobytes"), snprintf(why, wlen, "at least "
						"1024 (Azure's default is 102400000)"), false;
	return true;
}

static void azure_policy_join(char *out, size_t len, const char *a, const char *b,
							  const char *c)
{
	snprintf(out, len, "%s%s%s%s%s", a, *b ? "-" : "", b, *c ? "-" : "", c);
}

int azure_policy_proposals(const azure_ipsec_policy_t *p,
						   char ike[AZURE_POLICY_MAX_PROPOSALS][128], size_t *n_ike,
						   char esp[AZURE_POLICY_MAX_PROPOSALS][128], size_t *n_esp)
{
	static const char *const dflt_ike[] = { "aes256-sha1-modp1024", "aes256-sha256-modp1024",
		"aes128-sha1-modp1024", "aes128-sha256-modp1024", "3des-sha1-modp1024",
		"3des-sha256-modp1024", NULL };
	static const char *const dflt_esp[] = { "aes256gcm16", "aes256-sha1", "3des-sha1",
		"aes256-sha256", "aes128-sha1", "3des-sha256", NULL };
	const char *ie, *ii, *dh, *ee, *ei, *pfs;

	*n_ike = *n_esp = 0;
	if (!p)
	{
		for (size_t i = 0; dflt_ike[i]; i++)
			snprintf(ike[(*n_ike)++], 128, "%s", dflt_ike[i]);
		for (size_t i = 0; dflt_esp[i]; i++)
			snprintf(esp[(*n_esp)++], 128, "%s", dflt_esp[i]);
		return 0;
	}
	ie = azure_policy_find(azure_policy_ike_enc, p->ike_encryption);
	ii = azure_policy_find(azure_policy_ike_int, p->ike_integrity);
	dh = azure_policy_find(azure_policy_dh, p->dh_group);
	ee = azure_policy_find(azure_policy_esp_enc, p->ipsec_encryption);
	ei = azure_policy_find(azure_policy_esp_int, p->ipsec_integrity);
	pfs = azure_policy_find(azure_policy_pfs, p->pfs_group);
	if (!ie || !ii || !dh || !*dh || !ee || !ei || !pfs)
		return -1;
	if (!strcasecmp(p->pfs_group, "PFSMM"))
		pfs = dh;
	azure_policy_join(ike[(*n_ike)++], 128, ie, ii, dh);
	azure_policy_join(esp[(*n_esp)++], 128, ee, ei, pfs);
	return 0;
}
