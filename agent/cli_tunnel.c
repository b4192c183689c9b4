/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "cli_tunnel.h"
#include "exit_codes.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* "90", "90s", "15m", "2h" */
static bool cli_duration(const char *cmd, const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	double unit = !strcmp(end, "") || !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 :
				  !strcmp(end, "h") ? 3600 : -1;

	if (end == s || unit < 0 || v * unit < 1 || v * unit > 7 * 86400)
	{
		fprintf(stderr, "crosspeer %s: --every: expected a duration from 1s to 7 days such as "
				"30s, 15m or 1h, got '%s'\n", cmd, s);
		return false;
	}
	*out = v * unit;
	return true;
}

static bool cli_verify_option(const char *cmd, int c, const char *arg, cli_tunnel_t *out)
{
	switch (c)
	{
		case 'r':
			out->report_dir = arg;
			return true;
		case 'j':
			out->json = true;
			return true;
		case 'P':
			out->pcap = arg;
			return true;
		case 'e':
			return cli_duration(cmd, arg, &out->every_s);
		case 'x':
			out->existing = true;
			return true;
		case 'W':
			out->metrics_web_config = arg;
			return true;
		case 'b':
			out->baseline = arg;
			return true;
		default:
			out->metrics = arg;
			return true;
	}
}

void cli_option_error(const char *cmd, int c, char *argv[])
{
	if (c == ':')
		fprintf(stderr, "crosspeer %s: %s: needs a value\n", cmd, argv[optind - 1]);
	else
		fprintf(stderr, "crosspeer %s: %s: unknown option (see --help)\n", cmd,
				argv[optind - 1]);
}

int cli_tunnel_parse(int argc, char *argv[], const char *usage, unsigned extra,
					 cli_tunnel_t *out)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "datapath", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ "cycles", required_argument, NULL, 'c' },
		{ "report", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "pcap", required_argument, NULL, 'P' },
		{ "every", required_argument, NULL, 'e' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "metrics-web-config", required_argument, NULL, 'W' },
		{ "existing", no_argument, NULL, 'x' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = argv[0];
	int c, li = 0;

	*out = (cli_tunnel_t){ .datapath = DATAPATH_AUTO, .log_level = 1, .timeout_s = 30 };
	optind = 1;
	opterr = 0;		/* our own messages, in the "crosspeer <sub>: <object>: <reason>" form */
	while ((c = getopt_long(argc, argv, ":p:vqh", opts, &li)) != -1)
	{
		switch (c)
		{
			case 'p':
				if (out->n_profiles &&
					(!(extra & CLI_PROFILES) || out->n_profiles == CLI_MAX_PROFILES))
				{
					if (extra & CLI_PROFILES)
						fprintf(stderr, "crosspeer %s: --profile: at most %d profiles\n", cmd,
								CLI_MAX_PROFILES);
					else
						fprintf(stderr, "crosspeer %s: --profile: give one profile\n", cmd);
					goto bad;
				}
				out->profiles[out->n_profiles++] = optarg;
				out->profile = out->profiles[0];
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
				if (!(extra & CLI_TIMEOUT))
					goto not_here;
				if (!cli_int(cmd, "timeout", optarg, 1, 3600, &out->timeout_s))
					goto bad;
				break;
			case 'c':
				if (!(extra & CLI_CYCLES))
					goto not_here;
				if (!cli_int(cmd, "cycles", optarg, 1, 100000, &out->cycles))
					goto bad;
				break;
			case 'r':
			case 'j':
			case 'P':
			case 'e':
			case 'm':
			case 'W':
			case 'x':
			case 'b':
				if (!(extra & CLI_VERIFY))
					goto not_here;
				if (!cli_verify_option(cmd, c, optarg, out))
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
				cli_option_error(cmd, c, argv);
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

not_here:
	fprintf(stderr, "crosspeer %s: --%s: not an option of %s (see --help)\n", cmd,
			opts[li].name, cmd);
bad:
	fprintf(stderr, "Usage: %s", usage);
	return XP_EXIT_USAGE;
}
