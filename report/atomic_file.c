/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/** Set err to "what: strerror" and return -e. */
static int atomic_file_fail(char *err, size_t errlen, const char *what, int e)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", what, strerror(e));
	return -e;
}

/** Directory part of path into dir ("." when none). */
static void atomic_file_dirname(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/** fsync a directory so a rename in it survives a crash; errors are not fatal. */
static void atomic_file_sync_dir(const char *path)
{
	char dir[PATH_MAX];
	int fd;

	atomic_file_dirname(path, dir, sizeof(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
	{
		fsync(fd);
		close(fd);
	}
}

/** Write all of data to fd. */
static int atomic_file_write_all(int fd, const char *data, size_t len)
{
	while (len)
	{
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int atomic_file_write(const char *path, const void *data, size_t len, mode_t mode,
					  char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
		return atomic_file_fail(err, errlen, "path too long", ENAMETOOLONG);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return atomic_file_fail(err, errlen, "cannot create temporary file", errno);
	rc = atomic_file_write_all(fd, data, len);
	if (!rc && fchmod(fd, mode) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc)
	{
		unlink(tmp);
		return atomic_file_fail(err, errlen, "cannot write", -rc);
	}
	atomic_file_sync_dir(path);
	return 0;
}

int atomic_file_mkdirs(const char *dir, char *err, size_t errlen)
{
	char buf[PATH_MAX];
	size_t len;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return atomic_file_fail(err, errlen, "path too long", ENAMETOOLONG);
	len = strlen(buf);
	for (size_t i = 1; i <= len; i++)
	{
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return atomic_file_fail(err, errlen, "cannot create directory", errno);
		if (i < len)
			buf[i] = '/';
	}
	struct stat st;
	if (stat(dir, &st) < 0)
		return atomic_file_fail(err, errlen, "cannot create directory", errno);
	if (!S_ISDIR(st.st_mode))
		return atomic_file_fail(err, errlen, "not a directory", ENOTDIR);
	return 0;
}

char *atomic_file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t size = 0, used = 0;

	if (!f)
		return NULL;
	for (;;)
	{
		if (used + 4096 + 1 > size)
		{
			char *grown = realloc(buf, size ? size * 2 : 8192);

			if (!grown)
			{
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = grown;
			size = size ? size * 2 : 8192;
		}
		size_t n = fread(buf + used, 1, size - used - 1, f);
		used += n;
		if (n == 0)
			break;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed)
	{
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}
