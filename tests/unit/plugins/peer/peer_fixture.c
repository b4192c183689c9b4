/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include <library.h>
#include <daemon.h>

int peer_fixture_setup(void **state)
{
	char path[64];
	int fd = memfd_create("peer-test.conf", MFD_CLOEXEC);
	bool ok;

	(void)state;
	if (fd < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	library_add_namespace("charon");
	ok = library_init(path, "crosspeer-test");
	close(fd);
	if (!ok || !libcharon_init())
		return -1;
	return 0;
}

int peer_fixture_teardown(void **state)
{
	(void)state;
	libcharon_deinit();
	library_deinit();
	return 0;
}

profile_t *peer_fixture_profile(const char *extra)
{
	char text[2048];
	profile_err_t err;
	profile_t *p;

	snprintf(text, sizeof(text), "{\"version\":1,\"name\":\"onprem-to-b\","
			 "\"local\":{\"address\":\"192.0.2.1\",\"subnets\":[\"10.1.0.0/24\"]},"
			 "\"remote\":{\"address\":\"192.0.2.2\",\"id\":\"gw-b\","
			 "\"subnets\":[\"10.2.0.0/24\",\"10.3.0.0/16\"]},"
			 "\"auth\":{\"psk_env\":\"XP_TEST_PSK\"}%s}", extra);
	p = profile_parse(text, ".", &err);
	if (!p)
		fail_msg("profile: %s", err.text);
	return p;
}
