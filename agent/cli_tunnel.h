/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Command-line options shared by the subcommands that run a tunnel (up, simulate, verify).
 */
#ifndef XP_CLI_TUNNEL_H_
#define XP_CLI_TUNNEL_H_

#include "charon_embed.h"

/** Options beyond --profile, --datapath, -v, -q and --help that a subcommand takes. */
enum cli_tunnel_extra {
	CLI_TIMEOUT = 1 << 0,
	CLI_CYCLES = 1 << 1,
	/** --report DIR, --json, --pcap FILE, --every DURATION, --metrics ADDR:PORT,
	 *  --existing, --baseline FILE (verify) */
	CLI_VERIFY = 1 << 2,
	/** --profile may be repeated, one connection each (simulate) */
	CLI_PROFILES = 1 << 3,
};

/** Profiles one command takes at most. */
#define CLI_MAX_PROFILES 1024

typedef struct {
	/** --profile FILE (the first one) */
	const char *profile;
	/** every --profile, in order */
	const char *profiles[CLI_MAX_PROFILES];
	size_t n_profiles;
	/** --datapath auto|xfrm|libipsec */
	datapath_t datapath;
	/** charon log level: 1, 2 with -v, 0 with -q */
	int log_level;
	/** --timeout S: seconds to wait for the tunnel */
	int timeout_s;
	/** --cycles N: bring the tunnel up and down N times (0: stay up) */
	int cycles;
	/** --report DIR: write the four report files there */
	const char *report_dir;
	/** --json: print report.json instead of the summary */
	bool json;
	/** --pcap FILE: keep the encapsulation capture */
	const char *pcap;
	/** --every DURATION: repeat every so many seconds until stopped (0: once) */
	double every_s;
	/** --metrics ADDR:PORT: serve metrics.prom over HTTP while repeating */
	const char *metrics;
	/** --metrics-web-config FILE: TLS and basic auth for it (exporter-toolkit format) */
	const char *metrics_web_config;
	/** --existing: measure a tunnel that is already up; set none up */
	bool existing;
	/** --baseline FILE: record each run into this baseline store (docs/baseline.md) */
	const char *baseline;
} cli_tunnel_t;

/**
 * Print getopt's failure the crosspeer way: "crosspeer <cmd>: --x: unknown option" or
 * "... needs a value". Call with opterr = 0 and an optstring starting with ':'.
 *
 * @param c		what getopt_long returned ('?' or ':')
 */
void cli_option_error(const char *cmd, int c, char *argv[]);

/**
 * Parse argv (argv[0] is the subcommand). Prints usage on --help.
 *
 * @param usage		the subcommand's help text (after "Usage: ")
 * @param extra		enum cli_tunnel_extra flags it accepts
 * @return			-1 to go on, or the exit code to return now (0 after --help, 2 on error)
 */
int cli_tunnel_parse(int argc, char *argv[], const char *usage, unsigned extra,
					 cli_tunnel_t *out);

#endif
