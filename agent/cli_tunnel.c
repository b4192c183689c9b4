/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "cli_tunnel.h"
#include "exit_codes.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static bool cli_int(const char *cmd, const char *name, const char *s, int min, int max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < min || v > max)
	{
		fprintf(stderr, "crosspeer %s: --%s: expected an integer from %d to %d, got '%s'\n",
				cmd, name, min, max, s);
		return false;
	}
	*out = (int)v;
	return true;
}

int cli_tunnel_parse(int argc, char *argv[], const char *usage, unsigned extra,
					 cli_tunnel_t *out)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "datapath", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ "cycles", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = argv[0];
	int c;

	*out = (cli_tunnel_t){ .datapath = DATAPATH_AUTO, .log_level = 1, .timeout_s = 30 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:vqh", opts, NULL)) != -1)
	{
		switch (c)
		{
			case 'p':
				out->profile = optarg;
				break;
			case 'd':
				if (!charon_embed_parse_datapath(optarg, &out->datapath))
				{
					fprintf(stderr, "crosspeer %s: --datapath: expected auto, xfrm or "
							"libipsec, got '%s'\n", cmd, optarg);
					return XP_EXIT_USAGE;
				}
				break;
			case 't':
				if (!(extra & CLI_TIMEOUT) ||
					!cli_int(cmd, "timeout", optarg, 1, 3600, &out->timeout_s))
					goto bad;
				break;
			case 'c':
				if (!(extra & CLI_CYCLES) ||
					!cli_int(cmd, "cycles", optarg, 1, 100000, &out->cycles))
					goto bad;
				break;
			case 'v':
				out->log_level = 2;
				break;
			case 'q':
				out->log_level = 0;
				break;
			case 'h':
				printf("Usage: %s", usage);
				return XP_EXIT_PASS;
			default:
				goto bad;
		}
	}
	if (optind < argc)
	{
		fprintf(stderr, "crosspeer %s: unexpected argument '%s'\n", cmd, argv[optind]);
		goto bad;
	}
	if (!out->profile)
	{
		fprintf(stderr, "crosspeer %s: --profile FILE is required\n", cmd);
		goto bad;
	}
	return -1;

bad:
	fprintf(stderr, "Usage: %s", usage);
	return XP_EXIT_USAGE;
}
