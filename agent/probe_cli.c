/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_codes.h"
#include "probe_cli.h"
#include "cli_tunnel.h"
#include "secret.h"
#include "pmtu.h"
#include "stamp_sender.h"
#include "icmp_probe.h"

static const char probe_cli_usage[] =
	"crosspeer probe --target ADDR [--target ADDR]... [--kind stamp|icmp|tcp] [--port N]\n"
	"                [--rate PPS] [--count N] [--duration S] [--size B] [--dscp N]\n"
	"                [--schedule periodic|poisson] [--timeout MS] [--df] [--json] [--csv FILE]\n"
	"                [--pmtu [--pmtu-min B] [--pmtu-max B] [--esp-proposal P] [--natt]]\n"
	"                [--throughput tcp|udp [--streams N] [--throughput-duration S]\n"
	"                 [--udp-rate MBPS]] [--capture IFACE [--pcap FILE]]\n"
	"                [--auth-key-file F] [--stateful] [--profile FILE]\n\n"
	"Measure latency, loss, jitter, reordering, path MTU and throughput to one or more\n"
	"targets, all targets at once (one thread each). STAMP (RFC 8762) needs a reflector\n"
	"('crosspeer reflect' or any RFC 8762 one); ICMP and TCP-connect need none.\n\n"
	"  --target ADDR       numeric IPv4/IPv6 address, optionally ADDR:PORT / [V6]:PORT\n"
	"  --kind K            stamp (default), icmp (root or ping_group_range) or tcp\n"
	"  --port N            STAMP port (default 862) or TCP port (required for tcp)\n"
	"  --rate PPS          packets per second per target (default 10)\n"
	"  --count N           packets per target (default 10; 0 with --duration)\n"
	"  --duration S        send for S seconds (may be fractional)\n"
	"  --size B            IP packet size in bytes (default: the kind's minimum)\n"
	"  --dscp N            DSCP 0-63 on every packet\n"
	"  --schedule S        periodic (default) or poisson (exponential gaps)\n"
	"  --timeout MS        a reply later than this counts as lost and late (default 1000)\n"
	"  --df                set Don't Fragment (sizes above the path MTU are then lost)\n"
	"  --json              JSON on stdout (the report's probes[] shape and more)\n"
	"  --csv FILE          one line per packet (raw records)\n"
	"  --pmtu              DF binary search of the path MTU; with --esp-proposal P (e.g.\n"
	"                      aes256gcm16) also the ESP overhead; --natt adds UDP 4500\n"
	"  --throughput T      tcp (bulk, --streams N, default 4) or udp (--udp-rate, default\n"
	"                      100 Mbit/s) to the sink of 'crosspeer reflect' on the STAMP port\n"
	"  --capture IFACE     count ESP leaving IFACE while probing; flag plaintext leaks\n"
	"  --pcap FILE         keep that capture for Wireshark\n"
	"  --auth-key-file F   STAMP authenticated mode, HMAC key in F (mode 0600)\n"
	"  --stateful          the reflector is stateful: split loss forward/backward\n"
	"  --profile FILE      targets, rate_pps, count and size from the profile's probe\n"
	"                      section (options given here take precedence)\n\n"
	"Exit: 0 measured, 2 usage or profile error, 5 environment (no permission for raw\n"
	"sockets or capture, no route, nothing listening for throughput).\n";

/** Options given on the command line, to resolve after parsing. */
typedef struct {
	const char *targets[PROBE_CLI_MAX_TARGETS];
	size_t n_targets;
	const char *kind, *profile, *key_file;
	long port;
	/** which plan fields were given */
	probe_cli_set_t set;
} probe_cli_raw_t;

enum {
	OPT_TIMEOUT = 256, OPT_PMTU_MIN, OPT_PMTU_MAX, OPT_ESP, OPT_NATT, OPT_STREAMS,
	OPT_TPUT_DURATION, OPT_UDP_RATE, OPT_KEY, OPT_STATEFUL, OPT_PROFILE, OPT_SCHEDULE,
};

