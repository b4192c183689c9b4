/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The Azure CLI's token, as AzureCliCredential gets it: run
 * "az account get-access-token --output json --resource
 * https://management.azure.com/ --tenant T" (no shell, no secret in argv) and
 * read accessToken with expires_on (newer az) or expiresOn (local time).
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "arm_private.h"

#define ARM_CLI_MAX_OUT (64 * 1024)

extern char **environ;

/** What the child wrote on stdout and stderr. */
typedef struct {
	char out[ARM_CLI_MAX_OUT + 1];
	size_t out_len;
	char err[1024];
	size_t err_len;
} arm_cli_io_t;

/** Read both pipes until EOF or the deadline; false on timeout. */
static bool arm_cred_cli_drain(int fd_out, int fd_err, arm_cli_io_t *io, long timeout_ms)
{
	struct pollfd p[2] = { { .fd = fd_out, .events = POLLIN }, { .fd = fd_err, .events = POLLIN } };
	double deadline = arm_client_now() + timeout_ms / 1000.0;

	while (p[0].fd >= 0 || p[1].fd >= 0)
	{
		long left = (long)((deadline - arm_client_now()) * 1000);

		if (left <= 0 || poll(p, 2, (int)left) < 0)
			return false;
		for (int i = 0; i < 2; i++)
		{
			char *buf = i ? io->err : io->out;
			size_t *len = i ? &io->err_len : &io->out_len;
			size_t cap = i ? sizeof(io->err) - 1 : ARM_CLI_MAX_OUT;
			char sink[512];
			ssize_t n;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = *len < cap ? read(p[i].fd, buf + *len, cap - *len) : read(p[i].fd, sink,
																			sizeof(sink));
			if (n <= 0)
				p[i].fd = -1;
			else if (*len < cap)
				*len += (size_t)n;
		}
	}
	return true;
}

/** Run argv with stdout and stderr captured; the exit status or -1 (errno set). */
static int arm_cred_cli_run(char *const argv[], arm_cli_io_t *io, long timeout_ms)
{
	posix_spawn_file_actions_t fa;
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, status = -1, e = 0;
	pid_t pid = -1;

	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC))
		goto out;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (e)
		goto out;
	if (!arm_cred_cli_drain(po[0], pe[0], io, timeout_ms))
	{
		kill(pid, SIGKILL);
		e = ETIMEDOUT;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	status = e ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	for (int i = 0; i < 2; i++)
	{
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	errno = e ? e : errno;
	return e ? -1 : status;
}

/** Seconds left: expires_on (epoch) or expiresOn ("YYYY-MM-DD HH:MM:SS.ffffff", local). */
static long arm_cred_cli_life(json_t *doc)
{
	json_t *on = json_object_get(doc, "expires_on");
	const char *text = json_string_value(json_object_get(doc, "expiresOn"));
	struct tm tm = { .tm_isdst = -1 };

	if (json_is_integer(on))
		return (long)(json_integer_value(on) - time(NULL));
	if (json_is_string(on))
		return strtol(json_string_value(on), NULL, 10) - (long)time(NULL);
	if (!text || !strptime(text, "%Y-%m-%d %H:%M:%S", &tm))
		return 0;
	return (long)(mktime(&tm) - time(NULL));
}

/** First line of what az said on stderr, for the message. */
static void arm_cred_cli_reason(arm_cli_io_t *io, int status, arm_error_t *err)
{
	io->err[io->err_len] = '\0';
	io->err[strcspn(io->err, "\r\n")] = '\0';
	arm_client_fail(err, 0, "CredentialUnavailable", "exited %d%s%.300s", status,
					io->err[0] ? ": " : "", io->err);
}

int arm_cred_cli_fetch(arm_client_t *c, const arm_tenant_t *t, char **token, long *life_s,
					   arm_error_t *err)
{
	char *argv[] = { t->program, "account", "get-access-token", "--output", "json",
		"--resource", "https://management.azure.com/", "--tenant", (char *)t->tenant, NULL };
	arm_cli_io_t *io = calloc(1, sizeof(*io));
	const char *tok;
	json_t *doc;
	int status, rc = -1;

	if (!io)
		return arm_client_fail(err, 0, "OutOfMemory", "az output");
	status = arm_cred_cli_run(argv, io, c->opts.timeout_ms);
	if (status < 0)
		arm_client_fail(err, 0, "CredentialUnavailable", "%s", errno == ENOENT ? "not found on "
						"PATH; install the Azure CLI and run 'az login'" : errno == ETIMEDOUT ?
						"did not answer in time" : strerror(errno));
	else if (status)
		arm_cred_cli_reason(io, status, err);
	else if (!(doc = json_loadb(io->out, io->out_len, 0, NULL)) ||
			 !(tok = json_string_value(json_object_get(doc, "accessToken"))))
	{
		arm_client_fail(err, 0, "InvalidTokenResponse", "printed no JSON with accessToken");
		json_decref(doc);
	}
	else
	{
		*life_s = arm_cred_cli_life(doc);
		*token = strdup(tok);
		rc = *token ? 0 : arm_client_fail(err, 0, "OutOfMemory", "token");
		json_decref(doc);
	}
	OPENSSL_cleanse(io, sizeof(*io));
	free(io);
	return rc;
}
