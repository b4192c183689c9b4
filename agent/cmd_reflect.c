/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_tunnel.h"
#include "commands.h"
#include "exit_codes.h"
#include "probe_cli.h"
#include "stamp_reflector.h"
#include "stop_token.h"

static const char reflect_usage[] =
	"crosspeer reflect --listen ADDR[:PORT] [--stateful] [--auth-key-file F]\n"
	"                  [--allow PREFIX]... [--rate-limit PPS] [--no-sink] [--in-kernel]\n\n"
	"STAMP session-reflector (RFC 8762/8972) and throughput sink. Answers every STAMP\n"
	"request with a reply of exactly its size (never larger), until SIGINT or SIGTERM,\n"
	"then prints its counters. The throughput sink for 'crosspeer probe --throughput'\n"
	"listens on TCP at the same port number.\n\n"
	"  --listen ADDR[:PORT]  numeric address to bind (port 862 by default; [V6]:PORT)\n"
	"  --stateful            number replies per session (sender address, port, SSID) so\n"
	"                        the sender can split loss forward/backward\n"
	"  --auth-key-file F     authenticated mode, HMAC-SHA-256 key in F (mode 0600);\n"
	"                        unauthenticated or badly signed requests are dropped\n"
	"  --allow PREFIX        answer only these sources (repeatable; default everyone)\n"
	"  --rate-limit PPS      at most PPS requests per second per source address\n"
	"  --no-sink             do not serve the throughput sink\n"
	"  --in-kernel           answer in the kernel, as it answers a ping (a TC program on\n"
	"                        every interface; root, Linux 6.1+): unauthenticated stateless\n"
	"                        requests to one IPv4 address; IPsec-decrypted, short or IPv6\n"
	"                        requests are still answered by this process\n\n"
	"Exit: 0 after a signal, 2 usage, 5 environment (port in use, no permission).\n";

