/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * `crosspeer lab demo`: a whole cross-tenant deployment rehearsed offline. The ARM emulator
 * and `azure apply` make tenant A's and B's resources (lab_cloud.c); the gateways are then
 * built and simulated from those resources, on-prem verifies its tunnel to A, a probe
 * crosses A <-> B, and each connection's real IKE state goes back to ARM.
 */

#include "lab_topology.h"
#include "lab_cloud.h"
#include "lab_status.h"
#include "exit_codes.h"
#include "secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <lab_run.h>

/* Where the demo's report goes: --report DIR, or a new folder named on the last line. */
static void lab_report_dir(const lab_options_t *lab, char *out, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (lab->report_dir)
	{
		snprintf(out, len, "%s", lab->report_dir);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(out, len, "/var/tmp/crosspeer-lab-report-%Y%m%d-%H%M%S", &tm);
}

/* One connection of a simulated gateway, as a profile, from what ARM holds. */
static bool lab_gateway_profile(const lab_options_t *lab, const lab_cloud_gateway_t *gw,
								const lab_cloud_conn_t *c, const char *mode, const char *vm)
{
	char name[64], key[64], nets[300] = "", text[2500];

	for (size_t i = 0; i < c->n_peer_nets; i++)
		snprintf(nets + strlen(nets), sizeof(nets) - strlen(nets), "%s\"%s\"", i ? ", " : "",
				 c->peer_nets[i]);
	snprintf(key, sizeof(key), "key-%s.txt", c->name);
	if (!lab_write_file(lab, key, c->key))
		return false;
	snprintf(text, sizeof(text),
			 "{ \"version\": 1, \"name\": \"lab-%s\",\n"
			 "  \"local\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"remote\": { \"address\": \"%s\", \"subnets\": [%s] },\n"
			 "  \"auth\": { \"psk_file\": \"%s\" },\n"
			 "  \"personality\": \"azure\", \"connection_mode\": \"%s\"%s%s,\n"
			 "  \"probe\": { \"targets\": [ { \"address\": \"%s\", \"kind\": \"stamp\" } ] } }\n",
			 c->name, gw->address, gw->vnet[0], c->peer, nets, key, mode,
			 c->policy[0] ? ",\n  \"azure_policy\": " : "", c->policy, vm);
	snprintf(name, sizeof(name), "lab-%s.json", c->name);
	return lab_write_file(lab, name, text);
}

/* Tenant t's gateway: its namespace, a profile per connection, simulate and a reflector. */
static bool lab_gateway_start(const lab_options_t *lab, size_t t, const lab_cloud_gateway_t *gw)
{
	static const char *const ns[] = { LAB_PREFIX "gw-a", LAB_PREFIX "gw-b" };
	static const char *const ifs[][2] = { { "xpl2", "xpl3" }, { "xpl4", "xpl5" } };
	const char *args[16] = { "simulate" };
	char vm[32], vm_listen[48], paths[2][512], log[32], log_path[512], reflect[32];
	char status[32], status_path[512];
	size_t n = 1;

	lab_vm_address(gw->vnet[0], vm, sizeof(vm));
	if (!lab_gateway_ns(ns[t], ifs[t][0], ifs[t][1], gw->address, vm))
		return false;
	for (size_t i = 0; i < gw->n_conns; i++)
	{
		/* A initiates towards B (Azure's InitiatorOnly), B answers, on-prem initiates */
		const char *mode = t == 0 && strcmp(gw->conns[i].name, "a-onprem") ? "InitiatorOnly"
																		  : "ResponderOnly";
		char name[64];

		if (!lab_gateway_profile(lab, gw, &gw->conns[i], mode, vm))
			return false;
		snprintf(name, sizeof(name), "lab-%s.json", gw->conns[i].name);
		lab_path(paths[i], sizeof(paths[i]), lab, name);
		args[n++] = "--profile";
		args[n++] = paths[i];
	}
	snprintf(status, sizeof(status), "gw-%c.status.json", 'a' + (int)t);
	lab_path(status_path, sizeof(status_path), lab, status);
	args[n++] = "--status-file";
	args[n++] = status_path;
	args[n] = NULL;
	snprintf(log, sizeof(log), "gw-%c.log", 'a' + (int)t);
	snprintf(reflect, sizeof(reflect), "reflect-%c.log", 'a' + (int)t);
	snprintf(vm_listen, sizeof(vm_listen), "%s:862", vm);
	lab_path(log_path, sizeof(log_path), lab, log);
	return lab_spawn_self(lab, ns[t], log, args) > 0 &&
		   lab_wait_for(log_path, "simulating", 10000) &&
		   lab_spawn_self(lab, ns[t], reflect, (const char *const[]){ "reflect", "--listen",
						  vm_listen, NULL }) > 0;
}

/* The azure section `azure apply` used: endpoints, tenants and their credentials. */
static char *lab_azure_section(const lab_options_t *lab)
{
	char path[512];
	json_t *root;
	char *text;

	lab_path(path, sizeof(path), lab, "azure.json");
	root = json_load_file(path, 0, NULL);
	text = root ? json_dumps(json_object_get(root, "azure"), JSON_COMPACT) : NULL;
	json_decref(root);
	return text;
}

/* on-prem's verify profile: configured from ARM, the connection `azure apply` made to
 * tenant A (addresses, prefixes, policy, DPD and the shared key read back from ARM). */
static bool lab_onprem_profile(const lab_options_t *lab, const lab_cloud_gateway_t *a)
{
	char vm[32], text[9000], measure[4096];
	char *azure = lab_azure_section(lab);
	bool ok;

	lab_vm_address(a->vnet[0], vm, sizeof(vm));
	if (!azure || !lab_measure_json(lab, vm, true, measure, sizeof(measure)))
	{
		free(azure);
		return false;
	}
	snprintf(text, sizeof(text),
			 "{ \"version\": 1, \"name\": \"onprem-to-tenant-a\",\n"
			 "  \"azure_connection\": { \"tenant\": \"a\", \"name\": \"conn-to-onprem\" },\n"
			 "  \"ike\": { \"dpd_delay_s\": 10 },\n"
			 "  %s,\n"
			 "  \"azure\": %s }\n", measure, azure);
	free(azure);
	ok = lab_write_file(lab, "onprem.json", text);
	return ok;
}

/* What ARM says now, and the states each connection went through while the demo ran. */
static void lab_demo_status(lab_cloud_t *cloud, lab_status_t *status, const char *self)
{
	lab_status_stop(status);
	printf("lab demo: connection status in ARM, from the simulated gateways' IKE state:\n");
	lab_cloud_show_status(cloud, self);
	printf("lab demo: connectionStatus as it changed during the run:\n");
	lab_status_print_history(status);
}

/* Tenant A's VNet to tenant B's VNet over the gateways' own cross-tenant tunnel: verify
 * --existing from gateway A's namespace (it sets up no tunnel), its reports in
 * REPORT/cross-tenant/. */
static int lab_demo_cross_tenant(const lab_options_t *lab, const lab_cloud_gateway_t gw[2],
								 const char *self, const char *report)
{
	char log[512], prof[512], out[600], vm_a[32], vm_b[32], text[6000], measure[4096];

	lab_path(log, sizeof(log), lab, "gw-a.log");
	if (!lab_wait_for(log, "tunnel lab-a-b established", 15000))
	{
		fprintf(stderr, "crosspeer lab demo: the cross-tenant tunnel A <-> B did not come up\n");
		return XP_EXIT_TUNNEL;
	}
	lab_vm_address(gw[0].vnet[0], vm_a, sizeof(vm_a));
	lab_vm_address(gw[1].vnet[0], vm_b, sizeof(vm_b));
	if (!lab_measure_json(lab, vm_b, false, measure, sizeof(measure)))
		return XP_EXIT_ENV;
	snprintf(text, sizeof(text),
			 "{ \"version\": 1, \"name\": \"tenant-a-to-tenant-b\",\n"
			 "  \"local\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"remote\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"auth\": { \"psk_file\": \"key-a-b.txt\" },\n"
			 "  %s }\n",
			 gw[0].address, gw[0].vnet[0], gw[1].address, gw[1].vnet[0], measure);
	if (!lab_write_file(lab, "cross-tenant.json", text))
		return XP_EXIT_ENV;
	printf("lab demo: verifying the cross-tenant path, tenant A %s -> tenant B %s over the "
		   "gateways' tunnel\n", vm_a, vm_b);
	lab_path(prof, sizeof(prof), lab, "cross-tenant.json");
	lab_path(log, sizeof(log), lab, "cross-tenant.log");
	snprintf(out, sizeof(out), "%s/cross-tenant", report);
	return lab_run_logged((const char *[]){ "ip", "netns", "exec", LAB_PREFIX "gw-a", self,
		"verify", "--existing", "--profile", prof, "--report", out, NULL }, log);
}

static int lab_demo_run(const lab_options_t *lab, const char *self, const char *report)
{
	lab_cloud_gateway_t gw[2];
	lab_status_t *status = NULL;
	lab_cloud_t *cloud;
	char prof[512], log[512];
	int rc, cross;

	if (!lab_build_base(lab) || !(cloud = lab_cloud_apply(lab, self)))
		return XP_EXIT_ENV;
	rc = XP_EXIT_ENV;
	if (!lab_cloud_gateway(cloud, 0, &gw[0]) || !lab_cloud_gateway(cloud, 1, &gw[1]))
		memset(gw, 0, sizeof(gw));
	else if (!(status = lab_status_start(lab, cloud, gw, 2)) ||
			 !lab_gateway_start(lab, 0, &gw[0]) || !lab_gateway_start(lab, 1, &gw[1]) ||
			 !lab_onprem_profile(lab, &gw[0]))
		fprintf(stderr, "crosspeer lab demo: a simulated gateway did not start; see %s\n",
				lab->dir);
	else
	{
		char a32[80];

		/* the WAN impairment also covers what gateway A sends, to B and to on-prem */
		snprintf(a32, sizeof(a32), "%s/32", gw[0].address);
		if (lab->impair && !lab_relay_impair_from(lab, a32))
			fprintf(stderr, "crosspeer lab demo: the relay did not take %s\n", a32);
		printf("lab demo: gateways simulated from ARM: A %s (%s), B %s (%s)\n", gw[0].address,
			   gw[0].vnet[0], gw[1].address, gw[1].vnet[0]);
		if (lab->impair && strcmp(lab->impair, "none"))
			printf("lab demo: WAN impairment (on-prem's and gateway A's ESP): %s\n",
				   lab->impair);
		printf("lab demo: verifying on-prem 10.9.0.0/24 -> tenant A %s, configured from ARM "
			   "connection conn-to-onprem\n", gw[0].vnet[0]);
		lab_path(prof, sizeof(prof), lab, "onprem.json");
		lab_path(log, sizeof(log), lab, "verify.log");
		rc = lab_run_logged((const char *[]){ "ip", "netns", "exec", NS_ONPREM, self, "verify",
											  "--profile", prof, "--report", report, NULL }, log);
		cross = lab_demo_cross_tenant(lab, gw, self, report);
		lab_demo_status(cloud, status, self);
		if (rc == XP_EXIT_PASS)
			rc = cross;
	}
	lab_status_destroy(status);
	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < gw[t].n_conns && t < 2; i++)
			secret_wipe(gw[t].conns[i].key, sizeof(gw[t].conns[i].key));
	lab_cloud_destroy(cloud);
	return rc < 0 ? XP_EXIT_ENV : rc;
}

int lab_topology_demo(const lab_options_t *lab)
{
	char self[512], report[512];
	int rc;

	if (!lab_self(self, sizeof(self)))
		return XP_EXIT_ENV;
	lab_report_dir(lab, report, sizeof(report));
	rc = lab->topology ? lab_aabgp_demo(lab, report) : lab_demo_run(lab, self, report);
	lab_topology_down(lab);
	printf("lab demo: %s\nreports in %s\n", rc == XP_EXIT_PASS ? "PASS" : "FAIL", report);
	return rc;
}
