/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile_azure.h"
#include "profile_azure_bgp.h"
#include "profile_check.h"

/** Resolve a relative path against the profile's directory. */
static void profile_azure_path(const profile_t *p, char *path, size_t len)
{
	char tmp[512];
	int n;

	if (!path[0] || path[0] == '/' || !p->dir[0])
		return;
	n = snprintf(tmp, sizeof(tmp), "%s/%s", p->dir, path);
	if (n > 0 && (size_t)n < len)
		memcpy(path, tmp, (size_t)n + 1);
}

static bool profile_azure_env_default(json_t *obj, const char *key, const char *path,
									  const char *env, char *out, size_t len, profile_err_t *err)
{
	const char *v = getenv(env);
	char where[128];

	if (json_object_get(obj, key))
		return check_string(obj, key, path, true, out, len, err);
	check_path(where, sizeof(where), path, key, 0);
	if (!v || !*v)
		return check_fail(err, where, "missing; set it here or in %s", env);
	if (strlen(v) >= len)
		return check_fail(err, where, "%s is too long", env);
	snprintf(out, len, "%s", v);
	return true;
}

static bool profile_azure_prefixes(json_t *obj, const char *key, const char *path,
								   char (*out)[64], size_t *n, profile_err_t *err)
{
	json_t *a = json_object_get(obj, key), *v;
	char where[128], item[160], why[128];
	size_t i;

	check_path(where, sizeof(where), path, key, 0);
	if (!json_is_array(a) || !json_array_size(a) || json_array_size(a) > AZURE_MAX_PREFIXES)
		return check_fail(err, where, "expected an array of 1 to %d CIDR prefixes",
						  AZURE_MAX_PREFIXES);
	json_array_foreach(a, i, v)
	{
		check_path(item, sizeof(item), where, NULL, (int)i);
		if (!json_is_string(v) || json_string_length(v) >= 64)
			return check_fail(err, item, "expected a CIDR prefix string");
		if (!check_cidr(json_string_value(v), why, sizeof(why)))
			return check_fail(err, item, "%s", why);
		snprintf(out[i], 64, "%s", json_string_value(v));
	}
	*n = json_array_size(a);
	return true;
}

static bool profile_azure_name_ok(const char *s)
{
	for (; *s; s++)
	{
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return false;
	}
	return true;
}

static bool profile_azure_vnet(json_t *t, const char *path, azure_tenant_cfg_t *c,
							   profile_err_t *err)
{
	static const char *const keys[] = { "name", "address_space", "gateway_subnet", NULL };
	char where[128], why[128];
	json_t *v;

	check_path(where, sizeof(where), path, "vnet", 0);
	if (!check_object(t, "vnet", path, true, &v, err) || !check_keys(v, where, keys, err) ||
		!check_string(v, "name", where, true, c->vnet_name, sizeof(c->vnet_name), err) ||
		!profile_azure_prefixes(v, "address_space", where, c->address_space,
								&c->n_address_space, err) ||
		!check_string(v, "gateway_subnet", where, true, c->gateway_subnet,
					  sizeof(c->gateway_subnet), err))
		return false;
	check_path(where, sizeof(where), where, "gateway_subnet", 0);
	if (!check_cidr(c->gateway_subnet, why, sizeof(why)))
		return check_fail(err, where, "%s", why);
	return true;
}

static bool profile_azure_gateway(json_t *t, const char *path, azure_tenant_cfg_t *c,
								  profile_err_t *err)
{
	static const char *const keys[] = { "name", "sku", "generation", "active_active", "bgp",
		NULL };
	char where[128];
	json_t *g;

	snprintf(c->sku, sizeof(c->sku), "VpnGw1");
	snprintf(c->generation, sizeof(c->generation), "Generation1");
	snprintf(c->gateway_name, sizeof(c->gateway_name), "gw-%s", c->name);
	check_path(where, sizeof(where), path, "gateway", 0);
	if (!check_object(t, "gateway", path, false, &g, err))
		return false;
	return !g || (check_keys(g, where, keys, err) &&
		check_string(g, "name", where, false, c->gateway_name, sizeof(c->gateway_name), err) &&
		check_string(g, "sku", where, false, c->sku, sizeof(c->sku), err) &&
		check_string(g, "generation", where, false, c->generation, sizeof(c->generation), err) &&
		profile_azure_bgp_gateway(g, where, c, err));
}

