/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Client assertions at the token endpoint, checked as Entra ID checks them:
 * a certificate assertion (iss = sub = client id) against the certificate
 * registered for the app (x5t or x5t#S256 thumbprint, RS256/PS256 signature,
 * aud = this tenant's token endpoint, nbf/exp, jti); a federated token (any
 * other iss) against the app's federated identity credentials (issuer, subject,
 * audience, then the signature with the issuer's key, nbf/exp).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "armsim_private.h"

#define ARMSIM_ASSERTION_TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#define ARMSIM_ASSERTION_MAX 16384
/** clock skew Entra tolerates on nbf and exp */
#define ARMSIM_ASSERTION_SKEW_S 300

/** A JWT taken apart. */
typedef struct {
	json_t *header, *claims;
	unsigned char *sig;
	size_t sig_len;
	/** "header.claims", what the signature covers */
	const char *input;
	size_t input_len;
} armsim_jwt_t;

/** base64url (no padding) to bytes (malloc'd, NUL-terminated), or NULL. */
static unsigned char *armsim_b64url_decode(const char *s, size_t len, size_t *out_len)
{
	size_t padded = (len + 3) / 4 * 4;
	char *b64 = malloc(padded + 1);
	unsigned char *out = malloc(padded / 4 * 3 + 1);
	int n = -1;

	if (b64 && out && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
							 "0123456789-_") >= len && len % 4 != 1)
	{
		for (size_t i = 0; i < padded; i++)
			b64[i] = i >= len ? '=' : s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
		n = EVP_DecodeBlock(out, (unsigned char *)b64, (int)padded);
	}
	free(b64);
	if (n < 0)
	{
		free(out);
		return NULL;
	}
	*out_len = (size_t)n - (padded - len);
	out[*out_len] = '\0';
	return out;
}

static json_t *armsim_jwt_json(const char *s, size_t len)
{
	size_t n = 0;
	unsigned char *raw = armsim_b64url_decode(s, len, &n);
	json_t *doc = raw ? json_loadb((char *)raw, n, 0, NULL) : NULL;

	free(raw);
	if (doc && !json_is_object(doc))
	{
		json_decref(doc);
		doc = NULL;
	}
	return doc;
}

static void armsim_jwt_clear(armsim_jwt_t *j)
{
	json_decref(j->header);
	json_decref(j->claims);
	free(j->sig);
	memset(j, 0, sizeof(*j));
}

static bool armsim_jwt_parse(const char *s, armsim_jwt_t *j)
{
	const char *d1 = strchr(s, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;

	memset(j, 0, sizeof(*j));
	if (!d2 || strchr(d2 + 1, '.'))
		return false;
	j->header = armsim_jwt_json(s, (size_t)(d1 - s));
	j->claims = armsim_jwt_json(d1 + 1, (size_t)(d2 - d1 - 1));
	j->sig = armsim_b64url_decode(d2 + 1, strlen(d2 + 1), &j->sig_len);
	j->input = s;
	j->input_len = (size_t)(d2 - s);
	if (j->header && j->claims && j->sig && j->sig_len)
		return true;
	armsim_jwt_clear(j);
	return false;
}

static const char *armsim_jwt_str(json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v ? v : "";
}

/** Does the signature verify with key (alg RS256 or PS256)? */
static bool armsim_jwt_verify(const armsim_jwt_t *j, EVP_PKEY *key)
{
	const char *alg = armsim_jwt_str(j->header, "alg");
	bool pss = !strcmp(alg, "PS256");
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool ok = false;

	if (md && (pss || !strcmp(alg, "RS256")) &&
		EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, key) == 1 &&
		(!pss || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
				  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) == 1)))
		ok = EVP_DigestVerify(md, j->sig, j->sig_len, (const unsigned char *)j->input,
							  j->input_len) == 1;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

/** A PEM certificate (or, when no certificate, a public key) into a key. */
static EVP_PKEY *armsim_assertion_pem_key(const char *pem, X509 **cert)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	EVP_PKEY *key = x ? X509_get_pubkey(x) : NULL;

	if (!x && b && BIO_reset(b) == 1)
		key = PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (cert)
		*cert = x;
	else
		X509_free(x);
	return key;
}

