/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The lab's namespaces on this machine:
 *
 *   onprem 203.0.113.10 --- 203.0.113.1  inet  198.51.100.1 --- 198.51.100.10/32 gw-a
 *   10.9.0.0/24 (lo .1)       (impairment relay on a TUN)  \--- 198.51.100.11/32 gw-b (demo)
 *
 * A gateway namespace simulates a tenant's Azure VPN gateway (`simulate`) and hosts its
 * VNet's "VM", a STAMP reflector on .4 of the VNet. The relay delays, drops, reorders and
 * duplicates the ESP that on-prem sends, as netem would on the on-prem uplink. `lab up` builds on-prem, inet and
 * gw-a from fixed settings; `lab demo` (lab_demo.c) builds the gateways from ARM.
 */

#include "lab_topology.h"
#include "exit_codes.h"
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <impair.h>
#include <lab_netns.h>
#include <lab_run.h>

#define NS_GATEWAY LAB_PREFIX "gw-a"
#define LAB_TUN "xprelay0"

/* Files the lab writes into its directory; down removes exactly these. */
static const char *const lab_files[] = {
	"psk.txt", "onprem.json", "gateway.json", "gateway.log", "reflect.log", "relay.log",
	"relay.pid", "impair.spec", "relay.counters", "verify.log",
	/* the demo's cloud half (lab_cloud.c) and its gateways */
	"azure.json", ".crosspeer-azure-lab-azure.json", "shared-key.txt", "secret-a.txt", "secret-b.txt",
	"azure-apply.log", "azure-status.log", "tls/ca.pem", "tls/cert.pem", "tls/key.pem",
	"tls/ca.key", "tls/ca.srl", "tls/ca-key.pem", "lab-a-onprem.json", "lab-a-b.json",
	"lab-b-a.json", "key-a-onprem.txt", "key-a-b.txt", "key-b-a.txt", "gw-a.log", "gw-b.log",
	"reflect-a.log", "reflect-b.log", "cross-tenant.json", "cross-tenant.log",
	"gw-a.status.json", "gw-b.status.json",
	/* the active-active BGP demo (lab_aabgp.c) */
	"aabgp-gw0.json", "aabgp-gw1.json", "aabgp-onprem.json", "aabgp-gw0.log", "aabgp-gw1.log",
	"aabgp-verify.log", NULL,
};

void lab_path(char *out, size_t len, const lab_options_t *lab, const char *name)
{
	snprintf(out, len, "%s/%s", lab->dir, name);
}

bool lab_self(char *out, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", out, len - 1);

	if (n <= 0)
		return false;
	out[n] = '\0';
	return true;
}

