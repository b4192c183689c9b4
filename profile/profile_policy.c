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
#include <strings.h>

#include <azure_policy.h>

/* IKEv2 needs what ARM does not check: a DH group, and a GCM cipher named in both slots. */
static bool policy_ikev2(const profile_azure_policy_t *pol, const char *path, profile_err_t *err)
{
	bool gcm_enc = !strncasecmp(pol->ike_encryption, "GCMAES", 6);
	bool gcm_integ = !strncasecmp(pol->ike_integrity, "GCMAES", 6);
	char where[128];

	check_path(where, sizeof(where), path, "dhGroup", 0);
	if (!strcasecmp(pol->dh_group, "None"))
		return check_fail(err, where, "IKEv2 needs a Diffie-Hellman group; 'None' is only "
						  "valid for IKEv1 connections");
	check_path(where, sizeof(where), path, "ikeIntegrity", 0);
	if (gcm_enc != gcm_integ || (gcm_enc && strcasecmp(pol->ike_encryption, pol->ike_integrity)))
		return check_fail(err, where, "with GCM, ikeEncryption and ikeIntegrity must be the "
						  "same GCMAES value");
	return true;
}

/* Azure's own rules and mapping (plugins/azure/azure_policy.c), so the policy sent to ARM and
 * the proposals offered are derived by one piece of code. */
static bool policy_derive(profile_t *p, const char *path, profile_err_t *err)
{
	const profile_azure_policy_t *pol = &p->azure_policy;
	azure_ipsec_policy_t ap = { .sa_lifetime_s = pol->sa_lifetime_s,
								.sa_data_size_kb = pol->sa_data_size_kb };
	char field[32], why[200], where[128];

	snprintf(ap.ike_encryption, sizeof(ap.ike_encryption), "%s", pol->ike_encryption);
	snprintf(ap.ike_integrity, sizeof(ap.ike_integrity), "%s", pol->ike_integrity);
	snprintf(ap.dh_group, sizeof(ap.dh_group), "%s", pol->dh_group);
	snprintf(ap.ipsec_encryption, sizeof(ap.ipsec_encryption), "%s", pol->ipsec_encryption);
	snprintf(ap.ipsec_integrity, sizeof(ap.ipsec_integrity), "%s", pol->ipsec_integrity);
	snprintf(ap.pfs_group, sizeof(ap.pfs_group), "%s", pol->pfs_group);
	if (!azure_policy_check(&ap, field, sizeof(field), why, sizeof(why)))
	{
		check_path(where, sizeof(where), path, field, 0);
		return check_fail(err, where, "%s", why);
	}
	if (!policy_ikev2(pol, path, err))
		return false;
	if (azure_policy_proposals(&ap, p->ike_proposals, &p->n_ike_proposals, p->esp_proposals,
							   &p->n_esp_proposals) != 0)
		return check_fail(err, path, "no proposal can be derived from this policy");
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
		!check_string(obj, "ikeEncryption", path, true, pol->ike_encryption,
					  sizeof(pol->ike_encryption), err) ||
		!check_string(obj, "ikeIntegrity", path, true, pol->ike_integrity,
					  sizeof(pol->ike_integrity), err) ||
		!check_string(obj, "dhGroup", path, true, pol->dh_group, sizeof(pol->dh_group), err) ||
		!check_string(obj, "ipsecEncryption", path, true, pol->ipsec_encryption,
					  sizeof(pol->ipsec_encryption), err) ||
		!check_string(obj, "ipsecIntegrity", path, true, pol->ipsec_integrity,
					  sizeof(pol->ipsec_integrity), err) ||
		!check_string(obj, "pfsGroup", path, true, pol->pfs_group, sizeof(pol->pfs_group), err) ||
		/* Azure's minimums: 300 s and 1024 KB; both are int32 in the API */
		!check_uint(obj, "saLifeTimeSeconds", path, true, 300, INT32_MAX, &life, err) ||
		!check_uint(obj, "saDataSizeKilobytes", path, true, 1024, INT32_MAX, &kb, err))
		return false;
	pol->sa_lifetime_s = (uint32_t)life;
	pol->sa_data_size_kb = (uint32_t)kb;
	if (!policy_derive(p, path, err))
		return false;
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
