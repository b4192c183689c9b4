/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The lab: three namespaces on this machine.
 *
 *   onprem 203.0.113.10 ---- 203.0.113.1  inet  198.51.100.1 ---- 198.51.100.10 gateway
 *   10.9.0.0/24 (lo .1)            (impairment relay on a TUN)          10.1.0.0/16 (VM .4)
 *
 * The gateway namespace simulates tenant A's Azure VPN gateway (`simulate`) and hosts the
 * VNet's "VM", a STAMP reflector on 10.1.0.4. The relay delays, drops, reorders and
 * duplicates the ESP that on-prem sends towards the gateway.
 */

#include "lab_topology.h"
#include "exit_codes.h"
#include "secret.h"
#include "lab_cloud.h"

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

#define LAB_PREFIX "crosspeer-lab-"
#define NS_ONPREM LAB_PREFIX "onprem"
#define NS_INET LAB_PREFIX "inet"
#define NS_GATEWAY LAB_PREFIX "gateway"
#define LAB_TUN "xprelay0"

/* Files the lab writes into its directory; down removes exactly these. */
static const char *const lab_files[] = {
	"psk.txt", "onprem.json", "gateway.json", "gateway.log", "reflect.log", "relay.log",
	"relay.pid", "impair.spec", "relay.counters", "verify.log",
	/* the demo's cloud half (lab_cloud.c) and its gateways */
	"azure.json", "azure-state.json", "shared-key.txt", "secret-a.txt", "secret-b.txt",
	"azure-apply.log", "azure-status.log", "tls/ca.pem", "tls/cert.pem", "tls/key.pem",
	"tls/ca.key", "tls/ca.srl", "tls/ca-key.pem", "lab-a-onprem.json", "lab-a-b.json",
	"lab-b-a.json", "key-a-onprem.txt", "key-a-b.txt", "key-b-a.txt", "gw-a.log", "gw-b.log",
	"reflect-a.log", "reflect-b.log", "cross-tenant.log", NULL,
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

static bool lab_write_file(const lab_options_t *lab, const char *name, const char *text)
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

static bool lab_write_psk(const lab_options_t *lab)
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
	char text[1500];

	snprintf(text, sizeof(text),
			 "{\n  \"version\": 1,\n  \"name\": \"lab-%.*s\",\n"
			 "  \"local\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"remote\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"auth\": { \"psk_file\": \"psk.txt\" },\n"
			 "  \"ike\": { \"dpd_delay_s\": 10, \"dpd_timeout_s\": 45 },\n"
			 "  \"personality\": \"azure\",\n"
			 "  \"probe\": { \"targets\": [ { \"address\": \"%s\", \"kind\": \"stamp\" } ],\n"
			 "             \"rate_pps\": 50, \"count\": 200, \"size\": 64 },\n"
			 "  \"thresholds\": { \"rtt_p99_ms\": 50, \"loss_pct\": 1.0, \"min_pmtu\": 1300 }\n}\n",
			 (int)(strchr(name, '.') - name), name, local, local_net, remote, remote_net,
			 target);
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

static bool lab_build_namespaces(void)
{
	return lab_netns_create(NS_ONPREM) && lab_netns_create(NS_INET) &&
		   lab_netns_create(NS_GATEWAY) &&
		   lab_netns_veth(NS_ONPREM, "xpl0", "203.0.113.10/24", NS_INET, "xpl1",
						  "203.0.113.1/24") &&
		   lab_netns_veth(NS_INET, "xpl2", "198.51.100.1/24", NS_GATEWAY, "xpl3",
						  "198.51.100.10/24") &&
		   lab_netns_route(NS_ONPREM, "default", "203.0.113.1") &&
		   lab_netns_route(NS_GATEWAY, "default", "198.51.100.1") &&
		   lab_netns_lo_addr(NS_ONPREM, "10.9.0.1/32") &&
		   lab_netns_lo_addr(NS_GATEWAY, "10.1.0.4/32") &&
		   lab_sysctl(NS_INET, "net.ipv4.ip_forward=1") &&
		   lab_sysctl(NS_INET, "net.ipv4.conf.all.rp_filter=0") &&
		   lab_sysctl(NS_INET, "net.ipv4.conf.default.rp_filter=0");
}

static bool lab_build(const lab_options_t *lab)
{
	char err[300];
	impair_conf_t conf;

	if (!impair_parse(lab->impair, &conf, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer lab: --impair %s\n", err);
		return false;
	}
	lab_netns_delete_prefix(LAB_PREFIX);
	if (mkdir(lab->dir, 0700) < 0 && errno != EEXIST)
	{
		fprintf(stderr, "crosspeer lab: %s: %s\n", lab->dir, strerror(errno));
		return false;
	}
	if (!lab_build_namespaces())
	{
		fprintf(stderr, "crosspeer lab: building the namespaces failed (iproute2 and procps "
				"installed? veth available?)\n");
		return false;
	}
	if (!lab_write_psk(lab) || !lab_write_file(lab, "impair.spec", lab->impair ?: "none") ||
		!lab_write_profile(lab, "onprem.json", "203.0.113.10", "10.9.0.0/24", "198.51.100.10",
						   "10.1.0.0/16", "10.1.0.4") ||
		!lab_write_profile(lab, "gateway.json", "198.51.100.10", "10.1.0.0/16", "203.0.113.10",
						   "10.9.0.0/24", "10.9.0.1"))
	{
		fprintf(stderr, "crosspeer lab: writing into %s failed\n", lab->dir);
		return false;
	}
	return true;
}

/* Run one of our own subcommands inside a lab namespace, in the background. */
static pid_t lab_spawn_self(const lab_options_t *lab, const char *ns, const char *log,
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
		{ "ip", "-n", NS_INET, "rule", "add", "iif", "xpl2", "lookup", "100", "pref", "101", NULL },
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
		"--tun", LAB_TUN, "--from", "203.0.113.0/24", "--from", "198.51.100.10/32",
		"--spec-file", spec, "--counters-file",
		counters, NULL });
	if (relay < 0)
		return false;
	snprintf(pid, sizeof(pid), "%d\n", (int)relay);
	for (int i = 0; i < 100 && lab_run(link, NULL) != 0; i++)
		nanosleep(&(struct timespec){ 0, 20 * 1000000L }, NULL);
	return lab_write_file(lab, "relay.pid", pid) && lab_route_through_relay();
}

