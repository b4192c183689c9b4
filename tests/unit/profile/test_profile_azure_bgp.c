/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* profile/profile_azure_bgp.c: gateway.active_active, gateway.bgp and onprem.bgp. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "profile_azure.h"

#define HEAD "{\"version\":1,\"name\":\"xt\",\"local\":{\"address\":\"192.0.2.1\"," \
	"\"subnets\":[\"10.9.0.0/24\"]},\"remote\":{\"address\":\"192.0.2.2\",\"subnets\":" \
	"[\"10.1.0.0/16\"]},\"auth\":{\"psk_env\":\"K\"},\"azure\":{\"shared_key\":{\"env\":" \
	"\"PSK\"},\"tenants\":[{\"name\":\"a\",\"tenant_id\":\"t-a\",\"subscription_id\":\"s-a\"," \
	"\"client_id\":\"c-a\",\"client_secret_env\":\"S_A\",\"resource_group\":\"rg-a\"," \
	"\"location\":\"westeurope\",\"vnet\":{\"name\":\"v-a\",\"address_space\":[\"10.1.0.0/16\"]," \
	"\"gateway_subnet\":\"10.1.255.0/27\"},\"gateway\":"

/** HEAD + gateway + "}],\"onprem\":" + onprem + "}}"; true if valid. */
static bool parse(const char *gateway, const char *onprem, azure_topology_t *topo,
				  profile_err_t *err)
{
	char text[4096];
	profile_t *p;
	bool ok;

	snprintf(text, sizeof(text), HEAD "%s}],\"onprem\":%s}}", gateway, onprem);
	memset(err, 0, sizeof(*err));
	p = profile_parse(text, "/etc/xp", err);
	assert_non_null(p);
	ok = profile_azure_parse(p, topo, err);
	profile_destroy(p);
	return ok;
}

static void test_active_active_bgp(void **state)
{
	azure_topology_t topo;
	profile_err_t err;

	(void)state;
	assert_true(parse("{\"sku\":\"VpnGw2\",\"active_active\":true,\"bgp\":{\"asn\":65010,"
					  "\"apipa\":[\"169.254.21.1\",\"169.254.21.5\"]}}",
					  "{\"public_ip\":\"198.51.100.10\",\"connect_to\":\"a\",\"bgp\":{\"asn\":65030,"
					  "\"peering_address\":\"169.254.21.2\"}}", &topo, &err));
	assert_true(topo.tenants[0].active_active);
	assert_true(topo.tenants[0].bgp);
	assert_int_equal(topo.tenants[0].asn, 65010);
	assert_string_equal(topo.tenants[0].apipa[1], "169.254.21.5");
	/* with BGP the on-prem prefixes come over BGP: subnets may be left out */
	assert_true(topo.onprem_bgp);
	assert_int_equal(topo.onprem_asn, 65030);
	assert_string_equal(topo.onprem_bgp_ip, "169.254.21.2");
	assert_int_equal(topo.n_onprem_subnets, 0);
	/* bgp without an asn: the Azure default */
	assert_true(parse("{\"bgp\":{}}", "{\"public_ip\":\"198.51.100.10\",\"subnets\":"
					  "[\"10.9.0.0/24\"],\"connect_to\":\"a\"}", &topo, &err));
	assert_int_equal(topo.tenants[0].asn, 65515);
	assert_false(topo.tenants[0].active_active);
	assert_false(topo.onprem_bgp);
}

static void test_errors_name_the_field(void **state)
{
	static const struct {
		const char *gateway, *onprem, *path, *text;
	} cases[] = {
		{ "{\"active_active\":\"yes\"}", NULL, "azure.tenants[0].gateway.active_active",
		  "true or false" },
		{ "{\"bgp\":{\"asn\":-1}}", NULL, "azure.tenants[0].gateway.bgp.asn", "" },
		{ "{\"bgp\":{\"apipa\":[\"a\",\"b\",\"c\"]}}", NULL, "azure.tenants[0].gateway.bgp.apipa",
		  "1 or 2" },
		{ "{\"bgp\":{\"apipa\":[\"169.254.21.300\"]}}", NULL,
		  "azure.tenants[0].gateway.bgp.apipa[0]", "IPv4" },
		{ "{\"bgp\":{\"as\":1}}", NULL, "azure.tenants[0].gateway.bgp.as", "" },
		{ "{}", "{\"public_ip\":\"198.51.100.10\",\"connect_to\":\"a\",\"bgp\":{\"asn\":65030}}",
		  "azure.onprem.bgp.peering_address", "" },
		{ "{}", "{\"public_ip\":\"198.51.100.10\",\"connect_to\":\"a\",\"bgp\":{\"asn\":65030,"
		  "\"peering_address\":\"x\"}}", "azure.onprem.bgp.peering_address", "address" },
		{ "{}", "{\"public_ip\":\"198.51.100.10\",\"connect_to\":\"a\"}", "azure.onprem.subnets",
		  "" },
	};
	azure_topology_t topo;
	profile_err_t err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		assert_false(parse(cases[i].gateway, cases[i].onprem ? cases[i].onprem :
						   "{\"public_ip\":\"198.51.100.10\",\"subnets\":[\"10.9.0.0/24\"],"
						   "\"connect_to\":\"a\"}", &topo, &err));
		assert_string_equal(err.path, cases[i].path);
		assert_non_null(strstr(err.text, cases[i].text));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_active_active_bgp),
		cmocka_unit_test(test_errors_name_the_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
