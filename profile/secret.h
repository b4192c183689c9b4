/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Secrets (PSK, shared keys, client secrets) from a file or an environment variable.
 * Error messages name the source, never the value.
 */
#ifndef XP_SECRET_H_
#define XP_SECRET_H_

#include <stdbool.h>
#include <stddef.h>

/** Largest secret accepted, in bytes. */
#define SECRET_MAX 1024

/**
 * Read a secret. Exactly one of file and env is set (non-NULL, non-empty). A file
 * readable by group or others is refused; trailing newlines are dropped; the variable is
 * removed from the environment so that no child process inherits it.
 *
 * @param file		path of a file holding the secret
 * @param env		name of an environment variable holding it
 * @param buf		receives the secret (not NUL-terminated), SECRET_MAX bytes
 * @param len		its length
 * @param err		on failure, why (names file or variable)
 * @return			true on success
 */
bool secret_load(const char *file, const char *env, unsigned char buf[SECRET_MAX], size_t *len,
				 char *err, size_t errlen);

/** Overwrite a secret in memory, in a way the compiler keeps. */
void secret_wipe(void *buf, size_t len);

#endif
