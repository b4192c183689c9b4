/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Azure ipsecPolicies[] -> strongSwan proposals, and a keyword check for proposal strings,
 * so that the policy sent to Azure and the proposals the peer offers cannot disagree.
 */

#include "profile_policy.h"
#include "profile_check.h"

#include <stdio.h>
#include <string.h>

typedef struct {
	const char *azure;
	const char *strongswan;	/* "" = nothing to add to the proposal */
} policy_map_t;

static const policy_map_t ike_encryption[] = {
	{ "DES", "des" }, { "DES3", "3des" }, { "AES128", "aes128" }, { "AES192", "aes192" },
	{ "AES256", "aes256" }, { "GCMAES128", "aes128gcm16" }, { "GCMAES256", "aes256gcm16" },
	{ NULL, NULL },
};

/* With a GCM cipher the integrity slot names the AEAD; IKE still needs a PRF. */
static const policy_map_t ike_integrity[] = {
	{ "MD5", "md5" }, { "SHA1", "sha1" }, { "SHA256", "sha256" }, { "SHA384", "sha384" },
	{ "GCMAES128", "prfsha256" }, { "GCMAES256", "prfsha384" }, { NULL, NULL },
};

static const policy_map_t dh_group[] = {
	{ "DHGroup1", "modp768" }, { "DHGroup2", "modp1024" }, { "DHGroup14", "modp2048" },
	{ "DHGroup2048", "modp2048" }, { "ECP256", "ecp256" }, { "ECP384", "ecp384" },
	{ "DHGroup24", "modp2048s256" }, { "None", "" }, { NULL, NULL },
};

static const policy_map_t ipsec_encryption[] = {
	{ "None", "null" }, { "DES", "des" }, { "DES3", "3des" }, { "AES128", "aes128" },
	{ "AES192", "aes192" }, { "AES256", "aes256" }, { "GCMAES128", "aes128gcm16" },
	{ "GCMAES192", "aes192gcm16" }, { "GCMAES256", "aes256gcm16" }, { NULL, NULL },
};

static const policy_map_t ipsec_integrity[] = {
	{ "MD5", "md5" }, { "SHA1", "sha1" }, { "SHA256", "sha256" },
	{ "GCMAES128", "" }, { "GCMAES192", "" }, { "GCMAES256", "" }, { NULL, NULL },
};

/* PFSMM: the same group as the main mode (IKE) SA; resolved in policy_esp(). */
static const policy_map_t pfs_group[] = {
	{ "None", "" }, { "PFS1", "modp768" }, { "PFS2", "modp1024" }, { "PFS14", "modp2048" },
	{ "PFS2048", "modp2048" }, { "ECP256", "ecp256" }, { "ECP384", "ecp384" },
	{ "PFS24", "modp2048s256" }, { "PFSMM", "" }, { NULL, NULL },
};

/* Azure matches enum values case-insensitively (its own CLI sends 'IPSec'); so do we. */
static const policy_map_t *policy_lookup(const policy_map_t *map, const char *value)
{
	for (; map->azure; map++)
	{
		if (!strcasecmp(map->azure, value))
			return map;
	}
	return NULL;
}

static bool policy_field(json_t *obj, const char *key, const char *path,
						 const policy_map_t *map, char *out, size_t len, profile_err_t *err)
{
	char where[128], list[200] = "";

	if (!check_string(obj, key, path, true, out, len, err))
		return false;
	if (policy_lookup(map, out))
		return true;
	for (const policy_map_t *m = map; m->azure; m++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 m == map ? "" : ", ", m->azure);
	check_path(where, sizeof(where), path, key, 0);
	return check_fail(err, where, "'%s' is not an Azure value; expected one of: %s", out, list);
}

static void policy_join(char *out, size_t len, const char *a, const char *b, const char *c)
{
	snprintf(out, len, "%s%s%s%s%s", a, *b ? "-" : "", b, *c ? "-" : "", c);
}

