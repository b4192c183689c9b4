/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "cli_tunnel.h"
#include "commands.h"
#include "exit_codes.h"
#include "profile.h"
#include "simulate_settings.h"
#include "tunnel.h"

#include <stdio.h>
#include <string.h>

static const char simulate_usage[] =
	"crosspeer simulate --profile FILE [--datapath auto|xfrm|libipsec] [-v|-q]\n"
	"crosspeer simulate --profile FILE --azure-settings\n\n"
	"Stand in for the partner tenant's gateway: an IKEv2 responder that, with\n"
	"\"personality\": \"azure\", accepts exactly what an Azure route-based VPN gateway\n"
	"accepts (its default IKE/ESP proposals, or the profile's azure_policy), with Azure's\n"
	"lifetimes and DPD timeout, narrowing any-to-any traffic selectors to the profile's\n"
	"subnets. \"local\" is the simulated gateway, \"remote\" the peer that connects to it.\n"
	"Runs until SIGINT or SIGTERM, then deletes its SAs.\n\n"
	"  --profile FILE   the profile (docs/profile.md)\n"
	"  --datapath D     auto (XFRM if the kernel has ESP, else libipsec), xfrm or libipsec\n"
	"  -v, --verbose    more IKE detail;  -q, --quiet  errors only\n"
	"  --azure-settings print what to create in the real Azure tenant (local network\n"
	"                   gateway, connection, ipsecPolicies; az commands and ARM bodies) so\n"
	"                   that its gateway connects to this one, then exit; needs no root and\n"
	"                   never shows the pre-shared key (docs/partner-simulation.md)\n\n"
	"Exit: 0 after a signal, 2 usage or profile error, 5 environment (not root, no TUN,\n"
	"UDP 500 in use).\n";

static void simulate_report(const profile_t *p, peer_outcome_t now)
{
	peer_listener_t *listener = tunnel_listener();
	char ike[128], esp[128], why[512];

	if (now == PEER_OUTCOME_UP)
	{
		listener->get_proposals(listener, ike, sizeof(ike), esp, sizeof(esp));
		printf("tunnel %s established by %s in %.1f ms: IKE %s, ESP %s\n", p->name,
			   p->remote.address, listener->get_setup_ms(listener), ike, esp);
	}
	else
	{
		listener->get_failure(listener, why, sizeof(why));
		printf("tunnel %s from %s failed: %s\n", p->name, p->remote.address, why);
		/* the next attempt is judged on its own */
		listener->reset(listener);
	}
	fflush(stdout);
}

/* Take a flag out of argv: cli_tunnel_parse knows only the tunnel options. */
static bool simulate_take_flag(int *argc, char *argv[], const char *flag)
{
	bool found = false;
	int out = 1;

	for (int i = 1; i < *argc; i++)
	{
		if (!strcmp(argv[i], "--"))
		{
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], flag))
			found = true;
		else
			argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	return found;
}

/* --azure-settings: print and leave; no charon, no root. */
static int simulate_azure_settings(const profile_t *p)
{
	if (simulate_settings_print(p, stdout))
	{
		perror("crosspeer simulate: stdout");
		return XP_EXIT_ENV;
	}
	return XP_EXIT_PASS;
}

int cmd_simulate(int argc, char *argv[])
{
	tunnel_opts_t opts = { .cmd = "simulate", .initiator = false };
	peer_outcome_t shown = PEER_OUTCOME_PENDING;
	profile_err_t perr;
	cli_tunnel_t cli;
	profile_t *p;
	char msg[600];
	bool settings = simulate_take_flag(&argc, argv, "--azure-settings");
	int rc;

	if ((rc = cli_tunnel_parse(argc, argv, simulate_usage, 0, &cli)) >= 0)
		return rc;
	p = profile_load(cli.profile, &perr);
	if (!p)
	{
		profile_err_format(&perr, msg, sizeof(msg));
		fprintf(stderr, "crosspeer simulate: %s\n", msg);
		return XP_EXIT_USAGE;
	}
	if (settings)
	{
		rc = simulate_azure_settings(p);
		profile_destroy(p);
		return rc;
	}
	opts.datapath = cli.datapath;
	opts.log_level = cli.log_level;
	rc = tunnel_start(p, &opts);
	if (rc == XP_EXIT_PASS)
	{
		printf("simulating %s gateway %s for peer %s\n", p->personality, p->local.address,
			   p->remote.address);
		fflush(stdout);
		while (!tunnel_wait_signal(100))
		{
			peer_outcome_t now = tunnel_listener()->get_outcome(tunnel_listener());

			if (now != shown)
				simulate_report(p, now);
			shown = now == PEER_OUTCOME_FAILED ? PEER_OUTCOME_PENDING : now;
		}
	}
	tunnel_close();
	tunnel_stop();
	profile_destroy(p);
	return rc;
}
