/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* azure_plan.c, azure_apply.c, azure_destroy.c, azure_preflight*.c against armsim. */

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include <cmocka.h>

#include "azure_fixture.h"
#include "azure_peer.h"
#include "azure_policy.h"
#include "azure_preflight.h"
#include "azure_run.h"

#define KEY "shared-key-for-tests-0123456789"
#define CONN_A "/subscriptions/" FX_SUB_A "/resourceGroups/rg-xt-a/providers/" \
	"Microsoft.Network/connections/conn-to-b"
#define GW_A "/subscriptions/" FX_SUB_A "/resourceGroups/rg-xt-a/providers/" \
	"Microsoft.Network/virtualNetworkGateways/gw-a"
#define GW_B "/subscriptions/" FX_SUB_B "/resourceGroups/rg-xt-b/providers/" \
	"Microsoft.Network/virtualNetworkGateways/gw-b"

static void tenant(azure_tenant_cfg_t *t, const char *name, const char *tid, const char *sub,
				   const char *cid, const char *space, const char *gws)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->tenant_id, sizeof(t->tenant_id), "%s", tid);
	snprintf(t->subscription_id, sizeof(t->subscription_id), "%s", sub);
	snprintf(t->client_id, sizeof(t->client_id), "%s", cid);
	snprintf(t->resource_group, sizeof(t->resource_group), "rg-xt-%s", name);
	snprintf(t->location, sizeof(t->location), "westeurope");
	snprintf(t->vnet_name, sizeof(t->vnet_name), "vnet-%s", name);
	snprintf(t->address_space[0], sizeof(t->address_space[0]), "%s", space);
	t->n_address_space = 1;
	snprintf(t->gateway_subnet, sizeof(t->gateway_subnet), "%s", gws);
	snprintf(t->gateway_name, sizeof(t->gateway_name), "gw-%s", name);
	snprintf(t->sku, sizeof(t->sku), "VpnGw1");
	snprintf(t->generation, sizeof(t->generation), "Generation1");
}

static void topology(azure_topology_t *topo)
{
	memset(topo, 0, sizeof(*topo));
	snprintf(topo->profile_name, sizeof(topo->profile_name), "xt-test");
	topo->n_tenants = 2;
	tenant(&topo->tenants[0], "a", FX_TENANT_A, FX_SUB_A, FX_CLIENT_A, "10.1.0.0/16",
		   "10.1.255.0/27");
	tenant(&topo->tenants[1], "b", FX_TENANT_B, FX_SUB_B, FX_CLIENT_B, "10.2.0.0/16",
		   "10.2.255.0/27");
	topo->has_policy = true;
	topo->policy = (azure_ipsec_policy_t){ "AES256", "SHA256", "DHGroup14", "GCMAES256",
										   "GCMAES256", "PFS2048", 27000, 102400000 };
}

/** A run whose state file lives in the emulator's temp dir, as the CLI keeps one. */
static void run_init(azure_run_t *run, azure_topology_t *topo, arm_client_t *c, fx_t *fx)
{
	static char state[160];

	azure_run_init(run, topo, c);
	run->shared_key = KEY;
	snprintf(state, sizeof(state), "%s/azure-state.json", fx->dir);
	run->state_file = state;
}

static void test_plan_reads_only(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	azure_topology_t topo;
	azure_change_t ch[AZURE_MAX_RESOURCES];
	azure_run_t run;
	size_t n;

	(void)state;
	topology(&topo);
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_plan(&run, ch, &n), 0);
	assert_int_equal(n, 12);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ch[i].action, AZURE_CREATE);
	assert_int_equal(armsim_requests(fx->sim, "PUT") + armsim_requests(fx->sim, "DELETE") +
					 armsim_requests(fx->sim, "POST"), 0);
	assert_true(armsim_requests(fx->sim, "GET") >= 12);
	azure_run_clear(&run);
	arm_client_destroy(c);
	fx_stop(fx);
}

