/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "tunnel_arm.h"
#include "cmd_azure.h"
#include "exit_codes.h"
#include "profile_arm.h"
#include "profile_azure.h"
#include "secret.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <azure_view.h>

/** The tenant whose credentials read the connection: named, or owning the id's subscription. */
static bool tunnel_arm_tenant(const profile_t *p, const azure_topology_t *topo, size_t *t)
{
	char sub[100];

	for (size_t i = 0; i < topo->n_tenants; i++)
	{
		snprintf(sub, sizeof(sub), "/subscriptions/%s/", topo->tenants[i].subscription_id);
		if (p->arm_tenant[0] ? !strcmp(p->arm_tenant, topo->tenants[i].name) :
			!strncasecmp(p->arm_connection_id, sub, strlen(sub)))
		{
			*t = i;
			return true;
		}
	}
	return false;
}

static int tunnel_arm_topology(const profile_t *p, const char *cmd, azure_topology_t *topo,
							   size_t *t, char *id, size_t len)
{
	profile_err_t perr = { .line = 0 };
	char rg[400];

	if (!profile_azure_parse(p, topo, &perr))
		return fprintf(stderr, "crosspeer %s: %s: %s: %s\n", cmd, p->path, perr.path,
					   perr.text), XP_EXIT_USAGE;
	if (!tunnel_arm_tenant(p, topo, t))
		return fprintf(stderr, "crosspeer %s: %s: azure_connection.%s: %s names no tenant of "
					   "azure.tenants\n", cmd, p->path, p->arm_tenant[0] ? "tenant" : "id",
					   p->arm_tenant[0] ? p->arm_tenant : "its subscription"), XP_EXIT_USAGE;
	if (topo->ca_file[0] && access(topo->ca_file, R_OK))
		return fprintf(stderr, "crosspeer %s: %s: azure.ca_file: cannot read %s: %s\n", cmd,
					   p->path, topo->ca_file, strerror(errno)), XP_EXIT_USAGE;
	azure_topology_id(topo, *t, AZURE_RG, rg, sizeof(rg));
	if (p->arm_connection_id[0])
		snprintf(id, len, "%s", p->arm_connection_id);
	else
		snprintf(id, len, "%.400s/providers/Microsoft.Network/connections/%.80s", rg,
				 p->arm_connection);
	return XP_EXIT_PASS;
}

/** A connection that is not there or not a tunnel is the profile's mistake; the rest ARM's. */
static int tunnel_arm_failed(const char *cmd, const azure_run_t *run)
{
	static const char *const profile_codes[] = { "ResourceNotFound", "NotFound",
		"UnsupportedConnectionType", "InvalidConnection", "InvalidResourceType", NULL };
	char line[1600];

	arm_error_format(&run->err, line, sizeof(line));
	fprintf(stderr, "crosspeer %s: azure_connection %s: %s\n", cmd,
			run->err_object[0] ? run->err_object : "ARM", line);
	for (size_t i = 0; profile_codes[i]; i++)
	{
		if (!strcmp(run->err.code, profile_codes[i]))
			return XP_EXIT_USAGE;
	}
	return run->err.status == 404 ? XP_EXIT_USAGE : XP_EXIT_CLOUD;
}

/** The connection this process read, kept for Azure's view after the probes. */
static struct {
	azure_topology_t *topo;
	arm_client_t *client;
	size_t tenant;
	char id[600];
} tunnel_arm_ctx;

static int tunnel_arm_read(azure_topology_t *topo, size_t t, const char *id,
						   const char *cmd, azure_peer_t *arm)
{
	cmd_azure_secrets_t *sec = calloc(1, sizeof(*sec));
	arm_client_t *client = NULL;
	azure_run_t run;
	int rc = XP_EXIT_USAGE;

	if (!sec || !cmd_azure_creds_read(topo, false, sec))
		goto out;
	rc = XP_EXIT_ENV;
	if (!(client = cmd_azure_creds_client(topo, sec)))
		goto out;
	azure_run_init(&run, topo, client);
	rc = azure_peer_read_id(&run, t, id, arm) ? tunnel_arm_failed(cmd, &run) : XP_EXIT_PASS;
	azure_run_clear(&run);
out:
	if (rc == XP_EXIT_PASS)
	{
		/* the client holds copies of the secrets; tunnel_arm_close() wipes them */
		tunnel_arm_close();
		tunnel_arm_ctx.topo = topo;
		tunnel_arm_ctx.client = client;
		tunnel_arm_ctx.tenant = t;
		snprintf(tunnel_arm_ctx.id, sizeof(tunnel_arm_ctx.id), "%s", id);
	}
	else
		arm_client_destroy(client);
	if (sec)
		secret_wipe(sec, sizeof(*sec));
	free(sec);
	return rc;
}

