/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Every credential kind of arm_auth.c / arm_cred_*.c against armsim over real
 * HTTP(S): client certificate, federated token file, managed identity (IMDS
 * and IDENTITY_ENDPOINT on loopback, never 169.254.169.254) and the Azure CLI
 * (a fake az on PATH that prints a token armsim really issued); each working
 * (an ARM write accepted with the token) and failing with a message naming
 * the credential and Entra's reason, never a key, assertion or token.
 */

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "arm_assertion.h"
#include "azure_fixture.h"

#define RG_A "/subscriptions/" FX_SUB_A "/resourceGroups/rg-a"
#define RG_B "/subscriptions/" FX_SUB_B "/resourceGroups/rg-b"
#define ISSUER "https://oidc.crosspeer.test/cluster-1"
#define SUBJECT "system:serviceaccount:net:crosspeer"
#define ID_HEADER "id-header~never-printed"

static const arm_call_t call_a = { .tenant = FX_TENANT_A };
static const arm_call_t call_b = { .tenant = FX_TENANT_B };

/** One test's world: armsim with the credentials registered, a scratch dir. */
typedef struct {
	fx_t *fx;
	char dir[64];
	char path[256];
	char imds[64];
} world_t;

/** RSA keys and certificates, made once for the group (key generation is slow). */
static char keys[64];

static void path_in(world_t *w, const char *name)
{
	snprintf(w->path, sizeof(w->path), "%s/%.100s", w->dir, name);
}

/** w->path = a file of the shared key directory. */
static void key_in(world_t *w, const char *name)
{
	snprintf(w->path, sizeof(w->path), "%s/%.100s", keys, name);
}

