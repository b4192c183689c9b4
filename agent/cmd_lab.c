/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "commands.h"
#include "exit_codes.h"
#include "lab_topology.h"

#include <impair.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char lab_usage[] =
	"crosspeer lab demo|up|down [--dir DIR] [--report DIR] [--profile LAB.json] [--impair SPEC]\n"
	"crosspeer lab demo --topology active-active-bgp [--dir DIR] [--report DIR] [--profile LAB.json]\n"
	"crosspeer lab impair SPEC|--profile LAB.json [--dir DIR]\n\n"
	"The offline lab, in network namespaces named crosspeer-lab-*: on-prem (203.0.113.10,\n"
	"10.9.0.0/24), an internet segment with a WAN impairment relay, and tenant A's simulated\n"
	"Azure gateway (198.51.100.10, VNet 10.1.0.0/16 with a STAMP reflector on 10.1.0.4).\n"
	"  up      build it and start the gateway, reflector and relay; profiles, keys and logs\n"
	"          go to DIR (default /run/crosspeer-lab)\n"
	"  down    stop every lab process, remove every lab namespace and the lab's files in\n"
	"          DIR, also after a crash\n"
	"  demo    the whole job offline: the ARM emulator with tenants A and B, azure apply,\n"
	"          both tenants' gateways simulated from the ARM resources, verify on-prem -> A\n"
	"          with reports, a probe across A <-> B, connectionStatus back to ARM, down;\n"
	"          the last line names the report folder (--report DIR, default a new\n"
	"          /var/tmp/crosspeer-lab-report-*)\n"
	"  impair  change the impairment of a running lab\n"
	"  demo --topology active-active-bgp\n"
	"          tenant A's gateway active-active with BGP over the tunnels: two simulated\n"
	"          instances (198.51.100.10 and .11, AS 65515, each its own tunnel and BIRD),\n"
	"          on-prem verify with a tunnel and BGP session to each; the instance carrying\n"
	"          the probes is killed and the failover is measured (docs/bgp.md)\n\n"
	"SPEC applies to the ESP on-prem sends, as netem would on the on-prem uplink, and in\n"
	"the demo also to the ESP gateway A sends (to B and to on-prem):\n"
	"delay=MS,jitter=MS,dist=normal|uniform,loss=PCT,ge=P/R/BAD/GOOD (Gilbert-Elliott,\n"
	"percent),reorder=PCT,duplicate=PCT,rate=MBIT,seed=N; \"none\" removes it.\n"
	"LAB.json, a lab profile (docs/profile.md), says the same in its \"impairment\" section\n"
	"and sets the on-prem verify's \"probe\" and \"thresholds\"; --impair overrides its\n"
	"impairment.\n\n"
	"Exit: 0 pass, 1 a check failed, 2 usage, 3 no tunnel, 5 environment (not root).\n";

/* The lab profile; its impairment applies unless --impair or SPEC says otherwise. */
static profile_t *lab_profile_read(const char *path, lab_options_t *lab)
{
	profile_err_t perr;
	profile_t *p = profile_load_lab(path, &perr);
	char line[700];

	if (!p)
	{
		profile_err_format(&perr, line, sizeof(line));
		fprintf(stderr, "crosspeer lab: %s\n", line);
		return NULL;
	}
	if (!lab->impair)
		lab->impair = p->impairment[0] ? p->impairment : "none";
	return p;
}

static int lab_run_action(const char *action, const lab_options_t *lab)
{
	impair_conf_t conf;
	char err[300];

	/* a bad SPEC is a usage error, found before anything is built or torn down */
	if (lab->impair && !impair_parse(lab->impair, &conf, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer lab: --impair %s\n", err);
		return XP_EXIT_USAGE;
	}
	if (geteuid() != 0)
	{
		fprintf(stderr, "crosspeer lab: needs root to create network namespaces; run it "
				"with sudo\n");
		return XP_EXIT_ENV;
	}
	if (!strcmp(action, "up"))
		return lab_topology_up(lab);
	if (!strcmp(action, "down"))
		return lab_topology_down(lab);
	if (!strcmp(action, "demo"))
		return lab_topology_demo(lab);
	return lab_topology_impair(lab);
}

int cmd_lab(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "report", required_argument, NULL, 'r' },
		{ "impair", required_argument, NULL, 'i' },
		{ "profile", required_argument, NULL, 'p' },
		{ "topology", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	lab_options_t lab = { .dir = "/run/crosspeer-lab" };
	const char *action, *profile = NULL;
	profile_t *lab_profile = NULL;
	int c, rc;

	/* the relay is started by `lab up` itself, with options of its own */
	if (argc > 1 && !strcmp(argv[1], "relay"))
		return lab_relay_main(argc - 1, argv + 1);
	optind = 1;
	opterr = 0;		/* our own messages, in the "crosspeer lab: <object>: <reason>" form */
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1)
	{
		if (c == 'd')
			lab.dir = optarg;
		else if (c == 'r')
			lab.report_dir = optarg;
		else if (c == 'i')
			lab.impair = optarg;
		else if (c == 'p')
			profile = optarg;
		else if (c == 't')
			lab.topology = optarg;
		else if (c == 'h')
		{
			printf("Usage: %s", lab_usage);
			return XP_EXIT_PASS;
		}
		else
		{
			fprintf(stderr, "crosspeer lab: %s: %s (see --help)\n", argv[optind - 1],
					c == ':' ? "needs a value" : "unknown option");
			return XP_EXIT_USAGE;
		}
	}
	if (optind == argc - 2 && !strcmp(argv[optind], "impair"))
		lab.impair = argv[optind + 1];
	else if (optind != argc - 1)
	{
		fprintf(stderr, "crosspeer lab: say demo, up, down or impair SPEC\nUsage: %s",
				lab_usage);
		return XP_EXIT_USAGE;
	}
	action = argv[optind];
	if (strcmp(action, "up") && strcmp(action, "down") && strcmp(action, "demo") &&
		strcmp(action, "impair"))
	{
		fprintf(stderr, "crosspeer lab: %s: unknown action; say demo, up, down or impair "
				"SPEC\n", action);
		return XP_EXIT_USAGE;
	}
	if (lab.topology && (strcmp(action, "demo") || strcmp(lab.topology, "active-active-bgp")))
	{
		fprintf(stderr, "crosspeer lab: --topology %s: only `lab demo --topology "
				"active-active-bgp` (the default demo is the cross-tenant one)\n", lab.topology);
		return XP_EXIT_USAGE;
	}
	if (!strcmp(action, "impair") && !lab.impair && !profile)
	{
		fprintf(stderr, "crosspeer lab: impair: needs SPEC, e.g. delay=20ms,loss=1%% or "
				"none, or --profile LAB.json\n");
		return XP_EXIT_USAGE;
	}
	if (profile && !(lab_profile = lab_profile_read(profile, &lab)))
		return XP_EXIT_USAGE;
	lab.profile = lab_profile;
	rc = lab_run_action(action, &lab);
	profile_destroy(lab_profile);
	return rc;
}
