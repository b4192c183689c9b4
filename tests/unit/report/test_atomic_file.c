/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* agent/atomic_file.c: replace-or-nothing writes, mkdir -p, whole-file reads. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "atomic_file.h"
#include "report_fixture.h"

static void test_write_replace_read(void **state)
{
	char *dir = report_fixture_tmpdir(), path[4200], err[256], *text;
	size_t len = 0;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/f.json", dir);
	assert_int_equal(atomic_file_write(path, "first\n", 6, 0600, err, sizeof(err)), 0);
	assert_int_equal(atomic_file_write(path, "second\n", 7, 0644, err, sizeof(err)), 0);
	text = atomic_file_read(path, &len);
	assert_string_equal(text, "second\n");
	assert_int_equal(len, 7);
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	report_fixture_rmdir(dir);
}

static void test_failure_keeps_old_content(void **state)
{
	char *dir = report_fixture_tmpdir(), path[4200], sub[4200], err[256], *text;

	(void)state;
	snprintf(path, sizeof(path), "%s/f.json", dir);
	assert_int_equal(atomic_file_write(path, "old", 3, 0644, err, sizeof(err)), 0);
	/* a directory where the file should go: rename fails, nothing changes, no temp left */
	snprintf(sub, sizeof(sub), "%s/d", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(atomic_file_write(sub, "new", 3, 0644, err, sizeof(err)), -EISDIR);
	assert_string_equal(err, "cannot write: Is a directory");
	snprintf(sub, sizeof(sub), "%s/missing/f.json", dir);
	assert_int_equal(atomic_file_write(sub, "new", 3, 0644, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot create temporary file: No such file or directory");
	text = atomic_file_read(path, NULL);
	assert_string_equal(text, "old");
	free(text);
	snprintf(sub, sizeof(sub), "ls -A %s | wc -l", dir);
	assert_int_equal(report_fixture_run(sub, err, sizeof(err)), 0);
	assert_int_equal(atoi(err), 2);	/* f.json and d */
	report_fixture_rmdir(dir);
}

static void test_mkdirs(void **state)
{
	char *dir = report_fixture_tmpdir(), path[4200], err[256];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/c/", dir);
	assert_int_equal(atomic_file_mkdirs(path, err, sizeof(err)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(atomic_file_mkdirs(path, err, sizeof(err)), 0);	/* exists: fine */
	snprintf(path, sizeof(path), "%s/file", dir);
	assert_int_equal(atomic_file_write(path, "x", 1, 0644, err, sizeof(err)), 0);
	assert_int_equal(atomic_file_mkdirs(path, err, sizeof(err)), -ENOTDIR);
	assert_string_equal(err, "not a directory: Not a directory");
	assert_null(atomic_file_read("/nonexistent/crosspeer", NULL));
	assert_int_equal(errno, ENOENT);
	report_fixture_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_replace_read),
		cmocka_unit_test(test_failure_keeps_old_content),
		cmocka_unit_test(test_mkdirs),
	};

	return cmocka_run_group_tests_name("atomic_file", tests, NULL, NULL);
}
