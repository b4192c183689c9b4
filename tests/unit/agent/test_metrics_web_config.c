/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <crypt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "metrics_web_config.h"

static char dir[] = "/tmp/xp-webcfg-XXXXXX";

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static metrics_web_config_t *load(const char *name, char *err, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return metrics_web_config_load(path, err, len);
}

/* A bcrypt hash of password, made by libcrypt (cost 4: fast enough for a test). */
static void bcrypt(const char *password, char *out, size_t len)
{
	char salt[64];

	assert_non_null(crypt_gensalt_rn("$2b$", 4, NULL, 0, salt, sizeof(salt)));
	snprintf(out, len, "%s", crypt(password, salt));
	assert_true(strncmp(out, "$2b$04$", 7) == 0);
}

static void test_tls_and_users(void **state)
{
	char hash[128], text[1024], err[1200] = "";
	metrics_web_config_t *c;

	(void)state;
	put("server.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
	put("server.key", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
	bcrypt("right horse", hash, sizeof(hash));
	snprintf(text, sizeof(text), "tls_server_config:\n  cert_file: server.crt\n"
			 "  key_file: server.key\n  min_version: TLS13\nbasic_auth_users:\n"
			 "  prometheus: '%s'\n", hash);
	put("web.yml", text);
	c = load("web.yml", err, sizeof(err));
	assert_non_null(c);
	assert_non_null(strstr(c->cert_pem, "BEGIN CERTIFICATE"));
	assert_non_null(strstr(c->key_pem, "BEGIN PRIVATE KEY"));
	assert_null(c->client_ca_pem);
	assert_string_equal(c->priorities, "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1:-VERS-TLS1.2");
	assert_int_equal(c->n_users, 1);
	assert_true(metrics_web_config_check(c, "prometheus", "right horse"));
	assert_false(metrics_web_config_check(c, "prometheus", "wrong horse"));
	assert_false(metrics_web_config_check(c, "grafana", "right horse"));
	assert_false(metrics_web_config_check(c, NULL, NULL));
	metrics_web_config_free(c);
}

static void expect_error(const char *text, const char *needle)
{
	char err[1200] = "";

	put("bad.yml", text);
	assert_null(load("bad.yml", err, sizeof(err)));
	if (!strstr(err, needle))
		fail_msg("'%s' lacks '%s'", err, needle);
}

static void test_errors_name_the_key(void **state)
{
	(void)state;
	expect_error("tls_server_config:\n  cert_file: server.crt\n",
				 "tls_server_config: needs both cert_file and key_file");
	expect_error("tls_server_config:\n  cert_file: none.crt\n  key_file: server.key\n",
				 "tls_server_config.cert_file: cannot read");
	expect_error("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
				 "  client_auth_type: RequireAndVerifyClientCert\n",
				 "client_ca_file goes with client_auth_type");
	expect_error("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
				 "  client_auth_type: RequestClientCert\n",
				 "tls_server_config.client_auth_type: expected NoClientCert or");
	expect_error("tls_server_config:\n  min_version: TLS14\n", "min_version: expected TLS10");
	expect_error("tls_server_config:\n  cipher_suites: [x]\n", "tls_server_config: ");
	expect_error("basic_auth_users:\n  bob: hunter2\n", "bob: expected a bcrypt hash");
	expect_error("http_server_config:\n  http2: false\n", "http_server_config: unknown");
	expect_error("- a\n- b\n", "expected a mapping at the top level");
	expect_error("", "empty");
	expect_error("a: [\n", "not valid YAML");
}

static void test_plain_password_never_echoed(void **state)
{
	char err[1200] = "";

	(void)state;
	put("plain.yml", "basic_auth_users:\n  bob: hunter2-secret\n");
	assert_null(load("plain.yml", err, sizeof(err)));
	assert_null(strstr(err, "hunter2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tls_and_users),
		cmocka_unit_test(test_errors_name_the_key),
		cmocka_unit_test(test_plain_password_never_echoed),
	};
	int rc;
	char cmd[300];

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