static bool policy_esp(profile_azure_policy_t *pol, char *out, size_t len, const char *path,
					   profile_err_t *err)
{
	const policy_map_t *enc = policy_lookup(ipsec_encryption, pol->ipsec_encryption);
	const policy_map_t *integ = policy_lookup(ipsec_integrity, pol->ipsec_integrity);
	const policy_map_t *pfs = policy_lookup(pfs_group, pol->pfs_group);
	bool gcm_enc = !strncasecmp(pol->ipsec_encryption, "GCMAES", 6);
	bool gcm_integ = !strncasecmp(pol->ipsec_integrity, "GCMAES", 6);
	char where[128];

	check_path(where, sizeof(where), path, "ipsecIntegrity", 0);
	if ((gcm_enc || gcm_integ) && strcasecmp(pol->ipsec_encryption, pol->ipsec_integrity))
		return check_fail(err, where, "with GCM, ipsecEncryption and ipsecIntegrity must be "
						  "the same GCMAES value (Azure rejects a mix)");
	if (!strcasecmp(pfs->azure, "PFSMM"))
		pfs = policy_lookup(dh_group, pol->dh_group);
	policy_join(out, len, enc->strongswan, integ->strongswan, pfs->strongswan);
	return true;
}

static bool policy_ike(profile_azure_policy_t *pol, char *out, size_t len, const char *path,
					   profile_err_t *err)
{
	const policy_map_t *enc = policy_lookup(ike_encryption, pol->ike_encryption);
	const policy_map_t *integ = policy_lookup(ike_integrity, pol->ike_integrity);
	const policy_map_t *dh = policy_lookup(dh_group, pol->dh_group);
	bool gcm_enc = !strncasecmp(pol->ike_encryption, "GCMAES", 6);
	bool gcm_integ = !strncasecmp(pol->ike_integrity, "GCMAES", 6);
	char where[128];

	check_path(where, sizeof(where), path, "dhGroup", 0);
	if (!*dh->strongswan)
		return check_fail(err, where, "IKEv2 needs a Diffie-Hellman group; 'None' is only "
						  "valid for IKEv1 connections");
	check_path(where, sizeof(where), path, "ikeIntegrity", 0);
	if (gcm_enc != gcm_integ || (gcm_enc && strcasecmp(pol->ike_encryption, pol->ike_integrity)))
		return check_fail(err, where, "with GCM, ikeEncryption and ikeIntegrity must be the "
						  "same GCMAES value");
	policy_join(out, len, enc->strongswan, integ->strongswan, dh->strongswan);
	return true;
}

bool profile_policy_parse(json_t *obj, const char *path, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "ikeEncryption", "ikeIntegrity", "dhGroup",
		"ipsecEncryption", "ipsecIntegrity", "pfsGroup", "saLifeTimeSeconds",
		"saDataSizeKilobytes", NULL };
	profile_azure_policy_t *pol = &p->azure_policy;
	uint64_t life = 0, kb = 0;

	if (!check_keys(obj, path, keys, err) ||
		!policy_field(obj, "ikeEncryption", path, ike_encryption, pol->ike_encryption,
					  sizeof(pol->ike_encryption), err) ||
		!policy_field(obj, "ikeIntegrity", path, ike_integrity, pol->ike_integrity,
					  sizeof(pol->ike_integrity), err) ||
		!policy_field(obj, "dhGroup", path, dh_group, pol->dh_group, sizeof(pol->dh_group), err) ||
		!policy_field(obj, "ipsecEncryption", path, ipsec_encryption, pol->ipsec_encryption,
					  sizeof(pol->ipsec_encryption), err) ||
		!policy_field(obj, "ipsecIntegrity", path, ipsec_integrity, pol->ipsec_integrity,
					  sizeof(pol->ipsec_integrity), err) ||
		!policy_field(obj, "pfsGroup", path, pfs_group, pol->pfs_group,
					  sizeof(pol->pfs_group), err) ||
		/* Azure's minimums: 300 s and 1024 KB; both are int32 in the API */
		!check_uint(obj, "saLifeTimeSeconds", path, true, 300, INT32_MAX, &life, err) ||
		!check_uint(obj, "saDataSizeKilobytes", path, true, 1024, INT32_MAX, &kb, err))
		return false;
	pol->sa_lifetime_s = (uint32_t)life;
	pol->sa_data_size_kb = (uint32_t)kb;
	if (!policy_ike(pol, p->ike_proposals[0], sizeof(p->ike_proposals[0]), path, err) ||
		!policy_esp(pol, p->esp_proposals[0], sizeof(p->esp_proposals[0]), path, err))
		return false;
	p->n_ike_proposals = p->n_esp_proposals = 1;
	p->ike_lifetime_s = 28800;	/* fixed by Azure for IKEv2 main mode */
	p->esp_lifetime_s = pol->sa_lifetime_s;
	p->esp_life_kb = pol->sa_data_size_kb;
	p->has_azure_policy = true;
	return true;
}

