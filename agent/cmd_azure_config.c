/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * `crosspeer azure status --peer X --format swanctl|profile`: the other end of a connection
 * as ARM holds it (addresses, prefixes, policy or Azure's defaults, lifetimes, DPD), as a
 * swanctl.conf for a stock strongSwan or as a crosspeer profile, in the spirit of Azure's
 * vpnDeviceConfigurationScript. The shared key is never printed: with --secret-file it goes
 * to a new 0600 file that the output refers to.
 */

#include "cmd_azure.h"
#include "exit_codes.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

/** Write text to a new file, mode 0600; refuses a file that exists. */
static bool cmd_azure_config_write(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	size_t len = strlen(text);
	bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len;

	if (fd < 0)
		fprintf(stderr, "crosspeer azure: --secret-file %s: %s%s\n", file, strerror(errno),
				errno == EEXIST ? "; it must not exist yet (the key goes into a new 0600 file)"
				: "");
	else if (!ok)
		fprintf(stderr, "crosspeer azure: --secret-file %s: %s\n", file, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ok;
}

/** "a, b, c" of n strings stride bytes apart. */
static void cmd_azure_config_list(const char *list, size_t n, size_t stride, char *out,
								  size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? ", " : "",
								 list + i * stride);
}

/** swanctl's secrets section for the key, hex-encoded so that no character needs quoting. */
static char *cmd_azure_config_secrets(const azure_peer_t *peer, const char *conn)
{
	size_t len = strlen(peer->shared_key), size = 2 * len + 400;
	char *text = malloc(size);
	int used;

	if (!text)
		return NULL;
	used = snprintf(text, size, "secrets {\n  ike-%s {\n    id-1 = %s\n    id-2 = %s\n"
					"    secret = 0x", conn, peer->peer.addresses[0], peer->gateway.addresses[0]);
	for (size_t i = 0; i < len && used > 0 && (size_t)used + 3 < size; i++)
		used += snprintf(text + used, size - (size_t)used, "%02x",
						 (unsigned char)peer->shared_key[i]);
	snprintf(text + used, size - (size_t)used, "\n  }\n}\n");
	return text;
}

static int cmd_azure_config_swanctl_secret(const azure_peer_t *peer, const char *conn,
										   const char *secret_file)
{
	char *text, path[PATH_MAX];
	bool ok;

	if (!secret_file)
	{
		printf("# The connection's shared key is not printed. Run again with --secret-file FILE\n"
			   "# to have a secrets section with it written to FILE (mode 0600) and included here.\n");
		return XP_EXIT_PASS;
	}
	if (!(text = cmd_azure_config_secrets(peer, conn)))
		return XP_EXIT_ENV;
	ok = cmd_azure_config_write(secret_file, text);
	explicit_bzero(text, strlen(text));
	free(text);
	if (!ok)
		return XP_EXIT_USAGE;
	printf("# the shared key, in a 0600 file of its own\ninclude %s\n",
		   realpath(secret_file, path) ? path : secret_file);
	return XP_EXIT_PASS;
}

static int cmd_azure_config_swanctl(const azure_peer_t *peer, const char *name,
									const char *secret_file)
{
	char conn[80], ike[1200], esp[1200], local[1200], remote[1200], gw[200];
	/* Azure initiates an InitiatorOnly connection itself; otherwise the device starts it */
	bool start = strcmp(peer->connection_mode, "InitiatorOnly") != 0;

	snprintf(conn, sizeof(conn), "azure-%s", name);
	cmd_azure_config_list(peer->ike[0], peer->n_ike, sizeof(peer->ike[0]), ike, sizeof(ike));
	cmd_azure_config_list(peer->esp[0], peer->n_esp, sizeof(peer->esp[0]), esp, sizeof(esp));
	cmd_azure_config_list(peer->peer.subnets[0], peer->peer.n_subnets, 64, local, sizeof(local));
	cmd_azure_config_list(peer->gateway.subnets[0], peer->gateway.n_subnets, 64, remote,
						  sizeof(remote));
	cmd_azure_config_list(peer->gateway.addresses[0], peer->gateway.n_addresses, 64, gw,
						  sizeof(gw));
	printf("# swanctl.conf for the other end of %s\n# (crosspeer azure status --format swanctl; "
		   "%s, connectionMode %s)\nconnections {\n  %s {\n    version = 2\n"
		   "    local_addrs = %s\n    remote_addrs = %s\n    proposals = %s\n"
		   "    rekey_time = 28800s\n    dpd_delay = 10s\n    mobike = no\n"
		   "    local {\n      auth = psk\n      id = %s\n    }\n"
		   "    remote {\n      auth = psk\n      id = %s\n    }\n"
		   "    children {\n      %s {\n        local_ts = %s\n        remote_ts = %s\n"
		   "        esp_proposals = %s\n        life_time = %us\n        rekey_time = %us\n"
		   "        mode = tunnel\n        dpd_action = restart\n        start_action = %s\n"
		   "      }\n    }\n  }\n}\n", peer->id, peer->custom_policy ? "custom ipsecPolicy" :
		   "Azure's default policy", peer->connection_mode, conn, peer->peer.addresses[0], gw,
		   ike, peer->peer.addresses[0], peer->gateway.addresses[0], conn, local, remote, esp,
		   peer->esp_lifetime_s, peer->esp_lifetime_s - peer->esp_lifetime_s / 10,
		   start ? "start" : "trap");
	return cmd_azure_config_swanctl_secret(peer, conn, secret_file);
}

static json_t *cmd_azure_config_end(const azure_peer_end_t *end)
{
	json_t *subnets = json_array();

	for (size_t i = 0; i < end->n_subnets; i++)
		json_array_append_new(subnets, json_string(end->subnets[i]));
	return json_pack("{s:s,s:o}", "address", end->addresses[0], "subnets", subnets);
}

static json_t *cmd_azure_config_proposals(const char list[][128], size_t n)
{
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, json_string(list[i]));
	return out;
}