static const struct option reflect_options[] = {
	{ "listen", required_argument, NULL, 'l' },
	{ "stateful", no_argument, NULL, 's' },
	{ "auth-key-file", required_argument, NULL, 'k' },
	{ "allow", required_argument, NULL, 'a' },
	{ "rate-limit", required_argument, NULL, 'r' },
	{ "no-sink", no_argument, NULL, 'n' },
	{ "in-kernel", no_argument, NULL, 'K' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool reflect_option(int c, const char *arg, stamp_reflector_opts_t *o, bool *listen)
{
	probe_err_t err = { 0 };
	char *end;

	switch (c)
	{
		case 'l':
			*listen = true;
			if (!probe_addr_parse(arg, STAMP_PORT, &o->listen, &o->listen_len, &err))
				return true;
			fprintf(stderr, "crosspeer reflect: %s: %s\n", arg, err.msg);
			return false;
		case 's': o->stateful = true; return true;
		case 'n': o->sink = false; return true;
		case 'K': o->in_kernel = true; return true;
		case 'k':
			o->mode = STAMP_MODE_AUTH;
			return probe_cli_load_key("reflect", arg, &o->key);
		case 'a':
			if (o->n_allow >= STAMP_REFLECTOR_MAX_ALLOW)
				fprintf(stderr, "crosspeer reflect: --allow: at most %d prefixes\n",
						STAMP_REFLECTOR_MAX_ALLOW);
			else if (probe_prefix_parse(arg, &o->allow[o->n_allow], &err))
				fprintf(stderr, "crosspeer reflect: %s: %s\n", arg, err.msg);
			else
				return ++o->n_allow > 0;
			return false;
		case 'r':
			o->rate_limit_pps = strtod(arg, &end);
			if (end != arg && !*end && o->rate_limit_pps > 0 && o->rate_limit_pps <= 1e7)
				return true;
			fprintf(stderr, "crosspeer reflect: --rate-limit: '%s' is not a rate in pps\n", arg);
			return false;
		default:
			return false;
	}
}

/* What the kernel's reflector cannot do is said before anything is bound or loaded. */
static int reflect_check_in_kernel(const stamp_reflector_opts_t *o)
{
	const char *why = stamp_reflector_kernel_unfit(o);

	if (!why)
		return -1;
	fprintf(stderr, "crosspeer reflect: --in-kernel: %s\n", why);
	return XP_EXIT_USAGE;
}

/** @return	-1 to go on, or the exit code */
static int reflect_parse(int argc, char *argv[], stamp_reflector_opts_t *o)
{
	bool listen = false;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", reflect_options, NULL)) != -1)
	{
		if (c == 'h')
		{
			fputs(reflect_usage, stdout);
			return XP_EXIT_PASS;
		}
		if (c == '?' || c == ':')
		{
			cli_option_error("reflect", c, argv);
			return XP_EXIT_USAGE;
		}
		if (!reflect_option(c, optarg, o, &listen))
			return XP_EXIT_USAGE;
	}
	if (optind < argc)
	{
		fprintf(stderr, "crosspeer reflect: %s: unexpected argument\n", argv[optind]);
		return XP_EXIT_USAGE;
	}
	if (!listen)
	{
		fprintf(stderr, "crosspeer reflect: --listen: required\n");
		return XP_EXIT_USAGE;
	}
	return reflect_check_in_kernel(o);
}

static void reflect_print(const stamp_reflector_counters_t *c)
{
	printf("received %llu reflected %llu malformed %llu bad_hmac %llu denied %llu "
		   "rate_limited %llu send_errors %llu sessions %llu sink_connections %llu "
		   "sink_bytes %llu gso_replies %llu kernel_reflected %llu kernel_passed %llu\n",
		   (unsigned long long)c->received, (unsigned long long)c->reflected,
		   (unsigned long long)c->malformed, (unsigned long long)c->bad_hmac,
		   (unsigned long long)c->denied, (unsigned long long)c->rate_limited,
		   (unsigned long long)c->send_errors, (unsigned long long)c->sessions,
		   (unsigned long long)c->sink_connections, (unsigned long long)c->sink_bytes,
		   (unsigned long long)c->gso_replies, (unsigned long long)c->kernel_reflected,
		   (unsigned long long)c->kernel_passed);
	fflush(stdout);
}

static int reflect_serve(stamp_reflector_opts_t *o)
{
	stamp_reflector_counters_t c;
	probe_err_t err = { 0 };
	stamp_reflector_t *r = stamp_reflector_create(o, NULL, &err);
	char addr[64];
	int rc;

	memset(&o->key, 0, sizeof(o->key));
	probe_addr_format((struct sockaddr *)&o->listen, addr, sizeof(addr));
	if (!r)
	{
		fprintf(stderr, "crosspeer reflect: %s: %s\n", addr, err.msg);
		return XP_EXIT_ENV;
	}
	printf("reflecting on %s port %u (%s, %s%s%s)\n", addr, r->get_port(r),
		   o->stateful ? "stateful" : "stateless",
		   o->mode == STAMP_MODE_AUTH ? "authenticated" : "unauthenticated",
		   o->sink ? ", throughput sink on TCP" : "",
		   o->in_kernel ? ", answered in the kernel" : "");
	fflush(stdout);
	rc = r->run(r, stop_token_level(), &err);
	if (rc)
		fprintf(stderr, "crosspeer reflect: %s: %s\n", addr, err.msg);
	r->get_counters(r, &c);
	reflect_print(&c);
	r->destroy(r);
	return rc ? XP_EXIT_ENV : XP_EXIT_PASS;
}

int cmd_reflect(int argc, char *argv[])
{
	stamp_reflector_opts_t o = { .mode = STAMP_MODE_UNAUTH, .sink = true };
	int rc = reflect_parse(argc, argv, &o);

	if (rc >= 0)
	{
		memset(&o.key, 0, sizeof(o.key));
		return rc;
	}
	/* before the reflector's threads (throughput sink), so they inherit the blocked signals */
	if (!stop_token_start(false))
	{
		memset(&o.key, 0, sizeof(o.key));
		fprintf(stderr, "crosspeer reflect: signals: cannot start the thread that waits for "
				"them\n");
		return XP_EXIT_ENV;
	}
	return reflect_serve(&o);
}
