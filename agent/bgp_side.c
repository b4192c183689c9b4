/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bgp_side.h"
#include "exit_codes.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glob.h>
#include <signal.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bird_ctl.h>

long bgp_side_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* "HH:MM:SS.mmm" of the wall clock, as charon's log lines carry. */
static void bgp_side_stamp(char *out, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char hms[16];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	snprintf(out, len, "%s.%03ld", hms, ts.tv_nsec / 1000000L);
}

/* An address of this namespace inside one of the announced prefixes (a LAN address of
 * the on-prem side), for the learned routes' source; "" when there is none. */
static void bgp_side_prefsrc(const profile_t *p, char *out, size_t len)
{
	struct ifaddrs *all, *a;

	out[0] = '\0';
	if (getifaddrs(&all) != 0)
		return;
	for (a = all; a && !out[0]; a = a->ifa_next)
	{
		uint32_t ip;

		if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET)
			continue;
		ip = ntohl(((struct sockaddr_in*)a->ifa_addr)->sin_addr.s_addr);
		for (size_t i = 0; i < p->local.n_subnets && !out[0]; i++)
		{
			unsigned bits = 0;
			struct in_addr net;
			char text[64];
			char *slash;

			snprintf(text, sizeof(text), "%s", p->local.subnets[i]);
			if (!(slash = strchr(text, '/')))
				continue;
			*slash = '\0';
			bits = (unsigned)atoi(slash + 1);
			if (inet_pton(AF_INET, text, &net) != 1 || bits > 32)
				continue;
			if (!bits || (ip >> (32 - bits)) == (ntohl(net.s_addr) >> (32 - bits)))
				inet_ntop(AF_INET, &((struct sockaddr_in*)a->ifa_addr)->sin_addr, out,
						  (socklen_t)len);
		}
	}
	freeifaddrs(all);
}

static void bgp_side_conf(const profile_t *p, const size_t tunnel[], size_t n, bool transit,
						  bird_conf_t *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->router_id, sizeof(c->router_id), "%s",
			 strchr(p->local.address, ':') ? p->bgp.tunnels[tunnel[0]].local_ip
										   : p->local.address);
	c->asn = p->bgp.asn;
	for (size_t i = 0; i < p->local.n_subnets && i < BIRD_CONF_MAX_PREFIXES; i++)
		snprintf(c->prefixes[c->n_prefixes++], sizeof(c->prefixes[0]), "%s",
				 p->local.subnets[i]);
	for (size_t i = 0; i < n; i++)
	{
		const profile_bgp_tunnel_t *t = &p->bgp.tunnels[tunnel[i]];
		bird_peer_t *peer = &c->peers[c->n_peers++];

		snprintf(peer->name, sizeof(peer->name), "tunnel%zu", tunnel[i]);
		snprintf(peer->local_ip, sizeof(peer->local_ip), "%s", t->local_ip);
		snprintf(peer->neighbor_ip, sizeof(peer->neighbor_ip), "%s", t->peer_ip);
		peer->neighbor_asn = p->bgp.peer_asn;
	}
	c->hold_s = p->bgp.hold_s;
	/* the first connect may leave before the tunnel is up: retry soon, not in 120 s */
	c->connect_retry_s = p->bgp.hold_s / 3 ? p->bgp.hold_s / 3 : 1;
	c->transit = transit;
	bgp_side_prefsrc(p, c->prefsrc, sizeof(c->prefsrc));
}

/* Run directories of BIRDs that are gone (their crosspeer was killed, as a failed gateway
 * instance is): removed, so that they do not pile up in /tmp. */