/** Which gateway reported first, and whether the other one was under way by then. */
typedef struct {
	pthread_mutex_t lock;
	bool seen[2];
	/** the first gateway to finish has */
	bool one_done;
	/** the other one had started when the first finished */
	bool overlap;
} gw_events_t;

static void gw_event(void *ctx, const char *label, const char *state, double elapsed)
{
	gw_events_t *g = ctx;
	int i = strstr(label, "virtualNetworkGateways/gw-a") ? 0 :
			strstr(label, "virtualNetworkGateways/gw-b") ? 1 : -1;

	(void)elapsed;
	if (i < 0)
		return;
	pthread_mutex_lock(&g->lock);
	g->seen[i] = true;
	/* the first gateway done while the other had already started: built at once */
	if (!strcmp(state, "Succeeded") && !g->one_done)
	{
		g->one_done = true;
		g->overlap = g->seen[1 - i];
	}
	pthread_mutex_unlock(&g->lock);
}

static void test_apply_twice_writes_once_then_destroy(void **state)
{
	gw_events_t gw = { .lock = PTHREAD_MUTEX_INITIALIZER };
	armsim_opts_t o;
	fx_t *fx;
	arm_client_t *c;
	azure_topology_t topo;
	azure_run_t run;
	json_t *conn, *lng, *pip, *rows;
	unsigned puts;

	(void)state;
	fx_opts(&o);
	o.gateway_seconds = 3;
	fx = fx_start(&o);
	c = fx_client(fx);
	topology(&topo);
	run_init(&run, &topo, c, fx);
	run.cb = gw_event;
	run.ctx = &gw;
	assert_int_equal(azure_apply(&run), 0);
	/* both gateways at once: the first finished after the second had started */
	assert_true(gw.overlap);
	assert_int_equal(run.writes, 12);
	conn = armsim_get_resource(fx->sim, CONN_A);
	assert_string_equal(json_string_value(json_object_get(json_object_get(conn, "properties"),
						"sharedKey")), KEY);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(
						json_object_get(conn, "properties"), "ipsecPolicies"), 0),
						"ipsecEncryption")), "GCMAES256");
	lng = armsim_get_resource(fx->sim, "/subscriptions/" FX_SUB_A "/resourceGroups/rg-xt-a/"
							  "providers/Microsoft.Network/localNetworkGateways/lng-to-b");
	pip = armsim_get_resource(fx->sim, "/subscriptions/" FX_SUB_B "/resourceGroups/rg-xt-b/"
							  "providers/Microsoft.Network/publicIPAddresses/gw-b-pip");
	assert_string_equal(json_string_value(json_object_get(json_object_get(lng, "properties"),
						"gatewayIpAddress")), json_string_value(json_object_get(
						json_object_get(pip, "properties"), "ipAddress")));
	json_decref(conn);
	json_decref(lng);
	json_decref(pip);
	azure_run_clear(&run);

	/* one policy, both ends: the peer settings read back from ARM */
	{
		azure_peer_t peer;
		json_t *pip_a = armsim_get_resource(fx->sim, "/subscriptions/" FX_SUB_A "/resourceGroups/"
			"rg-xt-a/providers/Microsoft.Network/publicIPAddresses/gw-a-pip");

		run_init(&run, &topo, c, fx);
		assert_int_equal(azure_peer_read(&run, 0, false, &peer), 0);
		assert_string_equal(peer.address, json_string_value(json_object_get(json_object_get(
							pip_a, "properties"), "ipAddress")));
		assert_int_equal(peer.n_subnets, 1);
		assert_string_equal(peer.subnets[0], "10.1.0.0/16");
		assert_string_equal(peer.ike[0], "aes256-sha256-modp2048");
		assert_string_equal(peer.esp[0], "aes256gcm16-modp2048");
		assert_int_equal(peer.dpd_timeout_s, 45);
		assert_string_equal(peer.shared_key, KEY);
		azure_peer_wipe(&peer);
		json_decref(pip_a);
		azure_run_clear(&run);
	}
	puts = armsim_requests(fx->sim, "PUT");
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_apply(&run), 0);
	assert_int_equal(run.writes, 0);
	assert_int_equal(armsim_requests(fx->sim, "PUT"), puts);
	azure_run_clear(&run);

	assert_int_equal(armsim_set_connection_status(fx->sim, CONN_A, "Connected", 1234, 5678), 0);
	run_init(&run, &topo, c, fx);
	rows = azure_status(&run);
	assert_non_null(rows);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 10),
						"connectionStatus")), "Connected");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 10),
					 "egressBytesTransferred")), 5678);
	json_decref(rows);
	azure_run_clear(&run);

	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_destroy(&run), 0);
	assert_int_equal(run.writes, 12);
	azure_run_clear(&run);
	run_init(&run, &topo, c, fx);
	rows = azure_status(&run);
	for (size_t i = 0; i < json_array_size(rows); i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(rows, i),
							"provisioningState")), "absent");
	json_decref(rows);
	azure_run_clear(&run);
	arm_client_destroy(c);
	fx_stop(fx);
}

