/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * `crosspeer lab demo --topology active-active-bgp`: tenant A's gateway as Azure runs it in
 * production, active-active with BGP over the tunnels, rehearsed offline. Each instance is
 * a `simulate` of its own in its own namespace with its own public IP (198.51.100.10 and
 * .11), tunnel and BIRD (AS 65515, VNet 10.1.0.0/16); on-prem's `verify` with a "bgp"
 * profile brings up a tunnel and a BGP session to each, then probes while the lab kills
 * the instance carrying the probes, and reports the failover against the timers.
 */

#include "lab_topology.h"
#include "exit_codes.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lab_run.h>

#define AABGP_HOLD_S 3
#define AABGP_DPD_TIMEOUT_S 15
/** Probing: 50 pps for this long, the instance failed this long after it began. */
#define AABGP_PROBE_S 12
#define AABGP_FAIL_AFTER_MS 3000

static const char *const aabgp_ns[] = { LAB_PREFIX "gw-a0", LAB_PREFIX "gw-a1" };
static const char *const aabgp_ip[] = { "198.51.100.10", "198.51.100.11" };

/* Instance i's profile: one tunnel to on-prem, its session over 169.254.2(1+i).0/30. */
static bool aabgp_gateway_profile(const lab_options_t *lab, int i)
{
	char name[32], text[1500];

	snprintf(text, sizeof(text),
			 "{ \"version\": 1, \"name\": \"gw-a%d\", \"personality\": \"azure\",\n"
			 "  \"local\": { \"address\": \"%s\", \"subnets\": [\"10.1.0.0/16\"] },\n"
			 "  \"remote\": { \"address\": \"203.0.113.10\", \"subnets\": [\"10.9.0.0/24\"] },\n"
			 "  \"auth\": { \"psk_file\": \"psk.txt\" },\n"
			 "  \"ike\": { \"dpd_delay_s\": 2, \"dpd_timeout_s\": %d },\n"
			 "  \"bgp\": { \"asn\": 65515, \"peer_asn\": 65010, \"hold_s\": %d,\n"
			 "    \"tunnels\": [ { \"local_ip\": \"169.254.2%d.1\", \"peer_ip\": "
			 "\"169.254.2%d.2\" } ] } }\n", i, aabgp_ip[i], AABGP_DPD_TIMEOUT_S, AABGP_HOLD_S,
			 1 + i, 1 + i);
	snprintf(name, sizeof(name), "aabgp-gw%d.json", i);
	return lab_write_file(lab, name, text);
}

/* The lab profile's max_failover_ms, else the hold time plus 2 s. */
static double aabgp_max_failover_ms(const lab_options_t *lab)
{
	if (lab->profile && !isnan(lab->profile->max_failover_ms))
		return lab->profile->max_failover_ms;
	return (AABGP_HOLD_S + 2) * 1000.0;
}

static bool aabgp_onprem_profile(const lab_options_t *lab)
{
	char text[2000];

	snprintf(text, sizeof(text),
			 "{ \"version\": 1, \"name\": \"onprem-active-active\", \"personality\": \"azure\",\n"
			 "  \"local\": { \"address\": \"203.0.113.10\", \"subnets\": [\"10.9.0.0/24\"] },\n"
			 "  \"remote\": { \"address\": \"%s\", \"subnets\": [\"10.1.0.0/16\"] },\n"
			 "  \"auth\": { \"psk_file\": \"psk.txt\" },\n"
			 "  \"ike\": { \"dpd_delay_s\": 2, \"dpd_timeout_s\": %d },\n"
			 "  \"bgp\": { \"asn\": 65010, \"hold_s\": %d, \"tunnels\": [\n"
			 "    { \"local_ip\": \"169.254.21.2\", \"peer_ip\": \"169.254.21.1\" },\n"
			 "    { \"remote_address\": \"%s\", \"local_ip\": \"169.254.22.2\", "
			 "\"peer_ip\": \"169.254.22.1\" } ] },\n"
			 "  \"probe\": { \"targets\": [ { \"address\": \"10.1.0.4\", \"kind\": \"icmp\" } ],\n"
			 "    \"rate_pps\": 50, \"count\": %d },\n"
			 "  \"thresholds\": { \"max_failover_ms\": %.0f } }\n",
			 aabgp_ip[0], AABGP_DPD_TIMEOUT_S, AABGP_HOLD_S, aabgp_ip[1], 50 * AABGP_PROBE_S,
			 aabgp_max_failover_ms(lab));
	return lab_write_file(lab, "aabgp-onprem.json", text);
}

