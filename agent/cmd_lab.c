/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "commands.h"
#include "exit_codes.h"
#include "lab_topology.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char lab_usage[] =
	"crosspeer lab demo|up|down [--dir DIR] [--report DIR]\n\n"
	"The offline lab, in network namespaces named crosspeer-lab-*:\n"
	"  up      build the topology and start the simulated partner gateway; the profiles,\n"
	"          keys and logs go to DIR (default /run/crosspeer-lab)\n"
	"  down    stop every lab process and remove every lab namespace and DIR, also\n"
	"          after a crash\n"
	"  demo    up, then the whole job (tunnel, traffic, evidence), then down\n\n"
	"Exit: 0 pass, 1 a check failed, 3 no tunnel, 5 environment (not root).\n";

int cmd_lab(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "report", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	lab_options_t lab = { .dir = "/run/crosspeer-lab" };
	const char *action;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
	{
		if (c == 'd')
			lab.dir = optarg;
		else if (c == 'r')
			lab.report_dir = optarg;
		else if (c == 'h')
		{
			printf("Usage: %s", lab_usage);
			return XP_EXIT_PASS;
		}
		else
		{
			fprintf(stderr, "Usage: %s", lab_usage);
			return XP_EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
	{
		fprintf(stderr, "crosspeer lab: say demo, up or down\nUsage: %s", lab_usage);
		return XP_EXIT_USAGE;
	}
	action = argv[optind];
	if (geteuid() != 0)
	{
		fprintf(stderr, "crosspeer lab: needs root to create network namespaces; run it "
				"with sudo\n");
		return XP_EXIT_ENV;
	}
	if (!strcmp(action, "up"))
		return lab_topology_up(&lab);
	if (!strcmp(action, "down"))
		return lab_topology_down(&lab);
	if (!strcmp(action, "demo"))
		return lab_topology_demo(&lab);
	fprintf(stderr, "crosspeer lab: unknown action '%s'; say demo, up or down\n", action);
	return XP_EXIT_USAGE;
}