#define RG_A "/subscriptions/" FX_SUB_A "/resourceGroups/rg-xt-a"
#define VNET_A RG_A "/providers/Microsoft.Network/virtualNetworks/vnet-a"

/**
 * The official GET example of an untagged VNet with a delegated subnet
 * (VirtualNetworkGetWithSubnetDelegation.json, 2024-05-01), moved into tenant a's
 * resource group: real ARM answers it without a "tags" key.
 */
static json_t *official_untagged_vnet(void)
{
	char *text, *at;
	json_t *doc, *body;
	FILE *f = fopen(DATA_DIR "/VirtualNetworkGetWithSubnetDelegation.json", "r");
	size_t len;

	assert_non_null(f);
	text = calloc(1, 1 << 16);
	len = fread(text, 1, (1 << 16) - 1, f);
	fclose(f);
	assert_true(len > 0);
	doc = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(doc);
	body = json_deep_copy(json_object_get(json_object_get(json_object_get(doc, "responses"),
								  "200"), "body"));
	json_decref(doc);
	assert_null(json_object_get(body, "tags"));
	json_object_set_new(body, "id", json_string(VNET_A));
	json_object_set_new(body, "name", json_string("vnet-a"));
	json_object_set_new(body, "location", json_string("westeurope"));
	{
		json_t *sub = json_array_get(json_object_get(json_object_get(body, "properties"),
									 "subnets"), 0);
		json_t *del = json_array_get(json_object_get(json_object_get(sub, "properties"),
									 "delegations"), 0);

		json_object_set_new(sub, "id", json_string(VNET_A "/subnets/subnet1"));
		json_object_set_new(del, "id", json_string(VNET_A
							"/subnets/subnet1/delegations/myDelegation"));
	}
	at = json_dumps(body, 0);
	assert_non_null(strstr(at, "myDelegation"));
	free(at);
	return body;
}

/** The subnet named name in a VNet document, or NULL. */
static json_t *subnet_named(json_t *vnet, const char *name)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(vnet, "properties"), "subnets"), i, s)
	{
		if (!strcmp(json_string_value(json_object_get(s, "name")), name))
			return s;
	}
	return NULL;
}