static const struct option probe_cli_options[] = {
	{ "target", required_argument, NULL, 't' },
	{ "kind", required_argument, NULL, 'k' },
	{ "port", required_argument, NULL, 'p' },
	{ "rate", required_argument, NULL, 'r' },
	{ "count", required_argument, NULL, 'c' },
	{ "duration", required_argument, NULL, 'd' },
	{ "size", required_argument, NULL, 's' },
	{ "dscp", required_argument, NULL, 'D' },
	{ "schedule", required_argument, NULL, OPT_SCHEDULE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "json", no_argument, NULL, 'j' },
	{ "df", no_argument, NULL, 'F' },
	{ "csv", required_argument, NULL, 'C' },
	{ "pmtu", no_argument, NULL, 'm' },
	{ "pmtu-min", required_argument, NULL, OPT_PMTU_MIN },
	{ "pmtu-max", required_argument, NULL, OPT_PMTU_MAX },
	{ "esp-proposal", required_argument, NULL, OPT_ESP },
	{ "natt", no_argument, NULL, OPT_NATT },
	{ "throughput", required_argument, NULL, 'T' },
	{ "streams", required_argument, NULL, OPT_STREAMS },
	{ "throughput-duration", required_argument, NULL, OPT_TPUT_DURATION },
	{ "udp-rate", required_argument, NULL, OPT_UDP_RATE },
	{ "capture", required_argument, NULL, 'i' },
	{ "pcap", required_argument, NULL, 'w' },
	{ "auth-key-file", required_argument, NULL, OPT_KEY },
	{ "stateful", no_argument, NULL, OPT_STATEFUL },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/** Parse a number in [min, max]; prints one error line and returns false otherwise. */
static bool probe_cli_num(const char *opt, const char *text, double min, double max, double *out)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || *end || !(v >= min && v <= max))
	{
		fprintf(stderr, "crosspeer probe: --%s: '%s' is not a number from %g to %g\n",
				opt, text, min, max);
		return false;
	}
	*out = v;
	return true;
}

/** The remaining numeric options. */
static bool probe_cli_number2(int c, const char *arg, probe_cli_t *cli)
{
	double v = 0;

	switch (c)
	{
		case OPT_TIMEOUT:
			if (!probe_cli_num("timeout", arg, 1, 60000, &v))
				return false;
			cli->plan.timeout_ms = (uint32_t)v;
			return true;
		case OPT_PMTU_MIN:
			if (!probe_cli_num("pmtu-min", arg, 68, 65535, &v))
				return false;
			cli->pmtu_lo = (uint32_t)v;
			return true;
		case OPT_PMTU_MAX:
			if (!probe_cli_num("pmtu-max", arg, 68, 65535, &v))
				return false;
			cli->pmtu_hi = (uint32_t)v;
			return true;
		case OPT_STREAMS:
			if (!probe_cli_num("streams", arg, 1, 16, &v))
				return false;
			cli->streams = (unsigned)v;
			return true;
		case OPT_TPUT_DURATION:
			if (!probe_cli_num("throughput-duration", arg, 0.1, 600, &v))
				return false;
			cli->tput_ms = (uint32_t)(v * 1000);
			return true;
		case OPT_UDP_RATE:
			return probe_cli_num("udp-rate", arg, 0.001, 100000, &cli->udp_mbps);
		default:
			return false;
	}
}

static bool probe_cli_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("crosspeer probe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return false;
}

static bool probe_cli_schedule(const char *arg, probe_cli_t *cli)
{
	if (!strcmp(arg, "periodic"))
		cli->plan.schedule = PROBE_SCHEDULE_PERIODIC;
	else if (!strcmp(arg, "poisson"))
		cli->plan.schedule = PROBE_SCHEDULE_POISSON;
	else
		return probe_cli_fail("--schedule: expected periodic or poisson");
	return true;
}

/** Options that take a number: parse into v, then store. */
static bool probe_cli_number(int c, const char *arg, probe_cli_t *cli, probe_cli_raw_t *raw)
{
	double v = 0;

	switch (c)
	{
		case 'p':
			if (!probe_cli_num("port", arg, 1, 65535, &v))
				return false;
			raw->port = (long)v;
			return true;
		case 'r':
			raw->set.rate = true;
			return probe_cli_num("rate", arg, 0.001, 1e6, &cli->plan.rate_pps);
		case 'c':
			raw->set.count = true;
			if (!probe_cli_num("count", arg, 0, 1e10, &v))
				return false;
			cli->plan.count = (uint64_t)v;
			return true;
		case 'd':
			raw->set.duration = true;
			if (!probe_cli_num("duration", arg, 0.001, 1e6, &v))
				return false;
			cli->plan.duration_ms = (uint64_t)(v * 1000);
			return true;
		case 's':
			raw->set.size = true;
			if (!probe_cli_num("size", arg, 0, 65535, &v))
				return false;
			cli->plan.size = (uint32_t)v;
			return true;
		case 'D':
			if (!probe_cli_num("dscp", arg, 0, 63, &v))
				return false;
			cli->plan.dscp = (uint8_t)v;
			return true;
		default:
			return probe_cli_number2(c, arg, cli);
	}
}

