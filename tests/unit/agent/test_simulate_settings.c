/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/simulate_settings.c: what tenant A must create for a simulated partner gateway. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "profile.h"
#include "simulate_settings.h"

#define SECRET "xp-Known-Secret-4711"

#define HEAD "{\"version\":1,\"name\":\"lab-partner\"," \
	"\"local\":{\"address\":\"192.0.2.2\",\"subnets\":[\"10.2.0.0/24\",\"10.2.1.0/24\"]}," \
	"\"remote\":{\"address\":\"198.51.100.10\",\"subnets\":[\"10.1.0.0/16\"]}," \
	"\"ike\":{\"dpd_timeout_s\":30},"

#define POLICY ",\"azure_policy\":{\"ikeEncryption\":\"AES256\",\"ikeIntegrity\":\"SHA256\"," \
	"\"dhGroup\":\"DHGroup14\",\"ipsecEncryption\":\"GCMAES256\"," \
	"\"ipsecIntegrity\":\"GCMAES256\",\"pfsGroup\":\"PFS2048\",\"saLifeTimeSeconds\":3600," \
	"\"saDataSizeKilobytes\":102400000}"

/** A temporary folder holding psk.txt (0600, the known secret) and a profile. */
typedef struct {
	char dir[64], psk[96], profile[96];
	profile_t *p;
} fixture_t;

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static fixture_t *fixture(const char *auth, const char *tail)
{
	fixture_t *fx = calloc(1, sizeof(*fx));
	profile_err_t err;
	char text[2048];

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/xp-simset-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->psk, sizeof(fx->psk), "%s/psk.txt", fx->dir);
	snprintf(fx->profile, sizeof(fx->profile), "%s/partner.json", fx->dir);
	write_file(fx->psk, SECRET "\n", 0600);
	snprintf(text, sizeof(text), HEAD "%s%s}", auth, tail);
	write_file(fx->profile, text, 0644);
	fx->p = profile_load(fx->profile, &err);
	if (!fx->p)
		fail_msg("profile: %s: %s", err.path, err.text);
	return fx;
}

static void fixture_destroy(fixture_t *fx)
{
	profile_destroy(fx->p);
	unlink(fx->psk);
	unlink(fx->profile);
	rmdir(fx->dir);
	free(fx);
}

static char *print_settings(const profile_t *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(simulate_settings_print(p, f), 0);
	fclose(f);
	return buf;
}

static const char *prop_str(json_t *body, const char *key)
{
	return json_string_value(json_object_get(json_object_get(body, "properties"), key));
}

static void test_lng_is_the_simulated_gateway(void **state)
{
	fixture_t *fx = fixture("\"auth\":{\"psk_file\":\"psk.txt\"}", "");
	json_t *body = simulate_settings_lng_body(fx->p);
	json_t *prefixes = json_object_get(json_object_get(json_object_get(body, "properties"),
								"localNetworkAddressSpace"), "addressPrefixes");

	(void)state;
	assert_string_equal(prop_str(body, "gatewayIpAddress"), "192.0.2.2");
	assert_int_equal(json_array_size(prefixes), 2);
	assert_string_equal(json_string_value(json_array_get(prefixes, 0)), "10.2.0.0/24");
	assert_string_equal(json_string_value(json_array_get(prefixes, 1)), "10.2.1.0/24");
	assert_string_equal(json_string_value(json_object_get(body, "location")), "<location>");
	json_decref(body);
	fixture_destroy(fx);
}

static void test_connection_default_policy(void **state)
{
	fixture_t *fx = fixture("\"auth\":{\"psk_file\":\"psk.txt\"}", "");
	json_t *body = simulate_settings_connection_body(fx->p);
	json_t *props = json_object_get(body, "properties");
	char *out = print_settings(fx->p);

	(void)state;
	assert_string_equal(prop_str(body, "connectionType"), "IPsec");
	assert_string_equal(prop_str(body, "connectionProtocol"), "IKEv2");
	assert_int_equal(json_integer_value(json_object_get(props, "dpdTimeoutSeconds")), 30);
	assert_true(json_is_false(json_object_get(props, "usePolicyBasedTrafficSelectors")));
	assert_int_equal(json_array_size(json_object_get(props, "ipsecPolicies")), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(props,
						"localNetworkGateway2"), "id")), "/subscriptions/<subscription-id>/"
						"resourceGroups/<resource-group>/providers/Microsoft.Network/"
						"localNetworkGateways/lng-to-lab-partner");
	/* the user is told which proposals the default policy means */
	assert_non_null(strstr(out, "Azure's default policy applies"));
	assert_non_null(strstr(out, "aes256-sha1-modp1024"));
	assert_non_null(strstr(out, "aes256gcm16"));
	assert_null(strstr(out, "ipsec-policy add"));
	free(out);
	json_decref(body);
	fixture_destroy(fx);
}

