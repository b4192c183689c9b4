/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * crosspeer azure: each tenant's credential (profile_azure.c chose the kind)
 * checked and its secrets read before any ARM call, then handed to the ARM
 * client. A source that is missing or a key file others may read is the
 * profile's or the environment's mistake (exit 2); what Entra ID, IMDS or az
 * answer comes later, from the client (exit 4).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arm_client.h"
#include "cmd_azure.h"
#include "secret.h"

/** Read one secret into out. */
static bool cmd_azure_secret(const char *file, const char *env, char *out, const char *what)
{
	unsigned char buf[SECRET_MAX];
	char err[512];
	size_t len;

	if (!secret_load(file && *file ? file : NULL, env && *env ? env : NULL, buf, &len, err,
					 sizeof(err)))
	{
		fprintf(stderr, "crosspeer azure: %s: %s\n", what, err);
		return false;
	}
	memcpy(out, buf, len);
	out[len] = '\0';
	secret_wipe(buf, sizeof(buf));
	return true;
}

/** A private key file: regular, readable, not readable by group or others. */
static bool cmd_azure_key_file(const char *file, const char *what)
{
	struct stat st;

	if (stat(file, &st) || access(file, R_OK))
		return fprintf(stderr, "crosspeer azure: %s: %s: cannot read: %s\n", what, file,
					   strerror(errno)), false;
	if (!S_ISREG(st.st_mode))
		return fprintf(stderr, "crosspeer azure: %s: %s: not a regular file\n", what, file),
			false;
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return fprintf(stderr, "crosspeer azure: %s: %s: readable by group or others; run "
					   "'chmod 600 %s'\n", what, file, file), false;
	return true;
}

/** The managed identity endpoint (and IDENTITY_HEADER), read once for both tenants. */
static bool cmd_azure_mi(cmd_azure_secrets_t *s, const char *what)
{
	const char *ep = getenv("IDENTITY_ENDPOINT");
	const char *imds = getenv("AZURE_POD_IDENTITY_AUTHORITY_HOST");
	size_t n;

	if (s->mi_endpoint[0])
		return true;
	if (ep && *ep)
	{
		if (!getenv("IDENTITY_HEADER"))
			return fprintf(stderr, "crosspeer azure: %s: IDENTITY_ENDPOINT is set but "
						   "IDENTITY_HEADER is not; both come from the hosting service\n",
						   what), false;
		if (!cmd_azure_secret(NULL, "IDENTITY_HEADER", s->identity_header, what))
			return false;
	}
	snprintf(s->mi_endpoint, sizeof(s->mi_endpoint), "%s", ep && *ep ? ep : imds && *imds ?
			 imds : "http://169.254.169.254");
	for (n = strlen(s->mi_endpoint); !(ep && *ep) && n && s->mi_endpoint[n - 1] == '/'; n--)
		s->mi_endpoint[n - 1] = '\0';
	if (strncmp(s->mi_endpoint, "http://", 7) && strncmp(s->mi_endpoint, "https://", 8))
		return fprintf(stderr, "crosspeer azure: %s: %s: expected an http:// URL\n", what,
					   ep && *ep ? "IDENTITY_ENDPOINT" : "AZURE_POD_IDENTITY_AUTHORITY_HOST"),
			false;
	snprintf(s->mi_source, sizeof(s->mi_source), "%s %s", ep && *ep ? "IDENTITY_ENDPOINT" :
			 "IMDS", s->mi_endpoint);
	return true;
}

/** The secret of credential "secret"; the same variable for both tenants is read once. */
static bool cmd_azure_client_secret(const azure_topology_t *topo, size_t i,
									cmd_azure_secrets_t *s, const char *what)
{
	const azure_tenant_cfg_t *t = &topo->tenants[i];
	char path[64];

	if (i == 1 && t->client_secret_env[0] && !strcmp(topo->tenants[0].credential, "secret") &&
		!strcmp(t->client_secret_env, topo->tenants[0].client_secret_env))
	{
		memcpy(s->client[1], s->client[0], sizeof(s->client[0]));
		return true;
	}
	if (t->credential_defaulted && !getenv(t->client_secret_env))
	{
		snprintf(path, sizeof(path), "azure.tenants[%zu].credential", i);
		fprintf(stderr, "crosspeer azure: tenant %s: no credential found: set "
				"AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE "
				"or IDENTITY_ENDPOINT, install the Azure CLI, or choose one with %s\n",
				t->name, path);
		return false;
	}
	return cmd_azure_secret(t->client_secret_file, t->client_secret_env, s->client[i], what);
}

