/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bgp_up.h"
#include "exit_codes.h"
#include "profile_bgp.h"
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

int bgp_up_check_profile(const profile_t *p, const char *cmd)
{
	profile_err_t perr;
	char msg[600];

	if (profile_bgp_check_onprem(p, &perr))
		return -1;
	profile_err_format(&perr, msg, sizeof(msg));
	fprintf(stderr, "crosspeer %s: %s\n", cmd, msg);
	return XP_EXIT_USAGE;
}

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

/* A tunnel process: `crosspeer up` for tunnel i of the same profile. */
static pid_t bgp_up_spawn(size_t i, const profile_t *p, const cli_tunnel_t *cli)
{
	char index[24], timeout[16];
	const char *argv[] = { "crosspeer", "up", "--profile", p->path, "--timeout", timeout,
		"--datapath", charon_embed_datapath_name(cli->datapath),
		cli->log_level == 0 ? "-q" : cli->log_level > 1 ? "-v" : NULL, NULL };
	pid_t pid;

	snprintf(timeout, sizeof(timeout), "%d", cli->timeout_s);
	fflush(stdout);
	pid = fork();
	if (pid != 0)
		return pid;
	snprintf(index, sizeof(index), "%zu", i);
	setenv(BGP_UP_TUNNEL_ENV, index, 1);
	execv("/proc/self/exe", (char **)argv);
	fprintf(stderr, "crosspeer up: /proc/self/exe: %s\n", strerror(errno));
	_exit(XP_EXIT_ENV);
}

int bgp_up_check(bgp_up_t *u)
{
	for (size_t i = 0; i < u->n; i++)
	{
		int status;

		if (u->pid[i] <= 0 || waitpid(u->pid[i], &status, WNOHANG) != u->pid[i])
			continue;
		u->pid[i] = 0;
		fprintf(stderr, "crosspeer up: tunnel%zu's process ended (%s %d)\n", i,
				WIFEXITED(status) ? "exit" : "signal",
				WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return WIFEXITED(status) && WEXITSTATUS(status) ? WEXITSTATUS(status) : XP_EXIT_TUNNEL;
	}
	return -1;
}

void bgp_up_stop(bgp_up_t *u)
{
	bgp_side_stop(&u->side);
	for (size_t i = 0; i < u->n; i++)
	{
		if (u->pid[i] > 0)
			kill(u->pid[i], SIGTERM);
	}
	for (size_t i = 0; i < u->n; i++)
	{
		int status;

		for (int waited = 0; u->pid[i] > 0 && waited < BGP_UP_STOP_MS; waited += 20)
		{
			if (waitpid(u->pid[i], &status, WNOHANG) == u->pid[i])
				u->pid[i] = 0;
			else
				usleep(20 * 1000);
		}
		if (u->pid[i] > 0)
		{
			kill(u->pid[i], SIGKILL);
			waitpid(u->pid[i], &status, 0);
			u->pid[i] = 0;
		}
	}
}

/* Until every session is Established, a tunnel process fails, or the timeout. */
static int bgp_up_establish(bgp_up_t *u, int timeout_s)
{
	for (long waited = 0; waited <= timeout_s * 1000L; waited += 100)
	{
		int rc = bgp_up_check(u);

		if (rc >= 0)
			return rc;
		if (stop_token_requested() || bgp_side_all_up(&u->side))
			return XP_EXIT_PASS;
		stop_token_wait(100);
	}
	bgp_side_report_missing(&u->side, timeout_s);
	return XP_EXIT_TUNNEL;
}

int bgp_up_start(bgp_up_t *u, const profile_t *p, const cli_tunnel_t *cli, const char *cmd)
{
	size_t tunnel[PROFILE_MAX_BGP_TUNNELS];
	int rc;

	memset(u, 0, sizeof(*u));
	if (geteuid() != 0)
	{
		fprintf(stderr, "crosspeer %s: needs root (CAP_NET_ADMIN) for the tunnels' TUN "
				"devices and BGP's routes; run it with sudo\n", cmd);
		return XP_EXIT_ENV;
	}
	for (size_t i = 0; i < p->bgp.n_tunnels; i++)
		tunnel[i] = i;
	rc = bgp_side_start(&u->side, p, tunnel, p->bgp.n_tunnels, false, cmd);
	if (rc != XP_EXIT_PASS)
		return rc;
	u->n = p->bgp.n_tunnels;
	for (size_t i = 0; i < u->n; i++)
		u->pid[i] = bgp_up_spawn(i, p, cli);
	rc = bgp_up_establish(u, cli->timeout_s);
	if (rc == XP_EXIT_PASS && !stop_token_requested())
		printf("bgp up: %zu tunnel%s, a BGP session over each, routes from BGP\n", u->n,
			   u->n == 1 ? "" : "s");
	fflush(stdout);
	return rc;
}

int bgp_up_run(const profile_t *p, const cli_tunnel_t *cli)
{
	static bgp_up_t u;
	int rc;

	if (!stop_token_start(true))
		return XP_EXIT_ENV;
	rc = bgp_up_start(&u, p, cli, "up");
	while (rc == XP_EXIT_PASS && !stop_token_wait(100))
	{
		bgp_side_poll(&u.side);
		rc = bgp_up_check(&u);
		rc = rc < 0 ? XP_EXIT_PASS : rc;
	}
	bgp_up_stop(&u);
	return rc;
}