static void test_connection_custom_policy(void **state)
{
	fixture_t *fx = fixture("\"auth\":{\"psk_file\":\"psk.txt\"}", POLICY);
	json_t *body = simulate_settings_connection_body(fx->p);
	json_t *pols = json_object_get(json_object_get(body, "properties"), "ipsecPolicies");
	json_t *pol = json_array_get(pols, 0);
	char *out = print_settings(fx->p);

	(void)state;
	assert_int_equal(json_array_size(pols), 1);
	assert_string_equal(json_string_value(json_object_get(pol, "ikeEncryption")), "AES256");
	assert_string_equal(json_string_value(json_object_get(pol, "ikeIntegrity")), "SHA256");
	assert_string_equal(json_string_value(json_object_get(pol, "dhGroup")), "DHGroup14");
	assert_string_equal(json_string_value(json_object_get(pol, "ipsecEncryption")),
						"GCMAES256");
	assert_string_equal(json_string_value(json_object_get(pol, "ipsecIntegrity")),
						"GCMAES256");
	assert_string_equal(json_string_value(json_object_get(pol, "pfsGroup")), "PFS2048");
	assert_int_equal(json_integer_value(json_object_get(pol, "saLifeTimeSeconds")), 3600);
	assert_int_equal(json_integer_value(json_object_get(pol, "saDataSizeKilobytes")),
					 102400000);
	assert_non_null(strstr(out, "--ike-encryption AES256 --ike-integrity SHA256 "
						   "--dh-group DHGroup14"));
	assert_non_null(strstr(out, "--sa-lifetime 3600 --sa-max-size 102400000"));
	assert_non_null(strstr(out, "IKE aes256-sha256-modp2048, ESP aes256gcm16-modp2048"));
	assert_null(strstr(out, "default policy applies"));
	free(out);
	json_decref(body);
	fixture_destroy(fx);
}

static void test_az_commands(void **state)
{
	fixture_t *fx = fixture("\"auth\":{\"psk_file\":\"psk.txt\"}", "");
	char *out = print_settings(fx->p), cat[160];

	(void)state;
	assert_non_null(strstr(out, "az network local-gateway create --resource-group \"$RG\" "
						   "--name lng-to-lab-partner"));
	assert_non_null(strstr(out, "--gateway-ip-address 192.0.2.2 "
						   "--local-address-prefixes 10.2.0.0/24 10.2.1.0/24\n"));
	assert_non_null(strstr(out, "--vnet-gateway1 \"$GW\" --local-gateway2 lng-to-lab-partner"));
	assert_non_null(strstr(out, "--set dpdTimeoutSeconds=30 connectionProtocol=IKEv2"));
	assert_non_null(strstr(out, "RG='<resource-group>' GW='<gateway-name>'"));
	/* the key goes from the file to az at run time, not through crosspeer */
	snprintf(cat, sizeof(cat), "--shared-key \"$(cat '%s')\"", fx->psk);
	assert_non_null(strstr(out, cat));
	free(out);
	fixture_destroy(fx);
}

static void test_rest_bodies_are_printed_as_json(void **state)
{
	fixture_t *fx = fixture("\"auth\":{\"psk_file\":\"psk.txt\"}", POLICY);
	char *out = print_settings(fx->p);
	const char *lng = strstr(out, "/localNetworkGateways/lng-to-lab-partner?api-version="
							 "2024-05-01\n");
	const char *conn = strstr(out, "/connections/conn-to-lab-partner?api-version="
							  "2024-05-01\n");
	json_t *want_lng = simulate_settings_lng_body(fx->p);
	json_t *want_conn = simulate_settings_connection_body(fx->p);
	json_t *got_lng, *got_conn;

	(void)state;
	assert_non_null(lng);
	assert_non_null(conn);
	got_lng = json_loads(strchr(lng, '\n') + 1, JSON_DISABLE_EOF_CHECK, NULL);
	got_conn = json_loads(strchr(conn, '\n') + 1, JSON_DISABLE_EOF_CHECK, NULL);
	assert_true(json_equal(got_lng, want_lng));
	assert_true(json_equal(got_conn, want_conn));
	json_decref(got_lng);
	json_decref(got_conn);
	json_decref(want_lng);
	json_decref(want_conn);
	free(out);
	fixture_destroy(fx);
}

static void test_psk_file_value_never_printed(void **state)
{
	fixture_t *fx = fixture("\"auth\":{\"psk_file\":\"psk.txt\"}", POLICY);
	json_t *body = simulate_settings_connection_body(fx->p);
	char *out = print_settings(fx->p), *dump = json_dumps(body, 0), from[160];

	(void)state;
	assert_null(strstr(out, SECRET));
	assert_null(strstr(dump, SECRET));
	snprintf(from, sizeof(from), "the key from psk_file %s (not shown)", fx->psk);
	assert_non_null(strstr(out, from));
	snprintf(from, sizeof(from), "<the pre-shared key from psk_file %s>", fx->psk);
	assert_string_equal(prop_str(body, "sharedKey"), from);
	free(dump);
	free(out);
	json_decref(body);
	fixture_destroy(fx);
}

static void test_psk_env_value_never_printed(void **state)
{
	fixture_t *fx;
	char *out;

	(void)state;
	setenv("XP_TEST_SIMSET_PSK", SECRET, 1);
	fx = fixture("\"auth\":{\"psk_env\":\"XP_TEST_SIMSET_PSK\"}", "");
	out = print_settings(fx->p);
	assert_null(strstr(out, SECRET));
	assert_non_null(strstr(out, "the key from psk_env XP_TEST_SIMSET_PSK (not shown)"));
	assert_non_null(strstr(out, "--shared-key \"$XP_TEST_SIMSET_PSK\""));
	free(out);
	fixture_destroy(fx);
	unsetenv("XP_TEST_SIMSET_PSK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lng_is_the_simulated_gateway),
		cmocka_unit_test(test_connection_default_policy),
		cmocka_unit_test(test_connection_custom_policy),
		cmocka_unit_test(test_az_commands),
		cmocka_unit_test(test_rest_bodies_are_printed_as_json),
		cmocka_unit_test(test_psk_file_value_never_printed),
		cmocka_unit_test(test_psk_env_value_never_printed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
