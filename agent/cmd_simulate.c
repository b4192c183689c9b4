/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "atomic_file.h"
#include "azure_sku.h"
#include "cli_tunnel.h"
#include "commands.h"
#include "exit_codes.h"
#include "profile.h"
#include "simulate_settings.h"
#include "stop_token.h"
#include "bgp_side.h"
#include "tunnel.h"
#include "tunnel_arm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

/** A gateway instance's BGP side ("bgp" profile), n == 0 without. */
static bgp_side_t simulate_bgp;

static const char simulate_usage[] =
	"crosspeer simulate --profile FILE [--profile FILE]... [--datapath auto|xfrm|libipsec]\n"
	"                   [--sku NAME] [--status-file FILE] [-v|-q]\n"
	"crosspeer simulate --profile FILE [--profile FILE]... --azure-settings\n\n"
	"Stand in for the partner tenant's gateway: with \"personality\": \"azure\", accept\n"
	"exactly what an Azure route-based VPN gateway accepts (its default IKE/ESP proposals,\n"
	"or the profile's azure_policy), with Azure's lifetimes and DPD timeout, narrowing\n"
	"any-to-any traffic selectors to the profile's subnets. \"local\" is the simulated\n"
	"gateway, \"remote\" the peer that connects to it. Each --profile is one connection of\n"
	"the gateway (same local address, one remote peer each), as many as its SKU holds;\n"
	"with \"connection_mode\" Default or InitiatorOnly the gateway also initiates it and\n"
	"keeps it up, as Azure does.\n"
	"With \"bgp\" in the profile it is one instance of an active-active gateway with BGP:\n"
	"one route-based tunnel and a BIRD session over it announcing the profile's subnets;\n"
	"killing the process takes its BIRD along (docs/bgp.md).\n"
	"Runs until SIGINT or SIGTERM, then deletes its SAs.\n\n"
	"  --profile FILE   a connection's profile (docs/profile.md); repeat for more\n"
	"  --datapath D     auto (XFRM if the kernel has ESP, else libipsec), xfrm or libipsec\n"
	"  --sku NAME       the Azure gateway SKU stood in for (personality azure): it holds\n"
	"                   10 S2S connections (Basic), 30 (VpnGw1-3) or 100 (VpnGw4/5);\n"
	"                   default the profile's azure.gateway.sku, else VpnGw1. A strongswan\n"
	"                   personality holds up to 1024\n"
	"  --status-file F  keep F (JSON, replaced atomically each second and on every change)\n"
	"                   holding each connection's state in Azure's connectionStatus words\n"
	"                   (Connecting, Connected, NotConnected, from charon's SAs) and the\n"
	"                   bytes it carried, as Azure's ingress/egressBytesTransferred\n"
	"  -v, --verbose    more IKE detail;  -q, --quiet  errors only\n"
	"  --azure-settings print what to create in the real Azure tenant (local network\n"
	"                   gateway, connection, ipsecPolicies; az commands and ARM bodies) so\n"
	"                   that its gateway connects to this one, then exit; needs no root and\n"
	"                   never shows the pre-shared key (docs/partner-simulation.md)\n\n"
	"A profile with \"azure_connection\" stands in for that ARM connection's gateway.\n"
	"Exit: 0 after a signal, 2 usage or profile error, 4 ARM error, 5 environment (not\n"
	"root, no TUN, UDP 500 in use).\n";

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

/** What the status file says of one connection; byte counters survive CHILD_SA rekeys. */
typedef struct {
	tunnel_state_t state;
	uint64_t in, out, in_base, out_base, in_last, out_last;
} simulate_status_t;

/** One poll's raw figures from charon, one entry per connection. */
typedef struct {
	tunnel_state_t *state;
	uint64_t *in, *out;
} simulate_poll_t;

static const char *simulate_state_name(tunnel_state_t state)
{
	return state == TUNNEL_CONNECTED ? "Connected" :
		   state == TUNNEL_CONNECTING ? "Connecting" : "NotConnected";
}

/* Read every connection's state from charon; @return true when one changed. */
static bool simulate_poll_status(size_t n, simulate_status_t st[], simulate_poll_t *poll)
{
	bool changed = false;

	tunnel_states(poll->state, poll->in, poll->out);
	for (size_t i = 0; i < n; i++)
	{
		uint64_t in = poll->in[i], out = poll->out[i];
		tunnel_state_t now = poll->state[i];

		/* a new CHILD_SA counts from 0: carry the old one's bytes over */
		if (in < st[i].in_last)
			st[i].in_base += st[i].in_last;
		if (out < st[i].out_last)
			st[i].out_base += st[i].out_last;
		st[i].in_last = in;
		st[i].out_last = out;
		st[i].in = st[i].in_base + in;
		st[i].out = st[i].out_base + out;
		changed = changed || now != st[i].state;
		st[i].state = now;
	}
	return changed;
}

