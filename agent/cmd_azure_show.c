/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd_azure.h"

#define CMD_AZURE_SHOW_MAX AZURE_MAX_RESOURCES

/** Last state printed per resource, so polls that change nothing print nothing. */
static struct {
	pthread_mutex_t lock;
	bool tty;
	char label[CMD_AZURE_SHOW_MAX][160];
	char state[CMD_AZURE_SHOW_MAX][48];
	size_t n;
} cmd_azure_show = { .lock = PTHREAD_MUTEX_INITIALIZER };

static bool cmd_azure_show_terminal(const char *state)
{
	return strcasecmp(state, "InProgress") && strcasecmp(state, "Updating") &&
		strcasecmp(state, "Deleting");
}

/** true if (label, state) differs from what was printed last for label */
static bool cmd_azure_show_changed(const char *label, const char *state)
{
	size_t i;

	for (i = 0; i < cmd_azure_show.n; i++)
	{
		if (!strcmp(cmd_azure_show.label[i], label))
			break;
	}
	if (i == CMD_AZURE_SHOW_MAX)
		return true;
	if (i == cmd_azure_show.n)
		snprintf(cmd_azure_show.label[cmd_azure_show.n++], 160, "%s", label);
	else if (!strcmp(cmd_azure_show.state[i], state))
		return false;
	snprintf(cmd_azure_show.state[i], 48, "%s", state);
	return true;
}

static void cmd_azure_show_event(void *ctx, const char *label, const char *state,
								 double elapsed)
{
	(void)ctx;
	pthread_mutex_lock(&cmd_azure_show.lock);
	if (cmd_azure_show.tty)
	{
		printf("\r\033[K[%7.1fs] %s: %s", elapsed, label, state);
		if (cmd_azure_show_terminal(state))
			printf("\n");
		fflush(stdout);
	}
	else if (cmd_azure_show_changed(label, state))
	{
		printf("[%7.1fs] %s: %s\n", elapsed, label, state);
		fflush(stdout);
	}
	pthread_mutex_unlock(&cmd_azure_show.lock);
}

void cmd_azure_show_begin(azure_run_t *run)
{
	cmd_azure_show.tty = isatty(STDOUT_FILENO);
	cmd_azure_show.n = 0;
	run->cb = cmd_azure_show_event;
	run->ctx = NULL;
}

size_t cmd_azure_show_plan(const azure_change_t *ch, size_t n)
{
	size_t counts[4] = { 0 };

	for (size_t i = 0; i < n; i++)
	{
		counts[ch[i].action]++;
		printf("  %-9s %s%s%s\n", azure_action_name(ch[i].action), ch[i].res.label,
			   ch[i].detail[0] ? ": " : "", ch[i].detail);
	}
	printf("Plan: %zu to create, %zu to update, %zu unchanged, %zu still running.\n",
		   counts[AZURE_CREATE], counts[AZURE_UPDATE], counts[AZURE_SAME], counts[AZURE_WAIT]);
	return counts[AZURE_CREATE] + counts[AZURE_UPDATE];
}

void cmd_azure_show_status(json_t *rows, bool as_json)
{
	json_t *r;
	size_t i;

	if (as_json)
	{
		json_dumpf(rows, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		printf("\n");
		return;
	}
	json_array_foreach(rows, i, r)
	{
		const char *cs = json_string_value(json_object_get(r, "connectionStatus"));
		const char *ip = json_string_value(json_object_get(r, "ipAddress"));

		printf("  %-56s %-10s", json_string_value(json_object_get(r, "resource")),
			   json_string_value(json_object_get(r, "provisioningState")));
		if (ip)
			printf(" %s", ip);
		if (cs)
			printf(" %s in %lld B out %lld B tunnels %zu", cs,
				   (long long)json_integer_value(json_object_get(r, "ingressBytesTransferred")),
				   (long long)json_integer_value(json_object_get(r, "egressBytesTransferred")),
				   json_array_size(json_object_get(r, "tunnelConnectionStatus")));
		printf("\n");
	}
}

size_t cmd_azure_show_issues(const azure_issues_t *is)
{
	for (size_t i = 0; i < is->n; i++)
		fprintf(stderr, "crosspeer azure: %s: %s; fix: %s\n", is->item[i].resource,
				is->item[i].rule, is->item[i].fix);
	return is->n;
}

static json_t *cmd_azure_show_list(const char (*list)[128], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(list[i]));
	return a;
}

json_t *cmd_azure_show_peer(const azure_peer_t *peer, const char *tenant, const char *to)
{
	char conn[96];
	json_t *subnets = json_array();

	for (size_t i = 0; i < peer->n_subnets; i++)
		json_array_append_new(subnets, json_string(peer->subnets[i]));
	snprintf(conn, sizeof(conn), "conn-to-%s", to);
	return json_pack("{s:s,s:s,s:{s:s,s:o},s:o,s:o,s:i,s:i}", "tenant", tenant,
					 "connection", conn, "remote", "address", peer->address, "subnets", subnets,
					 "ike_proposals", cmd_azure_show_list(peer->ike, peer->n_ike),
					 "esp_proposals", cmd_azure_show_list(peer->esp, peer->n_esp),
					 "esp_lifetime_s", (json_int_t)peer->esp_lifetime_s,
					 "dpd_timeout_s", (json_int_t)peer->dpd_timeout_s);
}

void cmd_azure_show_error(const azure_run_t *run)
{
	char line[1600];

	arm_error_format(&run->err, line, sizeof(line));
	if (cmd_azure_show.tty)
		printf("\n");
	fprintf(stderr, "crosspeer azure: %s: %s\n", run->err_object[0] ? run->err_object : "ARM",
			line);
}
