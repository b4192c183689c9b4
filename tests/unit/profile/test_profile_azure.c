/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/profile_azure.c: the "azure" section into azure_topology_t, errors by JSON path. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "profile_azure.h"

#define HEAD "{\"version\":1,\"name\":\"xt\",\"local\":{\"address\":\"192.0.2.1\"," \
	"\"subnets\":[\"10.9.0.0/24\"]},\"remote\":{\"address\":\"192.0.2.2\",\"subnets\":" \
	"[\"10.1.0.0/16\"]},\"auth\":{\"psk_env\":\"K\"},\"azure\":"
#define TENANT(n, sp, extra) "{\"name\":\"" n "\",\"tenant_id\":\"t-" n "\",\"subscription_id\":" \
	"\"s-" n "\",\"client_id\":\"c-" n "\",\"client_secret_env\":\"S_" n "\",\"resource_group\":" \
	"\"rg-" n "\",\"location\":\"westeurope\",\"vnet\":{\"name\":\"v-" n "\",\"address_space\":[\"" \
	sp "\"],\"gateway_subnet\":\"10.1.255.0/27\"}" extra "}"

/** Parse HEAD + azure + "}"; true if both the profile and its azure section are valid. */
static bool parse(const char *azure, azure_topology_t *topo, profile_err_t *err)
{
	char text[4096];
	profile_t *p;
	bool ok;

	snprintf(text, sizeof(text), HEAD "%s}", azure);
	memset(err, 0, sizeof(*err));
	p = profile_parse(text, "/etc/xp", err);
	assert_non_null(p);
	ok = profile_azure_parse(p, topo, err);
	profile_destroy(p);
	return ok;
}

static void test_valid_section_with_defaults(void **state)
{
	azure_topology_t topo;
	profile_err_t err;

	(void)state;
	assert_true(parse("{\"ca_file\":\"ca.pem\",\"shared_key\":{\"env\":\"PSK\"},\"tenants\":["
					  TENANT("a", "10.1.0.0/16", "") "," TENANT("b", "10.2.0.0/16", "") "]}",
					  &topo, &err));
	assert_int_equal(topo.n_tenants, 2);
	assert_int_equal(topo.pattern, AZURE_PATTERN_S2S);
	assert_string_equal(topo.ca_file, "/etc/xp/ca.pem");
	assert_string_equal(topo.tenants[1].sku, "VpnGw1");
	assert_string_equal(topo.tenants[1].generation, "Generation1");
	assert_string_equal(topo.tenants[1].gateway_name, "gw-b");
	assert_string_equal(topo.profile_name, "xt");
	assert_string_equal(topo.resource_manager, "https://management.azure.com");
}

static void test_errors_name_the_json_path(void **state)
{
	azure_topology_t topo;
	profile_err_t err;

	(void)state;
	assert_false(parse("{\"shared_key\":{\"env\":\"PSK\"},\"tenants\":[" TENANT("a",
					   "10.1.0.0/16", "") "," TENANT("b", "10.2.0.0/33", "") "]}", &topo, &err));
	assert_string_equal(err.path, "azure.tenants[1].vnet.address_space[0]");
	assert_false(parse("{\"shared_key\":{\"env\":\"PSK\"},\"tenants\":[" TENANT("a",
					   "10.1.0.0/16", ",\"bogus\":1") "]}", &topo, &err));
	assert_string_equal(err.path, "azure.tenants[0].bogus");
	assert_false(parse("{\"shared_key\":{\"env\":\"PSK\",\"file\":\"k\"},\"tenants\":[]}",
					   &topo, &err));
	assert_string_equal(err.path, "azure.shared_key");
	assert_false(parse("{\"pattern\":\"mesh\",\"shared_key\":{\"env\":\"PSK\"}}", &topo, &err));
	assert_string_equal(err.path, "azure.pattern");
	assert_false(parse("{\"shared_key\":{\"env\":\"PSK\"},\"tenants\":[" TENANT("a",
					   "10.1.0.0/16", "") "],\"onprem\":{\"public_ip\":\"203.0.113.10\","
					   "\"subnets\":[\"10.9.0.0/24\"],\"connect_to\":\"zz\"}}", &topo, &err));
	assert_string_equal(err.path, "azure.onprem.connect_to");
	assert_false(parse("{\"shared_key\":{\"env\":\"PSK\"},\"ipsec_policy\":{\"ikeEncryption\":"
					   "\"AES256\"},\"tenants\":[]}", &topo, &err));
	assert_string_equal(err.path, "azure.ipsec_policy.ikeIntegrity");
}

static void test_tenant_id_from_environment(void **state)
{
	const char *t = "{\"shared_key\":{\"file\":\"k\"},\"tenants\":[{\"name\":\"a\","
		"\"subscription_id\":\"s\",\"client_id\":\"c\",\"resource_group\":\"rg\",\"location\":"
		"\"westeurope\",\"vnet\":{\"name\":\"v\",\"address_space\":[\"10.1.0.0/16\"],"
		"\"gateway_subnet\":\"10.1.255.0/27\"}}],\"onprem\":{\"public_ip\":\"203.0.113.10\","
		"\"subnets\":[\"10.9.0.0/24\"],\"connect_to\":\"a\"}}";
	azure_topology_t topo;
	profile_err_t err;

	(void)state;
	unsetenv("AZURE_TENANT_ID");
	assert_false(parse(t, &topo, &err));
	assert_string_equal(err.path, "azure.tenants[0].tenant_id");
	assert_non_null(strstr(err.text, "AZURE_TENANT_ID"));
	setenv("AZURE_TENANT_ID", "env-tenant", 1);
	assert_true(parse(t, &topo, &err));
	assert_string_equal(topo.tenants[0].tenant_id, "env-tenant");
	assert_string_equal(topo.tenants[0].client_secret_env, "AZURE_CLIENT_SECRET");
	assert_string_equal(topo.shared_key_file, "/etc/xp/k");
	assert_true(topo.has_onprem);
	unsetenv("AZURE_TENANT_ID");
}