static void simulate_write_status(const char *file, profile_t *const profiles[], size_t n,
								  const simulate_status_t st[])
{
	json_t *list = json_array(), *doc;
	char when[32], err[300], *text;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:I,s:I,s:o}", "name",
			profiles[i]->name, "peer", profiles[i]->remote.address, "connection_status",
			simulate_state_name(st[i].state), "ingress_bytes", (json_int_t)st[i].in,
			"egress_bytes", (json_int_t)st[i].out, "ike_sas", tunnel_sas_at(i)));
	doc = json_pack("{s:s,s:s,s:o}", "gateway", profiles[0]->local.address, "updated", when,
					"connections", list);
	text = doc ? json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2)) : NULL;
	if (!text || atomic_file_write(file, text, strlen(text), 0644, err, sizeof(err)))
		fprintf(stderr, "crosspeer simulate: %s: %s\n", file, text ? err : "out of memory");
	free(text);
	json_decref(doc);
}

/** What simulate_run keeps per connection, allocated once for all n of them. */
typedef struct {
	peer_outcome_t *shown;
	simulate_status_t *status;
	simulate_poll_t poll;
} simulate_tables_t;

static void simulate_tables_free(simulate_tables_t *t)
{
	free(t->shown);
	free(t->status);
	free(t->poll.state);
	free(t->poll.in);
	free(t->poll.out);
}

static bool simulate_tables_alloc(simulate_tables_t *t, size_t n)
{
	*t = (simulate_tables_t){
		.shown = calloc(n, sizeof(*t->shown)),
		.status = calloc(n, sizeof(*t->status)),
		.poll = {
			.state = calloc(n, sizeof(*t->poll.state)),
			.in = calloc(n, sizeof(*t->poll.in)),
			.out = calloc(n, sizeof(*t->poll.out)),
		},
	};
	if (t->shown && t->status && t->poll.state && t->poll.in && t->poll.out)
		return true;
	fprintf(stderr, "crosspeer simulate: %zu connections: out of memory\n", n);
	simulate_tables_free(t);
	return false;
}

static void simulate_run(profile_t *const profiles[], size_t n, const char *status_file)
{
	simulate_tables_t t;
	unsigned tick = 0;

	if (!simulate_tables_alloc(&t, n))
		return;
	for (size_t i = 0; i < n; i++)
	{
		printf("simulating %s gateway %s for peer %s (%s)\n", profiles[i]->personality,
			   profiles[i]->local.address, profiles[i]->remote.address,
			   profiles[i]->connection_mode);
		if (profile_initiates(profiles[i]) && !tunnel_initiate_async(i))
			printf("tunnel %s: could not start initiating\n", profiles[i]->name);
	}
	fflush(stdout);
	if (status_file)
		simulate_write_status(status_file, profiles, n, t.status);
	while (!stop_token_wait(100))
	{
		if (simulate_bgp.n)
			bgp_side_poll(&simulate_bgp);
		/* every second, and at once when a connection's state changed */
		if (status_file && (simulate_poll_status(n, t.status, &t.poll) || ++tick % 10 == 0))
			simulate_write_status(status_file, profiles, n, t.status);
		for (size_t i = 0; i < n; i++)
		{
			peer_listener_t *listener = tunnel_listener_at(i);
			peer_outcome_t now = listener->get_outcome(listener);

			if (now != t.shown[i])
				simulate_report(profiles[i], listener, now);
			t.shown[i] = now == PEER_OUTCOME_FAILED ? PEER_OUTCOME_PENDING : now;
		}
	}
	simulate_tables_free(&t);
}

/*
 * A "bgp" profile: this is one instance of an active-active gateway, one route-based
 * tunnel and its BGP session (BIRD, announcing the VNet and passing on what it learns, as
 * Azure's instances do). @return -1 to go on, else the exit code.
 */
static int simulate_bgp_check(profile_t *const profiles[], size_t n)
{
	size_t with = 0;

	for (size_t i = 0; i < n; i++)
		with += profiles[i]->has_bgp;
	if (!with || (n == 1 && profiles[0]->bgp.n_tunnels == 1))
		return -1;
	fprintf(stderr, "crosspeer simulate: --profile: a \"bgp\" profile is one gateway instance: "
			"give it alone, with one bgp.tunnels entry, and run the other instance as a "
			"simulate of its own (its own public IP)\n");
	return XP_EXIT_USAGE;
}

static int simulate_bgp_start(const profile_t *p)
{
	static const size_t first[1] = { 0 };

	if (!p->has_bgp)
		return XP_EXIT_PASS;
	return bgp_side_start(&simulate_bgp, p, first, 1, true, "simulate");
}

/*
 * Take an option of simulate's own out of argv (cli_tunnel_parse knows only the tunnel
 * options). @return NULL when absent; else the value ("" when it has none) or, for a flag,
 * the option itself.
 */
