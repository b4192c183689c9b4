/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Active-active gateways and BGP: request bodies (azure_topology_bgp.c), preflight
 * (azure_preflight_bgp.c) and armsim (armsim_bgp.c), against an in-process armsim. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cmocka.h>

#include "azure_fixture.h"
#include "azure_preflight.h"
#include "azure_run.h"

#define KEY "shared-key-for-tests-0123456789"
#define NET_A "/subscriptions/" FX_SUB_A "/resourceGroups/rg-xt-a/providers/Microsoft.Network/"
#define GW_A NET_A "virtualNetworkGateways/gw-a"
#define LNG_ONPREM NET_A "localNetworkGateways/lng-to-onprem"
#define CONN_ONPREM NET_A "connections/conn-to-onprem"
#define API "2024-05-01"

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
	snprintf(t->sku, sizeof(t->sku), "VpnGw2");
	snprintf(t->generation, sizeof(t->generation), "Generation2");
}

/* Tenant a: active-active, BGP (65010, one APIPA address per instance); tenant b: BGP
 * (65020); Vnet2Vnet between them; an on-prem device over BGP (65030, APIPA) to a. */
static void topology(azure_topology_t *topo)
{
	memset(topo, 0, sizeof(*topo));
	snprintf(topo->profile_name, sizeof(topo->profile_name), "xt-bgp");
	topo->pattern = AZURE_PATTERN_VNET2VNET;
	topo->n_tenants = 2;
	tenant(&topo->tenants[0], "a", FX_TENANT_A, FX_SUB_A, FX_CLIENT_A, "10.1.0.0/16",
		   "10.1.255.0/27");
	tenant(&topo->tenants[1], "b", FX_TENANT_B, FX_SUB_B, FX_CLIENT_B, "10.2.0.0/16",
		   "10.2.255.0/27");
	topo->tenants[0].active_active = true;
	topo->tenants[0].bgp = true;
	topo->tenants[0].asn = 65010;
	snprintf(topo->tenants[0].apipa[0], 64, "169.254.21.1");
	snprintf(topo->tenants[0].apipa[1], 64, "169.254.21.5");
	topo->tenants[1].bgp = true;
	topo->tenants[1].asn = 65020;
	topo->has_onprem = true;
	snprintf(topo->onprem_ip, sizeof(topo->onprem_ip), "198.51.100.10");
	topo->onprem_bgp = true;
	topo->onprem_asn = 65030;
	snprintf(topo->onprem_bgp_ip, sizeof(topo->onprem_bgp_ip), "169.254.21.2");
}

static bool has_issue(azure_issues_t *is, const char *resource, const char *rule,
					  const char *fix)
{
	for (size_t i = 0; i < is->n; i++)
	{
		if (!strcmp(is->item[i].resource, resource) && strstr(is->item[i].rule, rule) &&
			strstr(is->item[i].fix, fix))
			return true;
	}
	return false;
}

static const azure_res_t *find(const azure_res_t *res, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
	{
		if (!strcmp(res[i].id, id))
			return &res[i];
	}
	fail_msg("no resource %s", id);
	return NULL;
}