static int cmd_azure_config_profile(const azure_peer_t *peer, const char *name,
									const char *secret_file)
{
	json_t *doc, *ike, *esp;
	char pname[64];

	if (secret_file && !cmd_azure_config_write(secret_file, peer->shared_key))
		return XP_EXIT_USAGE;
	snprintf(pname, sizeof(pname), "azure-%s", name);
	ike = json_pack("{s:i,s:i}", "dpd_delay_s", 10, "dpd_timeout_s",
					peer->dpd_timeout_s ? (int)peer->dpd_timeout_s : 45);
	esp = json_pack("{s:i}", "lifetime_s", (int)peer->esp_lifetime_s);
	/* without a custom policy the "azure" personality offers Azure's defaults */
	if (peer->custom_policy)
	{
		json_object_set_new(ike, "proposals", cmd_azure_config_proposals(peer->ike, peer->n_ike));
		json_object_set_new(esp, "proposals", cmd_azure_config_proposals(peer->esp, peer->n_esp));
	}
	doc = json_pack("{s:i,s:s,s:o,s:o,s:o,s:o,s:o}", "version", 1, "name", pname, "local",
					cmd_azure_config_end(&peer->peer), "remote",
					cmd_azure_config_end(&peer->gateway), "auth", secret_file ?
					json_pack("{s:s}", "psk_file", secret_file) :
					json_pack("{s:s}", "psk_env", "CROSSPEER_PSK"), "ike", ike, "esp", esp);
	json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(doc);
	return XP_EXIT_PASS;
}

int cmd_azure_config(const azure_peer_t *peer, const char *format, const char *name,
					 const char *secret_file)
{
	if (!strcmp(format, "swanctl"))
		return cmd_azure_config_swanctl(peer, name, secret_file);
	return cmd_azure_config_profile(peer, name, secret_file);
}
