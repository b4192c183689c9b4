/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "probe_result.h"
#include "result_probes.h"

#include <stdio.h>

static bool probe_result_ipv6(const probe_job_t *job)
{
	return job->target->addr.ss_family == AF_INET6;
}

static const probe_job_t *probe_result_pmtu_job(const probe_jobs_t *jobs)
{
	const probe_job_t *best = NULL;

	for (size_t i = 0; i < jobs->n; i++)
	{
		const probe_job_t *j = &jobs->jobs[i];

		if (j->has_pmtu && !j->pmtu_rc && j->pmtu.pmtu &&
			(!best || j->pmtu.pmtu < best->pmtu.pmtu))
			best = j;
	}
	return best;
}

static const probe_job_t *probe_result_tput_job(const probe_jobs_t *jobs)
{
	const probe_job_t *best = NULL;

	for (size_t i = 0; i < jobs->n; i++)
	{
		const probe_job_t *j = &jobs->jobs[i];

		if (j->has_tput && !j->tput_rc && (!best || j->tput.up_mbps < best->tput.up_mbps))
			best = j;
	}
	return best;
}

static void probe_result_target(xp_result_t *r, const probe_job_t *job)
{
	xp_probe_result_t *p = result_probes_add(r, job->target->address, job->target->kind,
											 &job->sum, job->samples, job->start_ns);

	if (!p)
		return;
	p->port = job->target->port;
	if (job->rc)
		snprintf(p->error, sizeof(p->error), "%s", job->error);
	if (job->has_pmtu && !job->pmtu_rc)
		result_probes_set_target_pmtu(p, &job->pmtu, job->has_esp ? &job->esp : NULL,
									  probe_result_ipv6(job));
	if (job->has_tput && !job->tput_rc)
		result_probes_set_target_throughput(p, &job->tput);
}

void probe_result_fill(xp_result_t *r, const probe_jobs_t *jobs)
{
	const probe_job_t *pmtu = probe_result_pmtu_job(jobs), *tput = probe_result_tput_job(jobs);

	for (size_t i = 0; i < jobs->n; i++)
		probe_result_target(r, &jobs->jobs[i]);
	if (pmtu)
		result_probes_set_pmtu(r, &pmtu->pmtu, pmtu->has_esp ? &pmtu->esp : NULL,
							   probe_result_ipv6(pmtu));
	if (tput)
		result_probes_set_throughput(r, &tput->tput);
	if (jobs->has_capture && !jobs->cap_rc)
		result_probes_set_capture(r, &jobs->cap);
}
