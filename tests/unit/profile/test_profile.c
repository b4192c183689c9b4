/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "profile.h"
#include "profile_policy.h"

#include <impair.h>

#define GOOD_HEAD "{\"version\":1,\"name\":\"onprem-to-b\"," \
	"\"local\":{\"address\":\"192.0.2.1\",\"subnets\":[\"10.1.0.0/24\"]}," \
	"\"remote\":{\"address\":\"192.0.2.2\",\"id\":\"gw-b\",\"subnets\":[\"10.2.0.0/24\"]}," \
	"\"auth\":{\"psk_file\":\"psk.txt\"}"

static void test_good_profile_fields(void **state)
{
	profile_err_t err;
	profile_t *p = profile_parse(GOOD_HEAD ","
		"\"ike\":{\"proposals\":[\"aes256-sha256-modp1024\"],\"dpd_delay_s\":5,\"dpd_timeout_s\":20},"
		"\"esp\":{\"proposals\":[\"aes256gcm16\",\"aes128-sha1-modp2048\"]},"
		"\"personality\":\"strongswan\",\"azure_policy\":null,"
		"\"probe\":{\"targets\":[{\"address\":\"10.2.0.1\",\"kind\":\"stamp\"},"
		"{\"address\":\"10.2.0.1\",\"kind\":\"tcp\",\"port\":22}],\"rate_pps\":50,\"count\":200},"
		"\"thresholds\":{\"rtt_p99_ms\":50,\"loss_pct\":1.0},\"azure\":{}}", "/etc/xp", &err);

	(void)state;
	assert_non_null(p);
	assert_string_equal(p->name, "onprem-to-b");
	assert_string_equal(p->local.id, "192.0.2.1");	/* defaults to the address */
	assert_string_equal(p->remote.id, "gw-b");
	assert_string_equal(p->psk_file, "/etc/xp/psk.txt");	/* relative to the profile */
	assert_int_equal(p->n_esp_proposals, 2);
	assert_int_equal(p->ike_lifetime_s, 28800);
	assert_int_equal(p->esp_lifetime_s, 27000);
	assert_int_equal(p->dpd_timeout_s, 20);
	assert_int_equal(p->targets[0].port, 862);	/* STAMP's well-known port */
	assert_int_equal(p->targets[1].port, 22);
	assert_true(p->rate_pps == 50);
	assert_int_equal(p->count, 200);
	assert_int_equal(p->size, 64);
	assert_true(p->rtt_p99_ms == 50);
	assert_true(isnan(p->jitter_ms));
	assert_non_null(p->azure);
	assert_string_equal(p->connection_mode, "ResponderOnly");
	assert_false(profile_initiates(p));
	profile_destroy(p);
	/* Azure's enum, case-insensitively */
	p = profile_parse(GOOD_HEAD ",\"connection_mode\":\"default\"}", ".", &err);
	assert_non_null(p);
	assert_string_equal(p->connection_mode, "Default");
	assert_true(profile_initiates(p));
	profile_destroy(p);
}

static void test_azure_policy_derives_proposals(void **state)
{
	profile_err_t err;
	profile_t *p = profile_parse(GOOD_HEAD ",\"azure_policy\":{\"ikeEncryption\":\"AES256\","
		"\"ikeIntegrity\":\"SHA256\",\"dhGroup\":\"DHGroup14\",\"ipsecEncryption\":\"GCMAES256\","
		"\"ipsecIntegrity\":\"GCMAES256\",\"pfsGroup\":\"PFS2048\",\"saLifeTimeSeconds\":3600,"
		"\"saDataSizeKilobytes\":102400000}}", ".", &err);

	(void)state;
	assert_non_null(p);
	assert_string_equal(p->ike_proposals[0], "aes256-sha256-modp2048");
	assert_string_equal(p->esp_proposals[0], "aes256gcm16-modp2048");
	assert_int_equal(p->esp_lifetime_s, 3600);
	assert_int_equal(p->ike_lifetime_s, 28800);
	assert_true(p->has_azure_policy);
	profile_destroy(p);

	/* PFSMM follows the IKE group; case-insensitive as Azure is; None means no PFS */
	p = profile_parse(GOOD_HEAD ",\"azure_policy\":{\"ikeEncryption\":\"gcmaes128\","
		"\"ikeIntegrity\":\"GCMAES128\",\"dhGroup\":\"ECP256\",\"ipsecEncryption\":\"AES128\","
		"\"ipsecIntegrity\":\"SHA1\",\"pfsGroup\":\"PFSMM\",\"saLifeTimeSeconds\":300,"
		"\"saDataSizeKilobytes\":1024}}", ".", &err);
	assert_non_null(p);
	assert_string_equal(p->ike_proposals[0], "aes128gcm16-prfsha256-ecp256");
	assert_string_equal(p->esp_proposals[0], "aes128-sha1-ecp256");
	profile_destroy(p);
}

