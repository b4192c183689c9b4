/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Write a file so that readers see either the old content or the whole new one: a temporary
 * file in the same directory, fsync, rename over the target, fsync the directory.
 */
#ifndef XP_ATOMIC_FILE_H_
#define XP_ATOMIC_FILE_H_

#include <stddef.h>
#include <sys/types.h>

/**
 * Replace path with data[len] atomically; on failure path is untouched and no
 * temporary file is left behind.
 *
 * @param mode		permissions of the new file (before umask), e.g. 0644
 * @param err		on failure "<reason>" (the caller names the file)
 * @return			0, or -errno
 */
int atomic_file_write(const char *path, const void *data, size_t len, mode_t mode,
					  char *err, size_t errlen);

/**
 * Create a directory and its missing parents (mkdir -p), mode 0755.
 *
 * @return			0 (also when it already exists), or -errno with err set
 */
int atomic_file_mkdirs(const char *dir, char *err, size_t errlen);

/**
 * Read a whole file into a NUL-terminated malloc'd buffer.
 *
 * @param len		set to the length read (without the NUL), may be NULL
 * @return			buffer, or NULL with errno set
 */
char *atomic_file_read(const char *path, size_t *len);

#endif
