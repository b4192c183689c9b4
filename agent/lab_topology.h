/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The lab's topology and scenario: an on-prem agent and a simulated partner gateway in
 * network namespaces, with the profiles and keys they use.
 */
#ifndef XP_LAB_TOPOLOGY_H_
#define XP_LAB_TOPOLOGY_H_

typedef struct {
	/** where profiles, keys and logs go */
	const char *dir;
	/** where the demo writes its report, NULL for a new folder */
	const char *report_dir;
	/** WAN impairment on the way from on-prem to the partner (impair.h spec), NULL = none */
	const char *impair;
} lab_options_t;

/** Build the topology and start the partner gateway; returns an exit code. */
int lab_topology_up(const lab_options_t *lab);

/** Remove everything the lab made; returns an exit code. */
int lab_topology_down(const lab_options_t *lab);

/** up, the whole job, down; returns an exit code. */
int lab_topology_demo(const lab_options_t *lab);

/** Change the impairment of a running lab (lab->impair); returns an exit code. */
int lab_topology_impair(const lab_options_t *lab);

/** `crosspeer lab relay ...`: the relay process itself (run inside the lab). */
int lab_relay_main(int argc, char *argv[]);

#endif