static bool probe_cli_one(int c, const char *arg, probe_cli_t *cli, probe_cli_raw_t *raw)
{
	switch (c)
	{
		case 't':
			if (raw->n_targets >= PROBE_CLI_MAX_TARGETS)
				return probe_cli_fail("--target: at most %d", PROBE_CLI_MAX_TARGETS);
			raw->targets[raw->n_targets++] = arg;
			return true;
		case 'k': raw->kind = arg; return true;
		case 'j':
			cli->json = true;
			cli->keep_samples = PROBE_CLI_KEEP_SAMPLES;
			return true;
		case 'F': cli->plan.dont_fragment = true; return true;
		case 'C': cli->csv = arg; return true;
		case 'm': cli->pmtu = true; return true;
		case OPT_ESP: cli->esp_proposal = arg; return true;
		case OPT_NATT: cli->natt = true; return true;
		case 'T': cli->throughput = arg; return true;
		case 'i': cli->capture = arg; return true;
		case 'w': cli->pcap = arg; return true;
		case OPT_KEY: raw->key_file = arg; return true;
		case OPT_STATEFUL: cli->stateful = true; return true;
		case OPT_PROFILE: raw->profile = arg; return true;
		case OPT_SCHEDULE: return probe_cli_schedule(arg, cli);
		default: return probe_cli_number(c, arg, cli, raw);
	}
}

static bool probe_cli_add(probe_cli_t *cli, const char *address, const char *kind, long port)
{
	probe_cli_target_t *t = &cli->targets[cli->n_targets];
	probe_err_t err = { 0 };

	if (cli->n_targets >= PROBE_CLI_MAX_TARGETS)
		return probe_cli_fail("targets: at most %d", PROBE_CLI_MAX_TARGETS);
	if (strcmp(kind, "stamp") && strcmp(kind, "icmp") && strcmp(kind, "tcp"))
		return probe_cli_fail("--kind: '%s' is not stamp, icmp or tcp", kind);
	if (!port && !strcmp(kind, "stamp"))
		port = STAMP_PORT;
	if (probe_addr_parse(address, (uint16_t)port, &t->addr, &t->addr_len, &err))
		return probe_cli_fail("%s: %s", address, err.msg);
	t->port = probe_addr_port((struct sockaddr *)&t->addr);
	if (!t->port && !strcmp(kind, "tcp"))
		return probe_cli_fail("%s: --port is required for --kind tcp", address);
	probe_addr_format((struct sockaddr *)&t->addr, t->address, sizeof(t->address));
	snprintf(t->kind, sizeof(t->kind), "%s", kind);
	cli->n_targets++;
	return true;
}

bool probe_cli_add_profile(probe_cli_t *cli, const profile_t *p, probe_cli_set_t set)
{
	snprintf(cli->profile, sizeof(cli->profile), "%s", p->name);
	for (size_t i = 0; i < p->n_targets; i++)
	{
		if (!probe_cli_add(cli, p->targets[i].address, p->targets[i].kind,
						   (long)p->targets[i].port))
			return false;
	}
	if (!set.rate && p->rate_pps > 0)
		cli->plan.rate_pps = p->rate_pps;
	if (!set.count && !set.duration && p->count)
		cli->plan.count = p->count;
	if (!set.size && p->size)
		cli->plan.size = p->size;
	return true;
}

static bool probe_cli_profile(probe_cli_t *cli, probe_cli_raw_t *raw)
{
	profile_err_t perr = { 0 };
	profile_t *p = profile_load(raw->profile, &perr);
	char msg[700];
	bool ok;

	if (!p)
	{
		profile_err_format(&perr, msg, sizeof(msg));
		fprintf(stderr, "crosspeer probe: %s\n", msg);
		return false;
	}
	ok = probe_cli_add_profile(cli, p, raw->set);
	profile_destroy(p);
	return ok;
}

/* A --size below the kind's smallest packet is refused, not silently raised (a profile's
 * size, e.g. the contract's 64 for STAMP, is raised to the minimum as before). */
static bool probe_cli_sizes_ok(const probe_cli_t *cli)
{
	for (size_t i = 0; cli->plan.size && i < cli->n_targets; i++)
	{
		const probe_cli_target_t *t = &cli->targets[i];
		int family = t->addr.ss_family;
		uint32_t min = !strcmp(t->kind, "icmp") ? icmp_probe_min_size(family) :
					   !strcmp(t->kind, "stamp") ? stamp_sender_min_size(cli->mode, family) : 0;

		if (cli->plan.size < min)
			return probe_cli_fail("--size: %u is below the smallest %s packet to %s, %u bytes",
								  cli->plan.size, t->kind, t->address, min);
	}
	return true;
}