bool lab_write_file(const lab_options_t *lab, const char *name, const char *text)
{
	char path[512];
	bool ok;
	int fd;

	lab_path(path, sizeof(path), lab, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	if (fd >= 0)
		close(fd);
	return ok;
}

bool lab_write_psk(const lab_options_t *lab)
{
	unsigned char raw[24];
	char hex[sizeof(raw) * 2 + 2];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, raw, sizeof(raw)) == (ssize_t)sizeof(raw);

	if (fd >= 0)
		close(fd);
	for (size_t i = 0; ok && i < sizeof(raw); i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	if (ok)
	{
		strcat(hex, "\n");
		ok = lab_write_file(lab, "psk.txt", hex);
	}
	secret_wipe(raw, sizeof(raw));
	secret_wipe(hex, sizeof(hex));
	return ok;
}

static bool lab_write_profile(const lab_options_t *lab, const char *name, const char *local,
							  const char *local_net, const char *remote, const char *remote_net,
							  const char *target)
{
	char text[6000], measure[4096];

	if (!lab_measure_json(lab, target, !strcmp(name, "onprem.json"), measure, sizeof(measure)))
		return false;
	snprintf(text, sizeof(text),
			 "{\n  \"version\": 1,\n  \"name\": \"lab-%.*s\",\n"
			 "  \"local\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"remote\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"auth\": { \"psk_file\": \"psk.txt\" },\n"
			 "  \"ike\": { \"dpd_delay_s\": 10, \"dpd_timeout_s\": 45 },\n"
			 "  \"personality\": \"azure\",\n"
			 "  %s\n}\n",
			 (int)(strchr(name, '.') - name), name, local, local_net, remote, remote_net,
			 measure);
	return lab_write_file(lab, name, text);
}

static bool lab_sysctl(const char *ns, const char *setting)
{
	const char *argv[8];
	size_t n = lab_netns_exec_prefix(ns, argv);

	argv[n++] = "sysctl";
	argv[n++] = "-qw";
	argv[n++] = setting;
	argv[n] = NULL;
	return lab_run(argv, NULL) == 0;
}

/* Run one of our own subcommands inside a lab namespace, in the background. */
pid_t lab_spawn_self(const lab_options_t *lab, const char *ns, const char *log,
							const char *const args[])
{
	char self[512], out[512];
	const char *argv[24];
	size_t n = lab_netns_exec_prefix(ns, argv);

	if (!lab_self(self, sizeof(self)))
		return -1;
	lab_path(out, sizeof(out), lab, log);
	argv[n++] = self;
	for (size_t i = 0; args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return lab_spawn(argv, out);
}

/* Forwarded packets go through the relay's TUN once: in from a veth, out by the main table. */
static bool lab_route_through_relay(void)
{
	const char *const rules[][12] = {
		{ "ip", "-n", NS_INET, "link", "set", LAB_TUN, "up", NULL },
		{ "ip", "-n", NS_INET, "route", "add", "default", "dev", LAB_TUN, "table", "100", NULL },
		{ "ip", "-n", NS_INET, "rule", "add", "iif", "xpl1", "lookup", "100", "pref", "100", NULL },
	};

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
	{
		if (lab_run(rules[i], NULL) != 0)
			return false;
	}
	return lab_sysctl(NS_INET, "net.ipv4.conf." LAB_TUN ".rp_filter=0");
}

static bool lab_start_relay(const lab_options_t *lab)
{
	char spec[512], counters[512], pid[32];
	const char *const link[] = { "ip", "-n", NS_INET, "link", "show", LAB_TUN, NULL };
	pid_t relay;

	lab_path(spec, sizeof(spec), lab, "impair.spec");
	lab_path(counters, sizeof(counters), lab, "relay.counters");
	relay = lab_spawn_self(lab, NS_INET, "relay.log", (const char *const[]){ "lab", "relay",
		"--tun", LAB_TUN, "--from", "203.0.113.0/24", "--spec-file", spec, "--counters-file",
		counters, NULL });
	if (relay < 0)
		return false;
	snprintf(pid, sizeof(pid), "%d\n", (int)relay);
	for (int i = 0; i < 100 && lab_run(link, NULL) != 0; i++)
		nanosleep(&(struct timespec){ 0, 20 * 1000000L }, NULL);
	return lab_write_file(lab, "relay.pid", pid) && lab_route_through_relay();
}

bool lab_build_base(const lab_options_t *lab)
{
	char err[300];
	impair_conf_t conf;

	if (!impair_parse(lab->impair, &conf, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer lab: --impair %s\n", err);
		return false;
	}
	lab_netns_delete_prefix(LAB_PREFIX);
	if ((mkdir(lab->dir, 0700) < 0 && errno != EEXIST) ||
		!lab_netns_create(NS_ONPREM) || !lab_netns_create(NS_INET) ||
		!lab_netns_veth(NS_ONPREM, "xpl0", "203.0.113.10/24", NS_INET, "xpl1", "203.0.113.1/24") ||
		!lab_netns_route(NS_ONPREM, "default", "203.0.113.1") ||
		!lab_netns_lo_addr(NS_ONPREM, "10.9.0.1/32") ||
		!lab_sysctl(NS_INET, "net.ipv4.ip_forward=1") ||
		!lab_sysctl(NS_INET, "net.ipv4.conf.all.rp_filter=0") ||
		!lab_sysctl(NS_INET, "net.ipv4.conf.default.rp_filter=0") ||
		!lab_write_file(lab, "impair.spec", lab->impair ?: "none") || !lab_start_relay(lab))
	{
		fprintf(stderr, "crosspeer lab: building the lab in %s failed (iproute2 and procps "
				"installed? veth and TUN available?)\n", lab->dir);
		return false;
	}
	return true;
}

/* `lab up`: tenant A's gateway at a fixed address, simulated from a written profile. */
static bool lab_start_gateway(const lab_options_t *lab)
{
	char profile[512], log[512];

	lab_path(profile, sizeof(profile), lab, "gateway.json");
	lab_path(log, sizeof(log), lab, "gateway.log");
	return lab_gateway_ns(NS_GATEWAY, "xpl2", "xpl3", "198.51.100.10", "10.1.0.4") &&
		   lab_write_psk(lab) &&
		   lab_write_profile(lab, "onprem.json", "203.0.113.10", "10.9.0.0/24", "198.51.100.10",
							 "10.1.0.0/16", "10.1.0.4") &&
		   lab_write_profile(lab, "gateway.json", "198.51.100.10", "10.1.0.0/16",
							 "203.0.113.10", "10.9.0.0/24", "10.9.0.1") &&
		   lab_spawn_self(lab, NS_GATEWAY, "gateway.log", (const char *const[]){
			   "simulate", "--profile", profile, NULL }) > 0 &&
		   lab_wait_for(log, "simulating", 10000) &&
		   lab_spawn_self(lab, NS_GATEWAY, "reflect.log", (const char *const[]){
			   "reflect", "--listen", "10.1.0.4:862", NULL }) > 0;
}

int lab_topology_up(const lab_options_t *lab)
{
	if (!lab_build_base(lab))
	{
		lab_topology_down(lab);
		return XP_EXIT_ENV;
	}
	if (!lab_start_gateway(lab))
	{
		fprintf(stderr, "crosspeer lab: a lab process did not start; see the logs in %s\n",
				lab->dir);
		lab_topology_down(lab);
		return XP_EXIT_ENV;
	}
	printf("lab up: tenant A's gateway 198.51.100.10 (VNet 10.1.0.0/16, reflector 10.1.0.4) "
		   "simulated in %s;\n  impairment on-prem -> gateway: %s\n"
		   "  on-prem side: ip netns exec %s crosspeer verify --profile %s/onprem.json\n"
		   "  change it:    crosspeer lab impair delay=20ms,jitter=2ms,loss=1%%\n"
		   "  tear down:    crosspeer lab down\n", NS_GATEWAY, lab->impair ?: "none",
		   NS_ONPREM, lab->dir);
	return XP_EXIT_PASS;
}

int lab_topology_down(const lab_options_t *lab)
{
	char path[512];
	int n = lab_netns_delete_prefix(LAB_PREFIX);

	/* the namespaces' processes are stopped now; those this process started are its
	 * children, to be waited for, not left as zombies (none when `lab down` runs alone) */
	lab_reap(3000);

	for (int i = 0; lab_files[i]; i++)
	{
		lab_path(path, sizeof(path), lab, lab_files[i]);
		unlink(path);
	}
	lab_path(path, sizeof(path), lab, "tls");
	rmdir(path);
	rmdir(lab->dir);
	printf("lab down: %d namespace%s removed\n", n, n == 1 ? "" : "s");
	return XP_EXIT_PASS;
}

/* The relay's pid, from its pid file; 0 when no lab runs. */
static int lab_relay_pid(const lab_options_t *lab)
{
	char path[512], pid[32] = "";
	FILE *f;

	lab_path(path, sizeof(path), lab, "relay.pid");
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(pid, sizeof(pid), f))
		pid[0] = '\0';
	fclose(f);
	return atoi(pid) > 1 ? atoi(pid) : 0;
}

/* Rewrite impair.spec: its first line is spec (NULL: keep it), its "from" lines are kept and
 * from (if any) is added; then the relay re-reads it. */
static bool lab_relay_update(const lab_options_t *lab, const char *spec, const char *from)
{
	char path[512], text[2048] = "", line[512], first[512] = "none";
	int pid = lab_relay_pid(lab);
	FILE *f;

	lab_path(path, sizeof(path), lab, "impair.spec");
	if ((f = fopen(path, "r")))
	{
		for (int n = 0; fgets(line, sizeof(line), f); n++)
		{
			if (!n)
				snprintf(first, sizeof(first), "%.*s", (int)strcspn(line, "\r\n"), line);
			else if (!strncmp(line, "from ", 5) && strlen(text) + strlen(line) < sizeof(text))
				strcat(text, line);
		}
		fclose(f);
	}
	snprintf(line, sizeof(line), "%.510s\n", spec ? spec : first);
	if (from && strlen(text) + strlen(from) + 8 < sizeof(text))
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "from %s\n", from);
	if (strlen(line) + strlen(text) >= sizeof(text))
		return false;
	memmove(text + strlen(line), text, strlen(text) + 1);
	memcpy(text, line, strlen(line));
	return pid && lab_write_file(lab, "impair.spec", text) && kill(pid, SIGHUP) == 0;
}

bool lab_relay_impair_from(const lab_options_t *lab, const char *cidr)
{
	return lab_relay_update(lab, NULL, cidr);
}

int lab_topology_impair(const lab_options_t *lab)
{
	char err[300];
	impair_conf_t conf;

	if (!impair_parse(lab->impair, &conf, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer lab impair: %s\n", err);
		return XP_EXIT_USAGE;
	}
	if (!lab_relay_pid(lab))
	{
		fprintf(stderr, "crosspeer lab impair: %s/relay.pid: no running lab (crosspeer lab "
				"up)\n", lab->dir);
		return XP_EXIT_ENV;
	}
	if (!lab_relay_update(lab, lab->impair, NULL))
	{
		fprintf(stderr, "crosspeer lab impair: the relay (pid %d) is gone; run crosspeer lab "
				"down and up\n", lab_relay_pid(lab));
		return XP_EXIT_ENV;
	}
	printf("impairment: %s\n", lab->impair);
	return XP_EXIT_PASS;
}

/* The VNet's "VM": .4 in the first prefix, as in Azure (the first addresses are reserved). */
void lab_vm_address(const char *prefix, char *out, size_t len)
{
	unsigned a, b, c, d;

	if (sscanf(prefix, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		a = b = c = 0;
	snprintf(out, len, "%u.%u.%u.4", a, b, c);
}

/* A gateway namespace on the internet segment, with its public IP from ARM: /32 addresses
 * routed through the internet namespace, so traffic between gateways crosses the relay. */
bool lab_gateway_ns(const char *ns, const char *if_inet, const char *if_gw,
						   const char *address, const char *vm)
{
	char addr32[80], vm32[80];

	snprintf(addr32, sizeof(addr32), "%s/32", address);
	snprintf(vm32, sizeof(vm32), "%s/32", vm);
	return lab_netns_create(ns) &&
		   lab_netns_veth(NS_INET, if_inet, "198.51.100.1/32", ns, if_gw, addr32) &&
		   lab_run((const char *[]){ "ip", "-n", NS_INET, "route", "add", addr32, "dev",
									 if_inet, NULL }, NULL) == 0 &&
		   lab_run((const char *[]){ "ip", "-n", ns, "route", "add", "198.51.100.1", "dev",
									 if_gw, NULL }, NULL) == 0 &&
		   lab_netns_route(ns, "default", "198.51.100.1") &&
		   lab_netns_lo_addr(ns, vm32) &&
		   lab_run((const char *[]){ "ip", "-n", NS_INET, "rule", "add", "iif", if_inet,
									 "lookup", "100", NULL }, NULL) == 0;
}