static void test_bodies(void **state)
{
	azure_topology_t topo;
	azure_res_t res[AZURE_MAX_RESOURCES];
	size_t n;
	json_t *body, *p, *peering;

	(void)state;
	topology(&topo);
	n = azure_topology_resources(&topo, res);
	/* 2 x (rg, vnet, pip, gateway) + a's second public IP + on-prem LNG + 3 connections */
	assert_int_equal(n, 13);
	find(res, n, NET_A "publicIPAddresses/gw-a-pip2");

	body = azure_topology_body(&topo, find(res, n, GW_A), NULL, NULL);
	p = json_object_get(body, "properties");
	assert_true(json_is_true(json_object_get(p, "activeActive")));
	assert_true(json_is_true(json_object_get(p, "enableBgp")));
	assert_int_equal(json_array_size(json_object_get(p, "ipConfigurations")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
		json_array_get(json_object_get(p, "ipConfigurations"), 1), "properties"),
		"publicIPAddress"), "id")), NET_A "publicIPAddresses/gw-a-pip2");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "bgpSettings"),
					 "asn")), 65010);
	peering = json_object_get(json_object_get(p, "bgpSettings"), "bgpPeeringAddresses");
	assert_int_equal(json_array_size(peering), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(peering, 1),
						"ipconfigurationId")), GW_A "/ipConfigurations/gwipconfig2");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_array_get(
						peering, 1), "customBgpIpAddresses"), 0)), "169.254.21.5");
	json_decref(body);

	body = azure_topology_body(&topo, find(res, n, LNG_ONPREM), NULL, NULL);
	p = json_object_get(body, "properties");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "bgpSettings"),
					 "asn")), 65030);
	assert_string_equal(json_string_value(json_object_get(json_object_get(p, "bgpSettings"),
						"bgpPeeringAddress")), "169.254.21.2");
	/* the peer's /32 is the only prefix */
	assert_int_equal(json_array_size(json_object_get(json_object_get(p,
					 "localNetworkAddressSpace"), "addressPrefixes")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(p,
						"localNetworkAddressSpace"), "addressPrefixes"), 0)), "169.254.21.2/32");
	json_decref(body);

	body = azure_topology_body(&topo, find(res, n, CONN_ONPREM), NULL, KEY);
	assert_true(json_is_true(json_object_get(json_object_get(body, "properties"), "enableBgp")));
	json_decref(body);
	/* without BGP on the gateway, no BGP on its connections */
	topo.tenants[0].bgp = false;
	body = azure_topology_body(&topo, find(res, n, CONN_ONPREM), NULL, KEY);
	assert_true(json_is_false(json_object_get(json_object_get(body, "properties"), "enableBgp")));
	json_decref(body);
}

static void test_preflight_reserved_asns(void **state)
{
	static const uint32_t reserved[] = { 65515, 65517, 65518, 65519, 65520, 8074, 8075, 12076,
		23456, 64496, 64511, 65535, 65551 };
	azure_topology_t topo;
	azure_issues_t is;
	char rule[64];

	(void)state;
	topology(&topo);
	azure_preflight_local(&topo, &is);
	for (size_t i = 0; i < is.n; i++)
		print_message("unexpected: %s: %s; %s\n", is.item[i].resource, is.item[i].rule,
					  is.item[i].fix);
	assert_int_equal(is.n, 0);
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
	{
		topology(&topo);
		topo.onprem_asn = reserved[i];
		azure_preflight_local(&topo, &is);
		snprintf(rule, sizeof(rule), "ASN %u is ", reserved[i]);
		assert_true(has_issue(&is, "azure.onprem.bgp.asn", rule, "private ASN"));
	}
	/* 65515 is the gateway's own default; the others are refused there too */
	topology(&topo);
	topo.tenants[1].asn = 65515;
	azure_preflight_local(&topo, &is);
	assert_int_equal(is.n, 0);
	topo.tenants[1].asn = 65518;
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.tenants[1].gateway.bgp.asn", "ASN 65518 is a private "
						  "ASN reserved by Azure", "64512-65514"));
	/* over s2s each gateway is the other's LNG: 65515 is refused there */
	topology(&topo);
	topo.pattern = AZURE_PATTERN_S2S;
	topo.tenants[0].active_active = false;
	snprintf(topo.tenants[0].apipa[1], 64, "%s", "");
	snprintf(topo.tenants[1].apipa[0], 64, "169.254.22.1");
	topo.tenants[1].asn = 65515;
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.tenants[1].gateway.bgp.asn", "local network gateway",
						  "private ASN"));
	topo.tenants[1].asn = 65010;
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.tenants[1].gateway.bgp.asn", "different ASNs", "65010"));
}

