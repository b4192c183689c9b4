/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * agent/profile_arm.c on top of azure_peer_read_id(): a profile configured from an ARM
 * connection, against an in-process armsim holding what `azure apply` made.
 */

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
#include "azure_peer.h"
#include "azure_run.h"
#include "profile.h"
#include "profile_arm.h"

#define KEY "shared-key-for-tests-0123456789"
#define RG_A "/subscriptions/" FX_SUB_A "/resourceGroups/rg-xt-a"
#define CONN_ONPREM RG_A "/providers/Microsoft.Network/connections/conn-to-onprem"
#define CONN_ER RG_A "/providers/Microsoft.Network/connections/conn-er"
#define GW_A RG_A "/providers/Microsoft.Network/virtualNetworkGateways/gw-a"
#define PIP_A RG_A "/providers/Microsoft.Network/publicIPAddresses/gw-a-pip"

/** One emulator with tenant A's gateway and its on-prem connection, for the whole group. */
typedef struct {
	fx_t *fx;
	arm_client_t *client;
	azure_topology_t topo;
	char gw_ip[64];
} env_t;

static void topology(azure_topology_t *topo, const char *ike_encryption)
{
	azure_tenant_cfg_t *t = &topo->tenants[0];

	memset(topo, 0, sizeof(*topo));
	snprintf(topo->profile_name, sizeof(topo->profile_name), "arm-test");
	topo->n_tenants = 1;
	snprintf(t->name, sizeof(t->name), "a");
	snprintf(t->tenant_id, sizeof(t->tenant_id), FX_TENANT_A);
	snprintf(t->subscription_id, sizeof(t->subscription_id), FX_SUB_A);
	snprintf(t->client_id, sizeof(t->client_id), FX_CLIENT_A);
	snprintf(t->resource_group, sizeof(t->resource_group), "rg-xt-a");
	snprintf(t->location, sizeof(t->location), "westeurope");
	snprintf(t->vnet_name, sizeof(t->vnet_name), "vnet-a");
	snprintf(t->address_space[0], sizeof(t->address_space[0]), "10.1.0.0/16");
	t->n_address_space = 1;
	snprintf(t->gateway_subnet, sizeof(t->gateway_subnet), "10.1.255.0/27");
	snprintf(t->gateway_name, sizeof(t->gateway_name), "gw-a");
	snprintf(t->sku, sizeof(t->sku), "VpnGw1");
	snprintf(t->generation, sizeof(t->generation), "Generation1");
	topo->has_onprem = true;
	snprintf(topo->onprem_ip, sizeof(topo->onprem_ip), "203.0.113.10");
	snprintf(topo->onprem_subnets[0], sizeof(topo->onprem_subnets[0]), "10.9.0.0/24");
	topo->n_onprem_subnets = 1;
	topo->has_policy = true;
	topo->policy = (azure_ipsec_policy_t){ "", "SHA256", "DHGroup14", "GCMAES256", "GCMAES256",
										   "PFS2048", 27000, 102400000 };
	snprintf(topo->policy.ike_encryption, sizeof(topo->policy.ike_encryption), "%s",
			 ike_encryption);
}

static int apply(env_t *env)
{
	azure_run_t run;
	int rc;

	azure_run_init(&run, &env->topo, env->client);
	run.shared_key = KEY;
	rc = azure_apply(&run);
	azure_run_clear(&run);
	return rc;
}

static int group_setup(void **state)
{
	env_t *env = calloc(1, sizeof(*env));
	json_t *pip;

	env->fx = fx_start(NULL);
	env->client = fx_client(env->fx);
	topology(&env->topo, "AES256");
	if (apply(env))
		return -1;
	pip = armsim_get_resource(env->fx->sim, PIP_A);
	snprintf(env->gw_ip, sizeof(env->gw_ip), "%s", json_string_value(json_object_get(
			 json_object_get(pip, "properties"), "ipAddress")));
	json_decref(pip);
	*state = env;
	return 0;
}

static int group_teardown(void **state)
{
	env_t *env = *state;

	arm_client_destroy(env->client);
	fx_stop(env->fx);
	free(env);
	return 0;
}

/** Read id as `up` does; returns the run's error code ("" on success). */
static const char *read_conn(env_t *env, const char *id, azure_peer_t *peer, long *status)
{
	static char code[128];
	azure_run_t run;

	azure_run_init(&run, &env->topo, env->client);
	code[0] = '\0';
	if (azure_peer_read_id(&run, 0, id, peer))
		snprintf(code, sizeof(code), "%s", run.err.code);
	*status = run.err.status;
	azure_run_clear(&run);
	return code;
}

