/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The typed probe plan the probe jobs read: built from `crosspeer probe`'s command line, or
 * by verify from the profile's probe section and the tunnel (no argv in between). Also the
 * key-file helper `reflect` shares.
 */
#ifndef XP_PROBE_CLI_H_
#define XP_PROBE_CLI_H_

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"
#include "probe.h"
#include "stamp_packet.h"

/** Per-packet records kept per target for the report's series and CDF (memory bound). */
#define PROBE_CLI_KEEP_SAMPLES 50000

/** Targets at most (profile and command line together). */
#define PROBE_CLI_MAX_TARGETS 16

/** One target. */
typedef struct {
	/** numeric address as given */
	char address[64];
	/** "stamp", "icmp" or "tcp" */
	char kind[8];
	/** UDP/TCP port (0 for ICMP) */
	uint16_t port;
	/** parsed address + port */
	struct sockaddr_storage addr;
	/** its length */
	socklen_t addr_len;
} probe_cli_target_t;

/** Everything `probe` was asked to do. */
typedef struct {
	/** targets */
	probe_cli_target_t targets[PROBE_CLI_MAX_TARGETS];
	/** number of targets */
	size_t n_targets;
	/** the plan shared by all targets (target set per job) */
	probe_plan_t plan;
	/** STAMP mode and key */
	stamp_mode_t mode;
	/** HMAC key (wiped by probe_cli_wipe) */
	stamp_key_t key;
	/** expect a stateful reflector (loss split even without forward loss) */
	bool stateful;
	/** print JSON on stdout */
	bool json;
	/** per-packet CSV file, NULL = none */
	const char *csv;
	/** run a path-MTU search per target */
	bool pmtu;
	/** path-MTU bounds */
	uint32_t pmtu_lo, pmtu_hi;
	/** ESP proposal for the overhead figure, NULL = none */
	const char *esp_proposal;
	/** NAT-T (UDP 4500) encapsulation for the overhead */
	bool natt;
	/** throughput: NULL, "tcp" or "udp" */
	const char *throughput;
	/** TCP streams */
	unsigned streams;
	/** throughput duration per direction, ms */
	uint32_t tput_ms;
	/** UDP throughput target rate, Mbit/s */
	double udp_mbps;
	/** outer interface to capture on, NULL = none */
	const char *capture;
	/** pcap file to keep, NULL = none */
	const char *pcap;
	/** per-packet records each job keeps for the caller (the report's series), 0 = none */
	size_t keep_samples;
	/** the profile's name (--profile, verify), "" without one */
	char profile[64];
} probe_cli_t;

/** Which plan fields the command line gave: they take precedence over the profile's. */
typedef struct {
	bool rate, count, size, duration;
} probe_cli_set_t;

/** Every field as `probe` without options has it (no target). */
void probe_cli_defaults(probe_cli_t *cli);

/**
 * Add a profile's probe section: its targets, and its rate_pps, count and size where the
 * command line set none (`probe --profile`, and verify's plan).
 *
 * @return	true, or false after printing one error line
 */
bool probe_cli_add_profile(probe_cli_t *cli, const profile_t *p, probe_cli_set_t set);

/**
 * Check the plan as a whole (targets, option pairs, ESP proposal, count or duration).
 *
 * @return	true, or false after printing one error line
 */
bool probe_cli_check(const probe_cli_t *cli);

/**
 * Parse argv (argv[0] = "probe"): defaults, options, the profile given with --profile.
 *
 * @return	-1 to go on, or the exit code to return now (0 after --help, 2 on usage errors)
 */
int probe_cli_parse(int argc, char *argv[], probe_cli_t *cli);

/**
 * Load a STAMP HMAC key from a file (refused when group/other can read it).
 *
 * @param sub		subcommand name for the error line
 * @return			true, or false after printing one error line
 */
bool probe_cli_load_key(const char *sub, const char *file, stamp_key_t *key);

/** Wipe the key. */
void probe_cli_wipe(probe_cli_t *cli);

#endif