static void test_destroy_keeps_untagged_existing_vnet(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	azure_topology_t topo;
	azure_run_t run;
	json_t *vnet = official_untagged_vnet(), *rg, *after, *sub;
	char statefile[160];
	FILE *f;

	(void)state;
	rg = json_pack("{s:s,s:s,s:s,s:{s:s}}", "id", RG_A, "name", "rg-xt-a", "location",
				   "westeurope", "properties", "provisioningState", "Succeeded");
	assert_int_equal(armsim_put_raw(fx->sim, RG_A, rg), 0);
	assert_int_equal(armsim_put_raw(fx->sim, VNET_A, vnet), 0);
	topology(&topo);
	run_init(&run, &topo, c, fx);
	snprintf(statefile, sizeof(statefile), "%s", run.state_file);
	assert_int_equal(azure_apply(&run), 0);
	azure_run_clear(&run);

	/* apply extended the user's VNet (prefix, GatewaySubnet) but did not claim it */
	after = armsim_get_resource(fx->sim, VNET_A);
	assert_null(json_object_get(after, "tags"));
	assert_non_null(subnet_named(after, "subnet1"));
	assert_non_null(subnet_named(after, "GatewaySubnet"));
	json_decref(after);
	after = armsim_get_resource(fx->sim, RG_A);
	assert_null(json_object_get(after, "tags"));
	json_decref(after);

	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_destroy(&run), 0);
	/* 12 resources, tenant a's RG and VNet were there before */
	assert_int_equal(run.writes, 10);
	assert_int_equal(run.kept, 2);
	azure_run_clear(&run);
	after = armsim_get_resource(fx->sim, VNET_A);
	assert_non_null(after);
	sub = subnet_named(after, "subnet1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(
						json_object_get(json_object_get(sub, "properties"), "delegations"), 0),
						"properties"), "serviceName")), "Microsoft.Provider/resourceType");
	json_decref(after);
	assert_null(armsim_get_resource(fx->sim, GW_A));

	/* a tag alone proves nothing: without the state file's record, destroy deletes nothing */
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_apply(&run), 0);
	azure_run_clear(&run);
	assert_int_equal(unlink(statefile), 0);
	f = fopen(statefile, "w");
	assert_non_null(f);
	fputs("{\"version\":1,\"profile\":\"xt-test\",\"resources\":{}}", f);
	fclose(f);
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_destroy(&run), 0);
	assert_int_equal(run.writes, 0);
	assert_int_equal(run.kept, 12);
	azure_run_clear(&run);
	after = armsim_get_resource(fx->sim, GW_A);
	assert_non_null(after);
	json_decref(after);

	json_decref(rg);
	json_decref(vnet);
	arm_client_destroy(c);
	fx_stop(fx);
}