static bool cmd_azure_cred_read(const azure_topology_t *topo, size_t i, cmd_azure_secrets_t *s)
{
	const azure_tenant_cfg_t *t = &topo->tenants[i];
	const char *pw = getenv("AZURE_CLIENT_CERTIFICATE_PASSWORD");
	char what[96];

	snprintf(what, sizeof(what), "tenant %s client secret", t->name);
	if (!strcmp(t->credential, "secret"))
		return cmd_azure_client_secret(topo, i, s, what);
	if (!strcmp(t->credential, "certificate"))
	{
		snprintf(what, sizeof(what), "tenant %s client certificate", t->name);
		return cmd_azure_key_file(t->certificate_file, what) &&
			(!pw || cmd_azure_secret(NULL, "AZURE_CLIENT_CERTIFICATE_PASSWORD",
									 s->cert_password, what));
	}
	if (!strcmp(t->credential, "federated") && access(t->federated_token_file, R_OK))
		return fprintf(stderr, "crosspeer azure: tenant %s workload identity: %s (%s): cannot "
					   "read: %s\n", t->name, t->federated_token_file, t->credential_origin,
					   strerror(errno)), false;
	snprintf(what, sizeof(what), "tenant %s managed identity", t->name);
	return strcmp(t->credential, "managed_identity") || cmd_azure_mi(s, what);
}

bool cmd_azure_creds_read(const azure_topology_t *topo, bool key, cmd_azure_secrets_t *s)
{
	for (size_t i = 0; i < topo->n_tenants; i++)
	{
		if (!cmd_azure_cred_read(topo, i, s))
			return false;
	}
	return !key || cmd_azure_secret(topo->shared_key_file, topo->shared_key_env,
									s->shared_key, "azure.shared_key");
}

/** The arm_cred_t of tenant i (pointers into topo and s). */
static void cmd_azure_cred(const azure_topology_t *topo, size_t i, const cmd_azure_secrets_t *s,
						   arm_cred_t *cred)
{
	const azure_tenant_cfg_t *t = &topo->tenants[i];

	memset(cred, 0, sizeof(*cred));
	cred->name = t->name;
	cred->client_id = t->client_id[0] ? t->client_id : NULL;
	if (!strcmp(t->credential, "certificate"))
	{
		cred->kind = ARM_CRED_CERTIFICATE;
		cred->path = t->certificate_file;
		cred->secret = s->cert_password[0] ? s->cert_password : NULL;
	}
	else if (!strcmp(t->credential, "federated"))
	{
		cred->kind = ARM_CRED_FEDERATED;
		cred->path = t->federated_token_file;
	}
	else if (!strcmp(t->credential, "managed_identity"))
	{
		cred->kind = ARM_CRED_MANAGED_IDENTITY;
		cred->endpoint = s->mi_endpoint;
		cred->source = s->mi_source;
		cred->secret = s->identity_header[0] ? s->identity_header : NULL;
		cred->mi_client_id = t->mi_client_id[0] ? t->mi_client_id : NULL;
	}
	else if (!strcmp(t->credential, "azure_cli"))
		cred->kind = ARM_CRED_AZURE_CLI;
	else
	{
		cred->kind = ARM_CRED_SECRET;
		cred->secret = s->client[i];
		cred->source = t->client_secret_file[0] ? t->client_secret_file : t->client_secret_env;
	}
}

arm_client_t *cmd_azure_creds_client(const azure_topology_t *topo, const cmd_azure_secrets_t *s)
{
	arm_client_opts_t o = { .timeout_ms = 0 };
	arm_client_t *c;
	arm_cred_t cred;

	snprintf(o.authority_host, sizeof(o.authority_host), "%s", topo->authority_host);
	snprintf(o.resource_manager, sizeof(o.resource_manager), "%s", topo->resource_manager);
	snprintf(o.ca_file, sizeof(o.ca_file), "%s", topo->ca_file);
	c = arm_client_create(&o);
	for (size_t i = 0; c && i < topo->n_tenants; i++)
	{
		cmd_azure_cred(topo, i, s, &cred);
		if (arm_client_add_credential(c, topo->tenants[i].tenant_id, &cred))
		{
			arm_client_destroy(c);
			return NULL;
		}
	}
	return c;
}
