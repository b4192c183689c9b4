/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* profile_route: the "route_based" section, its defaults and its errors (field named). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "profile.h"
#include "profile_route.h"

#define HEAD "{\"version\":1,\"name\":\"site-a\"," \
	"\"local\":{\"address\":\"192.0.2.1\",\"subnets\":[\"10.1.0.0/24\"]}," \
	"\"remote\":{\"address\":\"192.0.2.2\",\"subnets\":[\"10.2.0.0/24\"]}," \
	"\"auth\":{\"psk_file\":\"psk.txt\"}"

static profile_t *parse(const char *route_based, profile_err_t *err)
{
	char text[1024];

	snprintf(text, sizeof(text), HEAD "%s%s}", route_based ? ",\"route_based\":" : "",
			 route_based ? route_based : "");
	return profile_parse(text, ".", err);
}

static void test_absent_is_policy_based(void **state)
{
	profile_err_t err;
	profile_t *p = parse(NULL, &err);

	(void)state;
	assert_non_null(p);
	assert_false(p->route.on);
	profile_destroy(p);
}

static void test_defaults(void **state)
{
	profile_err_t err;
	profile_t *p = parse("{}", &err);

	(void)state;
	assert_non_null(p);
	assert_true(p->route.on);
	assert_string_equal(p->route.interface, "auto");
	assert_string_equal(p->route.name, "");	/* derived by the agent */
	assert_int_equal(p->route.id, 0);
	assert_int_equal(p->route.mtu, PROFILE_ROUTE_MTU);
	assert_false(p->route.has_routes);	/* remote.subnets */
	assert_string_equal(p->route.inner_address, "");
	profile_destroy(p);
}

static void test_all_fields(void **state)
{
	profile_err_t err;
	profile_t *p = parse("{\"interface\":\"vti\",\"name\":\"vti-a\",\"id\":42,"
		"\"inner_address\":\"169.254.21.2/30\",\"mtu\":1436,"
		"\"routes\":[\"10.2.0.0/16\",\"10.20.0.0/16\"]}", &err);

	(void)state;
	assert_non_null(p);
	assert_string_equal(p->route.interface, "vti");
	assert_string_equal(p->route.name, "vti-a");
	assert_int_equal(p->route.id, 42);
	assert_int_equal(p->route.mtu, 1436);
	assert_string_equal(p->route.inner_address, "169.254.21.2/30");
	assert_true(p->route.has_routes);
	assert_int_equal(p->route.n_routes, 2);
	assert_string_equal(p->route.routes[1], "10.20.0.0/16");
	profile_destroy(p);
	/* an empty list: no routes of its own (BGP brings them) */
	p = parse("{\"routes\":[]}", &err);
	assert_non_null(p);
	assert_true(p->route.has_routes);
	assert_int_equal(p->route.n_routes, 0);
	profile_destroy(p);
}

/* Each mistake names its field. */
static void test_errors_name_the_field(void **state)
{
	static const struct { const char *json, *path, *text; } cases[] = {
		{ "\"vti\"", "route_based", "expected an object" },
		{ "{\"interface\":\"gre\"}", "route_based.interface", "\"xfrmi\" or \"vti\"" },
		{ "{\"name\":\"a-name-longer-than-15\"}", "route_based.name", "1 to 15" },
		{ "{\"name\":\"vti/0\"}", "route_based.name", "letters, digits" },
		{ "{\"name\":\"\"}", "route_based.name", "empty" },
		{ "{\"id\":0}", "route_based.id", "" },
		{ "{\"inner_address\":\"169.254.21.2\"}", "route_based.inner_address",
		  "prefix length" },
		{ "{\"mtu\":40}", "route_based.mtu", "" },
		{ "{\"routes\":[\"10.2.0.1/24\"]}", "route_based.routes[0]", "host bits" },
		{ "{\"routes\":\"10.2.0.0/24\"}", "route_based.routes", "array" },
		{ "{\"if_id\":7}", "route_based.if_id", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		profile_err_t err;
		profile_t *p = parse(cases[i].json, &err);

		if (p)
			fail_msg("%s: accepted", cases[i].json);
		if (strcmp(err.path, cases[i].path) || !strstr(err.text, cases[i].text))
			fail_msg("%s: %s: %s", cases[i].json, err.path, err.text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absent_is_policy_based),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_all_fields),
		cmocka_unit_test(test_errors_name_the_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