/* a user's VNet keeps its settings: DNS servers, and a route table on its GatewaySubnet */
static void test_update_keeps_writable_settings(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	azure_topology_t topo;
	azure_run_t run;
	json_t *vnet = official_untagged_vnet(), *rg, *after, *gw, *props;

	(void)state;
	props = json_object_get(vnet, "properties");
	json_object_set_new(props, "dhcpOptions", json_pack("{s:[s]}", "dnsServers", "10.0.0.4"));
	json_array_append_new(json_object_get(props, "subnets"), json_pack(
		"{s:s,s:s,s:{s:s,s:s,s:{s:s},s:[]}}", "name", "GatewaySubnet", "id",
		VNET_A "/subnets/GatewaySubnet", "properties", "addressPrefix", "10.0.255.0/27",
		"provisioningState", "Succeeded", "routeTable", "id", RG_A
		"/providers/Microsoft.Network/routeTables/forced-tunnel", "ipConfigurations"));
	rg = json_pack("{s:s,s:s,s:s,s:{s:s}}", "id", RG_A, "name", "rg-xt-a", "location",
				   "westeurope", "properties", "provisioningState", "Succeeded");
	assert_int_equal(armsim_put_raw(fx->sim, RG_A, rg), 0);
	assert_int_equal(armsim_put_raw(fx->sim, VNET_A, vnet), 0);
	topology(&topo);
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_apply(&run), 0);
	azure_run_clear(&run);

	after = armsim_get_resource(fx->sim, VNET_A);
	props = json_object_get(after, "properties");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(props,
						"dhcpOptions"), "dnsServers"), 0)), "10.0.0.4");
	/* the subnets in their order, the GatewaySubnet moved to the profile's prefix */
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(props,
						"subnets"), 0), "name")), "subnet1");
	gw = json_object_get(subnet_named(after, "GatewaySubnet"), "properties");
	assert_string_equal(json_string_value(json_object_get(gw, "addressPrefix")),
						"10.1.255.0/27");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(gw, "routeTable"),
						   "id")), "/routeTables/forced-tunnel"));
	json_decref(after);
	json_decref(rg);
	json_decref(vnet);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_vnet2vnet_needs_aux_header(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	azure_topology_t topo;
	azure_run_t run;
	arm_call_t alone = { .tenant = FX_TENANT_A };
	arm_response_t resp;
	arm_error_t err;
	json_t *body;

	(void)state;
	topology(&topo);
	topo.pattern = AZURE_PATTERN_VNET2VNET;
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_apply(&run), 0);
	assert_int_equal(run.writes, 10);
	azure_run_clear(&run);
	/* the same reference without x-ms-authorization-auxiliary is refused */
	body = json_pack("{s:s,s:{s:s,s:{s:s},s:{s:s}}}", "location", "westeurope", "properties",
					 "connectionType", "Vnet2Vnet", "virtualNetworkGateway1", "id", GW_A,
					 "virtualNetworkGateway2", "id", GW_B);
	assert_int_equal(arm_client_request(c, &alone, "PUT", CONN_A "-noaux", ARM_API_NETWORK,
										body, &resp, &err), -1);
	assert_int_equal(err.status, 403);
	assert_string_equal(err.code, "LinkedAuthorizationFailed");
	assert_non_null(strstr(err.message, FX_SUB_B));
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_rerun_waits_for_running_gateway(void **state)
{
	armsim_opts_t o;
	fx_t *fx;
	arm_client_t *c;
	azure_topology_t topo;
	azure_run_t run;

	(void)state;
	fx_opts(&o);
	o.gateway_seconds = 2;
	fx = fx_start(&o);
	c = fx_client(fx);
	topology(&topo);
	topo.n_tenants = 1;
	/* a first run was killed right after the gateway PUT: emulate by one run with a
	 * 0.5 s LRO budget, which fails while the gateway is still Updating */
	{
		arm_client_opts_t co;
		arm_client_t *quick;

		fx_client_opts(fx, &co);
		co.lro_timeout_ms = 500;
		quick = arm_client_create(&co);
		arm_client_add_tenant(quick, FX_TENANT_A, FX_CLIENT_A, FX_SECRET_A);
		run_init(&run, &topo, quick, fx);
		assert_int_equal(azure_apply(&run), -1);
		assert_string_equal(run.err.code, "OperationTimedOut");
		azure_run_clear(&run);
		arm_client_destroy(quick);
	}
	/* the VNet is locked while its gateway is being built */
	{
		arm_call_t call = { .tenant = FX_TENANT_A };
		azure_res_t res[AZURE_MAX_RESOURCES];
		arm_response_t resp;
		arm_error_t err;
		json_t *body;

		azure_topology_resources(&topo, res);
		body = azure_topology_body(&topo, &res[1], NULL, NULL);
		assert_int_equal(arm_client_request(c, &call, "PUT", res[1].id, ARM_API_NETWORK, body,
											&resp, &err), -1);
		assert_int_equal(err.status, 409);
		assert_string_equal(err.code, "AnotherOperationInProgress");
		json_decref(body);
	}
	armsim_requests_reset(fx->sim);
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_apply(&run), 0);
	/* it waited for the running gateway instead of writing it again */
	assert_int_equal(run.writes, 0);
	assert_int_equal(armsim_requests(fx->sim, "PUT"), 0);
	azure_run_clear(&run);
	arm_client_destroy(c);
	fx_stop(fx);
}

static bool has_issue(azure_issues_t *is, const char *resource_part, const char *rule_part)
{
	for (size_t i = 0; i < is->n; i++)
	{
		if (strstr(is->item[i].resource, resource_part) && strstr(is->item[i].rule, rule_part))
			return true;
	}
	return false;
}

