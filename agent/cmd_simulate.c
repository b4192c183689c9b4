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
	"crosspeer simulate --profile FILE [--profile FILE]... [--datapath auto|xfrm|libipsec]\n"
	"                   [-v|-q]\n"
	"crosspeer simulate --profile FILE [--profile FILE]... --azure-settings\n\n"
	"Stand in for the partner tenant's gateway: with \"personality\": \"azure\", accept\n"
	"exactly what an Azure route-based VPN gateway accepts (its default IKE/ESP proposals,\n"
	"or the profile's azure_policy), with Azure's lifetimes and DPD timeout, narrowing\n"
	"any-to-any traffic selectors to the profile's subnets. \"local\" is the simulated\n"
	"gateway, \"remote\" the peer that connects to it. Each --profile is one connection of\n"
	"the gateway (same local address, one remote peer each); with \"connection_mode\"\n"
	"Default or InitiatorOnly the gateway also initiates it and keeps it up, as Azure does.\n"
	"Runs until SIGINT or SIGTERM, then deletes its SAs.\n\n"
	"  --profile FILE   a connection's profile (docs/profile.md); repeat for more\n"
	"  --datapath D     auto (XFRM if the kernel has ESP, else libipsec), xfrm or libipsec\n"
	"  -v, --verbose    more IKE detail;  -q, --quiet  errors only\n"
	"  --azure-settings print what to create in the real Azure tenant (local network\n"
	"                   gateway, connection, ipsecPolicies; az commands and ARM bodies) so\n"
	"                   that its gateway connects to this one, then exit; needs no root and\n"
	"                   never shows the pre-shared key (docs/partner-simulation.md)\n\n"
	"Exit: 0 after a signal, 2 usage or profile error, 5 environment (not root, no TUN,\n"
	"UDP 500 in use).\n";

static void simulate_report(const profile_t *p, peer_listener_t *listener, peer_outcome_t now)
{
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
		printf("tunnel %s with %s down: %s\n", p->name, p->remote.address, why);
		/* the next attempt is judged on its own */
		listener->reset(listener);
	}
	fflush(stdout);
}

static void simulate_run(profile_t *const profiles[], size_t n)
{
	peer_outcome_t shown[CLI_MAX_PROFILES] = { PEER_OUTCOME_PENDING };

	for (size_t i = 0; i < n; i++)
	{
		printf("simulating %s gateway %s for peer %s (%s)\n", profiles[i]->personality,
			   profiles[i]->local.address, profiles[i]->remote.address,
			   profiles[i]->connection_mode);
		if (profile_initiates(profiles[i]) && !tunnel_initiate_async(i))
			printf("tunnel %s: could not start initiating\n", profiles[i]->name);
	}
	fflush(stdout);
	while (!tunnel_wait_signal(100))
	{
		for (size_t i = 0; i < n; i++)
		{
			peer_listener_t *listener = tunnel_listener_at(i);
			peer_outcome_t now = listener->get_outcome(listener);

			if (now != shown[i])
				simulate_report(profiles[i], listener, now);
			shown[i] = now == PEER_OUTCOME_FAILED ? PEER_OUTCOME_PENDING : now;
		}
	}
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

/* --azure-settings: print for each connection and leave; no charon, no root. */
static int simulate_azure_settings(profile_t *const profiles[], size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		if ((i && fputs("\n", stdout) == EOF) || simulate_settings_print(profiles[i], stdout))
		{
			perror("crosspeer simulate: stdout");
			return XP_EXIT_ENV;
		}
	}
	return XP_EXIT_PASS;
}

int cmd_simulate(int argc, char *argv[])
{
	tunnel_opts_t opts = { .cmd = "simulate", .initiator = false };
	profile_t *profiles[CLI_MAX_PROFILES] = { NULL };
	profile_err_t perr;
	cli_tunnel_t cli;
	char msg[600];
	size_t n = 0;
	bool settings = simulate_take_flag(&argc, argv, "--azure-settings");
	int rc;

	if ((rc = cli_tunnel_parse(argc, argv, simulate_usage, CLI_PROFILES, &cli)) >= 0)
		return rc;
	for (; n < cli.n_profiles; n++)
	{
		profiles[n] = profile_load(cli.profiles[n], &perr);
		if (!profiles[n])
		{
			profile_err_format(&perr, msg, sizeof(msg));
			fprintf(stderr, "crosspeer simulate: %s\n", msg);
			rc = XP_EXIT_USAGE;
			break;
		}
	}
	opts.datapath = cli.datapath;
	opts.log_level = cli.log_level;
	if (rc < 0 && settings)
	{
		rc = simulate_azure_settings(profiles, n);
		for (size_t i = 0; i < n; i++)
			profile_destroy(profiles[i]);
		return rc;
	}
	if (rc < 0)
		rc = tunnel_start((const profile_t *const *)profiles, n, &opts);
	if (rc == XP_EXIT_PASS)
		simulate_run(profiles, n);
	tunnel_close();
	tunnel_stop();
	for (size_t i = 0; i < n; i++)
		profile_destroy(profiles[i]);
	return rc;
}
