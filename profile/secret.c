/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void secret_wipe(void *buf, size_t len)
{
	explicit_bzero(buf, len);
}

static size_t secret_trim(const unsigned char *buf, size_t len)
{
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	return len;
}

static bool secret_from_file(const char *file, unsigned char *buf, size_t *len, char *err,
							 size_t errlen)
{
	struct stat st;
	ssize_t n;
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
	{
		snprintf(err, errlen, "%s: cannot open: %s", file, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
	{
		snprintf(err, errlen, "%s: not a regular file", file);
		close(fd);
		return false;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO))
	{
		snprintf(err, errlen, "%s: readable by group or others; run 'chmod 600 %s'", file,
				 file);
		close(fd);
		return false;
	}
	n = read(fd, buf, SECRET_MAX);
	close(fd);
	if (n < 0 || (size_t)n == SECRET_MAX)
	{
		secret_wipe(buf, SECRET_MAX);
		snprintf(err, errlen, "%s: %s", file, n < 0 ? strerror(errno) :
				 "longer than 1023 bytes");
		return false;
	}
	*len = secret_trim(buf, (size_t)n);
	return true;
}

static bool secret_from_env(const char *env, unsigned char *buf, size_t *len, char *err,
							size_t errlen)
{
	const char *value = getenv(env);
	size_t n = value ? strlen(value) : 0;

	if (!value)
	{
		snprintf(err, errlen, "environment variable %s is not set", env);
		return false;
	}
	if (n >= SECRET_MAX)
	{
		snprintf(err, errlen, "environment variable %s: longer than 1023 bytes", env);
		return false;
	}
	memcpy(buf, value, n);
	*len = secret_trim(buf, n);
	unsetenv(env);
	return true;
}

bool secret_load(const char *file, const char *env, unsigned char buf[SECRET_MAX], size_t *len,
				 char *err, size_t errlen)
{
	bool ok;

	*len = 0;
	if (file && *file)
		ok = secret_from_file(file, buf, len, err, errlen);
	else
		ok = secret_from_env(env, buf, len, err, errlen);
	if (ok && *len == 0)
	{
		snprintf(err, errlen, "%s %s is empty", file && *file ? "file" : "environment variable",
				 file && *file ? file : env);
		return false;
	}
	return ok;
}
