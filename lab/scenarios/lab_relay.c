/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * `crosspeer lab relay`: the impairment relay process the lab starts in its internet
 * namespace. It re-reads its spec file on SIGHUP (`crosspeer lab impair SPEC`) and writes
 * its counters next to it on every reload and at exit.
 */

#include "lab_topology.h"
#include "exit_codes.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <relay.h>

static volatile sig_atomic_t relay_stop, relay_reload;

static void relay_on_signal(int sig)
{
	if (sig == SIGHUP)
		relay_reload = 1;
	else
		relay_stop = 1;
}

typedef struct {
	const char *spec_file, *counters_file;
	/** the relay's options as started; the spec file's "from" lines add to them */
	relay_opts_t opts;
} relay_files_t;

/* Line 1: the impairment spec; then "from CIDR" lines: more networks to impair. */
static bool relay_read_spec(const char *file, impair_conf_t *conf, relay_opts_t *opts)
{
	char spec[512] = "", line[128], err[300];
	FILE *f = fopen(file, "r");

	if (f)
	{
		if (!fgets(spec, sizeof(spec), f))
			spec[0] = '\0';
		while (fgets(line, sizeof(line), f))
		{
			line[strcspn(line, "\r\n")] = '\0';
			if (!strncmp(line, "from ", 5) && !relay_opts_add_from(opts, line + 5))
				fprintf(stderr, "crosspeer lab relay: %s: '%s' ignored\n", file, line);
		}
		fclose(f);
	}
	spec[strcspn(spec, "\r\n")] = '\0';
	if (!impair_parse(spec, conf, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer lab relay: %s: %s\n", file, err);
		return false;
	}
	impair_format(conf, spec, sizeof(spec));
	fprintf(stderr, "crosspeer lab relay: impairment %s\n", spec);
	return true;
}

static void relay_write_counters(relay_t *relay, const char *file)
{
	relay_counters_t c;
	FILE *f = fopen(file, "w");

	if (!f)
		return;
	relay_get_counters(relay, &c);
	fprintf(f, "received %llu\nimpaired %llu\ndropped %llu\nduplicated %llu\nsent %llu\n"
			"overflow %llu\nqueued %llu\n", (unsigned long long)c.received,
			(unsigned long long)c.impaired, (unsigned long long)c.dropped,
			(unsigned long long)c.duplicated, (unsigned long long)c.sent,
			(unsigned long long)c.overflow, (unsigned long long)c.queued);
	fclose(f);
}

static void relay_on_reload(relay_t *relay, void *ctx)
{
	relay_files_t *files = ctx;
	relay_opts_t opts = files->opts;
	impair_conf_t conf;

	relay_write_counters(relay, files->counters_file);
	if (relay_read_spec(files->spec_file, &conf, &opts))
	{
		relay_set(relay, &conf);
		relay_set_from(relay, &opts);
	}
}

int lab_relay_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "tun", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' },
		{ "spec-file", required_argument, NULL, 's' },
		{ "counters-file", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	relay_opts_t ropts = { .tun = "xprelay0" };
	relay_files_t files = { .spec_file = NULL };
	struct sigaction sa = { .sa_handler = relay_on_signal };
	impair_conf_t conf;
	sigset_t none;
	relay_t *relay;
	char err[300];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
	{
		if (c == 't')
			ropts.tun = optarg;
		else if (c == 'f' && !relay_opts_add_from(&ropts, optarg))
			c = '?';
		else if (c == 's')
			files.spec_file = optarg;
		else if (c == 'c')
			files.counters_file = optarg;
		if (c == '?')
		{
			fprintf(stderr, "usage: crosspeer lab relay --tun IF --from CIDR --spec-file F "
					"--counters-file F\n");
			return XP_EXIT_USAGE;
		}
	}
	files.opts = ropts;
	if (!files.spec_file || !files.counters_file ||
		!relay_read_spec(files.spec_file, &conf, &ropts))
		return XP_EXIT_USAGE;
	relay = relay_create(&ropts, &conf, err, sizeof(err));
	if (!relay)
	{
		fprintf(stderr, "crosspeer lab relay: %s\n", err);
		return XP_EXIT_ENV;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	relay_run(relay, &relay_stop, &relay_reload, relay_on_reload, &files);
	relay_write_counters(relay, files.counters_file);
	relay_destroy(relay);
	return XP_EXIT_PASS;
}
