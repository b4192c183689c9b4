/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "azure_fixture.h"

void fx_opts(armsim_opts_t *o)
{
	armsim_opts_default(o);
	o->gateway_seconds = 1.0;
	o->resource_seconds = 0.2;
	o->retry_after_s = 0;
	o->stall_seconds = 3;
	o->n_tenants = 2;
	snprintf(o->tenants[0].tenant_id, sizeof(o->tenants[0].tenant_id), FX_TENANT_A);
	snprintf(o->tenants[0].subscription_id, sizeof(o->tenants[0].subscription_id), FX_SUB_A);
	snprintf(o->tenants[0].client_id, sizeof(o->tenants[0].client_id), FX_CLIENT_A);
	snprintf(o->tenants[0].client_secret, sizeof(o->tenants[0].client_secret), FX_SECRET_A);
	snprintf(o->tenants[1].tenant_id, sizeof(o->tenants[1].tenant_id), FX_TENANT_B);
	snprintf(o->tenants[1].subscription_id, sizeof(o->tenants[1].subscription_id), FX_SUB_B);
	snprintf(o->tenants[1].client_id, sizeof(o->tenants[1].client_id), FX_CLIENT_B);
	snprintf(o->tenants[1].client_secret, sizeof(o->tenants[1].client_secret), FX_SECRET_B);
}

fx_t *fx_start(const armsim_opts_t *opts)
{
	fx_t *fx = calloc(1, sizeof(*fx));
	armsim_opts_t o;
	char err[256];

	if (!fx)
		abort();
	if (opts)
		o = *opts;
	else
		fx_opts(&o);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/xparm-test-XXXXXX");
	if (!mkdtemp(fx->dir) || armsim_tls_generate(fx->dir, err, sizeof(err)))
	{
		fprintf(stderr, "fixture: %s\n", err);
		abort();
	}
	snprintf(fx->ca, sizeof(fx->ca), "%s/ca.pem", fx->dir);
	snprintf(o.tls_cert_file, sizeof(o.tls_cert_file), "%s/cert.pem", fx->dir);
	snprintf(o.tls_key_file, sizeof(o.tls_key_file), "%s/key.pem", fx->dir);
	fx->sim = armsim_start(&o, err, sizeof(err));
	if (!fx->sim)
	{
		fprintf(stderr, "fixture: %s\n", err);
		abort();
	}
	snprintf(fx->base, sizeof(fx->base), "https://127.0.0.1:%u", armsim_port(fx->sim));
	return fx;
}

void fx_client_opts(fx_t *fx, arm_client_opts_t *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->authority_host, sizeof(o->authority_host), "%s", fx->base);
	snprintf(o->resource_manager, sizeof(o->resource_manager), "%s", fx->base);
	snprintf(o->ca_file, sizeof(o->ca_file), "%s", fx->ca);
	o->timeout_ms = 10000;
	o->backoff_base_ms = 50;
	o->backoff_max_ms = 200;
	o->poll_min_ms = 50;
	o->poll_default_ms = 100;
	o->lro_timeout_ms = 60000;
}

arm_client_t *fx_client(fx_t *fx)
{
	arm_client_opts_t o;
	arm_client_t *c;

	fx_client_opts(fx, &o);
	c = arm_client_create(&o);
	if (!c || arm_client_add_tenant(c, FX_TENANT_A, FX_CLIENT_A, FX_SECRET_A) ||
		arm_client_add_tenant(c, FX_TENANT_B, FX_CLIENT_B, FX_SECRET_B))
		abort();
	return c;
}

void fx_stop(fx_t *fx)
{
	char path[160];

	if (!fx)
		return;
	armsim_stop(fx->sim);
	for (const char *const *f = (const char *const[]){ "ca.pem", "cert.pem", "key.pem", NULL };
		 *f; f++)
	{
		snprintf(path, sizeof(path), "%s/%s", fx->dir, *f);
		unlink(path);
	}
	rmdir(fx->dir);
	free(fx);
}

static void fx_write_pem(const char *path, X509 *x, EVP_PKEY *key)
{
	FILE *f = fopen(path, "w");

	if (!f || fchmod(fileno(f), 0600) || !PEM_write_X509(f, x) ||
		(key && !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)))
		abort();
	fclose(f);
}

void fx_rsa_identity(const char *dir, const char *name)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	X509 *x = X509_new();
	X509_NAME *n;
	char path[256];

	if (!key || !x)
		abort();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -60);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, key);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)name, -1, -1, 0);
	X509_set_issuer_name(x, n);
	if (!X509_sign(x, key, EVP_sha256()))
		abort();
	snprintf(path, sizeof(path), "%s/%s.pem", dir, name);
	fx_write_pem(path, x, key);
	snprintf(path, sizeof(path), "%s/%s-cert.pem", dir, name);
	fx_write_pem(path, x, NULL);
	X509_free(x);
	EVP_PKEY_free(key);
}

char *fx_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	if (!f || !buf)
		abort();
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}