static void test_proposal_strings(void **state)
{
	char why[128];

	(void)state;
	assert_true(profile_policy_check_proposal("aes256-sha1-modp1024", true, why, sizeof(why)));
	assert_true(profile_policy_check_proposal("aes256gcm16-prfsha384-ecp384", true, why,
											  sizeof(why)));
	assert_true(profile_policy_check_proposal("aes256gcm16-noesn", false, why, sizeof(why)));
	assert_false(profile_policy_check_proposal("aes256-sha1", true, why, sizeof(why)));
	assert_non_null(strstr(why, "Diffie-Hellman"));
	assert_false(profile_policy_check_proposal("aes256-sha999-modp1024", true, why,
											   sizeof(why)));
	assert_non_null(strstr(why, "'sha999'"));
	assert_false(profile_policy_check_proposal("sha256-modp2048", true, why, sizeof(why)));
	assert_non_null(strstr(why, "no encryption"));
	assert_false(profile_policy_check_proposal("aes128-esn-modp2048", true, why, sizeof(why)));
	assert_false(profile_policy_check_proposal("", false, why, sizeof(why)));
}

typedef struct {
	const char *json;
	const char *path;
	const char *text;
} bad_case_t;

static const bad_case_t bad_cases[] = {
	{ "{\"version\":1,", "", "not valid JSON" },
	{ "[1,2]", "", "expected a JSON object" },
	{ "{\"version\":2}", "version", "profile version 1" },
	{ "{\"version\":\"1\"}", "version", "expected an integer" },
	{ "{\"version\":1,\"nmae\":\"x\"}", "nmae", "unknown key" },
	{ "{\"version\":1,\"name\":\"a b\"}", "name", "letters, digits" },
	{ "{\"version\":1,\"name\":\"x\"}", "local", "missing" },
	{ "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.300\"}}",
	  "local.address", "not an IPv4 or IPv6 address" },
	{ "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.1\","
	  "\"subnets\":[\"10.1.0.1/24\"]}}", "local.subnets[0]", "host bits set" },
	{ "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.1\","
	  "\"subnets\":[]}}", "local.subnets", "non-empty array" },
	{ "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.1\","
	  "\"subnets\":[\"10.1.0.0/33\"]}}", "local.subnets[0]", "prefix length must be 0 to 32" },
	{ "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.1\","
	  "\"subnets\":[\"10.0.0.0/8\"]},\"remote\":{\"address\":\"192.0.2.2\","
	  "\"subnets\":[\"10.2.0.0/24\"]}}", "remote.subnets[0]", "must not overlap" },
	{ "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.1\","
	  "\"subnets\":[\"10.1.0.0/24\"]},\"remote\":{\"address\":\"192.0.2.2\","
	  "\"subnets\":[\"10.2.0.0/24\"]},\"auth\":{}}", "auth", "exactly one of" },
	{ GOOD_HEAD ",\"ike\":{\"proposals\":[\"aes256-sha1\"]}}", "ike.proposals[0]",
	  "Diffie-Hellman" },
	{ GOOD_HEAD ",\"esp\":{\"proposals\":[\"aes256-blake\"]}}", "esp.proposals[0]",
	  "unknown algorithm 'blake'" },
	{ GOOD_HEAD ",\"ike\":{\"dpd_timeout_s\":5}}", "ike.dpd_timeout_s", "from 9 to 3600" },
	{ GOOD_HEAD ",\"ike\":{\"lifetime\":100}}", "ike.lifetime", "unknown key" },
	{ GOOD_HEAD ",\"personality\":\"cisco\"}", "personality", "\"azure\" or \"strongswan\"" },
	{ GOOD_HEAD ",\"probe\":{\"targets\":[{\"address\":\"10.2.0.1\",\"kind\":\"udp\"}]}}",
	  "probe.targets[0].kind", "\"stamp\", \"icmp\" or \"tcp\"" },
	{ GOOD_HEAD ",\"probe\":{\"targets\":[{\"address\":\"10.2.0.1\",\"kind\":\"tcp\"}]}}",
	  "probe.targets[0].port", "needs a port" },
	{ GOOD_HEAD ",\"probe\":{\"size\":20}}", "probe.size", "from 44 to 9000" },
	{ GOOD_HEAD ",\"thresholds\":{\"loss_pct\":150}}", "thresholds.loss_pct", "from 0 to 100" },
	{ GOOD_HEAD ",\"azure_policy\":{\"ikeEncryption\":\"AES256\"}}", "azure_policy.ikeIntegrity",
	  "missing" },
	{ GOOD_HEAD ",\"azure_policy\":{\"ikeEncryption\":\"AES512\",\"ikeIntegrity\":\"SHA1\","
	  "\"dhGroup\":\"DHGroup2\",\"ipsecEncryption\":\"AES256\",\"ipsecIntegrity\":\"SHA1\","
	  "\"pfsGroup\":\"None\",\"saLifeTimeSeconds\":3600,\"saDataSizeKilobytes\":1024}}",
	  "azure_policy.ikeEncryption", "not an Azure value; expected one of: DES, DES3" },
	{ GOOD_HEAD ",\"azure_policy\":{\"ikeEncryption\":\"AES256\",\"ikeIntegrity\":\"SHA1\","
	  "\"dhGroup\":\"DHGroup2\",\"ipsecEncryption\":\"GCMAES256\",\"ipsecIntegrity\":\"SHA256\","
	  "\"pfsGroup\":\"None\",\"saLifeTimeSeconds\":3600,\"saDataSizeKilobytes\":1024}}",
	  "azure_policy.ipsecIntegrity", "same GCMAES value" },
	{ GOOD_HEAD ",\"azure_policy\":{\"ikeEncryption\":\"AES256\",\"ikeIntegrity\":\"SHA1\","
	  "\"dhGroup\":\"DHGroup2\",\"ipsecEncryption\":\"AES256\",\"ipsecIntegrity\":\"SHA1\","
	  "\"pfsGroup\":\"None\",\"saLifeTimeSeconds\":100,\"saDataSizeKilobytes\":1024}}",
	  "azure_policy.saLifeTimeSeconds", "from 300" },
	{ GOOD_HEAD ",\"ike\":{\"proposals\":[\"aes256-sha1-modp1024\"]},\"azure_policy\":{}}",
	  "ike.proposals", "derived from the policy" },
	{ "{\"version\":1,\"version\":1}", "", "duplicate object key" },
	{ GOOD_HEAD ",\"connection_mode\":\"Both\"}", "connection_mode",
	  "Default, InitiatorOnly or ResponderOnly" },
};

