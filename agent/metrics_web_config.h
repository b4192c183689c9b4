/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The metrics endpoint's TLS and basic auth, read from a web config file in the format of
 * the Prometheus exporter-toolkit (the file node_exporter takes as --web.config.file):
 *
 *   tls_server_config:
 *     cert_file: server.crt        # paths relative to the file's folder
 *     key_file: server.key
 *     client_auth_type: RequireAndVerifyClientCert   # or NoClientCert (the default)
 *     client_ca_file: ca.crt
 *     min_version: TLS12           # TLS10 .. TLS13
 *   basic_auth_users:
 *     prometheus: $2y$10$...       # bcrypt hashes, checked with crypt(3)
 *
 * Parsed with libyaml. Keys the toolkit knows but crosspeer does not implement are refused
 * by name rather than ignored.
 */
#ifndef XP_METRICS_WEB_CONFIG_H_
#define XP_METRICS_WEB_CONFIG_H_

#include <stdbool.h>
#include <stddef.h>

/** Users a web config may list. */
#define METRICS_WEB_MAX_USERS 16

typedef struct {
	/** user name */
	char name[64];
	/** bcrypt hash ($2a$, $2b$ or $2y$) */
	char hash[128];
} metrics_web_user_t;

typedef struct {
	/** TLS: PEM certificate chain and key (NULL without tls_server_config) */
	char *cert_pem, *key_pem;
	/** clients must present a certificate that verifies against this PEM bundle, or NULL */
	char *client_ca_pem;
	/** GnuTLS priority string for min_version, e.g. "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1" */
	char priorities[96];
	/** basic auth users; none means no authentication */
	metrics_web_user_t users[METRICS_WEB_MAX_USERS];
	size_t n_users;
} metrics_web_config_t;

/**
 * Read and check a web config file.
 *
 * @param path		the file
 * @param err		receives "FILE: key.path: reason" on failure
 * @return			config (free with metrics_web_config_free()), or NULL
 */
metrics_web_config_t *metrics_web_config_load(const char *path, char *err, size_t errlen);

/**
 * Check a basic auth user and password against the config, in time independent of where
 * a mismatch is.
 *
 * @return			true if the user is listed and the password matches its hash
 */
bool metrics_web_config_check(const metrics_web_config_t *this, const char *user,
							  const char *password);

/** Wipe the key and free (NULL is fine). */
void metrics_web_config_free(metrics_web_config_t *this);

#endif
