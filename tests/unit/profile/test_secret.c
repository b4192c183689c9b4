/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "secret.h"

#define VALUE "s3cret-value-never-printed"

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_file_owner_only_is_read_and_trimmed(void **state)
{
	char path[] = "/tmp/xp-secret-XXXXXX", err[300];
	unsigned char buf[SECRET_MAX];
	size_t len;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	write_file(path, VALUE "\r\n", 0600);
	assert_true(secret_load(path, NULL, buf, &len, err, sizeof(err)));
	assert_int_equal(len, strlen(VALUE));
	assert_memory_equal(buf, VALUE, len);
	secret_wipe(buf, sizeof(buf));
	assert_int_equal(buf[0], 0);
	unlink(path);
}

static void test_file_readable_by_others_is_refused(void **state)
{
	char path[] = "/tmp/xp-secret-XXXXXX", err[300];
	unsigned char buf[SECRET_MAX];
	size_t len;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	write_file(path, VALUE, 0644);
	assert_false(secret_load(path, NULL, buf, &len, err, sizeof(err)));
	assert_non_null(strstr(err, "readable by group or others"));
	assert_non_null(strstr(err, "chmod 600"));
	assert_null(strstr(err, VALUE));
	write_file(path, VALUE, 0640);
	assert_false(secret_load(path, NULL, buf, &len, err, sizeof(err)));
	unlink(path);
}

static void test_file_missing_or_empty(void **state)
{
	char path[] = "/tmp/xp-secret-XXXXXX", err[300];
	unsigned char buf[SECRET_MAX];
	size_t len;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	write_file(path, "\n", 0600);
	assert_false(secret_load(path, NULL, buf, &len, err, sizeof(err)));
	assert_non_null(strstr(err, "is empty"));
	unlink(path);
	assert_false(secret_load(path, NULL, buf, &len, err, sizeof(err)));
	assert_non_null(strstr(err, "cannot open"));
	assert_non_null(strstr(err, path));
}

static void test_env_is_read_then_removed(void **state)
{
	char err[300];
	unsigned char buf[SECRET_MAX];
	size_t len;

	(void)state;
	setenv("XP_TEST_PSK", VALUE, 1);
	assert_true(secret_load(NULL, "XP_TEST_PSK", buf, &len, err, sizeof(err)));
	assert_int_equal(len, strlen(VALUE));
	assert_memory_equal(buf, VALUE, len);
	/* no child process can inherit it */
	assert_null(getenv("XP_TEST_PSK"));
	assert_false(secret_load(NULL, "XP_TEST_PSK", buf, &len, err, sizeof(err)));
	assert_string_equal(err, "environment variable XP_TEST_PSK is not set");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_owner_only_is_read_and_trimmed),
		cmocka_unit_test(test_file_readable_by_others_is_refused),
		cmocka_unit_test(test_file_missing_or_empty),
		cmocka_unit_test(test_env_is_read_then_removed),
	};

	return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
