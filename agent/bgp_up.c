/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bgp_up.h"
#include "bgp_side.h"
#include "exit_codes.h"
#include "stop_token.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/** How long the tunnels get to leave after SIGTERM before SIGKILL. */
#define BGP_UP_STOP_MS 5000

int bgp_up_tunnel(profile_t *p)
{
	const char *v = getenv(BGP_UP_TUNNEL_ENV);
	char *end;
	long i;

	if (!v || !p->has_bgp)
		return -1;
	i = strtol(v, &end, 10);
	if (*end || i < 0 || (size_t)i >= p->bgp.n_tunnels)
	{
		fprintf(stderr, "crosspeer up: %s=%s: %s has bgp.tunnels[0..%zu]\n",
				BGP_UP_TUNNEL_ENV, v, p->path, p->bgp.n_tunnels - 1);
		return -2;
	}
	if (!strcmp(p->remote.id, p->remote.address))
		snprintf(p->remote.id, sizeof(p->remote.id), "%s", p->bgp.tunnels[i].remote_address);
	snprintf(p->remote.address, sizeof(p->remote.address), "%s",
			 p->bgp.tunnels[i].remote_address);
	return (int)i;
}

static pid_t bgp_up_spawn(size_t i, char *argv[])
{
	char index[16];
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	snprintf(index, sizeof(index), "%zu", i);
	setenv(BGP_UP_TUNNEL_ENV, index, 1);
	execv("/proc/self/exe", argv);
	fprintf(stderr, "crosspeer up: /proc/self/exe: %s\n", strerror(errno));
	_exit(XP_EXIT_ENV);
}

/* A tunnel process that left on its own: its exit code, -1 while all run. */
static int bgp_up_reap(pid_t pid[], size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		int status;

		if (pid[i] <= 0 || waitpid(pid[i], &status, WNOHANG) != pid[i])
			continue;
		pid[i] = 0;
		fprintf(stderr, "crosspeer up: tunnel%zu's process ended (%s %d)\n", i,
				WIFEXITED(status) ? "exit" : "signal",
				WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return WIFEXITED(status) && WEXITSTATUS(status) ? WEXITSTATUS(status) : XP_EXIT_TUNNEL;
	}
	return -1;
}

static void bgp_up_stop(pid_t pid[], size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		if (pid[i] > 0)
			kill(pid[i], SIGTERM);
	}
	for (size_t i = 0; i < n; i++)
	{
		int status;

		for (int waited = 0; pid[i] > 0 && waited < BGP_UP_STOP_MS; waited += 20)
		{
			if (waitpid(pid[i], &status, WNOHANG) == pid[i])
				pid[i] = 0;
			else
				usleep(20 * 1000);
		}
		if (pid[i] > 0)
		{
			kill(pid[i], SIGKILL);
			waitpid(pid[i], &status, 0);
			pid[i] = 0;
		}
	}
}

/* Until every session is Established, a tunnel process fails, or the timeout. */
static int bgp_up_establish(bgp_side_t *side, pid_t pid[], size_t n, int timeout_s)
{
	for (long waited = 0; waited <= timeout_s * 1000L; waited += 100)
	{
		int rc = bgp_up_reap(pid, n);

		if (rc >= 0)
			return rc;
		if (stop_token_requested() || bgp_side_all_up(side))
			return XP_EXIT_PASS;
		stop_token_wait(100);
	}
	bgp_side_report_missing(side, timeout_s);
	return XP_EXIT_TUNNEL;
}

int bgp_up_run(const profile_t *p, const cli_tunnel_t *cli, char *argv[])
{
	pid_t pid[PROFILE_MAX_BGP_TUNNELS] = { 0 };
	size_t tunnel[PROFILE_MAX_BGP_TUNNELS], n = p->bgp.n_tunnels;
	bgp_side_t side;
	int rc;

	if (geteuid() != 0)
	{
		fprintf(stderr, "crosspeer up: needs root (CAP_NET_ADMIN) for the tunnels' TUN "
				"devices and BGP's routes; run it with sudo\n");
		return XP_EXIT_ENV;
	}
	if (!stop_token_start(true))
		return XP_EXIT_ENV;
	for (size_t i = 0; i < n; i++)
		tunnel[i] = i;
	rc = bgp_side_start(&side, p, tunnel, n, false, "up");
	if (rc != XP_EXIT_PASS)
		return rc;
	for (size_t i = 0; i < n; i++)
		pid[i] = bgp_up_spawn(i, argv);
	rc = bgp_up_establish(&side, pid, n, cli->timeout_s);
	if (rc == XP_EXIT_PASS && !stop_token_requested())
		printf("bgp up: %zu tunnel%s, a BGP session over each, routes from BGP\n", n,
			   n == 1 ? "" : "s");
	fflush(stdout);
	while (rc == XP_EXIT_PASS && !stop_token_wait(100))
	{
		bgp_side_poll(&side);
		rc = bgp_up_reap(pid, n);
		rc = rc < 0 ? XP_EXIT_PASS : rc;
	}
	bgp_side_stop(&side);
	bgp_up_stop(pid, n);
	return rc;
}
