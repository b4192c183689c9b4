/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* crosspeer azure plan|apply|status|destroy --profile P: the Azure side over ARM. */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arm_client.h"
#include "azure_peer.h"
#include "azure_preflight.h"
#include "cmd_azure.h"
#include "commands.h"
#include "exit_codes.h"
#include "profile.h"
#include "profile_azure.h"
#include "secret.h"

/** Command-line settings. */
typedef struct {
	const char *action;
	const char *profile;
	const char *state;
	int parallel;
	bool json;
	/** status --peer: "onprem" or a tenant name */
	const char *peer;
	/** status --peer --format: json (default), swanctl or profile */
	const char *format;
	/** status --peer --format swanctl|profile: write the shared key to this new 0600 file */
	const char *secret_file;
} cmd_azure_opts_t;


static void cmd_azure_usage(FILE *out)
{
	fprintf(out, "Usage: crosspeer azure plan|apply|status|destroy --profile FILE [options]\n"
		"Provision the Azure side of a profile's \"azure\" section through ARM.\n\n"
		"  plan       read with GETs, print what apply would create or change; writes nothing\n"
		"  apply      preflight, then create/update both tenants (gateways concurrently);\n"
		"             idempotent, resumes after an interruption\n"
		"  status     provisioningState, connectionStatus, tunnels, bytes\n"
		"  destroy    delete, in reverse order, what apply created (tagged crosspeer=<name>\n"
		"             and recorded in the state file); resources that existed are kept\n\n"
		"  --profile FILE   the profile (required)\n"
		"  --state FILE     local state file (default: <profile dir>/.crosspeer-azure-<name>.json)\n"
		"  --parallel N     1: one tenant after the other; 2 (default): both at once\n"
		"  --json           status as JSON\n"
		"  --peer NAME      status: what an IKE peer needs for the connection of tenant NAME\n"
		"                   (conn-to-<other>) or \"onprem\" (conn-to-onprem), as JSON\n"
		"  --format F       with --peer: json (default), swanctl (a swanctl.conf for a stock\n"
		"                   strongSwan at the connection's other end) or profile (a crosspeer\n"
		"                   profile for it)\n"
		"  --secret-file F  with --format swanctl|profile: write the connection's shared key\n"
		"                   to the new file F (mode 0600) and refer to it; without it the key\n"
		"                   is left out (never printed)\n"
		"  --help           this text\n\n"
		"Each tenant's token: client secret, client certificate, workload identity (federated\n"
		"token file), managed identity or the Azure CLI, by azure.tenants[].credential or\n"
		"azure-identity's variables (docs/azure.md). Secrets come from the environment or\n"
		"0600 files named in the profile, never argv.\n"
		"Exit: 0 done, 2 usage, profile or preflight, 4 ARM error, 5 environment.\n");
}

/* A usage error: the usage on stderr, exit 2. */
static int cmd_azure_bad(void)
{
	cmd_azure_usage(stderr);
	return XP_EXIT_USAGE;
}