static void test_preflight_local_rules(void **state)
{
	azure_topology_t topo;
	azure_issues_t is;

	(void)state;
	topology(&topo);
	azure_preflight_local(&topo, &is);
	assert_int_equal(is.n, 0);
	snprintf(topo.tenants[1].address_space[0], 64, "10.1.128.0/17");
	snprintf(topo.tenants[1].gateway_subnet, 64, "10.1.255.0/30");
	snprintf(topo.policy.ipsec_integrity, 16, "SHA256");
	topo.policy.sa_lifetime_s = 299;
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.tenants[1].vnet.address_space[0]", "overlap"));
	assert_true(has_issue(&is, "azure.tenants[1].vnet.gateway_subnet", "too small"));
	assert_true(has_issue(&is, "azure.ipsec_policy.ipsecIntegrity", "reject"));
	topo.policy = (azure_ipsec_policy_t){ "AES256", "SHA256", "DHGroup14", "AES256", "SHA256",
										  "PFS2048", 299, 102400000 };
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.ipsec_policy.saLifeTimeSeconds", "reject"));
}

static void test_preflight_remote_rules(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	azure_topology_t topo;
	azure_issues_t is = { .n = 0 };
	azure_run_t run;
	json_t *vnet = json_pack("{s:s,s:s,s:{s:{s:[s]},s:[{s:s,s:s,s:{s:s,s:{s:s}}}]}}",
		"name", "vnet-a", "location", "westeurope", "properties", "addressSpace",
		"addressPrefixes", "10.1.0.0/16", "subnets", "name", "GatewaySubnet", "id",
		"/subscriptions/" FX_SUB_A "/resourceGroups/rg-xt-a/providers/Microsoft.Network/"
		"virtualNetworks/vnet-a/subnets/GatewaySubnet", "properties", "addressPrefix",
		"10.1.255.0/27", "networkSecurityGroup", "id", "/subscriptions/" FX_SUB_A
		"/resourceGroups/rg-xt-a/providers/Microsoft.Network/networkSecurityGroups/nsg1");
	json_t *gw = json_pack("{s:s,s:s,s:{s:s,s:s,s:{s:s}}}", "name", "gw-b", "location",
		"westeurope", "properties", "gatewayType", "Vpn", "vpnType", "PolicyBased", "sku",
		"name", "Basic");

	(void)state;
	assert_int_equal(armsim_put_raw(fx->sim, "/subscriptions/" FX_SUB_A "/resourceGroups/"
					 "rg-xt-a/providers/Microsoft.Network/virtualNetworks/vnet-a", vnet), 0);
	assert_int_equal(armsim_put_raw(fx->sim, GW_B, gw), 0);
	topology(&topo);
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_preflight_remote(&run, &is), 0);
	assert_true(has_issue(&is, "vnet-a/subnets/GatewaySubnet", "network security group"));
	assert_true(has_issue(&is, "virtualNetworkGateways/gw-b", "RouteBased"));
	assert_int_equal(armsim_requests(fx->sim, "PUT"), 0);
	azure_run_clear(&run);
	json_decref(vnet);
	json_decref(gw);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_policy_to_proposals(void **state)
{
	azure_ipsec_policy_t p = { "AES256", "SHA256", "DHGroup14", "GCMAES256", "GCMAES256",
							   "PFS2048", 27000, 102400000 };
	char ike[AZURE_POLICY_MAX_PROPOSALS][128], esp[AZURE_POLICY_MAX_PROPOSALS][128];
	size_t ni, ne;

	(void)state;
	assert_int_equal(azure_policy_proposals(&p, ike, &ni, esp, &ne), 0);
	assert_int_equal(ni, 1);
	assert_string_equal(ike[0], "aes256-sha256-modp2048");
	assert_string_equal(esp[0], "aes256gcm16-modp2048");
	assert_int_equal(azure_policy_proposals(NULL, ike, &ni, esp, &ne), 0);
	assert_int_equal(ni, 6);
	assert_string_equal(ike[0], "aes256-sha1-modp1024");
	assert_string_equal(esp[0], "aes256gcm16");
}