static void test_preflight_apipa_and_sku(void **state)
{
	azure_topology_t topo;
	azure_issues_t is;

	(void)state;
	topology(&topo);
	snprintf(topo.tenants[0].apipa[0], 64, "169.254.22.255");
	snprintf(topo.tenants[0].apipa[1], 64, "169.254.23.0");
	azure_preflight_local(&topo, &is);
	assert_int_equal(is.n, 1);
	assert_true(has_issue(&is, "azure.tenants[0].gateway.bgp.apipa[1]",
						  "169.254.21.0-169.254.22.255", "169.254.23.0 is outside"));
	topology(&topo);
	snprintf(topo.onprem_bgp_ip, sizeof(topo.onprem_bgp_ip), "169.254.20.9");
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.onprem.bgp.peering_address", "169.254.21.0",
						  "169.254.20.9 is outside"));
	topology(&topo);
	snprintf(topo.tenants[0].sku, sizeof(topo.tenants[0].sku), "Basic");
	snprintf(topo.tenants[0].generation, sizeof(topo.tenants[0].generation), "Generation1");
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.tenants[0].gateway.active_active", "two instances",
						  "use VpnGw1 or larger"));
	assert_true(has_issue(&is, "azure.tenants[0].gateway.bgp", "SKU", "VpnGw1 or larger"));
	/* active-active between the tenants over s2s would leave one instance unreached */
	topology(&topo);
	topo.pattern = AZURE_PATTERN_S2S;
	azure_preflight_local(&topo, &is);
	assert_true(has_issue(&is, "azure.tenants[0].gateway.active_active", "vnet2vnet",
						  "\"vnet2vnet\""));
}

static void run_init(azure_run_t *run, azure_topology_t *topo, arm_client_t *c, fx_t *fx)
{
	static char state[160];

	azure_run_init(run, topo, c);
	run->shared_key = KEY;
	snprintf(state, sizeof(state), "%s/azure-state.json", fx->dir);
	run->state_file = state;
}

/* armsim answers an active-active BGP gateway as Azure does: one bgpPeeringAddresses
 * entry per instance, with its default and custom BGP addresses and its public IP. */
static void test_armsim_answers_per_instance(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	azure_topology_t topo;
	azure_run_t run;
	json_t *gw, *s, *e0, *e1, *conn;
	const char *t0, *t1;

	(void)state;
	topology(&topo);
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_apply(&run), 0);
	azure_run_clear(&run);
	gw = armsim_get_resource(fx->sim, GW_A);
	s = json_object_get(json_object_get(gw, "properties"), "bgpSettings");
	assert_int_equal(json_integer_value(json_object_get(s, "asn")), 65010);
	assert_string_equal(json_string_value(json_object_get(s, "bgpPeeringAddress")),
						"10.1.255.30,10.1.255.29");
	assert_int_equal(json_array_size(json_object_get(s, "bgpPeeringAddresses")), 2);
	e0 = json_array_get(json_object_get(s, "bgpPeeringAddresses"), 0);
	e1 = json_array_get(json_object_get(s, "bgpPeeringAddresses"), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(e0,
						"defaultBgpIpAddresses"), 0)), "10.1.255.30");
	assert_string_equal(json_string_value(json_array_get(json_object_get(e1,
						"customBgpIpAddresses"), 0)), "169.254.21.5");
	t0 = json_string_value(json_array_get(json_object_get(e0, "tunnelIpAddresses"), 0));
	t1 = json_string_value(json_array_get(json_object_get(e1, "tunnelIpAddresses"), 0));
	assert_non_null(t0);
	assert_non_null(t1);
	assert_string_not_equal(t0, t1);
	json_decref(gw);
	conn = armsim_get_resource(fx->sim, CONN_ONPREM);
	assert_true(json_is_true(json_object_get(json_object_get(conn, "properties"), "enableBgp")));
	json_decref(conn);
	arm_client_destroy(c);
	fx_stop(fx);
}

