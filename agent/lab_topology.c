/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "lab_topology.h"
#include "exit_codes.h"
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lab_netns.h>
#include <lab_run.h>

#define LAB_PREFIX "crosspeer-lab-"
#define NS_ONPREM LAB_PREFIX "onprem"
#define NS_PARTNER LAB_PREFIX "partner"

/* Files the lab writes into its directory; down removes exactly these. */
static const char *const lab_files[] = {
	"psk.txt", "onprem.json", "partner.json", "onprem.log", "partner.log", "reflect.log",
	"verify.log", NULL,
};

static void lab_path(char *out, size_t len, const lab_options_t *lab, const char *name)
{
	snprintf(out, len, "%s/%s", lab->dir, name);
}

static bool lab_self(char *out, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", out, len - 1);

	if (n <= 0)
		return false;
	out[n] = '\0';
	return true;
}

static bool lab_write_psk(const lab_options_t *lab)
{
	unsigned char raw[24];
	char path[512], hex[sizeof(raw) * 2 + 2];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0 || read(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw))
	{
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	strcat(hex, "\n");
	lab_path(path, sizeof(path), lab, "psk.txt");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex);
	if (fd >= 0)
		close(fd);
	secret_wipe(raw, sizeof(raw));
	secret_wipe(hex, sizeof(hex));
	return ok;
}

static bool lab_write_profile(const lab_options_t *lab, const char *name, const char *local,
							  const char *local_net, const char *remote, const char *remote_net,
							  const char *target)
{
	char path[512];
	FILE *f;

	lab_path(path, sizeof(path), lab, name);
	f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "{\n  \"version\": 1,\n  \"name\": \"lab-%.*s\",\n"
			"  \"local\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			"  \"remote\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			"  \"auth\": { \"psk_file\": \"psk.txt\" },\n"
			"  \"ike\": { \"dpd_delay_s\": 10, \"dpd_timeout_s\": 45 },\n"
			"  \"personality\": \"azure\",\n"
			"  \"probe\": { \"targets\": [ { \"address\": \"%s\", \"kind\": \"stamp\" } ],\n"
			"             \"rate_pps\": 50, \"count\": 200, \"size\": 64 },\n"
			"  \"thresholds\": { \"rtt_p99_ms\": 50, \"loss_pct\": 1.0, \"min_pmtu\": 1300 }\n}\n",
			(int)(strchr(name, '.') - name), name, local, local_net, remote, remote_net, target);
	return fclose(f) == 0;
}

static bool lab_build(const lab_options_t *lab)
{
	lab_netns_delete_prefix(LAB_PREFIX);
	if (mkdir(lab->dir, 0700) < 0 && errno != EEXIST)
	{
		fprintf(stderr, "crosspeer lab: %s: %s\n", lab->dir, strerror(errno));
		return false;
	}
	if (!lab_netns_create(NS_ONPREM) || !lab_netns_create(NS_PARTNER) ||
		!lab_netns_veth(NS_ONPREM, "xplab0", "192.0.2.1/24", NS_PARTNER, "xplab1",
						"192.0.2.2/24") ||
		!lab_netns_lo_addr(NS_ONPREM, "10.1.0.1/32") ||
		!lab_netns_lo_addr(NS_PARTNER, "10.2.0.1/32"))
	{
		fprintf(stderr, "crosspeer lab: building the namespaces failed (iproute2 "
				"installed? veth available?)\n");
		return false;
	}
	if (!lab_write_psk(lab) ||
		!lab_write_profile(lab, "onprem.json", "192.0.2.1", "10.1.0.0/24", "192.0.2.2",
						   "10.2.0.0/24", "10.2.0.1") ||
		!lab_write_profile(lab, "partner.json", "192.0.2.2", "10.2.0.0/24", "192.0.2.1",
						   "10.1.0.0/24", "10.1.0.1"))
	{
		fprintf(stderr, "crosspeer lab: writing profiles into %s failed\n", lab->dir);
		return false;
	}
	return true;
}

/* Run one of our own subcommands inside a lab namespace, in the background. */
static pid_t lab_spawn_self(const lab_options_t *lab, const char *ns, const char *sub,
							const char *profile, const char *log)
{
	char self[512], prof[512], out[512];
	const char *argv[16];
	size_t n = lab_netns_exec_prefix(ns, argv);

	if (!lab_self(self, sizeof(self)))
		return -1;
	lab_path(prof, sizeof(prof), lab, profile);
	lab_path(out, sizeof(out), lab, log);
	argv[n++] = self;
	argv[n++] = sub;
	argv[n++] = "--profile";
	argv[n++] = prof;
	argv[n] = NULL;
	return lab_spawn(argv, out);
}

