/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* report/report_json.c, report_json_load.c, report.c: the report.json contract, its schema,
 * the round trip baselines rely on, and atomic writes of the report directory. */

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "report.h"
#include "report_fixture.h"

static xp_result_t *evaluated_fixture(double rtt_p99_ms)
{
	xp_result_t *r = report_fixture_create();
	xp_thresholds_t t = report_fixture_thresholds();

	t.rtt_p99_ms = rtt_p99_ms;
	xp_result_evaluate(r, &t);
	return r;
}

static void test_contract_fields(void **state)
{
	xp_result_t *r = evaluated_fixture(0.5);
	json_t *root = report_json_build(r), *p0, *f0;

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(root, "schema_version")), 1);
	assert_true(json_is_true(json_object_get(json_object_get(root, "tunnel"), "established")));
	assert_float_equal(json_real_value(json_object_get(json_object_get(root, "tunnel"),
													   "setup_ms")), 412.5, 1e-9);
	assert_int_equal(json_array_size(json_object_get(json_object_get(root, "tunnel"),
													 "events")), 6);
	p0 = json_array_get(json_object_get(root, "probes"), 0);
	assert_string_equal(json_string_value(json_object_get(p0, "target")), "10.2.0.1");
	assert_int_equal(json_integer_value(json_object_get(p0, "sent")), 1000);
	assert_int_equal(json_integer_value(json_object_get(p0, "received")), 990);
	assert_float_equal(json_real_value(json_object_get(json_object_get(p0, "rtt_ms"), "p99")),
					   r->probes[0].rtt_ms.p99, 1e-12);
	assert_true(json_is_null(json_object_get(p0, "loss_forward_pct")));
	assert_true(json_is_null(json_array_get(json_object_get(json_object_get(p0, "series"),
															"rtt_ms"), 99)));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "pmtu"),
														"inner")), 1400);
	assert_false(json_is_true(json_object_get(json_object_get(root, "verdict"), "pass")));
	f0 = json_array_get(json_object_get(json_object_get(root, "verdict"), "failures"), 0);
	assert_string_equal(json_string_value(json_object_get(f0, "check")), "rtt_p99_ms");
	assert_float_equal(json_real_value(json_object_get(f0, "allowed")), 0.5, 1e-12);
	json_decref(root);
	xp_result_destroy(r);
}

/** Run the schema checker on dir/report.json; skip when jsonschema is missing. */
static int check_schema(const char *dir)
{
	char cmd[4096], out[4096];
	int rc;

	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/check_schema.py %s/docs/report.schema.json "
			 "%s/report.json 2>&1", XP_REPORT_TEST_DIR, XP_SOURCE_DIR, dir);
	rc = report_fixture_run(cmd, out, sizeof(out));
	if (rc == 77)
		skip();
	if (rc)
		print_message("%s", out);
	return rc;
}

static void test_schema_valid_pass_and_fail_and_down(void **state)
{
	char *dir = report_fixture_tmpdir(), err[512];
	xp_result_t *ok = evaluated_fixture(50), *bad = evaluated_fixture(0.001);
	xp_result_t *down = xp_result_create("x", "0.1.0");

	(void)state;
	snprintf(down->tunnel.reason, sizeof(down->tunnel.reason), "timeout");
	xp_result_evaluate(down, NULL);
	assert_int_equal(report_write_dir(ok, dir, err, sizeof(err)), 0);
	assert_int_equal(check_schema(dir), 0);
	assert_int_equal(report_write_dir(bad, dir, err, sizeof(err)), 0);
	assert_int_equal(check_schema(dir), 0);
	assert_int_equal(report_write_dir(down, dir, err, sizeof(err)), 0);
	assert_int_equal(check_schema(dir), 0);
	xp_result_destroy(ok);
	xp_result_destroy(bad);
	xp_result_destroy(down);
	report_fixture_rmdir(dir);
}