/** Is prog an executable in one of PATH's directories? */
static bool profile_azure_on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char file[512];

	while (path && *path)
	{
		size_t len = strcspn(path, ":");
		snprintf(file, sizeof(file), "%.*s/%s", (int)len, path, prog);
		if (len && !access(file, X_OK))
			return true;
		path += len + (path[len] == ':');
	}
	return false;
}

static bool profile_azure_env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

/** The kind the environment points at, azure-identity's order; NULL if none. */
static const char *profile_azure_env_kind(void)
{
	if (profile_azure_env_set("AZURE_CLIENT_SECRET"))
		return "secret";
	if (profile_azure_env_set("AZURE_CLIENT_CERTIFICATE_PATH"))
		return "certificate";
	if (profile_azure_env_set("AZURE_FEDERATED_TOKEN_FILE"))
		return "federated";
	if (profile_azure_env_set("IDENTITY_ENDPOINT") ||
		profile_azure_env_set("AZURE_POD_IDENTITY_AUTHORITY_HOST"))
		return "managed_identity";
	return profile_azure_on_path("az") ? "azure_cli" : NULL;
}

/** The kind the tenant's own fields imply, NULL if none; false if two kinds do. */
static bool profile_azure_implied(const azure_tenant_cfg_t *c, const char *path,
								  const char **kind, profile_err_t *err)
{
	const char *k[4] = { c->client_secret_env[0] || c->client_secret_file[0] ? "secret" : NULL,
		c->certificate_file[0] ? "certificate" : NULL,
		c->federated_token_file[0] ? "federated" : NULL,
		c->mi_client_id[0] ? "managed_identity" : NULL };

	*kind = NULL;
	for (size_t i = 0; i < 4; i++)
	{
		if (k[i] && *kind)
			return check_fail(err, path, "fields of two credentials (%s and %s); choose one "
							  "with \"credential\"", *kind, k[i]);
		*kind = k[i] ? k[i] : *kind;
	}
	return true;
}

/** A file name from the profile (relative to it) or else from an environment variable. */
static bool profile_azure_cred_file(const profile_t *p, char *file, size_t len,
									const char *env, const char *path, const char *key,
									azure_tenant_cfg_t *c, profile_err_t *err)
{
	const char *v = getenv(env);

	if (file[0])
	{
		snprintf(c->credential_origin, sizeof(c->credential_origin), "%.40s.%s", path, key);
		profile_azure_path(p, file, len);
		return true;
	}
	if (!v || !*v || strlen(v) >= len)
		return check_fail(err, path, "credential \"%s\" needs %s or %s", c->credential, key,
						  env);
	snprintf(file, len, "%s", v);
	snprintf(c->credential_origin, sizeof(c->credential_origin), "%s", env);
	return true;
}