static const char *simulate_take(int *argc, char *argv[], const char *name, bool has_value)
{
	const char *found = NULL;
	int out = 1;

	for (int i = 1; i < *argc; i++)
	{
		if (!strcmp(argv[i], "--"))
		{
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], name))
			argv[out++] = argv[i];
		else if (!has_value)
			found = argv[i];
		else
			found = i + 1 < *argc ? argv[++i] : "";
	}
	*argc = out;
	argv[out] = NULL;
	return found;
}

/*
 * A simulated Azure gateway holds as many connections as its SKU: --sku, else the first
 * profile's azure.gateway.sku, else VpnGw1. @return -1 to go on, else the exit code.
 */
static int simulate_check_sku(profile_t *const profiles[], size_t n, const char *sku)
{
	json_t *gw = profiles[0]->azure ? json_object_get(profiles[0]->azure, "gateway") : NULL;
	const char *where = sku ? "--sku" : "azure.gateway.sku";
	const azure_sku_t *found;

	if (strcmp(profiles[0]->personality, "azure"))
	{
		if (!sku)
			return -1;
		fprintf(stderr, "crosspeer simulate: --sku: only for personality azure (%s is %s)\n",
				profiles[0]->path, profiles[0]->personality);
		return XP_EXIT_USAGE;
	}
	if (!sku)
		sku = json_string_value(json_object_get(gw, "sku"));
	if (!sku)
		sku = "VpnGw1", where = "the default SKU";
	found = azure_sku_find(sku);
	if (!found)
	{
		fprintf(stderr, "crosspeer simulate: %s: '%s' is no VPN gateway SKU (Basic, VpnGw1-5, "
				"VpnGw1AZ-5AZ)\n", where, sku);
		return XP_EXIT_USAGE;
	}
	if (n <= (size_t)found->max_s2s)
		return -1;
	fprintf(stderr, "crosspeer simulate: --profile: %zu connections, but a %s gateway (%s) "
			"holds at most %d S2S tunnels; give --sku VpnGw4 or VpnGw5 (100), or fewer "
			"profiles\n", n, found->name, where, found->max_s2s);
	return XP_EXIT_USAGE;
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

/* Complete the profiles that name an ARM connection, before charon starts; -1 to go on. */
static int simulate_from_arm(profile_t *profiles[], size_t n, tunnel_opts_t *opts,
							 azure_peer_t **arm)
{
	int rc;

	*arm = calloc(n ? n : 1, sizeof(**arm));
	if (!*arm)
		return XP_EXIT_ENV;
	for (size_t i = 0; i < n; i++)
	{
		if (!profiles[i]->has_arm_connection)
			continue;
		rc = tunnel_arm_resolve(profiles[i], "simulate", true, false, &(*arm)[i]);
		if (rc != XP_EXIT_PASS)
			return rc;
		opts->arm[i] = &(*arm)[i];
	}
	return -1;
}

int cmd_simulate(int argc, char *argv[])
{
	tunnel_opts_t opts = { .cmd = "simulate", .initiator = false };
	static profile_t *profiles[CLI_MAX_PROFILES];
	azure_peer_t *arm = NULL;
	profile_err_t perr;
	cli_tunnel_t cli;
	char msg[600];
	size_t n = 0;
	bool settings = simulate_take(&argc, argv, "--azure-settings", false) != NULL;
	const char *status_file = simulate_take(&argc, argv, "--status-file", true);
	const char *sku = simulate_take(&argc, argv, "--sku", true);
	int rc;

	if (status_file && !*status_file)
	{
		fprintf(stderr, "crosspeer simulate: --status-file: needs a value (see --help)\n");
		return XP_EXIT_USAGE;
	}
	if (sku && !*sku)
	{
		fprintf(stderr, "crosspeer simulate: --sku: needs a value (see --help)\n");
		return XP_EXIT_USAGE;
	}
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
	if (rc < 0 && !settings)
		rc = simulate_check_sku(profiles, n, sku);
	if (rc < 0)
		rc = simulate_bgp_check(profiles, n);
	if (rc < 0)
		rc = simulate_from_arm(profiles, n, &opts, &arm);
	/* before charon's threads, so they inherit the blocked signals */
	if (rc < 0)
		rc = stop_token_start(true) ? tunnel_start((const profile_t *const *)profiles, n, &opts) :
			 XP_EXIT_ENV;
	if (arm)
	{
		for (size_t i = 0; i < n; i++)
			azure_peer_wipe(&arm[i]);
		free(arm);
	}
	if (rc == XP_EXIT_PASS)
		rc = simulate_bgp_start(profiles[0]);
	if (rc == XP_EXIT_PASS)
		simulate_run(profiles, n, status_file);
	bgp_side_stop(&simulate_bgp);
	tunnel_close();
	tunnel_stop();
	tunnel_arm_close();
	for (size_t i = 0; i < n; i++)
		profile_destroy(profiles[i]);
	return rc;
}
