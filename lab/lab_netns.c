/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "lab_netns.h"
#include "lab_run.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool lab_ip(const char *const argv[])
{
	return lab_run(argv, NULL) == 0;
}

bool lab_netns_create(const char *ns)
{
	lab_netns_delete(ns);
	return lab_ip((const char *[]){ "ip", "netns", "add", ns, NULL }) &&
		   lab_ip((const char *[]){ "ip", "-n", ns, "link", "set", "lo", "up", NULL });
}

/* `ip netns pids` lists the processes inside; signal them all. */
static int lab_netns_signal(const char *ns, int sig)
{
	char cmd[256], line[32];
	int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ip netns pids '%s' 2>/dev/null", ns);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p))
	{
		long pid = strtol(line, NULL, 10);

		if (pid > 1 && kill((pid_t)pid, sig) == 0)
			n++;
	}
	pclose(p);
	return n;
}

void lab_netns_delete(const char *ns)
{
	struct timespec pause = { 0, 100 * 1000000L };

	if (lab_netns_signal(ns, SIGTERM))
	{
		/* a moment for agents to send their DELETEs, then insist */
		for (int i = 0; i < 30 && lab_netns_signal(ns, 0); i++)
			nanosleep(&pause, NULL);
		lab_netns_signal(ns, SIGKILL);
	}
	lab_run((const char *[]){ "ip", "netns", "del", ns, NULL }, NULL);
}

int lab_netns_delete_prefix(const char *prefix)
{
	DIR *dir = opendir("/run/netns");
	struct dirent *e;
	char names[64][256];
	int n = 0;

	if (!dir)
		return 0;
	while ((e = readdir(dir)) && n < 64)
	{
		if (!strncmp(e->d_name, prefix, strlen(prefix)))
			snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
	}
	closedir(dir);
	for (int i = 0; i < n; i++)
		lab_netns_delete(names[i]);
	return n;
}

bool lab_netns_veth(const char *ns_a, const char *if_a, const char *addr_a,
					const char *ns_b, const char *if_b, const char *addr_b)
{
	return lab_ip((const char *[]){ "ip", "link", "add", if_a, "netns", ns_a, "type", "veth",
									"peer", "name", if_b, "netns", ns_b, NULL }) &&
		   lab_ip((const char *[]){ "ip", "-n", ns_a, "addr", "add", addr_a, "dev", if_a,
									NULL }) &&
		   lab_ip((const char *[]){ "ip", "-n", ns_b, "addr", "add", addr_b, "dev", if_b,
									NULL }) &&
		   lab_ip((const char *[]){ "ip", "-n", ns_a, "link", "set", if_a, "up", NULL }) &&
		   lab_ip((const char *[]){ "ip", "-n", ns_b, "link", "set", if_b, "up", NULL });
}

bool lab_netns_lo_addr(const char *ns, const char *addr)
{
	return lab_ip((const char *[]){ "ip", "-n", ns, "addr", "add", addr, "dev", "lo", NULL });
}

bool lab_netns_route(const char *ns, const char *dst, const char *gw)
{
	return lab_ip((const char *[]){ "ip", "-n", ns, "route", "add", dst, "via", gw, NULL });
}

size_t lab_netns_exec_prefix(const char *ns, const char *argv[])
{
	argv[0] = "ip";
	argv[1] = "netns";
	argv[2] = "exec";
	argv[3] = ns;
	return 4;
}