/** base64url thumbprint of a certificate with md (x5t: SHA-1, x5t#S256: SHA-256). */
static void armsim_assertion_thumb(X509 *x, const EVP_MD *md, char *out, size_t len)
{
	unsigned char d[EVP_MAX_MD_SIZE], b64[2 * EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int m;

	out[0] = '\0';
	if (X509_digest(x, md, d, &n) != 1)
		return;
	m = EVP_EncodeBlock(b64, d, (int)n);
	while (m > 0 && b64[m - 1] == '=')
		m--;
	for (int i = 0; i < m; i++)
		b64[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
	snprintf(out, len, "%.*s", m, (char *)b64);
}

static void armsim_assertion_time(time_t t, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S.0000000Z", &tm);
}

/** nbf <= now <= exp (with skew), else AADSTS700024. */
static bool armsim_assertion_times(const armsim_jwt_t *j, armsim_resp_t *resp)
{
	json_int_t nbf = json_integer_value(json_object_get(j->claims, "nbf"));
	json_int_t exp = json_integer_value(json_object_get(j->claims, "exp"));
	time_t now = time(NULL);
	char a[40], b[40], c[40];

	if (json_is_integer(json_object_get(j->claims, "exp")) &&
		now <= exp + ARMSIM_ASSERTION_SKEW_S && now + ARMSIM_ASSERTION_SKEW_S >= nbf)
		return true;
	armsim_assertion_time(now, a, sizeof(a));
	armsim_assertion_time((time_t)nbf, b, sizeof(b));
	armsim_assertion_time((time_t)exp, c, sizeof(c));
	armsim_aad_error(resp, 401, "invalid_client", 700024, "Client assertion is not within its "
					 "valid time range. Current time: %s, assertion valid from %s, expiry time "
					 "of assertion %s. Review the documentation at https://learn.microsoft.com/"
					 "entra/identity-platform/certificate-credentials .", a, b, c);
	return false;
}

/** Is aud (string or array) this tenant's token endpoint? */
static bool armsim_assertion_aud(json_t *aud, const char *tenant)
{
	char v2[160], v1[160];
	json_t *v;
	size_t i;

	snprintf(v2, sizeof(v2), "/%s/oauth2/v2.0/token", tenant);
	snprintf(v1, sizeof(v1), "/%s/oauth2/token", tenant);
	if (json_is_array(aud))
	{
		json_array_foreach(aud, i, v)
		{
			if (armsim_assertion_aud(v, tenant))
				return true;
		}
		return false;
	}
	const char *s = json_string_value(aud), *path = s ? strstr(s, "://") : NULL;
	path = path ? strchr(path + 3, '/') : NULL;
	return path && (!strcasecmp(path, v2) || !strcasecmp(path, v1));
}

static bool armsim_assertion_not_registered(const armsim_tenant_t *t, const char *thumb,
											armsim_resp_t *resp)
{
	armsim_aad_error(resp, 401, "invalid_client", 700027, "The certificate with identifier "
					 "used to sign the client assertion is not registered on application. "
					 "[Reason - The key was not found., Thumbprint of key used by client: '%s', "
					 "Please visit the Azure Portal, Graph Explorer or directly use MS Graph to "
					 "see configured keys for app Id '%s'.]", thumb, t->client_id);
	return false;
}

/** iss = sub = client id: the app's registered certificate signed it. */
static bool armsim_assertion_cert(const armsim_tenant_t *t, const armsim_jwt_t *j,
								  armsim_resp_t *resp)
{
	const char *x5t = armsim_jwt_str(j->header, "x5t");
	const char *s256 = armsim_jwt_str(j->header, "x5t#S256");
	char want1[64] = "", want256[64] = "";
	X509 *x = NULL;
	EVP_PKEY *key = t->client_certificate[0] ? armsim_assertion_pem_key(t->client_certificate,
																		 &x) : NULL;
	bool ok = false;

	if (x)
	{
		armsim_assertion_thumb(x, EVP_sha1(), want1, sizeof(want1));
		armsim_assertion_thumb(x, EVP_sha256(), want256, sizeof(want256));
	}
	if (!key || !x || (!(x5t[0] && !strcmp(x5t, want1)) && !(s256[0] && !strcmp(s256, want256))))
		armsim_assertion_not_registered(t, s256[0] ? s256 : x5t, resp);
	else if (!armsim_jwt_verify(j, key))
		armsim_aad_error(resp, 401, "invalid_client", 700027, "Client assertion failed "
						 "signature validation.");
	else if (armsim_assertion_times(j, resp))
	{
		if (!armsim_assertion_aud(json_object_get(j->claims, "aud"), t->tenant_id))
			armsim_aad_error(resp, 401, "invalid_client", 50027, "JWT token is invalid or "
							 "malformed: the audience '%s' is not the token endpoint of tenant "
							 "'%s'.", armsim_jwt_str(j->claims, "aud"), t->tenant_id);
		else if (!armsim_jwt_str(j->claims, "jti")[0])
			armsim_aad_error(resp, 401, "invalid_client", 50027, "JWT token is invalid or "
							 "malformed: the assertion has no 'jti' claim.");
		else
			ok = true;
	}
	EVP_PKEY_free(key);
	X509_free(x);
	return ok;
}

static bool armsim_assertion_has_aud(json_t *aud, const char *want)
{
	json_t *v;
	size_t i;

	if (json_is_string(aud))
		return !strcmp(json_string_value(aud), want);
	json_array_foreach(aud, i, v)
	{
		if (json_is_string(v) && !strcmp(json_string_value(v), want))
			return true;
	}
	return false;
}

/** Another issuer: a federated identity credential of the app must match it. */
static bool armsim_assertion_federated(const armsim_tenant_t *t, const armsim_jwt_t *j,
									   armsim_resp_t *resp)
{
	const char *iss = armsim_jwt_str(j->claims, "iss"), *sub = armsim_jwt_str(j->claims, "sub");
	json_t *aud = json_object_get(j->claims, "aud");
	const armsim_fic_t *f = NULL;
	EVP_PKEY *key;
	bool ok;

	for (size_t i = 0; i < t->n_fics && !f; i++)
	{
		const armsim_fic_t *c = &t->fics[i];
		if (!strcmp(c->issuer, iss) && !strcmp(c->subject, sub) &&
			armsim_assertion_has_aud(aud, c->audience[0] ? c->audience : ARMSIM_FIC_AUDIENCE))
			f = c;
	}
	if (!f)
	{
		armsim_aad_error(resp, 400, "invalid_request", 70021, "No matching federated identity "
						 "record found for presented assertion. Assertion Issuer: '%s'. Assertion "
						 "Subject: '%s'. Assertion Audience: '%s'. https://learn.microsoft.com/"
						 "entra/workload-id/workload-identity-federation", iss, sub,
						 json_is_string(aud) ? json_string_value(aud) :
						 json_string_value(json_array_get(aud, 0)) ?
						 json_string_value(json_array_get(aud, 0)) : "");
		return false;
	}
	key = armsim_assertion_pem_key(f->issuer_key, NULL);
	ok = key && armsim_jwt_verify(j, key);
	EVP_PKEY_free(key);
	if (!ok)
		armsim_aad_error(resp, 401, "invalid_client", 700027, "Client assertion failed "
						 "signature validation: the token was not signed by a key of issuer '%s'.",
						 iss);
	return ok && armsim_assertion_times(j, resp);
}

bool armsim_assertion_check(armsim_t *sim, const armsim_tenant_t *t, armsim_req_t *req,
							const char *type, armsim_resp_t *resp)
{
	char *jwt = calloc(1, ARMSIM_ASSERTION_MAX + 1);
	armsim_jwt_t j;
	bool ok = false;

	(void)sim;
	if (!jwt)
		armsim_error(resp, 500, "InternalServerError", NULL, "out of memory");
	else if (strcmp(type, ARMSIM_ASSERTION_TYPE))
		armsim_aad_error(resp, 400, "invalid_request", 90014, "The request body must contain "
						 "the following parameter: 'client_assertion_type' with the value '"
						 ARMSIM_ASSERTION_TYPE "'.");
	else if (!armsim_token_field(req->raw_body, req->raw_len, "client_assertion", jwt,
								 ARMSIM_ASSERTION_MAX + 1) || !jwt[0])
		armsim_aad_error(resp, 400, "invalid_request", 900144, "The request body must contain "
						 "the following parameter: 'client_assertion'.");
	else if (!armsim_jwt_parse(jwt, &j))
		armsim_aad_error(resp, 401, "invalid_client", 50027, "JWT token is invalid or malformed.");
	else
	{
		const char *iss = armsim_jwt_str(j.claims, "iss");
		if (!strcasecmp(iss, t->client_id) &&
			!strcasecmp(armsim_jwt_str(j.claims, "sub"), t->client_id))
			ok = armsim_assertion_cert(t, &j, resp);
		else
			ok = armsim_assertion_federated(t, &j, resp);
		armsim_jwt_clear(&j);
	}
	if (jwt)
		OPENSSL_cleanse(jwt, ARMSIM_ASSERTION_MAX);
	free(jwt);
	return ok;
}
