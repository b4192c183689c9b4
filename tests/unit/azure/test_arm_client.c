/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* arm_client.c, arm_auth.c, arm_lro.c against armsim over real HTTPS. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "azure_fixture.h"

#define RG_A "/subscriptions/" FX_SUB_A "/resourceGroups/rg-a"
#define NET_A RG_A "/providers/Microsoft.Network"

static const arm_call_t call_a = { .tenant = FX_TENANT_A };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put_rg(arm_client_t *c)
{
	json_t *body = json_pack("{s:s}", "location", "westeurope");
	arm_response_t resp;
	arm_error_t err;

	assert_int_equal(arm_client_request(c, &call_a, "PUT", RG_A, ARM_API_RESOURCES, body,
										&resp, &err), 0);
	assert_true(resp.status == 201 || resp.status == 200);
	arm_response_clear(&resp);
	json_decref(body);
}

static json_t *vnet_body(const char *gw_nsg)
{
	json_t *b = json_pack("{s:s,s:{s:{s:[s]},s:[{s:s,s:{s:s}}]}}", "location", "westeurope",
						  "properties", "addressSpace", "addressPrefixes", "10.1.0.0/16",
						  "subnets", "name", "GatewaySubnet", "properties", "addressPrefix",
						  "10.1.255.0/27");

	if (gw_nsg)
		json_object_set_new(json_object_get(json_array_get(json_object_get(json_object_get(b,
							"properties"), "subnets"), 0), "properties"),
							"networkSecurityGroup", json_pack("{s:s}", "id", gw_nsg));
	return b;
}

