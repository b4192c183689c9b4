/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * routing/: two real BIRD 2 daemons, an on-prem side (65010) and an Azure gateway instance
 * (65515), each in its own network namespace joined by a veth whose APIPA addresses stand
 * in for a tunnel's inner ones. crosspeer writes their configurations, starts them, reads
 * their state over the control socket; BIRD installs what it learns into the namespace's
 * kernel table. Then the gateway side goes silent (its address removed: no FIN, no RST, as
 * when an instance dies) and the on-prem side's session drops at the hold timer, withdrawing
 * the route: the time it took is printed, as the failover check reports it.
 * Needs root and BIRD 2 (exit 77 without).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "bird_ctl.h"
#include "bird_run.h"

#define HOLD_S 3

static char ns_a[64], ns_b[64], dir[64];
static bird_run_t onprem, gw;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void side(bird_conf_t *c, const char *id, uint32_t asn, const char *prefix,
				 const char *local, const char *neighbor, uint32_t peer_asn)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->router_id, sizeof(c->router_id), "%s", id);
	c->asn = asn;
	snprintf(c->prefixes[0], 64, "%s", prefix);
	c->n_prefixes = 1;
	c->n_peers = 1;
	snprintf(c->peers[0].name, 32, "tunnel0");
	snprintf(c->peers[0].local_ip, 64, "%s", local);
	snprintf(c->peers[0].neighbor_ip, 64, "%s", neighbor);
	c->peers[0].neighbor_asn = peer_asn;
	c->hold_s = HOLD_S;
	c->connect_retry_s = 1;
}

static int teardown(void **state);

static int setup_fail(const char *what, const char *err)
{
	fprintf(stderr, "%s: %s\n", what, err);
	teardown(NULL);
	return -1;
}

static int setup(void **state)
{
	char d[96], err[300];
	bird_conf_t a, b;

	(void)state;
	snprintf(ns_a, sizeof(ns_a), "crosspeer-bgp%d-a", (int)getpid());
	snprintf(ns_b, sizeof(ns_b), "crosspeer-bgp%d-b", (int)getpid());
	snprintf(dir, sizeof(dir), "/tmp/crosspeer-bgp.XXXXXX");
	if (!mkdtemp(dir))
		return setup_fail(dir, "mkdtemp failed");
	if (sh("ip netns add %s && ip netns add %s && ip link add xpbgp%da netns %s type veth "
		   "peer name xpbgp%db netns %s && ip -n %s addr add 169.254.21.2/30 dev xpbgp%da && "
		   "ip -n %s addr add 169.254.21.1/30 dev xpbgp%db && ip -n %s link set xpbgp%da up && "
		   "ip -n %s link set xpbgp%db up && ip -n %s link set lo up && ip -n %s link set lo up",
		   ns_a, ns_b, (int)getpid(), ns_a, (int)getpid(), ns_b, ns_a, (int)getpid(), ns_b,
		   (int)getpid(), ns_a, (int)getpid(), ns_b, (int)getpid(), ns_a, ns_b))
		return setup_fail("namespaces", "ip failed");
	side(&a, "169.254.21.2", 65010, "10.9.0.0/24", "169.254.21.2", "169.254.21.1", 65515);
	side(&b, "169.254.21.1", 65515, "10.2.0.0/16", "169.254.21.1", "169.254.21.2", 65010);
	snprintf(d, sizeof(d), "%s/a", dir);
	sh("mkdir -p %s/a %s/b", dir, dir);
	if (bird_run_start(&onprem, d, ns_a, NULL, &a, err, sizeof(err)))
		return setup_fail("on-prem BIRD", err);
	snprintf(d, sizeof(d), "%s/b", dir);
	if (bird_run_start(&gw, d, ns_b, NULL, &b, err, sizeof(err)))
		return setup_fail("gateway BIRD", err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bird_run_stop(&onprem);
	bird_run_stop(&gw);
	sh("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null; rm -rf %s", ns_a, ns_b, dir);
	return 0;
}

/* Routes protocol tunnel0 of run imported, once it reached want (bounded: 5 s). */
static long routes(const bird_run_t *run, long want)
{
	char err[200];
	long n = -1;

	for (int i = 0; i < 50; i++)
	{
		n = bird_ctl_route_count(run->sock, "tunnel0", err, sizeof(err));
		if (n == want)
			break;
		usleep(100000);
	}
	return n;
}

static void test_session_routes_and_hold_expiry(void **state)
{
	char out[512];
	long up_ms, down_ms;
	FILE *p;
	size_t n;

	(void)state;
	up_ms = bird_run_wait(&onprem, "tunnel0", true, 20000);
	assert_true(up_ms >= 0);
	assert_true(bird_run_wait(&gw, "tunnel0", true, 5000) >= 0);
	print_message("BGP Established after %ld ms\n", up_ms);
	/* each side learned the other's prefix; BIRD put it into the kernel table */
	assert_int_equal(routes(&onprem, 1), 1);
	assert_int_equal(routes(&gw, 1), 1);
	for (int i = 0; i < 50; i++)
	{
		snprintf(out, sizeof(out), "ip -n %s route show 10.2.0.0/16 proto bird", ns_a);
		p = popen(out, "r");
		n = p ? fread(out, 1, sizeof(out) - 1, p) : 0;
		out[n] = '\0';
		if (p)
			pclose(p);
		if (strstr(out, "via 169.254.21.1"))
			break;
		usleep(100000);
	}
	assert_non_null(strstr(out, "10.2.0.0/16 via 169.254.21.1"));

	/* the gateway instance goes silent: only the hold timer can tell */
	assert_int_equal(sh("ip -n %s addr del 169.254.21.1/30 dev xpbgp%db", ns_b, (int)getpid()), 0);
	down_ms = bird_run_wait(&onprem, "tunnel0", false, (HOLD_S + 5) * 1000);
	assert_true(down_ms >= 0);
	print_message("BGP withdraw detected after %ld ms (hold time %d s)\n", down_ms, HOLD_S);
	assert_int_equal(routes(&onprem, 0), 0);
	snprintf(out, sizeof(out), "ip -n %s route show 10.2.0.0/16 | grep -q bird", ns_a);
	assert_int_not_equal(system(out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_routes_and_hold_expiry, setup, teardown),
	};

	if (getuid() != 0 || access("/usr/sbin/bird", X_OK))
	{
		printf("SKIP: needs root and BIRD 2 (/usr/sbin/bird; scripts/install-deps.sh)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