static void test_schema_rejects_a_broken_report(void **state)
{
	char *dir = report_fixture_tmpdir(), path[4200];
	xp_result_t *r = evaluated_fixture(50);
	json_t *root = report_json_build(r);

	(void)state;
	json_object_del(root, "verdict");
	snprintf(path, sizeof(path), "%s/report.json", dir);
	assert_int_equal(json_dump_file(root, path, 0), 0);
	assert_int_equal(check_schema(dir), 1);
	json_decref(root);
	xp_result_destroy(r);
	report_fixture_rmdir(dir);
}

/* `probe --json`: the same probes[] elements, no tunnel and no verdict, still valid. */
static void test_measurement_document(void **state)
{
	char *dir = report_fixture_tmpdir(), path[4200];
	xp_result_t *r = report_fixture_create();
	json_t *root = report_json_measurement(r), *full = report_json_build(r);

	(void)state;
	assert_null(json_object_get(root, "tunnel"));
	assert_null(json_object_get(root, "verdict"));
	assert_true(json_equal(json_object_get(root, "probes"), json_object_get(full, "probes")));
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(root, "probes"), 0),
											 "throughput")));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	assert_int_equal(json_dump_file(root, path, 0), 0);
	assert_int_equal(check_schema(dir), 0);
	json_decref(root);
	json_decref(full);
	xp_result_destroy(r);
	report_fixture_rmdir(dir);
}

static void test_round_trip(void **state)
{
	char *dir = report_fixture_tmpdir(), err[512];
	xp_result_t *r = evaluated_fixture(0.5), *back;

	(void)state;
	assert_int_equal(report_write_dir(r, dir, err, sizeof(err)), 0);
	back = report_json_load(dir, err, sizeof(err));
	assert_non_null(back);
	assert_string_equal(back->run.profile, "onprem-to-tenant-b");
	assert_int_equal(back->run.started_ms, r->run.started_ms);
	assert_float_equal(back->run.duration_ms, 12345, 1e-6);
	assert_true(back->tunnel.established);
	assert_int_equal(back->tunnel.n_events, 6);
	assert_string_equal(back->tunnel.events[2].name, "CHILD_SA_UP");
	assert_int_equal(back->n_probes, 2);
	assert_int_equal(back->probes[0].n_series, 1000);
	assert_true(isnan(back->probes[0].series_rtt_ms[99]));
	assert_float_equal(back->probes[0].series_rtt_ms[3], r->probes[0].series_rtt_ms[3], 1e-9);
	assert_float_equal(back->probes[1].rtt_ms.p50, r->probes[1].rtt_ms.p50, 1e-9);
	assert_true(isnan(back->probes[0].loss_forward_pct));
	assert_float_equal(back->pmtu.mss, 1360, 0);
	assert_int_equal(back->verdict.n_checks, r->verdict.n_checks);
	assert_false(back->verdict.pass);
	assert_int_equal(xp_result_failures(back), 2);
	xp_result_destroy(back);
	xp_result_destroy(r);
	report_fixture_rmdir(dir);
}

static void test_load_refuses_newer_schema_and_garbage(void **state)
{
	char err[512];
	json_t *root = json_pack("{s:i, s:[]}", "schema_version", 2, "probes");
	char *dir = report_fixture_tmpdir(), path[4200];
	FILE *f;

	(void)state;
	assert_null(report_json_parse(root, err, sizeof(err)));
	assert_string_equal(err, "schema_version: 2 is not one this crosspeer reads (1..1)");
	snprintf(path, sizeof(path), "%s/report.json", dir);
	f = fopen(path, "w");
	fputs("{\"schema_version\": 1,\n \"probes\": [}", f);
	fclose(f);
	assert_null(report_json_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, "report.json:2:"));
	json_decref(root);
	root = json_pack("{s:i, s:{}, s:[i]}", "schema_version", 1, "tunnel", "probes", 5);
	assert_null(report_json_parse(root, err, sizeof(err)));
	assert_string_equal(err, "probes[]: expected an object");
	json_decref(root);
	report_fixture_rmdir(dir);
}

/** Entries of dir whose name contains ".tmp." (leftovers of an atomic write). */
static int count_temporaries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	if (d)
		closedir(d);
	return n;
}

