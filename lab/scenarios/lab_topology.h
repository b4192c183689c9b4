/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The lab's topology and scenario: an on-prem agent and a simulated partner gateway in
 * network namespaces, with the profiles and keys they use.
 */
#ifndef XP_LAB_TOPOLOGY_H_
#define XP_LAB_TOPOLOGY_H_

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "profile.h"

/** Every lab namespace starts with this, so that down finds them all. */
#define LAB_PREFIX "crosspeer-lab-"
#define NS_ONPREM LAB_PREFIX "onprem"
#define NS_INET LAB_PREFIX "inet"

typedef struct {
	/** where profiles, keys and logs go */
	const char *dir;
	/** where the demo writes its report, NULL for a new folder */
	const char *report_dir;
	/** WAN impairment on the way from on-prem to the partner (impair.h spec), NULL = none */
	const char *impair;
	/** the lab profile (`--profile`), NULL for the lab's defaults */
	const profile_t *profile;
	/** the demo's topology: NULL (cross-tenant) or "active-active-bgp" */
	const char *topology;
} lab_options_t;

/** Build the topology and start the partner gateway; returns an exit code. */
int lab_topology_up(const lab_options_t *lab);

/** Remove everything the lab made; returns an exit code. */
int lab_topology_down(const lab_options_t *lab);

/** up, the whole job, down; returns an exit code. */
int lab_topology_demo(const lab_options_t *lab);

/** Change the impairment of a running lab (lab->impair); returns an exit code. */
int lab_topology_impair(const lab_options_t *lab);

/* Shared by lab_topology.c (up, down, impair) and lab_demo.c (demo). */

/** dir/name into out. */
void lab_path(char *out, size_t len, const lab_options_t *lab, const char *name);

/** The path of this executable. */
bool lab_self(char *out, size_t len);

/** A fresh pre-shared key into the lab's psk.txt. */
bool lab_write_psk(const lab_options_t *lab);

/**
 * The demo of an active-active gateway with BGP (lab_aabgp.c), its report into report.
 *
 * @return		the exit code
 */
int lab_aabgp_demo(const lab_options_t *lab, const char *report);

/** Write a file (mode 0600) into the lab's directory. */
bool lab_write_file(const lab_options_t *lab, const char *name, const char *text);

/** Run `crosspeer ARGS...` inside namespace ns in the background, output to dir/log. */
pid_t lab_spawn_self(const lab_options_t *lab, const char *ns, const char *log,
					 const char *const args[]);

/** On-prem (203.0.113.10, 10.9.0.0/24) and the internet segment with the relay. */
bool lab_build_base(const lab_options_t *lab);

/** A gateway namespace with its public address (/32 routed through the internet segment,
 *  so traffic between gateways crosses the relay) and a "VM" address on lo. */
bool lab_gateway_ns(const char *ns, const char *if_inet, const char *if_gw,
					const char *address, const char *vm);

/** Impair the ESP a gateway sends too (the relay re-reads its spec file). */
bool lab_relay_impair_from(const lab_options_t *lab, const char *cidr);

/**
 * The "probe" and "thresholds" members of a verify profile the lab writes: the lab
 * profile's sections where it has them, else the lab's defaults (a STAMP run to vm).
 *
 * @param onprem	for on-prem's own verify: the lab profile's probe.targets replace vm,
 *					and by default the path MTU is checked
 */
bool lab_measure_json(const lab_options_t *lab, const char *vm, bool onprem, char *out,
					  size_t len);

/** The VNet's "VM": .4 in the first prefix, as Azure reserves the first addresses. */
void lab_vm_address(const char *prefix, char *out, size_t len);

/** `crosspeer lab relay ...`: the relay process itself (run inside the lab). */
int lab_relay_main(int argc, char *argv[]);

#endif