static void test_request_bodies(void **state)
{
	azure_topology_t topo;
	azure_res_t res[AZURE_MAX_RESOURCES];
	size_t n;
	json_t *b, *p;

	(void)state;
	topology(&topo);
	n = azure_topology_resources(&topo, res);
	assert_int_equal(n, 12);
	assert_string_equal(res[6].label, "a: virtualNetworkGateways/gw-a");
	b = azure_topology_body(&topo, &res[6], NULL, NULL);
	p = json_object_get(b, "properties");
	assert_string_equal(json_string_value(json_object_get(p, "vpnType")), "RouteBased");
	assert_string_equal(json_string_value(json_object_get(p, "gatewayType")), "Vpn");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(json_object_get(
					json_array_get(json_object_get(p, "ipConfigurations"), 0), "properties"),
					"subnet"), "id")), "/virtualNetworks/vnet-a/subnets/GatewaySubnet"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(b, "tags"),
						"crosspeer")), "xt-test");
	json_decref(b);
	b = azure_topology_body(&topo, &res[4], NULL, NULL);
	assert_string_equal(json_string_value(json_object_get(json_object_get(b, "sku"), "name")),
						"Standard");
	assert_string_equal(json_string_value(json_object_get(json_object_get(b, "properties"),
						"publicIPAllocationMethod")), "Static");
	json_decref(b);
	b = azure_topology_body(&topo, &res[8], "198.51.100.11", NULL);
	p = json_object_get(b, "properties");
	assert_string_equal(json_string_value(json_object_get(p, "gatewayIpAddress")),
						"198.51.100.11");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(p,
						"localNetworkAddressSpace"), "addressPrefixes"), 0)), "10.2.0.0/16");
	json_decref(b);
	b = azure_topology_body(&topo, &res[10], NULL, KEY);
	p = json_object_get(b, "properties");
	assert_string_equal(json_string_value(json_object_get(p, "connectionType")), "IPsec");
	assert_string_equal(json_string_value(json_object_get(p, "connectionProtocol")), "IKEv2");
	assert_string_equal(json_string_value(json_object_get(p, "sharedKey")), KEY);
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(p,
					"localNetworkGateway2"), "id")), "/localNetworkGateways/lng-to-b"));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p,
					 "ipsecPolicies"), 0), "saLifeTimeSeconds")), 27000);
	json_decref(b);
	topo.pattern = AZURE_PATTERN_VNET2VNET;
	n = azure_topology_resources(&topo, res);
	assert_int_equal(n, 10);
	b = azure_topology_body(&topo, &res[8], NULL, NULL);
	p = json_object_get(b, "properties");
	assert_string_equal(json_string_value(json_object_get(p, "connectionType")), "Vnet2Vnet");
	assert_null(json_object_get(p, "sharedKey"));
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(p,
					"virtualNetworkGateway2"), "id")), FX_SUB_B));
	json_decref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_reads_only),
		cmocka_unit_test(test_apply_twice_writes_once_then_destroy),
		cmocka_unit_test(test_destroy_keeps_untagged_existing_vnet),
		cmocka_unit_test(test_update_keeps_writable_settings),
		cmocka_unit_test(test_vnet2vnet_needs_aux_header),
		cmocka_unit_test(test_rerun_waits_for_running_gateway),
		cmocka_unit_test(test_preflight_local_rules),
		cmocka_unit_test(test_preflight_remote_rules),
		cmocka_unit_test(test_policy_to_proposals),
		cmocka_unit_test(test_request_bodies),
	};

	return cmocka_run_group_tests_name("azure_topology", tests, NULL, NULL);
}