/** armsim with app-a's certificate, a federated credential and managed identities. */
static world_t *world_start(int token_seconds)
{
	world_t *w = calloc(1, sizeof(*w));
	armsim_opts_t *o = calloc(1, sizeof(*o));
	armsim_tenant_t *a = &o->tenants[0];
	char *pem;

	snprintf(w->dir, sizeof(w->dir), "/tmp/xpcreds-test-XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	fx_opts(o);
	if (token_seconds)
		o->token_seconds = token_seconds;
	key_in(w, "app-a-cert.pem");
	pem = fx_read(w->path);
	snprintf(a->client_certificate, sizeof(a->client_certificate), "%s", pem);
	free(pem);
	key_in(w, "issuer-cert.pem");
	pem = fx_read(w->path);
	snprintf(a->fics[0].issuer, sizeof(a->fics[0].issuer), ISSUER);
	snprintf(a->fics[0].subject, sizeof(a->fics[0].subject), SUBJECT);
	snprintf(a->fics[0].issuer_key, sizeof(a->fics[0].issuer_key), "%s", pem);
	a->n_fics = 1;
	free(pem);
	snprintf(a->mis[0].client_id, sizeof(a->mis[0].client_id), "mi-system-a");
	a->mis[0].system_assigned = true;
	a->n_mis = 1;
	snprintf(o->tenants[1].mis[0].client_id, sizeof(o->tenants[1].mis[0].client_id), "uami-b");
	o->tenants[1].n_mis = 1;
	snprintf(o->imds_addr, sizeof(o->imds_addr), "127.0.0.1");
	snprintf(o->identity_header, sizeof(o->identity_header), ID_HEADER);
	w->fx = fx_start(o);
	free(o);
	snprintf(w->imds, sizeof(w->imds), "http://127.0.0.1:%u", armsim_imds_port(w->fx->sim));
	return w;
}

static void rm_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[256];

	while (d && (e = readdir(d)))
	{
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%.100s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static void world_stop(world_t *w)
{
	rm_dir(w->dir);
	fx_stop(w->fx);
	free(w);
}

static int keys_make(void **state)
{
	(void)state;
	snprintf(keys, sizeof(keys), "/tmp/xpcreds-keys-XXXXXX");
	if (!mkdtemp(keys))
		return -1;
	fx_rsa_identity(keys, "app-a");
	fx_rsa_identity(keys, "stranger");
	fx_rsa_identity(keys, "issuer");
	return 0;
}

static int keys_remove(void **state)
{
	(void)state;
	rm_dir(keys);
	return 0;
}

static arm_client_t *client_with(world_t *w, const char *tenant, const arm_cred_t *cred)
{
	arm_client_opts_t o;
	arm_client_t *c;

	fx_client_opts(w->fx, &o);
	o.max_retries = -1;
	c = arm_client_create(&o);
	assert_non_null(c);
	assert_int_equal(arm_client_add_credential(c, tenant, cred), 0);
	return c;
}

/** PUT a resource group: only a valid token of the subscription's tenant gets 200/201. */
static int put_rg(arm_client_t *c, const arm_call_t *call, const char *rg, arm_error_t *err,
				  char *line, size_t len)
{
	json_t *body = json_pack("{s:s}", "location", "westeurope");
	arm_response_t resp;
	int rc = arm_client_request(c, call, "PUT", rg, ARM_API_RESOURCES, body, &resp, err);

	json_decref(body);
	if (!rc)
		assert_true(resp.status == 200 || resp.status == 201);
	arm_response_clear(&resp);
	line[0] = '\0';
	if (rc)
		arm_error_format(err, line, len);
	return rc;
}

/** A JWT of the fake OIDC issuer (what a Kubernetes projected token file holds). */
static void write_federated(world_t *w, const char *subject, long exp_offset)
{
	json_t *h = json_pack("{s:s,s:s,s:s}", "alg", "RS256", "typ", "JWT", "kid", "issuer-1");
	long now = (long)time(NULL);
	json_t *claims = json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "iss", ISSUER, "sub", subject,
							   "aud", "api://AzureADTokenExchange", "iat", (json_int_t)now,
							   "nbf", (json_int_t)now, "exp", (json_int_t)(now + exp_offset));
	char why[256], *jwt, *tok_path;
	FILE *f;

	key_in(w, "issuer.pem");
	jwt = arm_jwt_sign(w->path, NULL, h, claims, why, sizeof(why));
	assert_non_null(jwt);
	path_in(w, "token");
	tok_path = w->path;
	f = fopen(tok_path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", jwt);
	fclose(f);
	free(jwt);
	json_decref(h);
	json_decref(claims);
}

/** No secret material in a message. */
static void assert_clean(const char *line)
{
	assert_null(strstr(line, "PRIVATE KEY"));
	assert_null(strstr(line, "eyJ"));
	assert_null(strstr(line, "armsim."));
	assert_null(strstr(line, ID_HEADER));
}

static void test_certificate_gets_a_token_arm_accepts(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t cred = { .kind = ARM_CRED_CERTIFICATE, .name = "a", .client_id = FX_CLIENT_A };
	arm_client_t *c;
	arm_error_t err;
	char line[2048];

	(void)state;
	key_in(w, "app-a.pem");
	cred.path = w->path;
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), 0);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), 0);
	assert_int_equal(armsim_token_requests(w->fx->sim), 1);
	arm_client_destroy(c);
	world_stop(w);
}

static void test_unregistered_certificate_is_named(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t cred = { .kind = ARM_CRED_CERTIFICATE, .name = "a", .client_id = FX_CLIENT_A };
	arm_client_t *c;
	arm_error_t err;
	char line[2048], want[600];

	(void)state;
	key_in(w, "stranger.pem");
	cred.path = w->path;
	snprintf(want, sizeof(want), "token for tenant a (" FX_TENANT_A ", client " FX_CLIENT_A
			 ") by client certificate %s: AADSTS700027: The certificate with identifier used "
			 "to sign the client assertion is not registered on application", w->path);
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_int_equal(err.status, 401);
	assert_string_equal(err.code, "invalid_client");
	assert_non_null(strstr(line, want));
	assert_clean(line);
	arm_client_destroy(c);
	world_stop(w);
}

static void test_certificate_file_without_key_is_named(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t cred = { .kind = ARM_CRED_CERTIFICATE, .client_id = FX_CLIENT_A };
	arm_client_t *c;
	arm_error_t err;
	char line[2048];

	(void)state;
	key_in(w, "app-a-cert.pem");
	cred.path = w->path;
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_string_equal(err.code, "CredentialUnavailable");
	assert_non_null(strstr(line, "app-a-cert.pem: no private key"));
	assert_int_equal(armsim_token_requests(w->fx->sim), 0);
	arm_client_destroy(c);
	world_stop(w);
}