/** The profile's own key, when it still sets one, must be ARM's. */
static int tunnel_arm_check(const profile_t *p, const char *cmd, const azure_peer_t *arm,
							bool gateway)
{
	unsigned char psk[SECRET_MAX];
	profile_arm_conflict_t c;
	size_t len = 0;
	char err[400];
	bool ok;

	if (p->has_auth && !secret_load(p->psk_file[0] ? p->psk_file : NULL,
									p->psk_env[0] ? p->psk_env : NULL, psk, &len, err,
									sizeof(err)))
		return fprintf(stderr, "crosspeer %s: %s: pre-shared key: %s\n", cmd, p->name, err),
			XP_EXIT_USAGE;
	ok = profile_arm_check(p, arm, gateway, p->has_auth ? psk : NULL, len, &c);
	secret_wipe(psk, sizeof(psk));
	if (ok)
		return XP_EXIT_PASS;
	if (!strcmp(c.field, "auth"))
		fprintf(stderr, "crosspeer %s: %s: auth: %s differs from %s in ARM; remove auth to "
				"use ARM's\n", cmd, p->path, c.profile, arm->id);
	else
		fprintf(stderr, "crosspeer %s: %s: %s: the profile says %s, ARM connection %s says "
				"%s; remove the field to take ARM's value\n", cmd, p->path, c.field, c.profile,
				arm->id, c.arm);
	return XP_EXIT_USAGE;
}

int tunnel_arm_resolve(profile_t *p, const char *cmd, bool gateway, bool quiet,
					   azure_peer_t *arm)
{
	azure_topology_t *topo = calloc(1, sizeof(*topo));
	char id[600];
	size_t t = 0;
	int rc;

	memset(arm, 0, sizeof(*arm));
	if (!topo)
		return XP_EXIT_ENV;
	rc = tunnel_arm_topology(p, cmd, topo, &t, id, sizeof(id));
	if (rc == XP_EXIT_PASS)
		rc = tunnel_arm_read(topo, t, id, cmd, arm);
	if (tunnel_arm_ctx.topo != topo)
		free(topo);
	if (rc == XP_EXIT_PASS)
		rc = tunnel_arm_check(p, cmd, arm, gateway);
	if (rc != XP_EXIT_PASS)
	{
		azure_peer_wipe(arm);
		tunnel_arm_close();
		return rc;
	}
	profile_arm_fill(p, arm, gateway);
	if (!quiet)
		printf("%s: configured from ARM connection %s: %s %s (%zu prefixes), peer %s, %s, "
			   "DPD timeout %u s, connectionMode %s%s\n", p->name, id,
			   gateway ? "gateway (us)" : "gateway", arm->gateway.addresses[0],
			   arm->gateway.n_subnets, arm->peer.addresses[0], arm->custom_policy ?
			   "custom ipsecPolicy" : "Azure's default policy", arm->dpd_timeout_s,
			   arm->connection_mode, arm->policy_based_ts ?
			   ", policy-based traffic selectors" : "");
	return XP_EXIT_PASS;
}

void tunnel_arm_close(void)
{
	arm_client_destroy(tunnel_arm_ctx.client);
	free(tunnel_arm_ctx.topo);
	memset(&tunnel_arm_ctx, 0, sizeof(tunnel_arm_ctx));
}

bool tunnel_arm_counters(uint64_t *in, uint64_t *out)
{
	azure_view_t view;
	azure_run_t run;
	bool ok;

	*in = *out = 0;
	if (!tunnel_arm_ctx.client)
		return false;
	azure_run_init(&run, tunnel_arm_ctx.topo, tunnel_arm_ctx.client);
	ok = azure_view_status(&run, tunnel_arm_ctx.tenant, tunnel_arm_ctx.id, &view) == 0;
	azure_run_clear(&run);
	*in = view.ingress_bytes;
	*out = ok ? view.egress_bytes : 0;
	return ok;
}

static void tunnel_arm_disagree(xp_result_t *r, const char *fmt, ...)
{
	va_list ap;

	if (r->azure.n_disagreements >= XP_RESULT_MAX_DISAGREEMENTS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->azure.disagreements[r->azure.n_disagreements++],
			  sizeof(r->azure.disagreements[0]), fmt, ap);
	va_end(ap);
}