static void test_bad_profiles(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
	{
		const bad_case_t *c = &bad_cases[i];
		profile_err_t err;
		profile_t *p;

		if (!c->path)
			continue;
		p = profile_parse(c->json, ".", &err);
		if (p || strcmp(err.path, c->path) || !strstr(err.text, c->text))
			fail_msg("case %zu: got path '%s' text '%s', want '%s' / '%s'", i, err.path,
					 err.text, c->path, c->text);
	}
}

static void test_psk_both_sources_refused(void **state)
{
	profile_err_t err;
	const char *json = "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.1\","
		"\"subnets\":[\"10.1.0.0/24\"]},\"remote\":{\"address\":\"192.0.2.2\","
		"\"subnets\":[\"10.2.0.0/24\"]},\"auth\":{\"psk_file\":\"a\",\"psk_env\":\"B\"}}";

	(void)state;
	assert_null(profile_parse(json, ".", &err));
	assert_string_equal(err.path, "auth");
	/* an inline secret is an unknown key, and the message never echoes its value */
	assert_null(profile_parse("{\"version\":1,\"name\":\"x\",\"local\":{\"address\":"
		"\"192.0.2.1\",\"subnets\":[\"10.1.0.0/24\"]},\"remote\":{\"address\":\"192.0.2.2\","
		"\"subnets\":[\"10.2.0.0/24\"]},\"auth\":{\"psk\":\"hunter2-secret\"}}", ".", &err));
	assert_string_equal(err.path, "auth.psk");
	assert_null(strstr(err.text, "hunter2"));
}

