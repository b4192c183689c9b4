/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* route_iface: the pure parts (kinds, default names, derived ids) and what it refuses
 * before it asks the kernel. Creating interfaces needs a kernel with XFRM interfaces or
 * VTIs: tests/integration/route_based_vti.sh does that in the User-Mode Linux guest. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "route_iface.h"

static void test_kinds(void **state)
{
	route_iface_kind_t k;

	(void)state;
	assert_true(route_iface_parse_kind("auto", &k));
	assert_int_equal(k, ROUTE_IFACE_AUTO);
	assert_true(route_iface_parse_kind("xfrmi", &k));
	assert_int_equal(k, ROUTE_IFACE_XFRMI);
	assert_true(route_iface_parse_kind("vti", &k));
	assert_int_equal(k, ROUTE_IFACE_VTI);
	assert_false(route_iface_parse_kind("gre", &k));
	assert_false(route_iface_parse_kind("VTI", &k));
	assert_string_equal(route_iface_kind_name(ROUTE_IFACE_VTI), "vti");
	assert_string_equal(route_iface_kind_name(ROUTE_IFACE_XFRMI), "xfrmi");
}

/* "xp-" + the name while it fits in 15 characters; else a prefix and a hash, so that long
 * names sharing a start (site-0001, site-0002, ...) still get different interfaces. */
static void test_default_names(void **state)
{
	char a[ROUTE_IFACE_NAME_MAX + 1], b[ROUTE_IFACE_NAME_MAX + 1];

	(void)state;
	route_iface_default_name("site1", a);
	assert_string_equal(a, "xp-site1");
	route_iface_default_name("twelve-chars", a);
	assert_string_equal(a, "xp-twelve-chars");
	route_iface_default_name("onprem-to-tenant-a-0001", a);
	route_iface_default_name("onprem-to-tenant-a-0002", b);
	assert_int_equal(strlen(a), ROUTE_IFACE_NAME_MAX);
	assert_int_equal(strncmp(a, "xp-onprem-", 10), 0);
	assert_string_not_equal(a, b);
	/* stable: the same connection gets the same interface in every run */
	route_iface_default_name("onprem-to-tenant-a-0001", b);
	assert_string_equal(a, b);
}

/* The id is 0x7870xxxx ("xp"), never 0, stable, and differs between names. */
static void test_derived_ids(void **state)
{
	uint32_t a = route_iface_derive_id("xp-site1"), b = route_iface_derive_id("xp-site2");

	(void)state;
	assert_int_equal(a & 0xffff0000, 0x78700000);
	assert_int_equal(b & 0xffff0000, 0x78700000);
	assert_int_not_equal(a, b);
	assert_int_equal(a, route_iface_derive_id("xp-site1"));
	/* 100 sites: no two share an id */
	for (int i = 0; i < 100; i++)
	{
		char ni[32], nj[32];

		snprintf(ni, sizeof(ni), "xp-site-%d", i);
		for (int j = 0; j < i; j++)
		{
			snprintf(nj, sizeof(nj), "xp-site-%d", j);
			assert_int_not_equal(route_iface_derive_id(ni), route_iface_derive_id(nj));
		}
	}
}

/* A name or id missing: refused before any netlink. Deleting what is not there: done. */
static void test_refusals(void **state)
{
	route_iface_spec_t spec = { .kind = ROUTE_IFACE_VTI, .name = "xp-t", .id = 0 };
	route_iface_kind_t used;
	char err[200];

	(void)state;
	assert_int_equal(route_iface_create(&spec, &used, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "non-zero id"));
	assert_int_equal(route_iface_delete("xp-not-there"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_default_names),
		cmocka_unit_test(test_derived_ids),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