/** @return -1 to go on, else the exit code (help printed, or usage error) */
static int cmd_azure_parse(int argc, char *argv[], cmd_azure_opts_t *o)
{
	static const struct option longs[] = {
		{ "profile", required_argument, NULL, 'p' }, { "state", required_argument, NULL, 's' },
		{ "parallel", required_argument, NULL, 'j' }, { "json", no_argument, NULL, 'J' },
		{ "peer", required_argument, NULL, 'P' }, { "format", required_argument, NULL, 'F' },
		{ "secret-file", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int c;

	memset(o, 0, sizeof(*o));
	o->parallel = 2;
	if (argc > 1 && argv[1][0] != '-')
	{
		o->action = argv[1];
		argc--;
		argv++;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+p:s:j:JP:F:S:h", longs, NULL)) != -1)
	{
		switch (c)
		{
			case 'p': o->profile = optarg; break;
			case 's': o->state = optarg; break;
			case 'J': o->json = true; break;
			case 'P': o->peer = optarg; break;
			case 'F': o->format = optarg; break;
			case 'S': o->secret_file = optarg; break;
			case 'j':
				o->parallel = atoi(optarg);
				if (o->parallel < 1 || o->parallel > 2)
					return fprintf(stderr, "crosspeer azure: --parallel: expected 1 or 2\n"),
						   cmd_azure_bad();
				break;
			case 'h': cmd_azure_usage(stdout); return XP_EXIT_PASS;
			default:
				fprintf(stderr, "crosspeer azure: %s: unknown option or missing value\n",
						argv[optind - 1]);
				return cmd_azure_bad();
		}
	}
	if (o->format && strcmp(o->format, "json") && strcmp(o->format, "swanctl") &&
		strcmp(o->format, "profile"))
		return fprintf(stderr, "crosspeer azure: --format %s: expected json, swanctl or "
					   "profile\n", o->format), -1;
	if ((o->format || o->secret_file) && !o->peer)
		return fprintf(stderr, "crosspeer azure: --format and --secret-file go with status "
					   "--peer\n"), -1;
	if (o->secret_file && (!o->format || !strcmp(o->format, "json")))
		return fprintf(stderr, "crosspeer azure: --secret-file goes with --format swanctl or "
					   "profile\n"), -1;
	if (optind < argc || !o->action || !o->profile)
	{
		fprintf(stderr, "crosspeer azure: %s\n", optind < argc ? "too many arguments" :
				"need plan|apply|status|destroy and --profile FILE");
		return cmd_azure_bad();
	}
	return -1;
}

static int cmd_azure_preflight(azure_run_t *run)
{
	azure_issues_t is = { .n = 0 };

	if (azure_preflight_remote(run, &is))
		return cmd_azure_show_error(run), XP_EXIT_CLOUD;
	return cmd_azure_show_issues(&is) ? XP_EXIT_USAGE : XP_EXIT_PASS;
}

/** status --peer: the Azure end of one connection, for up/verify or a simulated gateway. */
static int cmd_azure_peer(const cmd_azure_opts_t *o, azure_run_t *run)
{
	const azure_topology_t *topo = run->topo;
	bool onprem = !strcmp(o->peer, "onprem");
	size_t t = onprem ? topo->onprem_tenant : topo->n_tenants;
	azure_peer_t peer;
	json_t *out;

	for (size_t i = 0; !onprem && i < topo->n_tenants; i++)
		t = strcmp(topo->tenants[i].name, o->peer) ? t : i;
	if (t >= topo->n_tenants || (onprem && !topo->has_onprem) ||
		(!onprem && topo->n_tenants != 2))
		return fprintf(stderr, "crosspeer azure: --peer %s: expected \"onprem\" (with "
					   "azure.onprem) or the name of one of two tenants\n", o->peer),
			XP_EXIT_USAGE;
	if (azure_peer_read(run, t, onprem, &peer))
		return cmd_azure_show_error(run), XP_EXIT_CLOUD;
	if (o->format && strcmp(o->format, "json"))
	{
		int rc = cmd_azure_config(&peer, o->format, onprem ? "onprem" : topo->tenants[1 - t].name,
								  o->secret_file);

		azure_peer_wipe(&peer);
		return rc;
	}
	out = cmd_azure_show_peer(&peer, topo->tenants[t].name, onprem ? "onprem" :
							  topo->tenants[1 - t].name);
	json_object_set_new(out, "shared_key_matches_profile", json_boolean(run->shared_key &&
						!strcmp(run->shared_key, peer.shared_key)));
	azure_peer_wipe(&peer);
	json_dumpf(out, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
	printf("\n");
	json_decref(out);
	return XP_EXIT_PASS;
}

static int cmd_azure_act(const cmd_azure_opts_t *o, azure_run_t *run)
{
	azure_change_t ch[AZURE_MAX_RESOURCES];
	json_t *rows;
	size_t n;
	int rc;

	if (!strcmp(o->action, "status") && o->peer)
		return cmd_azure_peer(o, run);
	if (!strcmp(o->action, "status"))
	{
		if (!(rows = azure_status(run)))
			return cmd_azure_show_error(run), XP_EXIT_CLOUD;
		cmd_azure_show_status(rows, o->json);
		json_decref(rows);
		return XP_EXIT_PASS;
	}
	if (!strcmp(o->action, "destroy"))
	{
		cmd_azure_show_begin(run);
		if (azure_destroy(run))
			return cmd_azure_show_error(run), XP_EXIT_CLOUD;
		printf("Destroy complete: %u delete request(s)", run->writes);
		if (run->kept)
			printf("; %u resource(s) kept: crosspeer did not create them", run->kept);
		printf(".\n");
		return XP_EXIT_PASS;
	}
	if ((rc = cmd_azure_preflight(run)) != XP_EXIT_PASS)
		return rc;
	if (!strcmp(o->action, "plan"))
	{
		if (azure_plan(run, ch, &n))
			return cmd_azure_show_error(run), XP_EXIT_CLOUD;
		cmd_azure_show_plan(ch, n);
		return XP_EXIT_PASS;
	}
	cmd_azure_show_begin(run);
	if (azure_apply(run))
		return cmd_azure_show_error(run), XP_EXIT_CLOUD;
	printf("Apply complete: %u write request(s).\n", run->writes);
	return XP_EXIT_PASS;
}

/** Load, validate, preflight (local) the profile; XP_EXIT_PASS or the code to return. */
static int cmd_azure_load(const cmd_azure_opts_t *o, profile_t **p, azure_topology_t *topo)
{
	profile_err_t perr = { .line = 0 };
	azure_issues_t is;
	char line[768];

	*p = profile_load(o->profile, &perr);
	if (!*p)
	{
		profile_err_format(&perr, line, sizeof(line));
		fprintf(stderr, "crosspeer azure: %s\n", line);
		return XP_EXIT_USAGE;
	}
	if (!profile_azure_parse(*p, topo, &perr))
	{
		fprintf(stderr, "crosspeer azure: %s: %s: %s\n", o->profile, perr.path, perr.text);
		return XP_EXIT_USAGE;
	}
	azure_preflight_local(topo, &is);
	return cmd_azure_show_issues(&is) ? XP_EXIT_USAGE : XP_EXIT_PASS;
}

int cmd_azure(int argc, char *argv[])
{
	static const char *const actions[] = { "plan", "apply", "status", "destroy", NULL };
	cmd_azure_secrets_t *sec = NULL;
	azure_topology_t topo;
	arm_client_t *client = NULL;
	cmd_azure_opts_t o;
	profile_t *p = NULL;
	azure_run_t run;
	char state[600];
	bool known = false;
	int rc = cmd_azure_parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	for (size_t i = 0; actions[i]; i++)
		known = known || !strcmp(actions[i], o.action);
	if (!known)
	{
		fprintf(stderr, "crosspeer azure: %s: unknown action; expected plan, apply, status or "
				"destroy\n", o.action);
		return XP_EXIT_USAGE;
	}
	if ((rc = cmd_azure_load(&o, &p, &topo)) != XP_EXIT_PASS)
		goto out;
	rc = XP_EXIT_USAGE;
	sec = calloc(1, sizeof(*sec));
	if (!sec || !cmd_azure_creds_read(&topo, !strcmp(o.action, "apply") || o.peer, sec))
		goto out;
	/* a CA file that is not there is the profile's mistake, as a missing psk_file is */
	if (topo.ca_file[0] && access(topo.ca_file, R_OK))
	{
		fprintf(stderr, "crosspeer azure: %s: azure.ca_file: cannot read %s: %s\n",
				o.profile, topo.ca_file, strerror(errno));
		goto out;
	}
	rc = XP_EXIT_ENV;
	if (!(client = cmd_azure_creds_client(&topo, sec)))
		goto out;
	snprintf(state, sizeof(state), "%s/.crosspeer-azure-%s.json", p->dir[0] ? p->dir : ".",
			 p->name);
	azure_run_init(&run, &topo, client);
	run.shared_key = sec->shared_key[0] ? sec->shared_key : NULL;
	run.state_file = o.state ? o.state : state;
	run.parallel = o.parallel;
	if (!strcmp(o.action, "plan") || !strcmp(o.action, "status"))
		run.state_file = NULL;
	rc = cmd_azure_act(&o, &run);
	azure_run_clear(&run);
out:
	arm_client_destroy(client);
	if (sec)
		secret_wipe(sec, sizeof(*sec));
	free(sec);
	profile_destroy(p);
	return rc;
}
