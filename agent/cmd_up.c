/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bgp_up.h"
#include "cli_tunnel.h"
#include "tunnel_arm.h"
#include "commands.h"
#include "exit_codes.h"
#include "profile.h"
#include "stop_token.h"
#include "tunnel.h"

#include <stdio.h>
#include <stdlib.h>

static const char up_usage[] =
	"crosspeer up --profile FILE [--timeout S] [--datapath auto|xfrm|libipsec]\n"
	"                    [--cycles N] [-v|-q]\n\n"
	"Bring up the IKEv2 site-to-site tunnel the profile describes, as the initiator (the\n"
	"on-prem peer). Logs each IKE step on stderr and stays in the foreground until SIGINT\n"
	"or SIGTERM, then deletes its SAs. With --cycles N it brings the tunnel up and down N\n"
	"times and prints each setup time and the median. With \"bgp\" in the profile it brings\n"
	"up a route-based tunnel to each gateway instance (a process each) and one BIRD with a\n"
	"BGP session over each tunnel, and prints the sessions' state changes (docs/bgp.md).\n\n"
	"  --profile FILE   the profile (docs/profile.md); one with \"azure_connection\" takes\n"
	"                   the tunnel (ends, policy, key) from that ARM connection\n"
	"  --timeout S      give up when not established after S seconds (default 30)\n"
	"  --datapath D     auto (XFRM if the kernel has ESP, else libipsec), xfrm or libipsec\n"
	"  --cycles N       set up and tear down N times, then exit\n"
	"  -v, --verbose    more IKE detail;  -q, --quiet  errors only\n\n"
	"Exit: 0 up and closed cleanly, 2 usage or profile error (or the profile disagrees with\n"
	"its ARM connection), 3 tunnel not established (the message names the cause), 4 ARM\n"
	"error, 5 environment (not root, no TUN).\n";

static void up_print_established(const profile_t *p)
{
	peer_listener_t *listener = tunnel_listener();
	char ike[128], esp[128];

	listener->get_proposals(listener, ike, sizeof(ike), esp, sizeof(esp));
	printf("tunnel %s up in %.1f ms: %s === %s, IKE %s, ESP %s\n", p->name,
		   listener->get_setup_ms(listener), p->local.address, p->remote.address, ike, esp);
	fflush(stdout);
}

/* Stay up until a signal; report the tunnel going down and coming back (DPD restarts it). */
static int up_foreground(const profile_t *p, const cli_tunnel_t *cli)
{
	peer_listener_t *listener = tunnel_listener();
	peer_outcome_t shown = PEER_OUTCOME_UP;
	int rc = tunnel_initiate(cli->timeout_s * 1000);

	if (rc != XP_EXIT_PASS)
		return rc;
	up_print_established(p);
	while (!stop_token_wait(200))
	{
		peer_outcome_t now = listener->get_outcome(listener);
		char why[512];

		if (now == shown)
			continue;
		if (now == PEER_OUTCOME_FAILED)
		{
			listener->get_failure(listener, why, sizeof(why));
			printf("tunnel %s down: %s\n", p->name, why);
		}
		else if (now == PEER_OUTCOME_UP)
			up_print_established(p);
		fflush(stdout);
		shown = now;
	}
	return XP_EXIT_PASS;
}

static int up_compare_double(const void *a, const void *b)
{
	double x = *(const double*)a, y = *(const double*)b;

	return x < y ? -1 : x > y;
}

static int up_cycles(const profile_t *p, const cli_tunnel_t *cli)
{
	double *ms = calloc((size_t)cli->cycles, sizeof(*ms));
	int done = 0, rc = XP_EXIT_PASS;

	for (; done < cli->cycles && rc == XP_EXIT_PASS; done++)
	{
		rc = tunnel_initiate(cli->timeout_s * 1000);
		if (rc != XP_EXIT_PASS)
			break;
		ms[done] = tunnel_listener()->get_setup_ms(tunnel_listener());
		printf("cycle %d: setup %.2f ms\n", done + 1, ms[done]);
		tunnel_close();
		if (stop_token_requested())
			rc = XP_EXIT_USAGE;
	}
	if (done)
	{
		qsort(ms, (size_t)done, sizeof(*ms), up_compare_double);
		printf("setup_ms median %.2f min %.2f max %.2f cycles %d (%s)\n",
			   done % 2 ? ms[done / 2] : (ms[done / 2 - 1] + ms[done / 2]) / 2, ms[0],
			   ms[done - 1], done, p->name);
	}
	free(ms);
	return rc;
}

/*
 * A "bgp" profile: this process runs BIRD and a tunnel process per gateway instance, or is
 * one of those (opts->bgp_tunnel set). @return -1 to go on as a tunnel, else the exit code.
 */
static int up_bgp(profile_t *p, const cli_tunnel_t *cli, tunnel_opts_t *opts)
{
	int t;

	if ((t = bgp_up_check_profile(p, "up")) >= 0)
		return t;
	if (cli->cycles)
	{
		fprintf(stderr, "crosspeer up: --cycles: not with a \"bgp\" profile (%s)\n", p->path);
		return XP_EXIT_USAGE;
	}
	t = bgp_up_tunnel(p);
	if (t == -2)
		return XP_EXIT_USAGE;
	if (t == -1)
		return bgp_up_run(p, cli);
	opts->bgp_tunnel = (size_t)t;
	return -1;
}

int cmd_up(int argc, char *argv[])
{
	tunnel_opts_t opts = { .cmd = "up", .initiator = true };
	azure_peer_t arm = { .n_subnets = 0 };
	profile_err_t perr;
	cli_tunnel_t cli;
	profile_t *p;
	char msg[600];
	int rc;

	if ((rc = cli_tunnel_parse(argc, argv, up_usage, CLI_TIMEOUT | CLI_CYCLES, &cli)) >= 0)
		return rc;
	p = profile_load(cli.profile, &perr);
	if (!p)
	{
		profile_err_format(&perr, msg, sizeof(msg));
		fprintf(stderr, "crosspeer up: %s\n", msg);
		return XP_EXIT_USAGE;
	}
	if (p->has_bgp && (rc = up_bgp(p, &cli, &opts)) >= 0)
	{
		profile_destroy(p);
		return rc;
	}
	opts.datapath = cli.datapath;
	opts.log_level = cli.log_level;
	rc = p->has_arm_connection ? tunnel_arm_resolve(p, "up", false, false, &arm) : XP_EXIT_PASS;
	opts.arm[0] = p->has_arm_connection ? &arm : NULL;
	/* before charon's threads, so they inherit the blocked signals */
	if (rc == XP_EXIT_PASS)
		rc = stop_token_start(true) ? tunnel_start((const profile_t *const[]){ p }, 1, &opts) :
			 XP_EXIT_ENV;
	azure_peer_wipe(&arm);
	if (rc == XP_EXIT_PASS)
		rc = cli.cycles ? up_cycles(p, &cli) : up_foreground(p, &cli);
	tunnel_close();
	tunnel_stop();
	tunnel_arm_close();
	profile_destroy(p);
	return rc;
}