/** One tenant (no credential fields unless extra has them) plus on-prem, for the order. */
#define BARE(extra) "{\"shared_key\":{\"file\":\"k\"},\"tenants\":[{\"name\":\"a\"," \
	"\"tenant_id\":\"t\",\"subscription_id\":\"s\",\"resource_group\":\"rg\",\"location\":" \
	"\"westeurope\",\"vnet\":{\"name\":\"v\",\"address_space\":[\"10.1.0.0/16\"]," \
	"\"gateway_subnet\":\"10.1.255.0/27\"}" extra "}],\"onprem\":{\"public_ip\":" \
	"\"203.0.113.10\",\"subnets\":[\"10.9.0.0/24\"],\"connect_to\":\"a\"}}"

static void clear_credential_env(void)
{
	static const char *const vars[] = { "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
		"AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "AZURE_POD_IDENTITY_AUTHORITY_HOST",
		"AZURE_CLIENT_ID", NULL };

	for (size_t i = 0; vars[i]; i++)
		unsetenv(vars[i]);
	setenv("PATH", "/nonexistent", 1);	/* no az */
}

static void test_credential_order(void **state)
{
	azure_topology_t topo;
	profile_err_t err;
	const azure_tenant_cfg_t *t = &topo.tenants[0];

	(void)state;
	clear_credential_env();
	/* nothing anywhere: the secret from AZURE_CLIENT_SECRET, marked as a last resort */
	assert_true(parse(BARE(",\"client_id\":\"c\""), &topo, &err));
	assert_string_equal(t->credential, "secret");
	assert_true(t->credential_defaulted);
	/* the environment, in EnvironmentCredential / DefaultAzureCredential order */
	setenv("IDENTITY_ENDPOINT", "http://127.0.0.1:9/msi/token", 1);
	assert_true(parse(BARE(""), &topo, &err));
	assert_string_equal(t->credential, "managed_identity");
	assert_string_equal(t->client_id, "");
	setenv("AZURE_FEDERATED_TOKEN_FILE", "/var/run/token", 1);
	assert_false(parse(BARE(""), &topo, &err));
	assert_string_equal(err.path, "azure.tenants[0].client_id");
	setenv("AZURE_CLIENT_ID", "c-env", 1);
	assert_true(parse(BARE(""), &topo, &err));
	assert_string_equal(t->credential, "federated");
	assert_string_equal(t->federated_token_file, "/var/run/token");
	assert_string_equal(t->credential_origin, "AZURE_FEDERATED_TOKEN_FILE");
	setenv("AZURE_CLIENT_CERTIFICATE_PATH", "/etc/app.pem", 1);
	assert_true(parse(BARE(""), &topo, &err));
	assert_string_equal(t->credential, "certificate");
	assert_string_equal(t->certificate_file, "/etc/app.pem");
	setenv("AZURE_CLIENT_SECRET", "x", 1);
	assert_true(parse(BARE(""), &topo, &err));
	assert_string_equal(t->credential, "secret");
	assert_false(t->credential_defaulted);
	/* the profile's own fields, then its explicit choice, come first */
	assert_true(parse(BARE(",\"client_certificate_file\":\"app.pem\""), &topo, &err));
	assert_string_equal(t->credential, "certificate");
	assert_string_equal(t->certificate_file, "/etc/xp/app.pem");
	assert_string_equal(t->credential_origin, "azure.tenants[0].client_certificate_file");
	assert_true(parse(BARE(",\"credential\":\"azure_cli\""), &topo, &err));
	assert_string_equal(t->credential, "azure_cli");
	assert_true(parse(BARE(",\"credential\":\"managed_identity\",\"managed_identity_client_id\":"
						   "\"uami-1\""), &topo, &err));
	assert_string_equal(t->mi_client_id, "uami-1");
	/* mistakes name the field */
	assert_false(parse(BARE(",\"credential\":\"password\""), &topo, &err));
	assert_string_equal(err.path, "azure.tenants[0].credential");
	assert_false(parse(BARE(",\"credential\":\"secret\",\"federated_token_file\":\"t\""), &topo,
					   &err));
	assert_string_equal(err.path, "azure.tenants[0].credential");
	assert_false(parse(BARE(",\"client_secret_env\":\"S\",\"client_certificate_file\":\"c\""),
					   &topo, &err));
	assert_non_null(strstr(err.text, "choose one with \"credential\""));
	unsetenv("AZURE_CLIENT_CERTIFICATE_PATH");
	unsetenv("AZURE_CLIENT_SECRET");
	unsetenv("AZURE_FEDERATED_TOKEN_FILE");
	unsetenv("IDENTITY_ENDPOINT");
	assert_false(parse(BARE(",\"credential\":\"certificate\""), &topo, &err));
	assert_non_null(strstr(err.text, "needs client_certificate_file or "
						   "AZURE_CLIENT_CERTIFICATE_PATH"));
	clear_credential_env();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_section_with_defaults),
		cmocka_unit_test(test_errors_name_the_json_path),
		cmocka_unit_test(test_tenant_id_from_environment),
		cmocka_unit_test(test_credential_order),
	};

	return cmocka_run_group_tests_name("profile_azure", tests, NULL, NULL);
}