static profile_t *parse(const char *extra)
{
	char text[2000];
	profile_err_t err;
	profile_t *p;

	snprintf(text, sizeof(text), "{ \"version\": 1, \"name\": \"from-arm\", \"azure_connection\": "
			 "{ \"tenant\": \"a\", \"name\": \"conn-to-onprem\" }, \"azure\": {}%s }", extra);
	p = profile_parse(text, "/tmp", &err);
	if (!p)
		fail_msg("profile: %s: %s", err.path, err.text);
	return p;
}

static void test_onprem_end_completed_from_arm(void **state)
{
	env_t *env = *state;
	profile_arm_conflict_t c;
	azure_peer_t peer;
	long status;
	profile_t *p = parse("");

	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "");
	assert_true(profile_arm_check(p, &peer, false, NULL, 0, &c));
	profile_arm_fill(p, &peer, false);
	assert_string_equal(p->local.address, "203.0.113.10");
	assert_string_equal(p->local.subnets[0], "10.9.0.0/24");
	assert_string_equal(p->remote.address, env->gw_ip);
	assert_string_equal(p->remote.id, env->gw_ip);
	assert_int_equal(p->remote.n_subnets, 1);
	assert_string_equal(p->remote.subnets[0], "10.1.0.0/16");
	assert_string_equal(p->ike_proposals[0], "aes256-sha256-modp2048");
	assert_string_equal(p->esp_proposals[0], "aes256gcm16-modp2048");
	assert_int_equal(p->dpd_timeout_s, 45);
	assert_int_equal(p->esp_lifetime_s, 27000);
	assert_string_equal(p->connection_mode, "Default");
	assert_string_equal(peer.type, "IPsec");
	assert_false(peer.policy_based_ts);
	assert_string_equal(peer.shared_key, KEY);
	azure_peer_wipe(&peer);
	assert_int_equal(peer.shared_key[0], 0);
	profile_destroy(p);
}

static void test_gateway_side_for_simulate(void **state)
{
	env_t *env = *state;
	profile_arm_conflict_t c;
	azure_peer_t peer;
	long status;
	profile_t *p = parse(", \"connection_mode\": \"ResponderOnly\"");

	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "");
	/* ARM says Default: a simulated gateway that would only answer is named */
	assert_false(profile_arm_check(p, &peer, true, NULL, 0, &c));
	assert_string_equal(c.field, "connection_mode");
	assert_string_equal(c.profile, "ResponderOnly");
	assert_string_equal(c.arm, "Default");
	profile_destroy(p);
	p = parse("");
	assert_true(profile_arm_check(p, &peer, true, NULL, 0, &c));
	profile_arm_fill(p, &peer, true);
	assert_string_equal(p->local.address, env->gw_ip);
	assert_string_equal(p->remote.address, "203.0.113.10");
	assert_true(profile_initiates(p));
	azure_peer_wipe(&peer);
	profile_destroy(p);
}

static void test_disagreements_named(void **state)
{
	static const struct { const char *extra, *field, *mine; } cases[] = {
		{ ", \"remote\": { \"address\": \"192.0.2.99\", \"subnets\": [\"10.1.0.0/16\"] }",
		  "remote.address", "192.0.2.99" },
		{ ", \"local\": { \"address\": \"203.0.113.10\", \"subnets\": [\"10.8.0.0/24\"] }",
		  "local.subnets", "10.8.0.0/24" },
		{ ", \"ike\": { \"proposals\": [\"aes128-sha256-modp2048\"] }", "ike.proposals",
		  "aes128-sha256-modp2048" },
		{ ", \"ike\": { \"dpd_timeout_s\": 30 }", "ike.dpd_timeout_s", "30" },
		{ ", \"esp\": { \"lifetime_s\": 3600 }", "esp.lifetime_s", "3600" },
	};
	env_t *env = *state;
	profile_arm_conflict_t c;
	azure_peer_t peer;
	long status;

	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		profile_t *p = parse(cases[i].extra);

		assert_false(profile_arm_check(p, &peer, false, NULL, 0, &c));
		assert_string_equal(c.field, cases[i].field);
		assert_string_equal(c.profile, cases[i].mine);
		assert_true(strlen(c.arm) > 0);
		profile_destroy(p);
	}
	/* the key: only that it differs, neither value */
	{
		profile_t *p = parse("");
		const char *wrong = "shared-key-for-tests-0123456780";

		assert_false(profile_arm_check(p, &peer, false, (const unsigned char *)wrong,
									   strlen(wrong), &c));
		assert_string_equal(c.field, "auth");
		assert_null(strstr(c.profile, "shared-key"));
		assert_null(strstr(c.arm, "shared-key"));
		assert_true(profile_arm_check(p, &peer, false, (const unsigned char *)KEY,
									  strlen(KEY), &c));
		profile_destroy(p);
	}
	azure_peer_wipe(&peer);
}