/* The keywords crosspeer's charon build (openssl plugin) understands. */
static const char *const encryption_words[] = { "null", "des", "3des", "aes128", "aes192",
	"aes256", "aes128ctr", "aes192ctr", "aes256ctr", "aes128gcm8", "aes128gcm12",
	"aes128gcm16", "aes192gcm8", "aes192gcm12", "aes192gcm16", "aes256gcm8", "aes256gcm12",
	"aes256gcm16", "aes128gcm", "aes192gcm", "aes256gcm", "chacha20poly1305", "camellia128",
	"camellia192", "camellia256", NULL };
static const char *const integrity_words[] = { "md5", "sha1", "sha", "sha256", "sha384",
	"sha512", "sha2_256", "sha2_384", "sha2_512", "aesxcbc", "prfsha1", "prfsha256",
	"prfsha384", "prfsha512", "prfmd5", "prfaesxcbc", NULL };
static const char *const dh_words[] = { "modp768", "modp1024", "modp1536", "modp2048",
	"modp3072", "modp4096", "modp6144", "modp8192", "modp2048s256", "modp2048s224",
	"modp1024s160", "ecp192", "ecp224", "ecp256", "ecp384", "ecp521", "curve25519",
	"x25519", "curve448", "x448", NULL };
static const char *const esp_words[] = { "esn", "noesn", NULL };

static bool policy_word_in(const char *word, const char *const list[])
{
	for (int i = 0; list[i]; i++)
	{
		if (!strcmp(word, list[i]))
			return true;
	}
	return false;
}

bool profile_policy_check_proposal(const char *s, bool ike, char *why, size_t len)
{
	char copy[128], *save = NULL;
	bool cipher = false, group = false;

	if (!*s || strlen(s) >= sizeof(copy))
	{
		snprintf(why, len, "expected a proposal such as %s",
				 ike ? "aes256-sha256-modp2048" : "aes256gcm16");
		return false;
	}
	strcpy(copy, s);
	for (char *w = strtok_r(copy, "-", &save); w; w = strtok_r(NULL, "-", &save))
	{
		if (policy_word_in(w, encryption_words))
			cipher = true;
		else if (policy_word_in(w, dh_words))
			group = true;
		else if (!policy_word_in(w, integrity_words) &&
				 (ike || !policy_word_in(w, esp_words)))
		{
			snprintf(why, len, "unknown algorithm '%s' in proposal '%s'", w, s);
			return false;
		}
	}
	if (!cipher)
	{
		snprintf(why, len, "proposal '%s' names no encryption algorithm", s);
		return false;
	}
	if (ike && !group)
	{
		snprintf(why, len, "IKE proposal '%s' names no Diffie-Hellman group, e.g. -modp2048", s);
		return false;
	}
	return true;
}