static bool profile_azure_credential(const profile_t *p, json_t *t, const char *path,
									 azure_tenant_cfg_t *c, profile_err_t *err)
{
	static const char *const kinds[] = { "secret", "certificate", "federated",
		"managed_identity", "azure_cli", NULL };
	const char *implied, *kind;
	char where[128];
	size_t i;

	if (!check_string(t, "credential", path, false, c->credential, sizeof(c->credential), err) ||
		!check_string(t, "client_secret_env", path, false, c->client_secret_env,
					  sizeof(c->client_secret_env), err) ||
		!check_string(t, "client_secret_file", path, false, c->client_secret_file,
					  sizeof(c->client_secret_file), err) ||
		!check_string(t, "client_certificate_file", path, false, c->certificate_file,
					  sizeof(c->certificate_file), err) ||
		!check_string(t, "federated_token_file", path, false, c->federated_token_file,
					  sizeof(c->federated_token_file), err) ||
		!check_string(t, "managed_identity_client_id", path, false, c->mi_client_id,
					  sizeof(c->mi_client_id), err) ||
		!profile_azure_implied(c, path, &implied, err))
		return false;
	check_path(where, sizeof(where), path, "credential", 0);
	for (i = 0; c->credential[0] && kinds[i] && strcmp(kinds[i], c->credential); i++)
		;
	if (c->credential[0] && !kinds[i])
		return check_fail(err, where, "expected \"secret\", \"certificate\", \"federated\", "
						  "\"managed_identity\" or \"azure_cli\"");
	if (c->credential[0] && implied && strcmp(implied, c->credential))
		return check_fail(err, where, "\"%s\", but the tenant has fields of credential \"%s\"",
						  c->credential, implied);
	kind = c->credential[0] ? c->credential : implied ? implied : profile_azure_env_kind();
	c->credential_defaulted = !kind;
	if (kind != c->credential)
		snprintf(c->credential, sizeof(c->credential), "%s", kind ? kind : "secret");
	if (c->client_secret_env[0] && c->client_secret_file[0])
		return check_fail(err, path, "set one of client_secret_env and client_secret_file");
	if (!strcmp(c->credential, "certificate"))
		return profile_azure_cred_file(p, c->certificate_file, sizeof(c->certificate_file),
									   "AZURE_CLIENT_CERTIFICATE_PATH", path,
									   "client_certificate_file", c, err);
	if (!strcmp(c->credential, "federated"))
		return profile_azure_cred_file(p, c->federated_token_file,
									   sizeof(c->federated_token_file),
									   "AZURE_FEDERATED_TOKEN_FILE", path,
									   "federated_token_file", c, err);
	if (strcmp(c->credential, "secret"))
		return true;
	if (!c->client_secret_env[0] && !c->client_secret_file[0])
		snprintf(c->client_secret_env, sizeof(c->client_secret_env), "AZURE_CLIENT_SECRET");
	profile_azure_path(p, c->client_secret_file, sizeof(c->client_secret_file));
	return true;
}

/** client_id: needed by the app credentials, optional for managed identity and az. */
static bool profile_azure_client_id(json_t *t, const char *path, azure_tenant_cfg_t *c,
									profile_err_t *err)
{
	const char *env = getenv("AZURE_CLIENT_ID");

	/* nothing found at all: `azure` says what to set before a client id matters */
	if (!strcmp(c->credential, "managed_identity") || !strcmp(c->credential, "azure_cli") ||
		c->credential_defaulted)
	{
		if (!json_object_get(t, "client_id") && env && strlen(env) < sizeof(c->client_id))
			snprintf(c->client_id, sizeof(c->client_id), "%s", env);
		return check_string(t, "client_id", path, false, c->client_id, sizeof(c->client_id),
							err);
	}
	return profile_azure_env_default(t, "client_id", path, "AZURE_CLIENT_ID", c->client_id,
									 sizeof(c->client_id), err);
}

static bool profile_azure_tenant(const profile_t *p, json_t *t, const char *path,
								 azure_tenant_cfg_t *c, profile_err_t *err)
{
	static const char *const keys[] = { "name", "tenant_id", "subscription_id", "client_id",
		"credential", "client_secret_env", "client_secret_file", "client_certificate_file",
		"federated_token_file", "managed_identity_client_id", "resource_group", "location",
		"vnet", "gateway", NULL };
	char where[128];

	memset(c, 0, sizeof(*c));
	if (!json_is_object(t))
		return check_fail(err, path, "expected an object");
	if (!check_keys(t, path, keys, err) ||
		!check_string(t, "name", path, true, c->name, sizeof(c->name), err))
		return false;
	check_path(where, sizeof(where), path, "name", 0);
	if (!profile_azure_name_ok(c->name))
		return check_fail(err, where, "letters, digits, '-', '_' and '.' only");
	if (!profile_azure_env_default(t, "tenant_id", path, "AZURE_TENANT_ID", c->tenant_id,
								   sizeof(c->tenant_id), err) ||
		!check_string(t, "subscription_id", path, true, c->subscription_id,
					  sizeof(c->subscription_id), err) ||
		!profile_azure_credential(p, t, path, c, err) ||
		!profile_azure_client_id(t, path, c, err) ||
		!check_string(t, "resource_group", path, true, c->resource_group,
					  sizeof(c->resource_group), err) ||
		!check_string(t, "location", path, true, c->location, sizeof(c->location), err))
		return false;
	check_path(where, sizeof(where), path, "resource_group", 0);
	if (!profile_azure_name_ok(c->resource_group))
		return check_fail(err, where, "letters, digits, '-', '_', '.' only (1-90)");
	return profile_azure_vnet(t, path, c, err) && profile_azure_gateway(t, path, c, err);
}

