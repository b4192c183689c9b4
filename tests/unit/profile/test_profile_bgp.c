/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* profile/profile_bgp.c: the "bgp" section of a tunnel profile. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "profile.h"
#include "profile_bgp.h"

#define HEAD "{\"version\":1,\"name\":\"xt\",\"local\":{\"address\":\"192.0.2.1\"," \
	"\"subnets\":[\"10.1.0.0/24\"]},\"remote\":{\"address\":\"192.0.2.2\",\"subnets\":" \
	"[\"10.2.0.0/24\"]},\"auth\":{\"psk_env\":\"K\"},\"bgp\":"

#define T0 "{\"local_ip\":\"169.254.21.2\",\"peer_ip\":\"169.254.21.1\"}"
#define T1 "{\"remote_address\":\"198.51.100.2\",\"local_ip\":\"169.254.22.2\"," \
	"\"peer_ip\":\"169.254.22.1\"}"

/* HEAD + bgp + "}": the profile, or NULL with err's path and text. */
static profile_t *parse(const char *bgp, profile_err_t *err)
{
	char text[2048];

	snprintf(text, sizeof(text), HEAD "%s}", bgp);
	memset(err, 0, sizeof(*err));
	return profile_parse(text, "/etc/xp", err);
}

static void test_two_tunnels(void **state)
{
	profile_err_t err;
	profile_t *p = parse("{\"asn\":65010,\"hold_s\":3,\"tunnels\":[" T0 "," T1 "]}", &err);

	(void)state;
	assert_non_null(p);
	assert_true(p->has_bgp);
	assert_int_equal(p->bgp.asn, 65010);
	assert_int_equal(p->bgp.peer_asn, 65515);
	assert_int_equal(p->bgp.hold_s, 3);
	assert_int_equal(p->bgp.n_tunnels, 2);
	/* the first tunnel goes to remote.address unless told */
	assert_string_equal(p->bgp.tunnels[0].remote_address, "192.0.2.2");
	assert_string_equal(p->bgp.tunnels[1].remote_address, "198.51.100.2");
	assert_true(profile_bgp_check_onprem(p, &err));
	profile_destroy(p);
}

/* bgp's text is refused at path, the text mentioning word. */
static void refused(const char *bgp, const char *path, const char *word)
{
	profile_err_t err;
	profile_t *p = parse(bgp, &err);

	assert_null(p);
	assert_string_equal(err.path, path);
	assert_non_null(strstr(err.text, word));
}

static void test_mistakes(void **state)
{
	(void)state;
	refused("{\"asn\":65010,\"tunnels\":[{\"local_ip\":\"169.254.23.2\",\"peer_ip\":"
			"\"169.254.23.1\"}]}", "bgp.tunnels[0].local_ip", "169.254.21.0-169.254.22.255");
	refused("{\"asn\":65010,\"tunnels\":[{\"local_ip\":\"169.254.21.2\",\"peer_ip\":"
			"\"169.254.21.5\"}]}", "bgp.tunnels[0].peer_ip", "one /30");
	refused("{\"asn\":65010,\"tunnels\":[{\"local_ip\":\"169.254.21.3\",\"peer_ip\":"
			"\"169.254.21.1\"}]}", "bgp.tunnels[0].local_ip", "broadcast");
	refused("{\"asn\":65518,\"tunnels\":[" T0 "]}", "bgp.asn", "reserved by Azure");
	refused("{\"asn\":65515,\"tunnels\":[" T0 "]}", "bgp.asn", "65010");
	refused("{\"asn\":65010,\"peer_asn\":65010,\"tunnels\":[" T0 "]}", "bgp.peer_asn", "eBGP");
	refused("{\"asn\":65010,\"hold_s\":2,\"tunnels\":[" T0 "]}", "bgp.hold_s", "from 3");
	refused("{\"asn\":65010,\"tunnels\":[]}", "bgp.tunnels", "one per gateway instance");
	refused("{\"asn\":65010,\"tunnels\":[" T0 ",{\"local_ip\":\"169.254.22.2\",\"peer_ip\":"
			"\"169.254.22.1\"}]}", "bgp.tunnels[1].remote_address", "");
	refused("{\"asn\":65010,\"tunnels\":[" T0 ",{\"remote_address\":\"192.0.2.2\","
			"\"local_ip\":\"169.254.22.2\",\"peer_ip\":\"169.254.22.1\"}]}",
			"bgp.tunnels[1].remote_address", "own gateway instance");
	refused("{\"asn\":65010,\"tunnels\":[" T0 ",{\"remote_address\":\"198.51.100.2\","
			"\"local_ip\":\"169.254.21.1\",\"peer_ip\":\"169.254.21.2\"}]}",
			"bgp.tunnels[1].local_ip", "own /30");
	refused("{\"asn\":65010,\"speaker\":1,\"tunnels\":[" T0 "]}", "bgp.speaker", "");
}

/* 65515 is the gateway's: a simulated instance may have it, the on-prem side may not. */
static void test_onprem_asn(void **state)
{
	profile_err_t err;
	profile_t *p = parse("{\"asn\":65515,\"peer_asn\":65010,\"tunnels\":[" T0 "]}", &err);

	(void)state;
	assert_non_null(p);
	assert_false(profile_bgp_check_onprem(p, &err));
	assert_string_equal(err.path, "bgp.asn");
	profile_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_tunnels),
		cmocka_unit_test(test_mistakes),
		cmocka_unit_test(test_onprem_asn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