static void test_federated_token_file_is_read_for_each_token(void **state)
{
	world_t *w = world_start(2);
	arm_cred_t cred = { .kind = ARM_CRED_FEDERATED, .name = "a", .client_id = FX_CLIENT_A };
	arm_client_t *c;
	arm_error_t err;
	char line[2048];

	(void)state;
	write_federated(w, SUBJECT, 600);
	cred.path = w->path;
	cred.source = "AZURE_FEDERATED_TOKEN_FILE";
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), 0);
	/* the file rotates to a token whose subject no credential trusts: the renewal
	 * (after 1 s of a 2 s token) reads it and Entra's answer names issuer and subject */
	write_federated(w, "system:serviceaccount:net:intruder", 600);
	usleep(1200 * 1000);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_int_equal(err.status, 400);
	assert_non_null(strstr(line, "by workload identity AZURE_FEDERATED_TOKEN_FILE: AADSTS70021: "
						   "No matching federated identity record found for presented assertion. "
						   "Assertion Issuer: '" ISSUER "'. Assertion Subject: "
						   "'system:serviceaccount:net:intruder'"));
	assert_clean(line);
	assert_int_equal(arm_client_token_fetches(c), 2);
	arm_client_destroy(c);
	world_stop(w);
}

static void test_expired_federated_token_is_named(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t cred = { .kind = ARM_CRED_FEDERATED, .name = "a", .client_id = FX_CLIENT_A };
	arm_client_t *c;
	arm_error_t err;
	char line[2048];

	(void)state;
	write_federated(w, SUBJECT, -3600);
	cred.path = w->path;
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_non_null(strstr(line, "by workload identity "));
	assert_non_null(strstr(line, "/token: AADSTS700024: Client assertion is not within its "
						   "valid time range."));
	assert_clean(line);
	arm_client_destroy(c);
	world_stop(w);
}

static void test_federated_token_of_another_issuer_key_fails(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t cred = { .kind = ARM_CRED_FEDERATED, .client_id = FX_CLIENT_A };
	json_t *h = json_pack("{s:s,s:s}", "alg", "PS256", "typ", "JWT");
	long now = (long)time(NULL);
	json_t *claims = json_pack("{s:s,s:s,s:s,s:I,s:I}", "iss", ISSUER, "sub", SUBJECT, "aud",
							   "api://AzureADTokenExchange", "nbf", (json_int_t)now, "exp",
							   (json_int_t)(now + 600));
	char why[256], line[2048], *jwt;
	arm_client_t *c;
	arm_error_t err;
	FILE *f;

	(void)state;
	/* right issuer and subject, signed by someone else's key */
	key_in(w, "stranger.pem");
	jwt = arm_jwt_sign(w->path, NULL, h, claims, why, sizeof(why));
	assert_non_null(jwt);
	path_in(w, "forged");
	f = fopen(w->path, "w");
	fputs(jwt, f);
	fclose(f);
	cred.path = w->path;
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_non_null(strstr(line, "AADSTS700027: Client assertion failed signature validation"));
	assert_clean(line);
	free(jwt);
	json_decref(h);
	json_decref(claims);
	arm_client_destroy(c);
	world_stop(w);
}

/** POST form to armsim's token endpoint of tenant a; the status, body into out (4 KiB). */
static long raw_token(world_t *w, const char *form, char *out);

/** An RS256 certificate assertion with header x5t (SHA-1) and the given aud and exp. */
static char *hand_assertion(world_t *w, const char *aud, long exp_offset)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	long now = (long)time(NULL);
	char why[256], *x5t, *jwt;
	json_t *h, *c;
	X509 *x;
	BIO *b;

	key_in(w, "app-a-cert.pem");
	b = BIO_new_file(w->path, "r");
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	assert_non_null(x);
	X509_digest(x, EVP_sha1(), md, &len);
	x5t = arm_b64url(md, len);
	h = json_pack("{s:s,s:s,s:s}", "alg", "RS256", "typ", "JWT", "x5t", x5t);
	c = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "aud", aud, "iss", FX_CLIENT_A, "sub",
				  FX_CLIENT_A, "jti", "j-1", "nbf", (json_int_t)(now - 7200), "exp",
				  (json_int_t)(now + exp_offset));
	key_in(w, "app-a.pem");
	jwt = arm_jwt_sign(w->path, NULL, h, c, why, sizeof(why));
	assert_non_null(jwt);
	free(x5t);
	json_decref(h);
	json_decref(c);
	X509_free(x);
	BIO_free(b);
	return jwt;
}