static bool profile_azure_policy(json_t *az, azure_topology_t *topo, profile_err_t *err)
{
	static const char *const keys[] = { "ikeEncryption", "ikeIntegrity", "dhGroup",
		"ipsecEncryption", "ipsecIntegrity", "pfsGroup", "saLifeTimeSeconds",
		"saDataSizeKilobytes", NULL };
	azure_ipsec_policy_t *q = &topo->policy;
	const char *path = "azure.ipsec_policy";
	uint64_t life = 0, kb = 0;
	json_t *pol;

	if (!check_object(az, "ipsec_policy", "azure", false, &pol, err))
		return false;
	if (!pol)
		return true;
	topo->has_policy = true;
	if (!check_keys(pol, path, keys, err) ||
		!check_string(pol, "ikeEncryption", path, true, q->ike_encryption, 16, err) ||
		!check_string(pol, "ikeIntegrity", path, true, q->ike_integrity, 16, err) ||
		!check_string(pol, "dhGroup", path, true, q->dh_group, 16, err) ||
		!check_string(pol, "ipsecEncryption", path, true, q->ipsec_encryption, 16, err) ||
		!check_string(pol, "ipsecIntegrity", path, true, q->ipsec_integrity, 16, err) ||
		!check_string(pol, "pfsGroup", path, true, q->pfs_group, 16, err) ||
		!check_uint(pol, "saLifeTimeSeconds", path, true, 0, UINT32_MAX, &life, err) ||
		!check_uint(pol, "saDataSizeKilobytes", path, true, 0, UINT32_MAX, &kb, err))
		return false;
	q->sa_lifetime_s = (uint32_t)life;
	q->sa_data_size_kb = (uint32_t)kb;
	return true;
}

static bool profile_azure_shared_key(const profile_t *p, json_t *az, azure_topology_t *topo,
									 profile_err_t *err)
{
	static const char *const keys[] = { "env", "file", NULL };
	const char *path = "azure.shared_key";
	json_t *k;

	if (!check_object(az, "shared_key", "azure", true, &k, err) ||
		!check_keys(k, path, keys, err) ||
		!check_string(k, "env", path, false, topo->shared_key_env,
					  sizeof(topo->shared_key_env), err) ||
		!check_string(k, "file", path, false, topo->shared_key_file,
					  sizeof(topo->shared_key_file), err))
		return false;
	if (!topo->shared_key_env[0] == !topo->shared_key_file[0])
		return check_fail(err, path, "expected exactly one of \"env\" and \"file\"");
	profile_azure_path(p, topo->shared_key_file, sizeof(topo->shared_key_file));
	return true;
}

static bool profile_azure_onprem(json_t *az, azure_topology_t *topo, profile_err_t *err)
{
	static const char *const keys[] = { "public_ip", "subnets", "connect_to", "bgp", NULL };
	const char *path = "azure.onprem";
	char to[32] = "", where[128];
	json_t *o;

	if (!check_object(az, "onprem", "azure", false, &o, err))
		return false;
	if (!o)
		return true;
	topo->has_onprem = true;
	if (!check_keys(o, path, keys, err) ||
		!check_string(o, "public_ip", path, true, topo->onprem_ip, sizeof(topo->onprem_ip), err) ||
		!profile_azure_bgp_onprem(o, topo, err))
		return false;
	/* with BGP the site's prefixes come over BGP: the LNG holds the peer's /32 only */
	if ((!topo->onprem_bgp || json_object_get(o, "subnets")) &&
		!profile_azure_prefixes(o, "subnets", path, topo->onprem_subnets,
								&topo->n_onprem_subnets, err))
		return false;
	if (!check_string(o, "connect_to", path, true, to, sizeof(to), err))
		return false;
	if (!check_is_address(topo->onprem_ip))
		return check_fail(err, "azure.onprem.public_ip", "expected an IPv4 or IPv6 address");
	for (size_t i = 0; i < topo->n_tenants; i++)
	{
		if (!strcmp(topo->tenants[i].name, to))
		{
			topo->onprem_tenant = i;
			return true;
		}
	}
	check_path(where, sizeof(where), path, "connect_to", 0);
	return check_fail(err, where, "expected the name of one of azure.tenants[]");
}

