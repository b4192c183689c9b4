/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_codes.h"

static const struct subcommand {
	const char *name;
	int (*run)(int argc, char *argv[]);
	const char *help;
} subcommands[] = {
	{ "up",       cmd_up,       "bring up the tunnel a profile describes (IKEv2 initiator)" },
	{ "simulate", cmd_simulate, "stand in for the partner tenant's Azure gateway (responder)" },
	{ "reflect",  cmd_reflect,  "STAMP session-reflector and throughput sink" },
	{ "probe",    cmd_probe,    "latency, loss, jitter, path MTU and throughput probes" },
	{ "verify",   cmd_verify,   "tunnel + probes + thresholds, then exit 0 or 1" },
	{ "azure",    cmd_azure,    "plan | apply | status | destroy the Azure side" },
	{ "armsim",   cmd_armsim,   "the offline Azure Resource Manager emulator" },
	{ "lab",      cmd_lab,      "demo | up | down: the offline namespace lab" },
	{ "baseline", cmd_baseline, "record | compare performance baselines" },
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: crosspeer <subcommand> [options]\n"
		"IKEv2 site-to-site peer and tunnel tester for Azure cross-tenant VNet connections.\n\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(out, "  %-9s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(out, "\n'crosspeer <subcommand> --help' describes each one.\n"
		"Exit codes: 0 pass, 1 threshold failed, 2 usage or profile error, 3 tunnel not\n"
		"established, 4 cloud API error, 5 environment error.\n");
}

int main(int argc, char *argv[])
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
		!strcmp(argv[1], "help"))
	{
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? XP_EXIT_USAGE : XP_EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
	{
		printf("crosspeer %s (strongSwan %s)\n", CROSSPEER_VERSION, STRONGSWAN_VERSION);
		return XP_EXIT_PASS;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
	{
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "crosspeer: unknown subcommand '%s'\n\n", argv[1]);
	usage(stderr);
	return XP_EXIT_USAGE;
}