void tunnel_arm_compare(xp_result_t *r)
{
	uint64_t received = 0;

	for (size_t i = 0; i < r->n_probes; i++)
		received += r->probes[i].received;
	r->azure.n_disagreements = 0;
	if (r->tunnel.established && !r->azure.n_ike_sas)
		tunnel_arm_disagree(r, "Azure's gateway reports no IKE SA while ours is up");
	if (r->tunnel.established && strcmp(r->azure.connection_status, "Connected"))
		tunnel_arm_disagree(r, "connectionStatus is %s while our tunnel is up",
							r->azure.connection_status[0] ? r->azure.connection_status : "unset");
	if (r->azure.n_ike_sas && r->tunnel.ike_proposal[0] &&
		strcmp(r->tunnel.ike_proposal, r->azure.ike_proposal))
		tunnel_arm_disagree(r, "IKE algorithms differ: ours %s, Azure's %s",
							r->tunnel.ike_proposal, r->azure.ike_proposal);
	if (r->azure.n_ike_sas && r->tunnel.esp_proposal[0] && r->azure.esp_proposal[0] &&
		strcmp(r->tunnel.esp_proposal, r->azure.esp_proposal))
		tunnel_arm_disagree(r, "ESP algorithms differ: ours %s, Azure's %s",
							r->tunnel.esp_proposal, r->azure.esp_proposal);
	if (received && (r->azure.ingress_bytes <= r->azure.ingress_before ||
					 r->azure.egress_bytes <= r->azure.egress_before))
		tunnel_arm_disagree(r, "Azure's byte counters did not grow (in %llu -> %llu B, out "
							"%llu -> %llu B) while %llu probes crossed",
							(unsigned long long)r->azure.ingress_before,
							(unsigned long long)r->azure.ingress_bytes,
							(unsigned long long)r->azure.egress_before,
							(unsigned long long)r->azure.egress_bytes,
							(unsigned long long)received);
}

/** The first IKE SA of getikesas: its proposals and its first CHILD_SA's bytes. */
static void tunnel_arm_first_sa(xp_result_t *r, json_t *sas)
{
	json_t *sa = json_array_get(sas, 0);
	json_t *child = json_array_get(json_object_get(sa, "quickModeSa"), 0);
	const char *ike = json_string_value(json_object_get(sa, "ikeProposal"));
	const char *esp = json_string_value(json_object_get(child, "espProposal"));

	r->azure.n_ike_sas = json_array_size(sas);
	snprintf(r->azure.ike_proposal, sizeof(r->azure.ike_proposal), "%s", ike ? ike : "");
	snprintf(r->azure.esp_proposal, sizeof(r->azure.esp_proposal), "%s", esp ? esp : "");
	r->azure.esp_in_bytes = (uint64_t)json_integer_value(json_object_get(child,
														 "inboundBytes"));
	r->azure.esp_out_bytes = (uint64_t)json_integer_value(json_object_get(child,
														  "outboundBytes"));
}

/* Azure (and the lab's mirror of a gateway) updates its counters a little after the fact:
 * wait, bounded, for them to move past what they were before the probes. */
static bool tunnel_arm_settle(azure_run_t *run, const xp_result_t *r, azure_view_t *view)
{
	struct timespec pause = { 0, 250 * 1000000L };

	for (int i = 0; i < 16; i++)
	{
		if (azure_view_status(run, tunnel_arm_ctx.tenant, tunnel_arm_ctx.id, view))
			return false;
		if (view->ingress_bytes > r->azure.ingress_before &&
			view->egress_bytes > r->azure.egress_before)
			return true;
		nanosleep(&pause, NULL);
	}
	return true;
}

void tunnel_arm_view(xp_result_t *r)
{
	char line[1600];
	azure_view_t view = { .ike_sas = NULL };
	azure_run_t run;
	int rc;

	if (!tunnel_arm_ctx.client)
		return;
	r->azure.read = true;
	snprintf(r->azure.connection, sizeof(r->azure.connection), "%s", tunnel_arm_ctx.id);
	azure_run_init(&run, tunnel_arm_ctx.topo, tunnel_arm_ctx.client);
	rc = tunnel_arm_settle(&run, r, &view) ? 0 : -1;
	if (!rc)
		rc = azure_view_read(&run, tunnel_arm_ctx.tenant, tunnel_arm_ctx.id, &view);
	if (rc)
	{
		arm_error_format(&run.err, line, sizeof(line));
		snprintf(r->azure.error, sizeof(r->azure.error), "%.100s: %.150s", run.err_object,
				 line);
	}
	azure_run_clear(&run);
	snprintf(r->azure.connection_status, sizeof(r->azure.connection_status), "%s",
			 view.connection_status);
	snprintf(r->azure.tunnel_status, sizeof(r->azure.tunnel_status), "%s", view.tunnel_status);
	r->azure.ingress_bytes = view.ingress_bytes;
	r->azure.egress_bytes = view.egress_bytes;
	tunnel_arm_first_sa(r, view.ike_sas);
	azure_view_clear(&view);
	if (!rc)
		tunnel_arm_compare(r);
}