static void test_certificate_assertion_checks(void **state)
{
	world_t *w = world_start(0);
	char aud[256], form[8192], body[4096], *jwt;

	(void)state;
	snprintf(aud, sizeof(aud), "%s/" FX_TENANT_A "/oauth2/v2.0/token", w->fx->base);
	/* RS256 with x5t: accepted */
	jwt = hand_assertion(w, aud, 600);
	snprintf(form, sizeof(form), "grant_type=client_credentials&client_id=" FX_CLIENT_A
			 "&scope=https%%3A%%2F%%2Fmanagement.azure.com%%2F.default&client_assertion_type="
			 "urn%%3Aietf%%3Aparams%%3Aoauth%%3Aclient-assertion-type%%3Ajwt-bearer"
			 "&client_assertion=%s", jwt);
	assert_int_equal(raw_token(w, form, body), 200);
	assert_non_null(strstr(body, "\"access_token\""));
	free(jwt);
	/* expired an hour ago (past the 5 minutes of skew) */
	jwt = hand_assertion(w, aud, -3600);
	snprintf(strstr(form, "&client_assertion=") + 18, 4096, "%s", jwt);
	assert_int_equal(raw_token(w, form, body), 401);
	assert_non_null(strstr(body, "AADSTS700024: Client assertion is not within its valid time "
						   "range. Current time: "));
	free(jwt);
	/* meant for another tenant's token endpoint */
	jwt = hand_assertion(w, "https://login.microsoftonline.com/" FX_TENANT_B
						 "/oauth2/v2.0/token", 600);
	snprintf(strstr(form, "&client_assertion=") + 18, 4096, "%s", jwt);
	assert_int_equal(raw_token(w, form, body), 401);
	assert_non_null(strstr(body, "AADSTS50027"));
	assert_non_null(strstr(body, "is not the token endpoint of tenant"));
	free(jwt);
	/* one character of the signature changed */
	jwt = hand_assertion(w, aud, 600);
	jwt[strlen(jwt) - 5] = jwt[strlen(jwt) - 5] == 'A' ? 'B' : 'A';
	snprintf(strstr(form, "&client_assertion=") + 18, 4096, "%s", jwt);
	assert_int_equal(raw_token(w, form, body), 401);
	assert_non_null(strstr(body, "AADSTS700027: Client assertion failed signature validation"));
	free(jwt);
	world_stop(w);
}

static void test_imds_system_and_user_assigned(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t sys = { .kind = ARM_CRED_MANAGED_IDENTITY, .endpoint = w->imds };
	arm_cred_t user = { .kind = ARM_CRED_MANAGED_IDENTITY, .endpoint = w->imds,
						.mi_client_id = "uami-b" };
	arm_client_t *c = client_with(w, FX_TENANT_A, &sys), *d;
	arm_error_t err;
	char line[2048];

	(void)state;
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), 0);
	/* the system-assigned identity lives in tenant a: its token is refused in b */
	assert_int_equal(put_rg(c, &call_a, RG_B, &err, line, sizeof(line)), -1);
	assert_string_equal(err.code, "InvalidAuthenticationTokenTenant");
	d = client_with(w, FX_TENANT_B, &user);
	assert_int_equal(put_rg(d, &call_b, RG_B, &err, line, sizeof(line)), 0);
	arm_client_destroy(d);
	user.mi_client_id = "uami-nobody";
	user.name = "b";
	d = client_with(w, FX_TENANT_B, &user);
	assert_int_equal(put_rg(d, &call_b, RG_B, &err, line, sizeof(line)), -1);
	assert_non_null(strstr(line, "token for tenant b (" FX_TENANT_B ") by managed identity "
						   "http://127.0.0.1:"));
	assert_non_null(strstr(line, "invalid_request: "));
	assert_non_null(strstr(line, ": Identity not found"));
	arm_client_destroy(d);
	arm_client_destroy(c);
	world_stop(w);
}