static void test_write_dir_creates_and_stays_atomic(void **state)
{
	char *dir = report_fixture_tmpdir(), nested[4200], path[4300], err[512];
	xp_result_t *r = evaluated_fixture(50);
	struct stat st;

	(void)state;
	snprintf(nested, sizeof(nested), "%s/a/b/run-1", dir);
	assert_int_equal(report_write_dir(r, nested, err, sizeof(err)), 0);
	for (const char *const *n = (const char *const[]){ "report.json", "junit.xml",
			"report.html", "metrics.prom", NULL }; *n; n++)
	{
		snprintf(path, sizeof(path), "%s/%s", nested, *n);
		assert_int_equal(stat(path, &st), 0);
		assert_true(st.st_size > 100);
	}
	assert_int_equal(count_temporaries(nested), 0);
	/* a directory in the way of junit.xml: the write fails, naming it, leaving no temp */
	snprintf(path, sizeof(path), "%s/junit.xml", nested);
	assert_int_equal(remove(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_true(report_write_dir(r, nested, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "/junit.xml: cannot write"));
	assert_int_equal(count_temporaries(nested), 0);
	/* a regular file where the directory should be */
	snprintf(path, sizeof(path), "%s/report.json", nested);
	assert_true(report_write_dir(r, path, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "report.json: "));
	xp_result_destroy(r);
	report_fixture_rmdir(dir);
}

/* Azure's view beside ours (azure_connection): in report.json by the schema, in the summary
 * and in report.html, each disagreement flagged; absent without it. */
static void test_azure_view_beside_ours(void **state)
{
	char *dir = report_fixture_tmpdir(), err[512], path[4200], *text = NULL, *html;
	xp_result_t *r = evaluated_fixture(50);
	json_t *root = report_json_build(r), *az;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_null(json_object_get(root, "azure"));
	json_decref(root);
	r->azure.read = true;
	snprintf(r->azure.connection, sizeof(r->azure.connection), "/subscriptions/s/"
			 "resourceGroups/rg/providers/Microsoft.Network/connections/conn-to-onprem");
	snprintf(r->azure.connection_status, sizeof(r->azure.connection_status), "Connected");
	r->azure.ingress_before = r->azure.ingress_bytes = 5;
	r->azure.egress_before = 5;
	r->azure.egress_bytes = 31395;
	r->azure.n_ike_sas = 1;
	snprintf(r->azure.ike_proposal, sizeof(r->azure.ike_proposal), "IKE:AES_CBC_128/X");
	snprintf(r->azure.disagreements[r->azure.n_disagreements++],
			 sizeof(r->azure.disagreements[0]), "IKE algorithms differ: ours A, Azure's <B>");
	assert_int_equal(report_write_dir(r, dir, err, sizeof(err)), 0);
	assert_int_equal(check_schema(dir), 0);
	snprintf(path, sizeof(path), "%s/report.json", dir);
	root = json_load_file(path, 0, NULL);
	az = json_object_get(root, "azure");
	assert_string_equal(json_string_value(json_object_get(az, "connection_status")), "Connected");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(az, "bytes_after"),
													   "egress")), 31395);
	assert_int_equal(json_array_size(json_object_get(az, "disagreements")), 1);
	json_decref(root);
	f = open_memstream(&text, &len);
	report_summary_print(r, f);
	fclose(f);
	assert_non_null(strstr(text, "azure view     Connected, 1 IKE SA, IKE IKE:AES_CBC_128/X"));
	assert_non_null(strstr(text, "DISAGREE       IKE algorithms differ"));
	free(text);
	html = report_html_build(r);
	assert_non_null(strstr(html, "<h2>Azure's view</h2>"));
	assert_non_null(strstr(html, "&lt;B&gt;"));
	assert_null(strstr(html, "<B>"));
	free(html);
	xp_result_destroy(r);
	report_fixture_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contract_fields),
		cmocka_unit_test(test_schema_valid_pass_and_fail_and_down),
		cmocka_unit_test(test_schema_rejects_a_broken_report),
		cmocka_unit_test(test_measurement_document),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_azure_view_beside_ours),
		cmocka_unit_test(test_load_refuses_newer_schema_and_garbage),
		cmocka_unit_test(test_write_dir_creates_and_stays_atomic),
	};

	return cmocka_run_group_tests_name("report_json", tests, NULL, NULL);
}
