/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_codes.h"
#include "probe_cli.h"
#include "probe_jobs.h"
#include "probe_report.h"
#include "stop_token.h"

/** Every failure the probes hit is about this host or its network: no permission for raw
 * sockets or capture, no route, no sink listening. */
static int probe_exit_code(int rc)
{
	return rc ? XP_EXIT_ENV : XP_EXIT_PASS;
}

static int probe_output(const probe_cli_t *cli, const probe_jobs_t *jobs)
{
	json_t *doc;
	int rc = 0;

	if (!cli->json)
	{
		probe_report_text(stdout, cli, jobs);
		return 0;
	}
	doc = probe_report_json(cli, jobs);
	if (json_dumpf(doc, stdout, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(9)) || fputc('\n', stdout) == EOF)
		rc = -EIO;
	json_decref(doc);
	return rc;
}

int cmd_probe(int argc, char *argv[])
{
	static probe_jobs_t jobs;
	probe_cli_t cli;
	int rc = probe_cli_parse(argc, argv, &cli);

	if (rc >= 0)
	{
		probe_cli_wipe(&cli);
		return rc;
	}
	if (!stop_token_start(false))
	{
		probe_cli_wipe(&cli);
		fprintf(stderr, "crosspeer probe: signals: cannot start the thread that waits for them\n");
		return XP_EXIT_ENV;
	}
	rc = probe_jobs_run(&cli, stop_token_level(), &jobs);
	probe_cli_wipe(&cli);
	probe_report_errors(&jobs);
	if (jobs.error[0])
		return probe_exit_code(rc);
	if (probe_output(&cli, &jobs))
		fprintf(stderr, "crosspeer probe: stdout: %s\n", strerror(EIO));
	return probe_exit_code(rc);
}
