/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/** Output of `crosspeer azure`: progress, plan, status, preflight issues. */
#ifndef XP_CMD_AZURE_H_
#define XP_CMD_AZURE_H_

#include <stdbool.h>

#include "azure_peer.h"
#include "azure_preflight.h"
#include "azure_run.h"
#include "secret.h"

/** Secrets read for this run, wiped at the end. */
typedef struct {
	/** each tenant's client secret (credential "secret") */
	char client[AZURE_MAX_TENANTS][SECRET_MAX + 1];
	/** AZURE_CLIENT_CERTIFICATE_PASSWORD, IDENTITY_HEADER: read once, for both tenants */
	char cert_password[SECRET_MAX + 1];
	char identity_header[SECRET_MAX + 1];
	char shared_key[SECRET_MAX + 1];
	/** the managed identity endpoint: IDENTITY_ENDPOINT, or the IMDS base URL */
	char mi_endpoint[512];
	/** its kind and address, for messages */
	char mi_source[560];
} cmd_azure_secrets_t;

/**
 * Check each tenant's credential and read the secrets it needs (and the
 * shared key with key); on failure one stderr line (exit 2).
 */
bool cmd_azure_creds_read(const azure_topology_t *topo, bool key, cmd_azure_secrets_t *s);

/** An ARM client with each tenant's credential, or NULL (out of memory). */
arm_client_t *cmd_azure_creds_client(const azure_topology_t *topo, const cmd_azure_secrets_t *s);

/** Start the progress display (a redrawn line on a terminal, plain lines otherwise). */
void cmd_azure_show_begin(azure_run_t *run);

/** Print a plan; returns the number of resources that would be written. */
size_t cmd_azure_show_plan(const azure_change_t *ch, size_t n);

/** Print status rows (a table, or JSON with as_json). */
void cmd_azure_show_status(json_t *rows, bool as_json);

/** One stderr line per preflight issue; returns their count. */
size_t cmd_azure_show_issues(const azure_issues_t *is);

/** The peer settings as JSON, without the shared key. */
json_t *cmd_azure_show_peer(const azure_peer_t *peer, const char *tenant, const char *to);

/**
 * status --peer --format swanctl|profile: a ready config for the connection's other end
 * (a stock strongSwan's swanctl.conf, or a crosspeer profile) on stdout.
 *
 * @param name			the other end's name ("onprem" or a tenant)
 * @param secret_file	NULL: leave the key out; else write it to this new 0600 file and
 *						refer to it
 * @return				exit code
 */
int cmd_azure_config(const azure_peer_t *peer, const char *format, const char *name,
					 const char *secret_file);

/** One stderr line for an ARM failure of run. */
void cmd_azure_show_error(const azure_run_t *run);

#endif