/* PUT body through the real client; @return the ARM error code, "" on success */
static const char *put(arm_client_t *c, const char *path, json_t *body, arm_error_t *err)
{
	arm_call_t call = { .tenant = FX_TENANT_A };
	arm_response_t resp = { 0 };

	memset(err, 0, sizeof(*err));
	if (!arm_client_call(c, &call, "PUT", path, API, body, &resp, NULL, NULL, err))
		err->code[0] = '\0';
	arm_response_clear(&resp);
	json_decref(body);
	return err->code;
}

static void test_armsim_refuses_what_azure_refuses(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	azure_topology_t topo;
	azure_res_t res[AZURE_MAX_RESOURCES];
	azure_run_t run;
	arm_error_t err;
	json_t *body;
	size_t n;

	(void)state;
	topology(&topo);
	run_init(&run, &topo, c, fx);
	assert_int_equal(azure_apply(&run), 0);
	azure_run_clear(&run);
	n = azure_topology_resources(&topo, res);

	body = azure_topology_body(&topo, find(res, n, GW_A), NULL, NULL);
	json_object_set_new(json_object_get(json_object_get(body, "properties"), "sku"), "name",
						json_string("Basic"));
	json_object_set_new(json_object_get(body, "properties"), "vpnGatewayGeneration",
						json_string("Generation1"));
	assert_string_equal(put(c, GW_A, body, &err), "ActiveActiveNotSupportedForSku");
	body = azure_topology_body(&topo, find(res, n, GW_A), NULL, NULL);
	json_object_set_new(json_object_get(json_object_get(body, "properties"), "bgpSettings"),
						"asn", json_integer(65519));
	assert_string_equal(put(c, GW_A, body, &err), "BgpAsnReserved");
	snprintf(topo.tenants[0].apipa[0], 64, "169.254.30.1");
	body = azure_topology_body(&topo, find(res, n, GW_A), NULL, NULL);
	assert_string_equal(put(c, GW_A, body, &err), "InvalidApipaBgpIpAddress");
	assert_non_null(strstr(err.message, "169.254.30.1"));

	topo.onprem_asn = 65515;
	body = azure_topology_body(&topo, find(res, n, LNG_ONPREM), NULL, NULL);
	assert_string_equal(put(c, LNG_ONPREM, body, &err), "BgpAsnReserved");
	assert_non_null(strstr(err.message, "65515"));
	topo.onprem_asn = 65010;
	body = azure_topology_body(&topo, find(res, n, LNG_ONPREM), NULL, NULL);
	assert_string_equal(put(c, LNG_ONPREM, body, &err), "");
	body = azure_topology_body(&topo, find(res, n, CONN_ONPREM), NULL, KEY);
	assert_string_equal(put(c, CONN_ONPREM, body, &err), "SameAsnOnBothBgpPeers");
	/* an LNG without bgpSettings under a BGP connection */
	topo.onprem_bgp = false;
	topo.n_onprem_subnets = 1;
	snprintf(topo.onprem_subnets[0], 64, "10.9.0.0/16");
	body = azure_topology_body(&topo, find(res, n, LNG_ONPREM), NULL, NULL);
	assert_string_equal(put(c, LNG_ONPREM, body, &err), "");
	body = azure_topology_body(&topo, find(res, n, CONN_ONPREM), NULL, KEY);
	json_object_set_new(json_object_get(body, "properties"), "enableBgp", json_true());
	assert_string_equal(put(c, CONN_ONPREM, body, &err), "BgpSettingsMissingOnPeer");
	arm_client_destroy(c);
	fx_stop(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_preflight_reserved_asns),
		cmocka_unit_test(test_preflight_apipa_and_sku),
		cmocka_unit_test(test_armsim_answers_per_instance),
		cmocka_unit_test(test_armsim_refuses_what_azure_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
