/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* routing/bird_conf.c: what crosspeer writes is what BIRD 2 itself accepts (`bird -p`). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bird_conf.h"

/* An Azure gateway instance: ASN 65515, its VNet, transit, one session per tunnel. */
static void gateway(bird_conf_t *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->router_id, sizeof(c->router_id), "10.2.255.30");
	c->asn = 65515;
	snprintf(c->prefixes[0], 64, "10.2.0.0/16");
	c->n_prefixes = 1;
	c->n_peers = 1;
	snprintf(c->peers[0].name, 32, "tunnel0");
	snprintf(c->peers[0].local_ip, 64, "169.254.21.1");
	snprintf(c->peers[0].neighbor_ip, 64, "169.254.21.2");
	c->peers[0].neighbor_asn = 65010;
	c->hold_s = 9;
	c->connect_retry_s = 1;
	c->transit = true;
}

static char *write_text(const bird_conf_t *c, char *path)
{
	static char text[8192];
	FILE *f;
	size_t n;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	f = fdopen(fd, "w+");
	assert_int_equal(bird_conf_write(c, f), 0);
	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void test_gateway_conf_parses_in_bird(void **state)
{
	char path[] = "/tmp/xp-bird-conf.XXXXXX", cmd[160];
	bird_conf_t c;
	char *text;

	(void)state;
	gateway(&c);
	text = write_text(&c, path);
	assert_non_null(strstr(text, "local 169.254.21.1 as 65515;"));
	assert_non_null(strstr(text, "neighbor 169.254.21.2 as 65010;"));
	assert_non_null(strstr(text, "hold time 9;"));
	assert_non_null(strstr(text, "keepalive time 3;"));
	assert_non_null(strstr(text, "route 10.2.0.0/16 unreachable;"));
	/* transit: what one tunnel's peer announces goes on to the other's */
	assert_non_null(strstr(text, "export where source = RTS_STATIC || source = RTS_BGP;"));
	if (access("/usr/sbin/bird", X_OK))
	{
		unlink(path);
		skip();
	}
	snprintf(cmd, sizeof(cmd), "/usr/sbin/bird -p -c %s", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

/* On-prem: the learned routes get this side's LAN address as their source. */
static void test_prefsrc_parses_in_bird(void **state)
{
	char path[] = "/tmp/xp-bird-conf.XXXXXX", cmd[160], err[200];
	bird_conf_t c;
	char *text;

	(void)state;
	gateway(&c);
	c.asn = 65010;
	c.peers[0].neighbor_asn = 65515;
	c.transit = false;
	snprintf(c.prefsrc, sizeof(c.prefsrc), "10.9.0.1");
	text = write_text(&c, path);
	assert_non_null(strstr(text, "krt_prefsrc = 10.9.0.1;"));
	assert_non_null(strstr(text, "if source != RTS_BGP then reject;"));
	if (!access("/usr/sbin/bird", X_OK))
	{
		snprintf(cmd, sizeof(cmd), "/usr/sbin/bird -p -c %s", path);
		assert_int_equal(system(cmd), 0);
	}
	unlink(path);
	snprintf(c.prefsrc, sizeof(c.prefsrc), "lan");
	assert_false(bird_conf_check(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "prefsrc"));
}

static void test_refuses_what_bird_would(void **state)
{
	bird_conf_t c;
	char err[200];

	(void)state;
	gateway(&c);
	snprintf(c.peers[0].name, 32, "tunnel-0");
	assert_false(bird_conf_check(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "peers[0].name"));
	assert_int_equal(bird_conf_write(&c, stdout == NULL ? NULL : stderr), -1);
	gateway(&c);
	snprintf(c.peers[0].neighbor_ip, 64, "169.254.21");
	assert_false(bird_conf_check(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "tunnel0"));
	gateway(&c);
	snprintf(c.prefixes[0], 64, "10.2.0.0/33");
	assert_false(bird_conf_check(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "prefixes[0]"));
	gateway(&c);
	c.asn = 0;
	assert_false(bird_conf_check(&c, err, sizeof(err)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gateway_conf_parses_in_bird),
		cmocka_unit_test(test_prefsrc_parses_in_bird),
		cmocka_unit_test(test_refuses_what_bird_would),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