/* A lab profile: the impairment in the relay's spec form, the lab's sections only. */
static void test_lab_profile_impairment(void **state)
{
	impair_conf_t conf;
	profile_err_t err;
	char why[300];
	profile_t *p;

	(void)state;
	p = profile_parse_lab("{\"version\":1,\"name\":\"wan\",\"impairment\":{\"delay_ms\":20,"
		"\"jitter_ms\":2.5,\"jitter_distribution\":\"uniform\",\"loss_pct\":0.5,"
		"\"gilbert_elliott\":{\"p_pct\":1,\"r_pct\":30},\"reorder_pct\":2,"
		"\"duplicate_pct\":0.1,\"rate_mbps\":50,\"seed\":7},"
		"\"thresholds\":{\"rtt_p99_ms\":80}}", ".", &err);
	assert_non_null(p);
	assert_string_equal(p->impairment, "delay=20ms,jitter=2.5ms,dist=uniform,loss=0.5%,"
						"ge=1/30/100/0,reorder=2%,duplicate=0.1%,rate=50mbit,seed=7");
	/* ... which the relay's parser takes as it is */
	assert_true(impair_parse(p->impairment, &conf, why, sizeof(why)));
	assert_float_equal(conf.delay_ms, 20, 1e-9);
	assert_int_equal(conf.jitter_dist, IMPAIR_JITTER_UNIFORM);
	assert_float_equal(conf.ge_r, 30, 1e-9);
	assert_float_equal(conf.rate_mbps, 50, 1e-9);
	assert_true(conf.seed == 7);
	assert_false(p->has_probe);
	assert_true(p->has_thresholds);
	assert_float_equal(p->rtt_p99_ms, 80, 1e-9);
	profile_destroy(p);
	/* no impairment section: a clean WAN */
	p = profile_parse_lab("{\"version\":1,\"name\":\"clean\",\"probe\":{\"count\":300}}",
						  ".", &err);
	assert_non_null(p);
	assert_string_equal(p->impairment, "");
	assert_true(p->has_probe);
	assert_int_equal(p->count, 300);
	profile_destroy(p);
}

static void test_lab_profile_refusals(void **state)
{
	static const struct { const char *json, *path, *text; bool lab; } cases[] = {
		{ "{\"version\":1,\"name\":\"x\",\"impairment\":{\"loss_pct\":101}}",
		  "impairment.loss_pct", "from 0 to 100", true },
		{ "{\"version\":1,\"name\":\"x\",\"impairment\":{\"delay\":20}}",
		  "impairment.delay", "unknown key", true },
		{ "{\"version\":1,\"name\":\"x\",\"impairment\":{\"reorder_pct\":5}}",
		  "impairment.reorder_pct", "needs a delay_ms", true },
		{ "{\"version\":1,\"name\":\"x\",\"impairment\":{\"jitter_ms\":1,"
		  "\"jitter_distribution\":\"pareto\"}}", "impairment.jitter_distribution",
		  "\"normal\"", true },
		{ "{\"version\":1,\"name\":\"x\",\"impairment\":{\"gilbert_elliott\":"
		  "{\"p_pct\":1}}}", "impairment.gilbert_elliott.r_pct", "never ends", true },
		{ "{\"version\":1,\"name\":\"x\",\"impairment\":{\"gilbert_elliott\":"
		  "{\"r_pct\":10}}}", "impairment.gilbert_elliott.p_pct", "good state", true },
		{ "{\"version\":1,\"name\":\"x\",\"local\":{\"address\":\"192.0.2.1\"}}",
		  "local", "the lab sets addresses", true },
		{ "{\"version\":1,\"name\":\"x\",\"auth\":{\"psk_env\":\"K\"}}",
		  "auth", "the lab sets addresses, keys", true },
		{ GOOD_HEAD ",\"impairment\":{\"delay_ms\":5}}", "impairment",
		  "only a lab profile", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		profile_err_t err;
		profile_t *p = cases[i].lab ? profile_parse_lab(cases[i].json, ".", &err) :
			profile_parse(cases[i].json, ".", &err);

		if (p || strcmp(err.path, cases[i].path) || !strstr(err.text, cases[i].text))
			fail_msg("case %zu: got path '%s' text '%s', want '%s' / '%s'", i, err.path,
					 err.text, cases[i].path, cases[i].text);
	}
}

static void test_load_reports_file_line_column(void **state)
{
	char path[] = "/tmp/xp-profile-XXXXXX", line[512];
	profile_err_t err;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("{\n  \"version\": 1,\n  \"name\": \"x\"\n  \"local\": {}\n}\n", f);
	fclose(f);
	assert_null(profile_load(path, &err));
	assert_int_equal(err.line, 4);
	profile_err_format(&err, line, sizeof(line));
	assert_non_null(strstr(line, path));
	assert_non_null(strstr(line, ":4:"));
	remove(path);
	assert_null(profile_load("/nonexistent/p.json", &err));
	assert_non_null(strstr(err.text, "cannot open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_profile_fields),
		cmocka_unit_test(test_azure_policy_derives_proposals),
		cmocka_unit_test(test_proposal_strings),
		cmocka_unit_test(test_bad_profiles),
		cmocka_unit_test(test_psk_both_sources_refused),
		cmocka_unit_test(test_load_reports_file_line_column),
		cmocka_unit_test(test_lab_profile_impairment),
		cmocka_unit_test(test_lab_profile_refusals),
	};

	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