bool probe_cli_check(const probe_cli_t *cli)
{
	if (!cli->n_targets)
		return probe_cli_fail("--target: at least one target is required");
	if (cli->pcap && !cli->capture)
		return probe_cli_fail("--pcap: needs --capture IFACE");
	if (cli->throughput && strcmp(cli->throughput, "tcp") && strcmp(cli->throughput, "udp"))
		return probe_cli_fail("--throughput: expected tcp or udp");
	if (cli->pmtu_lo && cli->pmtu_lo > (cli->pmtu_hi ? cli->pmtu_hi : 1500))
		return probe_cli_fail("--pmtu-min: %u is above the highest size searched, %u "
							  "(--pmtu-max)", cli->pmtu_lo, cli->pmtu_hi ? cli->pmtu_hi : 1500);
	if (cli->esp_proposal && pmtu_esp_overhead(cli->esp_proposal, false, false, 1400,
											   &(pmtu_esp_t){ 0 }, &(probe_err_t){ 0 }) != 0)
		return probe_cli_fail("--esp-proposal: '%s' is not an ESP proposal this build knows, "
							  "e.g. aes256gcm16 or aes256-sha256", cli->esp_proposal);

	if (!cli->plan.count && !cli->plan.duration_ms)
		return probe_cli_fail("--count: 0 needs --duration");
	return true;
}

static bool probe_cli_resolve(probe_cli_t *cli, probe_cli_raw_t *raw)
{
	const char *kind = raw->kind ? raw->kind : "stamp";

	if (raw->set.duration && !raw->set.count)
		cli->plan.count = 0;
	if (raw->profile && !probe_cli_profile(cli, raw))
		return false;
	for (size_t i = 0; i < raw->n_targets; i++)
	{
		if (!probe_cli_add(cli, raw->targets[i], kind, raw->port))
			return false;
	}
	if (raw->key_file)
	{
		cli->mode = STAMP_MODE_AUTH;
		if (!probe_cli_load_key("probe", raw->key_file, &cli->key))
			return false;
	}
	if (raw->set.size && !probe_cli_sizes_ok(cli))
		return false;
	return probe_cli_check(cli);
}

void probe_cli_defaults(probe_cli_t *cli)
{
	memset(cli, 0, sizeof(*cli));
	probe_plan_init(&cli->plan);
	cli->streams = 4;
	cli->tput_ms = 5000;
	cli->udp_mbps = 100;
}

int probe_cli_parse(int argc, char *argv[], probe_cli_t *cli)
{
	probe_cli_raw_t raw = { .port = 0 };
	int c;

	probe_cli_defaults(cli);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", probe_cli_options, NULL)) != -1)
	{
		if (c == 'h')
		{
			fputs(probe_cli_usage, stdout);
			return XP_EXIT_PASS;
		}
		if (c == '?' || c == ':')
		{
			cli_option_error("probe", c, argv);
			return XP_EXIT_USAGE;
		}
		if (!probe_cli_one(c, optarg, cli, &raw))
			return XP_EXIT_USAGE;
	}
	if (optind < argc)
	{
		fprintf(stderr, "crosspeer probe: %s: unexpected argument\n", argv[optind]);
		return XP_EXIT_USAGE;
	}
	return probe_cli_resolve(cli, &raw) ? -1 : XP_EXIT_USAGE;
}

bool probe_cli_load_key(const char *sub, const char *file, stamp_key_t *key)
{
	unsigned char buf[SECRET_MAX];
	char err[512];
	size_t len = 0;
	bool ok;

	ok = secret_load(file, NULL, buf, &len, err, sizeof(err));
	if (!ok)
		fprintf(stderr, "crosspeer %s: %s\n", sub, err);
	else if (!len || len > STAMP_KEY_MAX)
	{
		fprintf(stderr, "crosspeer %s: %s: key must be 1 to %d bytes\n", sub, file,
				STAMP_KEY_MAX);
		ok = false;
	}
	else
	{
		memcpy(key->key, buf, len);
		key->len = len;
	}
	secret_wipe(buf, sizeof(buf));
	return ok;
}

void probe_cli_wipe(probe_cli_t *cli)
{
	secret_wipe(&cli->key, sizeof(cli->key));
}
