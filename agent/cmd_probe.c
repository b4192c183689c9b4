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
#include "probe_result.h"
#include "report.h"
#include "stop_token.h"

/** Every failure the probes hit is about this host or its network: no permission for raw
 * sockets or capture, no route, no sink listening. */
static int probe_exit_code(int rc)
{
	return rc ? XP_EXIT_ENV : XP_EXIT_PASS;
}

/* --json: the measurement part of a report.json (docs/report.md), the same writer as verify's */
static int probe_output_json(const probe_cli_t *cli, const probe_jobs_t *jobs, xp_result_t *r)
{
	json_t *doc;
	int rc = 0;

	probe_result_fill(r, jobs);
	doc = report_json_measurement(r);
	if (!doc)
		return -ENOMEM;
	if (json_dumpf(doc, stdout, REPORT_JSON_FLAGS) || fputc('\n', stdout) == EOF)
		rc = -EIO;
	json_decref(doc);
	(void)cli;
	return rc;
}

static int probe_output(const probe_cli_t *cli, const probe_jobs_t *jobs, xp_result_t *r)
{
	if (!cli->json)
	{
		probe_report_text(stdout, cli, jobs);
		return 0;
	}
	return probe_output_json(cli, jobs, r);
}

int cmd_probe(int argc, char *argv[])
{
	static probe_jobs_t jobs;
	probe_cli_t cli;
	xp_result_t *r;
	int rc = probe_cli_parse(argc, argv, &cli);

	if (rc >= 0)
	{
		probe_cli_wipe(&cli);
		return rc;
	}
	r = xp_result_create(cli.profile, CROSSPEER_VERSION);
	if (!r || !stop_token_start(false))
	{
		probe_cli_wipe(&cli);
		xp_result_destroy(r);
		fprintf(stderr, "crosspeer probe: %s\n", r ? "signals: cannot start the thread that "
				"waits for them" : strerror(ENOMEM));
		return XP_EXIT_ENV;
	}
	xp_result_start_clock(r);
	rc = probe_jobs_run(&cli, stop_token_level(), &jobs);
	xp_result_stop_clock(r);
	probe_report_errors(&jobs);
	if (!jobs.error[0])
	{
		int out = probe_output(&cli, &jobs, r);

		if (out)
			fprintf(stderr, "crosspeer probe: stdout: %s\n", strerror(-out));
	}
	probe_jobs_release(&jobs);
	probe_cli_wipe(&cli);
	xp_result_destroy(r);
	return probe_exit_code(rc);
}