static void test_bad_connections_refused(void **state)
{
	env_t *env = *state;
	azure_peer_t peer;
	json_t *doc;
	long status;

	/* not there */
	assert_string_equal(read_conn(env, RG_A "/providers/Microsoft.Network/connections/nope",
								  &peer, &status), "ResourceNotFound");
	assert_int_equal(status, 404);
	/* an ExpressRoute connection (stored raw: armsim emulates IPsec and Vnet2Vnet only) */
	doc = json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:{s:s}}}", "id", CONN_ER, "name", "conn-er",
					"type", "Microsoft.Network/connections", "properties", "connectionType",
					"ExpressRoute", "provisioningState", "Succeeded", "virtualNetworkGateway1",
					"id", GW_A);
	assert_int_equal(armsim_put_raw(env->fx->sim, CONN_ER, doc), 0);
	json_decref(doc);
	assert_string_equal(read_conn(env, CONN_ER, &peer, &status), "UnsupportedConnectionType");
	/* no permission to read the shared key */
	assert_int_equal(armsim_fault_add(env->fx->sim, "403@GET~sharedkey"), 0);
	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "AuthorizationFailed");
	assert_int_equal(status, 403);
	assert_int_equal(peer.shared_key[0], 0);
	/* a gateway still Updating */
	doc = armsim_get_resource(env->fx->sim, GW_A);
	json_object_set_new(json_object_get(doc, "properties"), "provisioningState",
						json_string("Updating"));
	assert_int_equal(armsim_put_raw(env->fx->sim, GW_A, doc), 0);
	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "GatewayUpdating");
	json_object_set_new(json_object_get(doc, "properties"), "provisioningState",
						json_string("Succeeded"));
	assert_int_equal(armsim_put_raw(env->fx->sim, GW_A, doc), 0);
	json_decref(doc);
	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "");
	azure_peer_wipe(&peer);
}

/* The policy changed in ARM (apply with another ikeEncryption): the next read offers it. */
static void test_policy_changed_between_runs(void **state)
{
	env_t *env = *state;
	azure_peer_t peer;
	long status;
	profile_t *p;

	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "");
	assert_string_equal(peer.ike[0], "aes256-sha256-modp2048");
	azure_peer_wipe(&peer);
	topology(&env->topo, "AES128");
	assert_int_equal(apply(env), 0);
	assert_string_equal(read_conn(env, CONN_ONPREM, &peer, &status), "");
	p = parse("");
	profile_arm_fill(p, &peer, false);
	assert_string_equal(p->ike_proposals[0], "aes128-sha256-modp2048");
	assert_int_equal(p->n_ike_proposals, 1);
	azure_peer_wipe(&peer);
	profile_destroy(p);
	topology(&env->topo, "AES256");
	assert_int_equal(apply(env), 0);
}

static void test_profile_needs_azure_section(void **state)
{
	profile_err_t err;
	profile_t *p;

	(void)state;
	p = profile_parse("{ \"version\": 1, \"name\": \"x\", \"azure_connection\": "
					  "{ \"tenant\": \"a\", \"name\": \"c\" } }", "/tmp", &err);
	assert_null(p);
	assert_string_equal(err.path, "azure_connection");
	p = profile_parse("{ \"version\": 1, \"name\": \"x\", \"azure\": {}, \"azure_connection\": "
					  "{ \"name\": \"c\" } }", "/tmp", &err);
	assert_null(p);
	assert_string_equal(err.path, "azure_connection.tenant");
	p = profile_parse("{ \"version\": 1, \"name\": \"x\", \"azure\": {}, \"azure_connection\": "
					  "{ \"id\": \"/subscriptions/s\" } }", "/tmp", &err);
	assert_null(p);
	assert_string_equal(err.path, "azure_connection.id");
	/* without azure_connection the tunnel ends are required as before */
	p = profile_parse("{ \"version\": 1, \"name\": \"x\" }", "/tmp", &err);
	assert_null(p);
	assert_string_equal(err.path, "local");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_needs_azure_section),
		cmocka_unit_test(test_onprem_end_completed_from_arm),
		cmocka_unit_test(test_gateway_side_for_simulate),
		cmocka_unit_test(test_disagreements_named),
		cmocka_unit_test(test_bad_connections_refused),
		cmocka_unit_test(test_policy_changed_between_runs),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