static bool profile_azure_tenants(const profile_t *p, json_t *az, azure_topology_t *topo,
								  profile_err_t *err)
{
	json_t *list = json_object_get(az, "tenants"), *t;
	char where[64];
	size_t i;

	if (!json_is_array(list) || !json_array_size(list) ||
		json_array_size(list) > AZURE_MAX_TENANTS)
		return check_fail(err, "azure.tenants", "expected an array of 1 or 2 tenants");
	json_array_foreach(list, i, t)
	{
		check_path(where, sizeof(where), "azure.tenants", NULL, (int)i);
		if (!profile_azure_tenant(p, t, where, &topo->tenants[i], err))
			return false;
	}
	topo->n_tenants = json_array_size(list);
	if (topo->n_tenants == 2 && !strcmp(topo->tenants[0].name, topo->tenants[1].name))
		return check_fail(err, "azure.tenants[1].name", "tenant names must differ");
	return true;
}

static bool profile_azure_urls(const profile_t *p, json_t *az, azure_topology_t *topo,
							   profile_err_t *err)
{
	const char *env = getenv("AZURE_AUTHORITY_HOST");

	snprintf(topo->authority_host, sizeof(topo->authority_host), "%s",
			 env && *env ? env : "https://login.microsoftonline.com");
	snprintf(topo->resource_manager, sizeof(topo->resource_manager),
			 "https://management.azure.com");
	if (!check_string(az, "authority_host", "azure", false, topo->authority_host,
					  sizeof(topo->authority_host), err) ||
		!check_string(az, "resource_manager", "azure", false, topo->resource_manager,
					  sizeof(topo->resource_manager), err) ||
		!check_string(az, "ca_file", "azure", false, topo->ca_file, sizeof(topo->ca_file), err))
		return false;
	if (strncmp(topo->authority_host, "https://", 8))
		return check_fail(err, "azure.authority_host", "expected an https:// URL");
	if (strncmp(topo->resource_manager, "https://", 8))
		return check_fail(err, "azure.resource_manager", "expected an https:// URL");
	profile_azure_path(p, topo->ca_file, sizeof(topo->ca_file));
	return true;
}

bool profile_azure_parse(const profile_t *p, azure_topology_t *topo, profile_err_t *err)
{
	static const char *const keys[] = { "authority_host", "resource_manager", "ca_file",
		"pattern", "shared_key", "ipsec_policy", "tenants", "onprem", NULL };
	char pattern[16] = "s2s";
	json_t *az = p->azure;

	memset(topo, 0, sizeof(*topo));
	snprintf(topo->profile_name, sizeof(topo->profile_name), "%s", p->name);
	if (!json_is_object(az))
		return check_fail(err, "azure", "missing; the azure commands need an \"azure\" section");
	if (!check_keys(az, "azure", keys, err) || !profile_azure_urls(p, az, topo, err) ||
		!check_string(az, "pattern", "azure", false, pattern, sizeof(pattern), err))
		return false;
	if (!strcmp(pattern, "vnet2vnet"))
		topo->pattern = AZURE_PATTERN_VNET2VNET;
	else if (strcmp(pattern, "s2s"))
		return check_fail(err, "azure.pattern", "expected \"s2s\" or \"vnet2vnet\"");
	if (!profile_azure_shared_key(p, az, topo, err) || !profile_azure_policy(az, topo, err) ||
		!profile_azure_tenants(p, az, topo, err) || !profile_azure_onprem(az, topo, err))
		return false;
	if (topo->n_tenants == 1 && !topo->has_onprem)
		return check_fail(err, "azure.tenants", "one tenant alone needs azure.onprem to "
						  "connect to; list two tenants for the cross-tenant pattern");
	return true;
}
