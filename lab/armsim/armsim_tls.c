/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* A throwaway CA and a server certificate for 127.0.0.1/localhost (OpenSSL 3 API). */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "armsim.h"

static bool armsim_tls_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	bool ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	ok = ext && X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

static bool armsim_tls_serial(X509 *x)
{
	BIGNUM *bn = BN_new();
	bool ok = bn && BN_rand(bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
		BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));

	BN_free(bn);
	return ok;
}

/** A certificate for key, signed by issuer (NULL: self-signed CA). */
static X509 *armsim_tls_cert(EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, const char *cn)
{
	X509 *x = X509_new();
	X509_NAME *name;
	bool ok;

	if (!x)
		return NULL;
	name = X509_get_subject_name(x);
	ok = X509_set_version(x, 2) && armsim_tls_serial(x) &&
		X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
		X509_gmtime_adj(X509_getm_notAfter(x), 30L * 24 * 3600) &&
		X509_set_pubkey(x, key) &&
		X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"crosspeer "
								   "armsim", -1, -1, 0) &&
		X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0) &&
		X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) &&
		armsim_tls_ext(x, issuer, NID_subject_key_identifier, "hash");
	if (ok && !issuer)
		ok = armsim_tls_ext(x, NULL, NID_basic_constraints, "critical,CA:TRUE") &&
			armsim_tls_ext(x, NULL, NID_key_usage, "critical,keyCertSign,cRLSign");
	else if (ok)
		ok = armsim_tls_ext(x, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
			armsim_tls_ext(x, issuer, NID_key_usage, "critical,digitalSignature") &&
			armsim_tls_ext(x, issuer, NID_ext_key_usage, "serverAuth") &&
			armsim_tls_ext(x, issuer, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") &&
			armsim_tls_ext(x, issuer, NID_authority_key_identifier, "keyid:always");
	if (!ok || !X509_sign(x, issuer ? issuer_key : key, EVP_sha256()))
	{
		X509_free(x);
		return NULL;
	}
	return x;
}

static FILE *armsim_tls_open(const char *dir, const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	return fd < 0 ? NULL : fdopen(fd, "w");
}

static bool armsim_tls_write(const char *dir, X509 *ca, X509 *cert, EVP_PKEY *key)
{
	FILE *fca = armsim_tls_open(dir, "ca.pem");
	FILE *fcert = armsim_tls_open(dir, "cert.pem");
	FILE *fkey = armsim_tls_open(dir, "key.pem");
	bool ok = fca && fcert && fkey && PEM_write_X509(fca, ca) && PEM_write_X509(fcert, cert) &&
		PEM_write_PrivateKey(fkey, key, NULL, NULL, 0, NULL, NULL);

	if (fca)
		ok = !fclose(fca) && ok;
	if (fcert)
		ok = !fclose(fcert) && ok;
	if (fkey)
		ok = !fclose(fkey) && ok;
	return ok;
}

int armsim_tls_generate(const char *dir, char *err, size_t errlen)
{
	EVP_PKEY *ca_key = EVP_EC_gen("P-256"), *key = EVP_EC_gen("P-256");
	X509 *ca = ca_key ? armsim_tls_cert(ca_key, NULL, NULL, "crosspeer armsim test CA") : NULL;
	X509 *cert = ca && key ? armsim_tls_cert(key, ca, ca_key, "localhost") : NULL;
	int rc = 0;

	if (!cert)
	{
		snprintf(err, errlen, "cannot generate a test CA and certificate");
		rc = -1;
	}
	else if (!armsim_tls_write(dir, ca, cert, key))
	{
		snprintf(err, errlen, "cannot write ca.pem, cert.pem, key.pem into %s", dir);
		rc = -1;
	}
	X509_free(cert);
	X509_free(ca);
	EVP_PKEY_free(key);
	EVP_PKEY_free(ca_key);
	return rc;
}