static bool lab_start_gateway(const lab_options_t *lab)
{
	char profile[512], log[512];

	lab_path(profile, sizeof(profile), lab, "gateway.json");
	lab_path(log, sizeof(log), lab, "gateway.log");
	return lab_spawn_self(lab, NS_GATEWAY, "gateway.log", (const char *const[]){
			   "simulate", "--profile", profile, NULL }) > 0 &&
		   lab_wait_for(log, "simulating", 10000) &&
		   lab_spawn_self(lab, NS_GATEWAY, "reflect.log", (const char *const[]){
			   "reflect", "--listen", "10.1.0.4:862", NULL }) > 0;
}

int lab_topology_up(const lab_options_t *lab)
{
	if (!lab_build(lab))
	{
		lab_topology_down(lab);
		return XP_EXIT_ENV;
	}
	if (!lab_start_relay(lab) || !lab_start_gateway(lab))
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

int lab_topology_impair(const lab_options_t *lab)
{
	char path[512], pid[32] = "", err[300];
	impair_conf_t conf;
	FILE *f;

	if (!impair_parse(lab->impair, &conf, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer lab impair: %s\n", err);
		return XP_EXIT_USAGE;
	}
	lab_path(path, sizeof(path), lab, "relay.pid");
	f = fopen(path, "r");
	if (!f || !fgets(pid, sizeof(pid), f) || atoi(pid) <= 1)
	{
		if (f)
			fclose(f);
		fprintf(stderr, "crosspeer lab impair: %s: no running lab (crosspeer lab up)\n", path);
		return XP_EXIT_ENV;
	}
	fclose(f);
	if (!lab_write_file(lab, "impair.spec", lab->impair) || kill(atoi(pid), SIGHUP) < 0)
	{
		fprintf(stderr, "crosspeer lab impair: the relay (pid %d) is gone; run crosspeer lab "
				"down and up\n", atoi(pid));
		return XP_EXIT_ENV;
	}
	printf("impairment on-prem -> gateway: %s\n", lab->impair);
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

/* The VNet's "VM": .4 in the first prefix, as in Azure (the first addresses are reserved). */
static void lab_vm_address(const char *prefix, char *out, size_t len)
{
	unsigned a, b, c, d;

	if (sscanf(prefix, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		a = b = c = 0;
	snprintf(out, len, "%u.%u.%u.4", a, b, c);
}

/* A gateway namespace on the internet segment, with its public IP from ARM: /32 addresses
 * routed through the internet namespace, so traffic between gateways crosses the relay. */
static bool lab_gateway_ns(const char *ns, const char *if_inet, const char *if_gw,
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

/* One connection of a simulated gateway, as a profile, from what ARM holds. */
static bool lab_gateway_profile(const lab_options_t *lab, const lab_cloud_gateway_t *gw,
								const lab_cloud_conn_t *c, const char *mode, const char *vm)
{
	char name[64], key[64], nets[300] = "", text[2500];

	for (size_t i = 0; i < c->n_peer_nets; i++)
		snprintf(nets + strlen(nets), sizeof(nets) - strlen(nets), "%s\"%s\"", i ? ", " : "",
				 c->peer_nets[i]);
	snprintf(key, sizeof(key), "key-%s.txt", c->name);
	if (!lab_write_file(lab, key, c->key))
		return false;
	snprintf(text, sizeof(text),
			 "{ \"version\": 1, \"name\": \"lab-%s\",\n"
			 "  \"local\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"remote\": { \"address\": \"%s\", \"subnets\": [%s] },\n"
			 "  \"auth\": { \"psk_file\": \"%s\" },\n"
			 "  \"personality\": \"azure\", \"connection_mode\": \"%s\"%s%s,\n"
			 "  \"probe\": { \"targets\": [ { \"address\": \"%s\", \"kind\": \"stamp\" } ] } }\n",
			 c->name, gw->address, gw->vnet[0], c->peer, nets, key, mode,
			 c->policy[0] ? ",\n  \"azure_policy\": " : "", c->policy, vm);
	snprintf(name, sizeof(name), "lab-%s.json", c->name);
	return lab_write_file(lab, name, text);
}

/* Tenant t's gateway: its namespace, a profile per connection, simulate and a reflector. */
static bool lab_gateway_start(const lab_options_t *lab, size_t t, const lab_cloud_gateway_t *gw)
{
	static const char *const ns[] = { LAB_PREFIX "gw-a", LAB_PREFIX "gw-b" };
	static const char *const ifs[][2] = { { "xpl2", "xpl3" }, { "xpl4", "xpl5" } };
	const char *args[16] = { "simulate" };
	char vm[32], vm_listen[48], paths[2][512], log[32], log_path[512], reflect[32];
	size_t n = 1;

	lab_vm_address(gw->vnet[0], vm, sizeof(vm));
	if (!lab_gateway_ns(ns[t], ifs[t][0], ifs[t][1], gw->address, vm))
		return false;
	for (size_t i = 0; i < gw->n_conns; i++)
	{
		/* A initiates towards B (Azure's InitiatorOnly), B answers, on-prem initiates */
		const char *mode = t == 0 && strcmp(gw->conns[i].name, "a-onprem") ? "InitiatorOnly"
																		  : "ResponderOnly";
		char name[64];

		if (!lab_gateway_profile(lab, gw, &gw->conns[i], mode, vm))
			return false;
		snprintf(name, sizeof(name), "lab-%s.json", gw->conns[i].name);
		lab_path(paths[i], sizeof(paths[i]), lab, name);
		args[n++] = "--profile";
		args[n++] = paths[i];
	}
	args[n] = NULL;
	snprintf(log, sizeof(log), "gw-%c.log", 'a' + (int)t);
	snprintf(reflect, sizeof(reflect), "reflect-%c.log", 'a' + (int)t);
	snprintf(vm_listen, sizeof(vm_listen), "%s:862", vm);
	lab_path(log_path, sizeof(log_path), lab, log);
	return lab_spawn_self(lab, ns[t], log, args) > 0 &&
		   lab_wait_for(log_path, "simulating", 10000) &&
		   lab_spawn_self(lab, ns[t], reflect, (const char *const[]){ "reflect", "--listen",
						  vm_listen, NULL }) > 0;
}

/* on-prem's verify profile: tenant A's gateway as ARM has it, with the key apply set. */
static bool lab_onprem_profile(const lab_options_t *lab, const lab_cloud_gateway_t *a)
{
	char vm[32], text[1500];

	lab_vm_address(a->vnet[0], vm, sizeof(vm));
	snprintf(text, sizeof(text),
			 "{ \"version\": 1, \"name\": \"onprem-to-tenant-a\",\n"
			 "  \"local\": { \"address\": \"203.0.113.10\", \"subnets\": [\"10.9.0.0/24\"] },\n"
			 "  \"remote\": { \"address\": \"%s\", \"subnets\": [\"%s\"] },\n"
			 "  \"auth\": { \"psk_file\": \"shared-key.txt\" },\n"
			 "  \"ike\": { \"dpd_delay_s\": 10, \"dpd_timeout_s\": 45 },\n"
			 "  \"probe\": { \"targets\": [ { \"address\": \"%s\", \"kind\": \"stamp\" } ],\n"
			 "             \"rate_pps\": 50, \"count\": 200, \"size\": 64 },\n"
			 "  \"thresholds\": { \"rtt_p99_ms\": 50, \"loss_pct\": 1.0, \"min_pmtu\": 1300 } }\n",
			 a->address, a->vnet[0], vm);
	return lab_write_file(lab, "onprem.json", text);
}

static bool lab_demo_base(const lab_options_t *lab)
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
		fprintf(stderr, "crosspeer lab: building the lab in %s failed\n", lab->dir);
		return false;
	}
	return true;
}

/* The gateways' own view: which connections their IKE says are up. */
static void lab_demo_status(const lab_options_t *lab, lab_cloud_t *cloud,
							const lab_cloud_gateway_t gw[2], const char *self)
{
	for (size_t t = 0; t < 2; t++)
	{
		char log[512];

		snprintf(log, sizeof(log), "%s/gw-%c.log", lab->dir, 'a' + (int)t);
		for (size_t i = 0; i < gw[t].n_conns; i++)
		{
			char needle[96];

			snprintf(needle, sizeof(needle), "tunnel lab-%s established", gw[t].conns[i].name);
			lab_cloud_status(cloud, gw[t].conns[i].id, lab_wait_for(log, needle, 0));
		}
	}
	printf("lab demo: connection status in ARM, from the simulated gateways' IKE state:\n");
	lab_cloud_show_status(cloud, self);
}

/* Tenant A's VM to tenant B's VM, over the gateways' cross-tenant tunnel. */
static int lab_demo_cross_tenant(const lab_options_t *lab, const lab_cloud_gateway_t gw[2],
								 const char *self)
{
	char log[512], vm_b[32];
	int rc;

	lab_path(log, sizeof(log), lab, "gw-a.log");
	if (!lab_wait_for(log, "tunnel lab-a-b established", 15000))
	{
		fprintf(stderr, "crosspeer lab demo: the cross-tenant tunnel A <-> B did not come up\n");
		return XP_EXIT_TUNNEL;
	}
	lab_vm_address(gw[1].vnet[0], vm_b, sizeof(vm_b));
	printf("lab demo: cross-tenant path, tenant A's VM -> tenant B's VM %s over A <-> B\n", vm_b);
	lab_path(log, sizeof(log), lab, "cross-tenant.log");
	rc = lab_run((const char *[]){ "ip", "netns", "exec", LAB_PREFIX "gw-a", self, "probe",
								   "--target", vm_b, "--count", "200", "--rate", "50", NULL },
				 log);
	lab_print_lines(log, "");
	return rc == 0 ? XP_EXIT_PASS : XP_EXIT_THRESHOLD;
}

static int lab_demo_run(const lab_options_t *lab, const char *self, const char *report)
{
	lab_cloud_gateway_t gw[2];
	lab_cloud_t *cloud;
	char prof[512], log[512];
	int rc, cross;

	if (!lab_demo_base(lab) || !(cloud = lab_cloud_apply(lab, self)))
		return XP_EXIT_ENV;
	rc = XP_EXIT_ENV;
	if (!lab_cloud_gateway(cloud, 0, &gw[0]) || !lab_cloud_gateway(cloud, 1, &gw[1]))
		memset(gw, 0, sizeof(gw));
	else if (!lab_gateway_start(lab, 0, &gw[0]) || !lab_gateway_start(lab, 1, &gw[1]) ||
			 !lab_onprem_profile(lab, &gw[0]))
		fprintf(stderr, "crosspeer lab demo: a simulated gateway did not start; see %s\n",
				lab->dir);
	else
	{
		printf("lab demo: gateways simulated from ARM: A %s (%s), B %s (%s)\n", gw[0].address,
			   gw[0].vnet[0], gw[1].address, gw[1].vnet[0]);
		printf("lab demo: verifying on-prem 10.9.0.0/24 -> tenant A %s\n", gw[0].vnet[0]);
		lab_path(prof, sizeof(prof), lab, "onprem.json");
		lab_path(log, sizeof(log), lab, "verify.log");
		rc = lab_run_logged((const char *[]){ "ip", "netns", "exec", NS_ONPREM, self, "verify",
											  "--profile", prof, "--report", report, NULL }, log);
		cross = lab_demo_cross_tenant(lab, gw, self);
		lab_demo_status(lab, cloud, gw, self);
		if (rc == XP_EXIT_PASS)
			rc = cross;
	}
	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < gw[t].n_conns && t < 2; i++)
			secret_wipe(gw[t].conns[i].key, sizeof(gw[t].conns[i].key));
	lab_cloud_destroy(cloud);
	return rc < 0 ? XP_EXIT_ENV : rc;
}

int lab_topology_demo(const lab_options_t *lab)
{
	char self[512], report[512];
	int rc;

	if (!lab_self(self, sizeof(self)))
		return XP_EXIT_ENV;
	lab_report_dir(lab, report, sizeof(report));
	rc = lab_demo_run(lab, self, report);
	lab_topology_down(lab);
	printf("lab demo: %s\nreports in %s\n", rc == XP_EXIT_PASS ? "PASS" : "FAIL", report);
	return rc;
}
