/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bird_ctl.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long bird_ctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int bird_ctl_connect(const char *sock, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(sock) >= sizeof(sa.sun_path))
		return snprintf(err, errlen, "%s: path too long for a socket", sock), -1;
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
	{
		snprintf(err, errlen, "%s: %s", sock, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* One reply line "dddd-..." or "dddd ..." or " ...": its code (0 for a continuation), and
 * whether it ends the reply. */
static int bird_ctl_line(const char *line, bool *last)
{
	int code = 0;

	*last = false;
	if (line[0] == ' ')
		return 0;
	for (int i = 0; i < 4; i++)
	{
		if (line[i] < '0' || line[i] > '9')
			return -1;
		code = code * 10 + (line[i] - '0');
	}
	*last = line[4] == ' ' && (code < 1000 || code >= 8000);
	return code;
}

/* Read lines until the reply's last; text into buf. @return final code, -1 on error. */
static int bird_ctl_read(int fd, long deadline, bool greeting, char *buf, size_t len,
						 char *err, size_t errlen)
{
	char in[8192];
	size_t have = 0, used = 0;

	if (len)
		buf[0] = '\0';
	for (;;)
	{
		char *nl;
		bool last;
		int code;

		while ((nl = memchr(in, '\n', have)))
		{
			*nl = '\0';
			code = bird_ctl_line(in, &last);
			if (code < 0)
				return snprintf(err, errlen, "unexpected reply line '%.60s'", in), -1;
			if (!greeting && len && used + strlen(in) + 1 < len)
				used += (size_t)snprintf(buf + used, len - used, "%s\n", in + (in[0] == ' ' ? 1 : 5));
			have -= (size_t)(nl + 1 - in);
			memmove(in, nl + 1, have);
			if (last)
				return code;
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = deadline - bird_ctl_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return snprintf(err, errlen, "no reply within the timeout"), -1;
		if (have == sizeof(in) - 1)
			return snprintf(err, errlen, "reply line too long"), -1;
		n = read(fd, in + have, sizeof(in) - 1 - have);
		if (n <= 0)
			return snprintf(err, errlen, "connection closed"), -1;
		have += (size_t)n;
	}
}

int bird_ctl_command(const char *sock, const char *cmd, int timeout_ms, char *buf, size_t len,
					 char *err, size_t errlen)
{
	long deadline = bird_ctl_now_ms() + timeout_ms;
	char line[256];
	int fd = bird_ctl_connect(sock, err, errlen), code;
	int n = snprintf(line, sizeof(line), "%s\n", cmd);

	if (errlen)
		err[0] = '\0';
	if (fd < 0)
		return -1;
	/* BIRD greets first ("0001 BIRD 2.0.12 ready.") */
	code = bird_ctl_read(fd, deadline, true, NULL, 0, err, errlen);
	if (code >= 0 && (n <= 0 || (size_t)n >= sizeof(line) || write(fd, line, (size_t)n) != n))
	{
		snprintf(err, errlen, "%s: could not send the command", sock);
		code = -1;
	}
	if (code >= 0)
		code = bird_ctl_read(fd, deadline, false, buf, len, err, errlen);
	close(fd);
	return code;
}

int bird_ctl_protocols(const char *sock, bird_proto_t *out, size_t max, char *err,
					   size_t errlen)
{
	char reply[16384], *save = NULL;
	int code = bird_ctl_command(sock, "show protocols", 2000, reply, sizeof(reply), err, errlen);
	size_t n = 0;

	if (code != 0)
		return code < 0 ? -1 : (snprintf(err, errlen, "show protocols: BIRD answered %d", code), -1);
	for (char *l = strtok_r(reply, "\n", &save); l && n < max; l = strtok_r(NULL, "\n", &save))
	{
		bird_proto_t *p = &out[n];
		int info = 0;

		memset(p, 0, sizeof(*p));
		/* Name Proto Table State Since Info: the header line has no "up"/"down" state */
		if (sscanf(l, "%31s %15s %15s %15s %31s %n", p->name, p->proto, p->table, p->state,
				   p->since, &info) < 5 || !strcmp(p->name, "Name"))
			continue;
		snprintf(p->info, sizeof(p->info), "%s", info ? l + info : "");
		n++;
	}
	return (int)n;
}

int bird_ctl_established(const char *sock, const char *name, char *err, size_t errlen)
{
	bird_proto_t list[16];
	int n = bird_ctl_protocols(sock, list, 16, err, errlen);

	for (int i = 0; i < n; i++)
	{
		if (!strcmp(list[i].name, name))
			return !strncmp(list[i].info, "Established", 11);
	}
	return n < 0 ? -1 : 0;
}

long bird_ctl_route_count(const char *sock, const char *name, char *err, size_t errlen)
{
	char cmd[96], reply[512];
	long routes;
	int code;

	snprintf(cmd, sizeof(cmd), "show route count protocol %s", name);
	code = bird_ctl_command(sock, cmd, 2000, reply, sizeof(reply), err, errlen);
	if (code < 0)
		return -1;
	/* "0014 2 of 2 routes for 2 networks in table master4" (ended by its own final code) */
	if (sscanf(reply, "%ld of", &routes) != 1)
		return snprintf(err, errlen, "%s: no route count in '%.60s'", cmd, reply), -1;
	return routes;
}
