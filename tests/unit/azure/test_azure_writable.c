/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* azure/azure_writable.c: a GET answer's subnet and VNet reduced to what a PUT may send. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azure_writable.h"

/** The official GET answer of a VNet with a delegated subnet (tests/unit/azure/data). */
static json_t *official_vnet(void)
{
	json_error_t jerr;
	json_t *doc = json_load_file(DATA_DIR "/VirtualNetworkGetWithSubnetDelegation.json", 0,
								 &jerr), *body;

	assert_non_null(doc);
	body = json_deep_copy(json_object_get(json_object_get(json_object_get(doc, "responses"),
								  "200"), "body"));
	json_decref(doc);
	return body;
}

static void test_subnet_drops_read_only_fields(void **state)
{
	json_t *vnet = official_vnet();
	json_t *sub = json_array_get(json_object_get(json_object_get(vnet, "properties"), "subnets"),
								 0);
	json_t *w = azure_writable_subnet(sub), *p = json_object_get(w, "properties"), *d;

	(void)state;
	assert_string_equal(json_string_value(json_object_get(w, "name")), "subnet1");
	assert_string_equal(json_string_value(json_object_get(p, "addressPrefix")), "10.0.1.0/24");
	assert_null(json_object_get(p, "provisioningState"));
	assert_null(json_object_get(p, "ipConfigurations"));
	assert_null(json_object_get(p, "purpose"));
	d = json_array_get(json_object_get(p, "delegations"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "name")), "myDelegation");
	/* a delegation goes back with its service name alone: actions, provisioningState are
	 * read-only */
	assert_int_equal(json_object_size(json_object_get(d, "properties")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "properties"),
						"serviceName")), "Microsoft.Provider/resourceType");
	json_decref(w);
	json_decref(vnet);
}

static void test_references_go_back_as_ids(void **state)
{
	json_t *sub = json_pack("{s:s,s:{s:s,s:{s:s,s:{}},s:[{s:s,s:[s],s:s}]}}", "name", "app",
							"properties", "addressPrefix", "10.0.2.0/24", "networkSecurityGroup",
							"id", "/subscriptions/s/nsg1", "properties", "serviceEndpoints",
							"service", "Microsoft.Storage", "locations", "westeurope",
							"provisioningState", "Succeeded");
	json_t *w = azure_writable_subnet(sub), *p = json_object_get(w, "properties");

	(void)state;
	assert_int_equal(json_object_size(json_object_get(p, "networkSecurityGroup")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(p,
						"networkSecurityGroup"), "id")), "/subscriptions/s/nsg1");
	assert_null(json_object_get(json_array_get(json_object_get(p, "serviceEndpoints"), 0),
								"provisioningState"));
	json_decref(w);
	json_decref(sub);
}

static void test_vnet_keeps_what_the_body_does_not_set(void **state)
{
	json_t *have = json_pack("{s:{s:[s]},s:s,s:s,s:{s:s,s:s},s:{s:b}}", "dhcpOptions",
							 "dnsServers", "10.0.0.4", "provisioningState", "Succeeded",
							 "resourceGuid", "g", "bgpCommunities", "virtualNetworkCommunity",
							 "12076:20000", "regionalCommunity", "12076:50004", "encryption",
							 "enabled", 1);
	json_t *want = json_pack("{s:{s:[s]}}", "addressSpace", "addressPrefixes", "10.1.0.0/16");

	(void)state;
	azure_writable_vnet_keep(want, have);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(want,
						"dhcpOptions"), "dnsServers"), 0)), "10.0.0.4");
	assert_null(json_object_get(want, "provisioningState"));
	assert_null(json_object_get(want, "resourceGuid"));
	assert_null(json_object_get(json_object_get(want, "bgpCommunities"), "regionalCommunity"));
	assert_true(json_is_true(json_object_get(json_object_get(want, "encryption"), "enabled")));
	json_decref(want);
	json_decref(have);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subnet_drops_read_only_fields),
		cmocka_unit_test(test_references_go_back_as_ids),
		cmocka_unit_test(test_vnet_keeps_what_the_body_does_not_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