static size_t sink(char *data, size_t size, size_t n, void *ctx)
{
	size_t len = strlen(ctx), add = size * n;

	if (len + add < 4096)
	{
		memcpy((char *)ctx + len, data, add);
		((char *)ctx)[len + add] = '\0';
	}
	return add;
}

/** A raw GET with the given headers; the status, body into out (4 KiB). */
static long raw_get(const char *url, const char *h1, const char *h2, char *out)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	long status = 0;

	out[0] = '\0';
	if (h1)
		hdrs = curl_slist_append(hdrs, h1);
	if (h2)
		hdrs = curl_slist_append(hdrs, h2);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return status;
}

static long raw_token(world_t *w, const char *form, char *out)
{
	CURL *h = curl_easy_init();
	char url[256];
	long status = 0;

	out[0] = '\0';
	snprintf(url, sizeof(url), "%s/" FX_TENANT_A "/oauth2/v2.0/token", w->fx->base);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CAINFO, w->fx->ca);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	return status;
}

static void test_imds_refuses_what_imds_refuses(void **state)
{
	world_t *w = world_start(0);
	char url[256], body[4096];

	(void)state;
	snprintf(url, sizeof(url), "%s/metadata/identity/oauth2/token?api-version=2018-02-01"
			 "&resource=https://management.azure.com/", w->imds);
	assert_int_equal(raw_get(url, NULL, NULL, body), 400);
	assert_non_null(strstr(body, "\"error_description\":\"Required metadata header not "
						   "specified\""));
	assert_int_equal(raw_get(url, "Metadata: true", "X-Forwarded-For: 192.0.2.7", body), 400);
	assert_non_null(strstr(body, "X-Forwarded-For"));
	assert_int_equal(raw_get(url, "Metadata: true", NULL, body), 200);
	assert_non_null(strstr(body, "\"client_id\":\"mi-system-a\""));
	assert_non_null(strstr(body, "\"expires_in\":\""));
	/* MSAL's spelling (a slash before the query) and the emulator's own URL as resource */
	snprintf(url, sizeof(url), "%s/metadata/identity/oauth2/token/?api-version=2018-02-01"
			 "&resource=%s", w->imds, w->fx->base);
	assert_int_equal(raw_get(url, "Metadata: true", NULL, body), 200);
	snprintf(url, sizeof(url), "%s/metadata/identity/oauth2/token?api-version=2018-02-01"
			 "&resource=https://vault.azure.net", w->imds);
	assert_int_equal(raw_get(url, "Metadata: true", NULL, body), 400);
	assert_non_null(strstr(body, "AADSTS500011"));
	world_stop(w);
}

static void test_identity_endpoint_needs_its_header(void **state)
{
	world_t *w = world_start(0);
	char url[256], body[4096];
	arm_cred_t cred = { .kind = ARM_CRED_MANAGED_IDENTITY, .name = "a", .secret = ID_HEADER,
						.source = "IDENTITY_ENDPOINT" };
	arm_client_t *c;
	arm_error_t err;
	char line[2048];

	(void)state;
	snprintf(url, sizeof(url), "%s/msi/token", w->imds);
	cred.endpoint = url;
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), 0);
	arm_client_destroy(c);
	/* without X-IDENTITY-HEADER, and with a wrong value: refused, named, not echoed */
	snprintf(url, sizeof(url), "%s/msi/token?api-version=2019-08-01&resource=https://"
			 "management.azure.com/", w->imds);
	assert_int_equal(raw_get(url, NULL, NULL, body), 401);
	assert_non_null(strstr(body, "no X-IDENTITY-HEADER header"));
	snprintf(url, sizeof(url), "%s/msi/token", w->imds);
	cred.secret = "not-the-identity-header";
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_non_null(strstr(line, "token for tenant a (" FX_TENANT_A ") by managed identity "
						   "IDENTITY_ENDPOINT: The X-IDENTITY-HEADER value does not match "
						   "IDENTITY_HEADER"));
	assert_null(strstr(line, "not-the-identity-header"));
	assert_clean(line);
	arm_client_destroy(c);
	world_stop(w);
}