/* The partner VNet's "VM": a STAMP reflector (and throughput sink) on its inner address. */
static pid_t lab_spawn_reflect(const lab_options_t *lab)
{
	char self[512], out[512];
	const char *argv[12];
	size_t n = lab_netns_exec_prefix(NS_PARTNER, argv);

	if (!lab_self(self, sizeof(self)))
		return -1;
	lab_path(out, sizeof(out), lab, "reflect.log");
	argv[n++] = self;
	argv[n++] = "reflect";
	argv[n++] = "--listen";
	argv[n++] = "10.2.0.1:862";
	argv[n] = NULL;
	return lab_spawn(argv, out);
}

int lab_topology_up(const lab_options_t *lab)
{
	char log[512];

	if (!lab_build(lab))
	{
		lab_topology_down(lab);
		return XP_EXIT_ENV;
	}
	lab_path(log, sizeof(log), lab, "partner.log");
	if (lab_spawn_self(lab, NS_PARTNER, "simulate", "partner.json", "partner.log") < 0 ||
		!lab_wait_for(log, "simulating", 10000))
	{
		fprintf(stderr, "crosspeer lab: the simulated partner gateway did not start; see %s\n",
				log);
		lab_topology_down(lab);
		return XP_EXIT_ENV;
	}
	if (lab_spawn_reflect(lab) < 0)
	{
		fprintf(stderr, "crosspeer lab: the STAMP reflector did not start\n");
		lab_topology_down(lab);
		return XP_EXIT_ENV;
	}
	printf("lab up: partner gateway 192.0.2.2 (subnet 10.2.0.0/24) simulated in %s,\n"
		   "  STAMP reflector on 10.2.0.1:862\n"
		   "  on-prem side: ip netns exec %s crosspeer up --profile %s/onprem.json\n"
		   "  tear down:    crosspeer lab down\n", NS_PARTNER, NS_ONPREM, lab->dir);
	return XP_EXIT_PASS;
}

int lab_topology_down(const lab_options_t *lab)
{
	char path[512];
	int n = lab_netns_delete_prefix(LAB_PREFIX);

	for (int i = 0; lab_files[i]; i++)
	{
		lab_path(path, sizeof(path), lab, lab_files[i]);
		unlink(path);
	}
	rmdir(lab->dir);
	printf("lab down: %d namespace%s removed\n", n, n == 1 ? "" : "s");
	return XP_EXIT_PASS;
}

/* Where the demo's report goes: --report DIR, or a new folder named on the last line. */
static void lab_report_dir(const lab_options_t *lab, char *out, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (lab->report_dir)
	{
		snprintf(out, len, "%s", lab->report_dir);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(out, len, "/var/tmp/crosspeer-lab-report-%Y%m%d-%H%M%S", &tm);
}

int lab_topology_demo(const lab_options_t *lab)
{
	char self[512], prof[512], log[512], report[512];
	const char *argv[16];
	size_t n;
	int rc = lab_topology_up(lab);

	if (rc != XP_EXIT_PASS)
		return rc;
	if (!lab_self(self, sizeof(self)))
		return XP_EXIT_ENV;
	lab_report_dir(lab, report, sizeof(report));
	lab_path(prof, sizeof(prof), lab, "onprem.json");
	lab_path(log, sizeof(log), lab, "verify.log");
	printf("lab demo: verifying the tunnel on-prem 10.1.0.0/24 -> partner 10.2.0.0/24\n");
	fflush(stdout);
	n = lab_netns_exec_prefix(NS_ONPREM, argv);
	argv[n++] = self;
	argv[n++] = "verify";
	argv[n++] = "--profile";
	argv[n++] = prof;
	argv[n++] = "--report";
	argv[n++] = report;
	argv[n] = NULL;
	rc = lab_run_logged(argv, log);
	if (rc < 0)
		rc = XP_EXIT_ENV;
	lab_topology_down(lab);
	printf("lab demo: %s\nreports in %s\n", rc == XP_EXIT_PASS ? "PASS" : "FAIL", report);
	return rc;
}
