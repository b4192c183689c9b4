/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Signed client assertions (RFC 7523) from a PEM certificate + key, with OpenSSL. */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "arm_assertion.h"

char *arm_b64url(const unsigned char *data, size_t len)
{
	char *out = malloc(4 * ((len + 2) / 3) + 1);
	int n;

	if (!out)
		return NULL;
	n = EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	while (n > 0 && out[n - 1] == '=')
		n--;
	out[n] = '\0';
	for (char *p = out; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	return out;
}

/** The PEM file's RSA private key, or NULL with why filled. */
static EVP_PKEY *arm_assertion_key(const char *pem_file, const char *password, char *why,
								   size_t whylen)
{
	BIO *b = BIO_new_file(pem_file, "r");
	EVP_PKEY *key;

	if (!b)
		return snprintf(why, whylen, "%s: cannot open: %s", pem_file, strerror(errno)), NULL;
	key = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)(password ? password : ""));
	BIO_free(b);
	if (!key)
		snprintf(why, whylen, "%s: no private key that can be read%s", pem_file,
				 password ? " with AZURE_CLIENT_CERTIFICATE_PASSWORD" : " (encrypted? set "
				 "AZURE_CLIENT_CERTIFICATE_PASSWORD)");
	else if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA)
	{
		snprintf(why, whylen, "%s: the private key is not RSA; Entra ID signs and checks "
				 "client assertions with RSA keys", pem_file);
		EVP_PKEY_free(key);
		key = NULL;
	}
	ERR_clear_error();
	return key;
}

/** The PEM file's certificate, or NULL with why filled. */
static X509 *arm_assertion_cert(const char *pem_file, char *why, size_t whylen)
{
	BIO *b = BIO_new_file(pem_file, "r");
	X509 *x;

	if (!b)
		return snprintf(why, whylen, "%s: cannot open: %s", pem_file, strerror(errno)), NULL;
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (!x)
		snprintf(why, whylen, "%s: no certificate in it; expected the certificate and its "
				 "private key (PEM)", pem_file);
	return x;
}

/** Signature of data with key: PS256 (PSS, salt = digest length) or RS256. */
static unsigned char *arm_assertion_rsa(EVP_PKEY *key, bool pss, const char *data,
										size_t *siglen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *sig = NULL;

	if (md && EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, key) == 1 &&
		(!pss || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
				  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1)) &&
		EVP_DigestSign(md, NULL, siglen, (const unsigned char *)data, strlen(data)) == 1 &&
		(sig = malloc(*siglen)) &&
		EVP_DigestSign(md, sig, siglen, (const unsigned char *)data, strlen(data)) != 1)
	{
		free(sig);
		sig = NULL;
	}
	EVP_MD_CTX_free(md);
	return sig;
}

/** base64url(json) without spaces, or NULL. */
static char *arm_assertion_part(json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT);
	char *out = text ? arm_b64url((unsigned char *)text, strlen(text)) : NULL;

	free(text);
	return out;
}

static char *arm_jwt_sign_key(EVP_PKEY *key, json_t *header, json_t *claims, char *why,
							  size_t whylen)
{
	const char *alg = json_string_value(json_object_get(header, "alg"));
	char *h = arm_assertion_part(header), *c = arm_assertion_part(claims);
	char *input = NULL, *sig64 = NULL, *jwt = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0, len;

	if (!alg || (strcmp(alg, "PS256") && strcmp(alg, "RS256")))
		snprintf(why, whylen, "unsupported JWT alg (RS256 or PS256)");
	else if (h && c && (input = malloc(strlen(h) + strlen(c) + 2)))
	{
		sprintf(input, "%s.%s", h, c);
		sig = arm_assertion_rsa(key, !strcmp(alg, "PS256"), input, &siglen);
		sig64 = sig ? arm_b64url(sig, siglen) : NULL;
		len = strlen(input) + (sig64 ? strlen(sig64) : 0) + 2;
		if (sig64 && (jwt = malloc(len)))
			snprintf(jwt, len, "%s.%s", input, sig64);
		else
			snprintf(why, whylen, "cannot sign the assertion");
	}
	else
		snprintf(why, whylen, "out of memory");
	free(sig);
	free(sig64);
	free(input);
	free(h);
	free(c);
	return jwt;
}

char *arm_jwt_sign(const char *pem_file, const char *password, json_t *header, json_t *claims,
				   char *why, size_t whylen)
{
	EVP_PKEY *key = arm_assertion_key(pem_file, password, why, whylen);
	char *jwt = key ? arm_jwt_sign_key(key, header, claims, why, whylen) : NULL;

	EVP_PKEY_free(key);
	return jwt;
}

/** base64url SHA-256 of the certificate's DER: the x5t#S256 header. */
static char *arm_assertion_thumbprint(X509 *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (X509_digest(x, EVP_sha256(), md, &len) != 1)
		return NULL;
	return arm_b64url(md, len);
}

static void arm_assertion_jti(char out[40])
{
	unsigned char b[16];

	RAND_bytes(b, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
			 b[13], b[14], b[15]);
}

char *arm_assertion_create(const char *pem_file, const char *password, const char *client_id,
						   const char *audience, char *why, size_t whylen)
{
	X509 *x = arm_assertion_cert(pem_file, why, whylen);
	EVP_PKEY *key = x ? arm_assertion_key(pem_file, password, why, whylen) : NULL;
	char *thumb = NULL, *jwt = NULL, jti[40];
	json_t *header = NULL, *claims = NULL;
	time_t now = time(NULL);

	if (!key)
		goto out;
	if (X509_check_private_key(x, key) != 1)
	{
		ERR_clear_error();
		snprintf(why, whylen, "%s: the private key does not belong to the certificate",
				 pem_file);
		goto out;
	}
	arm_assertion_jti(jti);
	thumb = arm_assertion_thumbprint(x);
	header = json_pack("{s:s,s:s,s:s?}", "alg", "PS256", "typ", "JWT", "x5t#S256", thumb);
	claims = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I}", "aud", audience, "iss", client_id,
					   "sub", client_id, "jti", jti, "nbf", (json_int_t)now, "iat",
					   (json_int_t)now, "exp", (json_int_t)(now + ARM_ASSERTION_LIFETIME_S));
	if (!thumb || !header || !claims)
		snprintf(why, whylen, "out of memory");
	else
		jwt = arm_jwt_sign_key(key, header, claims, why, whylen);
out:
	json_decref(header);
	json_decref(claims);
	free(thumb);
	EVP_PKEY_free(key);
	X509_free(x);
	return jwt;
}