/** A fake az on PATH: prints out (JSON) or fails like az does, and records its argv. */
static void fake_az(world_t *w, const char *json, int rc)
{
	char *path = getenv("PATH");
	static char newpath[4096];
	FILE *f;

	path_in(w, "az");
	f = fopen(w->path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\nprintf '%%s\\n' \"$*\" > '%s/az.argv'\n", w->dir);
	if (rc)
		fprintf(f, "echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit %d\n", rc);
	else
		fprintf(f, "cat <<'EOF'\n%s\nEOF\n", json);
	fclose(f);
	chmod(w->path, 0700);
	if (!strstr(path ? path : "", w->dir))
	{
		snprintf(newpath, sizeof(newpath), "%s:%s", w->dir, path ? path : "/usr/bin:/bin");
		setenv("PATH", newpath, 1);
	}
}

static void test_azure_cli_token(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t cred = { .kind = ARM_CRED_AZURE_CLI, .name = "a" };
	char url[256], body[4096], json[8192], *argv;
	json_t *doc;
	arm_client_t *c;
	arm_error_t err;
	char line[2048];

	(void)state;
	/* a token armsim really issued (through IMDS) is what the fake az hands out */
	snprintf(url, sizeof(url), "%s/metadata/identity/oauth2/token?api-version=2018-02-01"
			 "&resource=https://management.azure.com/", w->imds);
	assert_int_equal(raw_get(url, "Metadata: true", NULL, body), 200);
	doc = json_loads(body, 0, NULL);
	snprintf(json, sizeof(json), "{\"accessToken\": \"%s\", \"expiresOn\": \"2099-01-01 "
			 "00:00:00.000000\", \"expires_on\": %ld, \"subscription\": \"" FX_SUB_A "\", "
			 "\"tenant\": \"" FX_TENANT_A "\", \"tokenType\": \"Bearer\"}",
			 json_string_value(json_object_get(doc, "access_token")), (long)time(NULL) + 3000);
	json_decref(doc);
	fake_az(w, json, 0);
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), 0);
	path_in(w, "az.argv");
	argv = fx_read(w->path);
	assert_string_equal(argv, "account get-access-token --output json --resource "
						"https://management.azure.com/ --tenant " FX_TENANT_A "\n");
	free(argv);
	arm_client_destroy(c);
	/* az not logged in: its reason, named */
	fake_az(w, NULL, 1);
	c = client_with(w, FX_TENANT_A, &cred);
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_string_equal(err.code, "CredentialUnavailable");
	assert_non_null(strstr(line, "token for tenant a (" FX_TENANT_A ") by Azure CLI az: exited "
						   "1: ERROR: Please run 'az login' to setup account."));
	arm_client_destroy(c);
	world_stop(w);
}

static void test_azure_cli_missing(void **state)
{
	world_t *w = world_start(0);
	arm_cred_t cred = { .kind = ARM_CRED_AZURE_CLI, .program = "az-not-installed-here" };
	arm_client_t *c = client_with(w, FX_TENANT_A, &cred);
	arm_error_t err;
	char line[2048];

	(void)state;
	assert_int_equal(put_rg(c, &call_a, RG_A, &err, line, sizeof(line)), -1);
	assert_non_null(strstr(line, "by Azure CLI az-not-installed-here: not found on PATH"));
	arm_client_destroy(c);
	world_stop(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_certificate_gets_a_token_arm_accepts),
		cmocka_unit_test(test_unregistered_certificate_is_named),
		cmocka_unit_test(test_certificate_file_without_key_is_named),
		cmocka_unit_test(test_certificate_assertion_checks),
		cmocka_unit_test(test_federated_token_file_is_read_for_each_token),
		cmocka_unit_test(test_expired_federated_token_is_named),
		cmocka_unit_test(test_federated_token_of_another_issuer_key_fails),
		cmocka_unit_test(test_imds_system_and_user_assigned),
		cmocka_unit_test(test_imds_refuses_what_imds_refuses),
		cmocka_unit_test(test_identity_endpoint_needs_its_header),
		cmocka_unit_test(test_azure_cli_token),
		cmocka_unit_test(test_azure_cli_missing),
	};

	return cmocka_run_group_tests(tests, keys_make, keys_remove);
}