static pid_t aabgp_instance_start(const lab_options_t *lab, int i)
{
	char prof[512], name[32], log[32], log_path[512];
	pid_t pid;

	snprintf(name, sizeof(name), "aabgp-gw%d.json", i);
	snprintf(log, sizeof(log), "aabgp-gw%d.log", i);
	lab_path(prof, sizeof(prof), lab, name);
	lab_path(log_path, sizeof(log_path), lab, log);
	if (!lab_gateway_ns(aabgp_ns[i], i ? "xpl8" : "xpl6", i ? "xpl9" : "xpl7", aabgp_ip[i],
						"10.1.0.4") || !aabgp_gateway_profile(lab, i))
		return -1;
	pid = lab_spawn_self(lab, aabgp_ns[i], log, (const char *const[]){ "simulate",
						 "--profile", prof, NULL });
	return pid > 0 && lab_wait_for(log_path, "bgp: BIRD pid", 10000) ? pid : -1;
}

/* Packets instance i's tunnel device has received so far. */
static long aabgp_rx(int i)
{
	char cmd[200];
	long n = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ip netns exec %s sh -c 'cat /sys/class/net/ipsec*/statistics/"
			 "rx_packets' 2>/dev/null", aabgp_ns[i]);
	f = popen(cmd, "r");
	if (f && fscanf(f, "%ld", &n) != 1)
		n = -1;
	if (f)
		pclose(f);
	return n;
}

/* The instance the probes ride (the multipath route hashes the flow onto one tunnel). */
static int aabgp_carrier(void)
{
	long before[2] = { aabgp_rx(0), aabgp_rx(1) };

	nanosleep(&(struct timespec){ 0, 500 * 1000000L }, NULL);
	return aabgp_rx(1) - before[1] > aabgp_rx(0) - before[0];
}

static int aabgp_run(const lab_options_t *lab, const char *report)
{
	char prof[512], log[512];
	pid_t gw[2], verify;
	int carrier, rc;

	if (!lab_build_base(lab) || !lab_write_psk(lab) ||
		(gw[0] = aabgp_instance_start(lab, 0)) < 0 || (gw[1] = aabgp_instance_start(lab, 1)) < 0 ||
		!aabgp_onprem_profile(lab))
	{
		fprintf(stderr, "crosspeer lab demo: a gateway instance did not start; see %s\n",
				lab->dir);
		return XP_EXIT_ENV;
	}
	printf("lab demo: tenant A's gateway active-active with BGP (AS 65515, VNet 10.1.0.0/16):"
		   " instance 0 %s, instance 1 %s, each its own namespace, tunnel and BIRD\n",
		   aabgp_ip[0], aabgp_ip[1]);
	printf("lab demo: on-prem (AS 65010, 10.9.0.0/24) verifies both tunnels and the failover; "
		   "hold %d s, DPD timeout %d s\n", AABGP_HOLD_S, AABGP_DPD_TIMEOUT_S);
	fflush(stdout);
	lab_path(prof, sizeof(prof), lab, "aabgp-onprem.json");
	lab_path(log, sizeof(log), lab, "aabgp-verify.log");
	verify = lab_spawn_self(lab, NS_ONPREM, "aabgp-verify.log", (const char *const[]){
							"verify", "--profile", prof, "--report", report, NULL });
	if (verify < 0 || !lab_wait_for(log, "failover: probing", 40000))
	{
		fprintf(stderr, "crosspeer lab demo: on-prem's tunnels and BGP sessions did not come "
				"up; see %s\n", log);
		lab_print_lines(log, "bgp");
		return XP_EXIT_TUNNEL;
	}
	lab_print_lines(log, "bgp ");
	nanosleep(&(struct timespec){ AABGP_FAIL_AFTER_MS / 1000 - 1, 0 }, NULL);
	carrier = aabgp_carrier();
	printf("lab demo: the probes ride tunnel%d; failing gateway instance %d (%s): its "
		   "charon and BIRD are killed, no goodbye\n", carrier, carrier, aabgp_ip[carrier]);
	fflush(stdout);
	kill(gw[carrier], SIGKILL);
	lab_stop(gw[carrier], 0);
	if (!lab_wait_for(log, "verdict:", (AABGP_PROBE_S + 10) * 1000))
		fprintf(stderr, "crosspeer lab demo: verify did not finish; see %s\n", log);
	rc = lab_stop(verify, 5000);
	lab_print_lines(log, "failover:");
	lab_print_lines(log, "  ");
	printf("lab demo: BGP's hold time (%d s) is below the DPD timeout (%d s): BGP detects the "
		   "lost instance first, within one keepalive (%d s) of the hold time\n", AABGP_HOLD_S,
		   AABGP_DPD_TIMEOUT_S, AABGP_HOLD_S / 3);
	return rc < 0 ? XP_EXIT_ENV : rc;
}

int lab_aabgp_demo(const lab_options_t *lab, const char *report)
{
	return aabgp_run(lab, report);
}