static void test_token_fetched_once_and_cached(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	put_rg(c);
	for (int i = 0; i < 3; i++)
	{
		assert_int_equal(arm_client_request(c, &call_a, "GET", RG_A, ARM_API_RESOURCES, NULL,
											&resp, &err), 0);
		assert_string_equal(json_string_value(json_object_get(resp.body, "name")), "rg-a");
		arm_response_clear(&resp);
	}
	assert_int_equal(arm_client_token_fetches(c), 1);
	assert_int_equal(armsim_token_requests(fx->sim), 1);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_token_renewed_before_expiry(void **state)
{
	armsim_opts_t o;
	fx_t *fx;
	arm_client_t *c;

	(void)state;
	fx_opts(&o);
	o.token_seconds = 2;
	fx = fx_start(&o);
	c = fx_client(fx);
	put_rg(c);
	usleep(1200 * 1000);
	/* expires_in 2: renewed after 1 s (skew at most half the lifetime) */
	put_rg(c);
	assert_int_equal(arm_client_token_fetches(c), 2);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_wrong_secret_names_tenant_not_secret(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_opts_t o;
	arm_client_t *c;
	arm_response_t resp;
	arm_error_t err;
	char line[2048];

	(void)state;
	fx_client_opts(fx, &o);
	c = arm_client_create(&o);
	arm_client_add_tenant(c, FX_TENANT_A, FX_CLIENT_A, "wrong-secret-value-42");
	assert_int_equal(arm_client_request(c, &call_a, "GET", RG_A, ARM_API_RESOURCES, NULL,
										&resp, &err), -1);
	assert_int_equal(err.status, 401);
	assert_string_equal(err.code, "invalid_client");
	arm_error_format(&err, line, sizeof(line));
	assert_non_null(strstr(line, "AADSTS7000215"));
	assert_non_null(strstr(line, FX_TENANT_A));
	assert_null(strstr(line, "wrong-secret-value-42"));
	assert_null(strstr(line, FX_SECRET_A));
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_token_of_other_tenant_is_refused(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	arm_call_t call_b = { .tenant = FX_TENANT_B };
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	assert_int_equal(arm_client_request(c, &call_b, "GET", RG_A, ARM_API_RESOURCES, NULL,
										&resp, &err), -1);
	assert_int_equal(err.status, 401);
	assert_string_equal(err.code, "InvalidAuthenticationTokenTenant");
	assert_non_null(strstr(err.message, FX_TENANT_A));
	arm_client_destroy(c);
	fx_stop(fx);
}

static int progress_calls;
static char progress_first[32];

static void progress(void *ctx, const char *state, double elapsed)
{
	(void)ctx;
	(void)elapsed;
	if (!progress_calls++)
		snprintf(progress_first, sizeof(progress_first), "%s", state);
}

static void test_lro_polls_to_succeeded(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	json_t *body = vnet_body(NULL);
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	put_rg(c);
	progress_calls = 0;
	assert_int_equal(arm_client_call(c, &call_a, "PUT", NET_A "/virtualNetworks/vnet-a",
									 ARM_API_NETWORK, body, &resp, progress, NULL, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(resp.body,
						"properties"), "provisioningState")), "Succeeded");
	assert_true(progress_calls >= 2);
	assert_string_equal(progress_first, "InProgress");
	arm_response_clear(&resp);
	/* DELETE follows Location to 204 and the resource is gone */
	assert_int_equal(arm_client_call(c, &call_a, "DELETE", NET_A "/virtualNetworks/vnet-a",
									 ARM_API_NETWORK, NULL, &resp, NULL, NULL, &err), 0);
	assert_int_equal(arm_client_request(c, &call_a, "GET", NET_A "/virtualNetworks/vnet-a",
										ARM_API_NETWORK, NULL, &resp, &err), -1);
	assert_int_equal(err.status, 404);
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_retry_after_is_honoured(void **state)
{
	armsim_opts_t o;
	fx_t *fx;
	arm_client_t *c;
	json_t *body = vnet_body(NULL);
	arm_response_t resp;
	arm_error_t err;
	double t0;

	(void)state;
	fx_opts(&o);
	o.retry_after_s = 2;
	o.resource_seconds = 0.1;
	fx = fx_start(&o);
	c = fx_client(fx);
	put_rg(c);
	t0 = now_s();
	assert_int_equal(arm_client_call(c, &call_a, "PUT", NET_A "/virtualNetworks/vnet-a",
									 ARM_API_NETWORK, body, &resp, NULL, NULL, &err), 0);
	/* the operation ended after 0.1 s, but the client waited the 2 s it was told */
	assert_true(now_s() - t0 >= 2.0);
	assert_true(now_s() - t0 < 5.0);
	arm_response_clear(&resp);
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

/** One idempotent GET through a fault: survives, with the expected attempts. */
static void fault_survived(const char *fault, int attempts, const char *method)
{
	armsim_opts_t o;
	fx_t *fx;
	arm_client_t *c;
	json_t *body = json_pack("{s:s}", "location", "westeurope");
	arm_response_t resp;
	arm_error_t err;
	unsigned before;

	fx_opts(&o);
	o.retry_after_s = 1;
	fx = fx_start(&o);
	c = fx_client(fx);
	put_rg(c);
	before = armsim_requests(fx->sim, method);
	assert_int_equal(armsim_fault_add(fx->sim, fault), 0);
	assert_int_equal(arm_client_request(c, &call_a, method, RG_A, ARM_API_RESOURCES,
										strcmp(method, "PUT") ? NULL : body, &resp, &err), 0);
	assert_int_equal(resp.attempts, attempts);
	assert_int_equal(armsim_requests(fx->sim, method) - before, (unsigned)attempts);
	arm_response_clear(&resp);
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_get_retried_on_429(void **state)
{
	double t0 = now_s();

	(void)state;
	fault_survived("429:2@GET", 3, "GET");
	/* two Retry-After: 1 waits */
	assert_true(now_s() - t0 >= 2.0);
}

static void test_put_retried_on_500(void **state)
{
	(void)state;
	fault_survived("500:2@PUT", 3, "PUT");
}

static void test_get_retried_on_dropped_connection(void **state)
{
	(void)state;
	fault_survived("drop:1@GET", 2, "GET");
}

static void test_get_retried_after_stall_timeout(void **state)
{
	armsim_opts_t o;
	fx_t *fx;
	arm_client_opts_t co;
	arm_client_t *c;
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	fx_opts(&o);
	fx = fx_start(&o);
	fx_client_opts(fx, &co);
	co.timeout_ms = 800;
	c = arm_client_create(&co);
	arm_client_add_tenant(c, FX_TENANT_A, FX_CLIENT_A, FX_SECRET_A);
	put_rg(c);
	armsim_fault_add(fx->sim, "stall:1@GET");
	assert_int_equal(arm_client_request(c, &call_a, "GET", RG_A, ARM_API_RESOURCES, NULL,
										&resp, &err), 0);
	assert_int_equal(resp.attempts, 2);
	arm_response_clear(&resp);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_post_not_retried(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	json_t *body = json_pack("{s:i}", "keyLength", 32);
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	put_rg(c);
	armsim_fault_add(fx->sim, "500:3@POST");
	assert_int_equal(arm_client_request(c, &call_a, "POST", NET_A "/connections/c1/sharedkey/reset",
										ARM_API_NETWORK, body, &resp, &err), -1);
	assert_int_equal(err.status, 500);
	assert_string_equal(err.code, "InternalServerError");
	assert_int_equal(armsim_requests(fx->sim, "POST"), 1);
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_error_envelope_parsed(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	arm_response_t resp;
	arm_error_t err;
	char line[2048];

	(void)state;
	put_rg(c);
	assert_int_equal(arm_client_request(c, &call_a, "GET", NET_A "/virtualNetworkGateways/gw-x",
										ARM_API_NETWORK, NULL, &resp, &err), -1);
	assert_int_equal(err.status, 404);
	assert_string_equal(err.code, "ResourceNotFound");
	assert_non_null(strstr(err.message, "virtualNetworkGateways/gw-x"));
	assert_int_equal(strlen(err.request_id), 36);
	assert_int_equal(strlen(err.client_request_id), 36);
	arm_error_format(&err, line, sizeof(line));
	assert_non_null(strstr(line, "x-ms-request-id"));
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_nsg_on_gateway_subnet_refused(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	json_t *body = vnet_body(NET_A "/networkSecurityGroups/nsg1");
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	put_rg(c);
	assert_int_equal(arm_client_call(c, &call_a, "PUT", NET_A "/virtualNetworks/vnet-a",
									 ARM_API_NETWORK, body, &resp, NULL, NULL, &err), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "NetworkSecurityGroupCannotBeAttachedToGatewaySubnet");
	assert_string_equal(err.target, "properties.subnets");
	assert_non_null(strstr(err.message, "aka.ms/GatewaySubnet"));
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_lro_failed_is_reported(void **state)
{
	fx_t *fx = fx_start(NULL);
	arm_client_t *c = fx_client(fx);
	json_t *body = vnet_body(NULL);
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	put_rg(c);
	armsim_fault_add(fx->sim, "lrofail");
	assert_int_equal(arm_client_call(c, &call_a, "PUT", NET_A "/virtualNetworks/vnet-a",
									 ARM_API_NETWORK, body, &resp, NULL, NULL, &err), -1);
	assert_string_equal(err.code, "InternalServerError");
	assert_non_null(strstr(err.message, "operation Failed"));
	/* the resource itself now says Failed */
	assert_int_equal(arm_client_request(c, &call_a, "GET", NET_A "/virtualNetworks/vnet-a",
										ARM_API_NETWORK, NULL, &resp, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(resp.body,
						"properties"), "provisioningState")), "Failed");
	arm_response_clear(&resp);
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_write_during_operation_is_retried(void **state)
{
	armsim_opts_t o;
	fx_t *fx;
	arm_client_t *c;
	json_t *body = vnet_body(NULL);
	arm_response_t resp;
	arm_error_t err;

	(void)state;
	fx_opts(&o);
	o.resource_seconds = 0.3;
	fx = fx_start(&o);
	c = fx_client(fx);
	put_rg(c);
	assert_int_equal(arm_client_request(c, &call_a, "PUT", NET_A "/virtualNetworks/vnet-a",
										ARM_API_NETWORK, body, &resp, &err), 0);
	arm_response_clear(&resp);
	/* 429 RetryableErrorDueToAnotherOperation while Updating, then accepted */
	assert_int_equal(arm_client_request(c, &call_a, "PUT", NET_A "/virtualNetworks/vnet-a",
										ARM_API_NETWORK, body, &resp, &err), 0);
	assert_true(resp.attempts >= 2);
	assert_int_equal(resp.status, 200);
	arm_response_clear(&resp);
	json_decref(body);
	arm_client_destroy(c);
	fx_stop(fx);
}

static void test_emulator_state_persists(void **state)
{
	char file[] = "/tmp/xparm-state-XXXXXX";
	armsim_opts_t o;
	fx_t *fx;
	arm_client_t *c;
	arm_response_t resp;
	arm_error_t err;
	int fd = mkstemp(file);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(file);
	fx_opts(&o);
	snprintf(o.state_file, sizeof(o.state_file), "%s", file);
	fx = fx_start(&o);
	c = fx_client(fx);
	put_rg(c);
	arm_client_destroy(c);
	fx_stop(fx);
	/* a new emulator on the same state file still has the group */
	fx = fx_start(&o);
	c = fx_client(fx);
	assert_int_equal(arm_client_request(c, &call_a, "GET", RG_A, ARM_API_RESOURCES, NULL,
										&resp, &err), 0);
	assert_string_equal(json_string_value(json_object_get(resp.body, "location")),
						"westeurope");
	arm_response_clear(&resp);
	arm_client_destroy(c);
	fx_stop(fx);
	unlink(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_fetched_once_and_cached),
		cmocka_unit_test(test_token_renewed_before_expiry),
		cmocka_unit_test(test_wrong_secret_names_tenant_not_secret),
		cmocka_unit_test(test_token_of_other_tenant_is_refused),
		cmocka_unit_test(test_lro_polls_to_succeeded),
		cmocka_unit_test(test_retry_after_is_honoured),
		cmocka_unit_test(test_get_retried_on_429),
		cmocka_unit_test(test_put_retried_on_500),
		cmocka_unit_test(test_get_retried_on_dropped_connection),
		cmocka_unit_test(test_get_retried_after_stall_timeout),
		cmocka_unit_test(test_post_not_retried),
		cmocka_unit_test(test_error_envelope_parsed),
		cmocka_unit_test(test_nsg_on_gateway_subnet_refused),
		cmocka_unit_test(test_lro_failed_is_reported),
		cmocka_unit_test(test_write_during_operation_is_retried),
		cmocka_unit_test(test_emulator_state_persists),
	};

	return cmocka_run_group_tests_name("arm_client", tests, NULL, NULL);
}