static void bgp_side_sweep(void)
{
	static const char *const files[] = { "bird.conf", "bird.ctl", "bird.pid", "bird.log" };
	glob_t g;

	if (glob("/tmp/crosspeer-bgp-*/bird.pid", 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
	{
		char dir[256], path[300];
		FILE *f = fopen(g.gl_pathv[i], "r");
		int pid = 0;

		if (!f)
			continue;
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
		if (pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(dir, sizeof(dir), "%s", g.gl_pathv[i]);
		*strrchr(dir, '/') = '\0';
		for (size_t j = 0; j < sizeof(files) / sizeof(files[0]); j++)
		{
			snprintf(path, sizeof(path), "%s/%s", dir, files[j]);
			unlink(path);
		}
		rmdir(dir);
	}
	globfree(&g);
}

int bgp_side_start(bgp_side_t *s, const profile_t *p, const size_t tunnel[], size_t n,
				   bool transit, const char *cmd)
{
	char err[400];
	bird_conf_t c;

	memset(s, 0, sizeof(*s));
	s->cmd = cmd;
	s->n = n;
	memcpy(s->tunnel, tunnel, n * sizeof(*tunnel));
	for (size_t i = 0; i < n; i++)
		s->routes[i] = -1;
	bgp_side_conf(p, tunnel, n, transit, &c);
	if (!bird_conf_check(&c, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer %s: %s: bgp: %s\n", cmd, p->path, err);
		return XP_EXIT_USAGE;
	}
	bgp_side_sweep();
	snprintf(s->dir, sizeof(s->dir), "/tmp/crosspeer-bgp-XXXXXX");
	if (!mkdtemp(s->dir))
	{
		fprintf(stderr, "crosspeer %s: %s: could not be made\n", cmd, s->dir);
		s->dir[0] = '\0';
		return XP_EXIT_ENV;
	}
	if (bird_run_start(&s->bird, s->dir, NULL, NULL, &c, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer %s: BIRD (Debian bird2) could not run: %s\n", cmd, err);
		bgp_side_stop(s);
		return XP_EXIT_ENV;
	}
	printf("bgp: BIRD pid %d, AS %u, %zu session%s, hold %u s, control socket %s\n",
		   (int)s->bird.pid, p->bgp.asn, n, n == 1 ? "" : "s", p->bgp.hold_s, s->bird.sock);
	fflush(stdout);
	return XP_EXIT_PASS;
}

/* The state of session i ("Established", "Active", ...), "down" when BIRD does not list it. */
static void bgp_side_state(const bird_proto_t *list, int n, const char *name, char *out,
						   size_t len)
{
	size_t end;

	snprintf(out, len, "down");
	for (int i = 0; i < n; i++)
	{
		if (!strcmp(list[i].name, name))
			snprintf(out, len, "%s", list[i].info[0] ? list[i].info : list[i].state);
	}
	/* BIRD pads the BGP state to a column: "Idle          BGP Error: ..." */
	for (char *sp = strstr(out, "  "); sp; sp = strstr(sp, "  "))
		memmove(sp, sp + 1, strlen(sp));
	for (end = strlen(out); end && out[end - 1] == ' '; end--)
		out[end - 1] = '\0';
}

bool bgp_side_established(const char *info)
{
	return !strncmp(info, "Established", 11);
}

/* Session i's state or route count changed: print it with the time. */
static void bgp_side_show(bgp_side_t *s, size_t i, const char *now, long routes)
{
	char stamp[32];

	bgp_side_stamp(stamp, sizeof(stamp));
	if (strcmp(now, s->info[i]))
	{
		if (bgp_side_established(now))
			printf("%s bgp tunnel%zu Established\n", stamp, s->tunnel[i]);
		else
			printf("%s bgp tunnel%zu %s (was %s)%s\n", stamp, s->tunnel[i], now,
				   s->info[i][0] ? s->info[i] : "starting",
				   bgp_side_established(s->info[i]) ? ": its routes withdrawn" : "");
		snprintf(s->info[i], sizeof(s->info[i]), "%s", now);
		s->changed_ms[i] = bgp_side_now_ms();
		if (s->n_events < BGP_SIDE_MAX_EVENTS)
		{
			bgp_side_event_t *e = &s->events[s->n_events++];

			e->ms = s->changed_ms[i];
			e->tunnel = s->tunnel[i];
			snprintf(e->state, sizeof(e->state), "%s", now);
		}
	}
	if (routes != s->routes[i] && bgp_side_established(now))
		printf("%s bgp tunnel%zu %ld route%s learned\n", stamp, s->tunnel[i], routes,
			   routes == 1 ? "" : "s");
	s->routes[i] = routes;
}

void bgp_side_poll(bgp_side_t *s)
{
	bird_proto_t list[16];
	char err[200], now[96], name[32];
	int n = bird_ctl_protocols(s->bird.sock, list, 16, err, sizeof(err));

	if (n < 0)
		return;
	for (size_t i = 0; i < s->n; i++)
	{
		long routes = -1;

		snprintf(name, sizeof(name), "tunnel%zu", s->tunnel[i]);
		bgp_side_state(list, n, name, now, sizeof(now));
		if (bgp_side_established(now))
			routes = bird_ctl_route_count(s->bird.sock, name, err, sizeof(err));
		if (strcmp(now, s->info[i]) || routes != s->routes[i])
			bgp_side_show(s, i, now, routes);
	}
	fflush(stdout);
}

bool bgp_side_all_up(bgp_side_t *s)
{
	size_t up = 0;

	bgp_side_poll(s);
	for (size_t i = 0; i < s->n; i++)
		up += bgp_side_established(s->info[i]) && s->routes[i] > 0;
	return up == s->n;
}

void bgp_side_report_missing(bgp_side_t *s, int waited_s)
{
	for (size_t i = 0; i < s->n; i++)
	{
		if (!bgp_side_established(s->info[i]) || s->routes[i] <= 0)
			fprintf(stderr, "crosspeer %s: bgp tunnel%zu: not Established with a route "
					"learned after %d s (%s); "
					"BIRD's log: %s\n", s->cmd, s->tunnel[i], waited_s,
					s->info[i][0] ? s->info[i] : "no state", s->bird.log);
	}
	s->keep_log = true;
}

void bgp_side_stop(bgp_side_t *s)
{
	bird_run_stop(&s->bird);
	if (!s->dir[0])
		return;
	unlink(s->bird.conf);
	unlink(s->bird.sock);
	unlink(s->bird.pidfile);
	if (s->keep_log)
		return;
	unlink(s->bird.log);
	rmdir(s->dir);
	s->dir[0] = '\0';
}
