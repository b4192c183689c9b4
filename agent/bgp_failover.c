/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bgp_failover.h"
#include "bgp_up.h"
#include "exit_codes.h"
#include "verify_result.h"
#include "stop_token.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <result.h>
#include <failover.h>
#include <icmp_probe.h>
#include <probe_samples.h>

/** Rate and length of the probing when the profile sets none: 50 pps for 60 s. */
#define FAILOVER_RATE_PPS 50.0
#define FAILOVER_SECONDS 60

typedef struct {
	probe_plan_t plan;
	probe_samples_t *samples;
	probe_err_t err;
	int rc;
	atomic_bool done;
} failover_probe_t;

static void *failover_probe_thread(void *arg)
{
	failover_probe_t *fp = arg;
	probe_t *probe = icmp_probe_create(NULL);

	fp->rc = probe ? probe->run(probe, &fp->plan, fp->samples, &fp->err) : -ENOMEM;
	if (probe)
		probe->destroy(probe);
	atomic_store(&fp->done, true);
	return NULL;
}

static int failover_plan(const profile_t *p, failover_probe_t *fp, probe_err_t *err)
{
	memset(fp, 0, sizeof(*fp));
	fp->plan.rate_pps = p->rate_pps > 0 ? p->rate_pps : FAILOVER_RATE_PPS;
	fp->plan.count = p->count ? p->count : (uint64_t)(fp->plan.rate_pps * FAILOVER_SECONDS);
	fp->plan.timeout_ms = 1000;
	fp->plan.stop = stop_token_level();
	fp->samples = probe_samples_create(fp->plan.count);
	if (!fp->samples)
		return probe_err_set(err, -ENOMEM, "out of memory");
	return probe_addr_parse(p->targets[0].address, 0, &fp->plan.target, &fp->plan.target_len,
							err);
}

static int failover_by_tx(const void *a, const void *b)
{
	uint64_t x = ((const xp_failover_probe_t*)a)->tx_ms, y = ((const xp_failover_probe_t*)b)->tx_ms;

	return x < y ? -1 : x > y;
}

/* The samples in sending order (they are recorded as they complete: a lost one only when
 * its timeout ran out, after later answered ones), and the BGP events, into f. */
static void failover_collect(const failover_probe_t *fp, const bgp_side_t *side,
							 uint64_t start_ms, xp_failover_t *f)
{
	size_t n = probe_samples_count(fp->samples);
	xp_failover_probe_t *probes = calloc(n ? n : 1, sizeof(*probes));

	for (size_t i = 0; probes && i < n; i++)
	{
		const probe_sample_t *s = probe_samples_get(fp->samples, i);

		probes[i].tx_ms = s->tx_ns / 1000000u;
		probes[i].answered = s->flags & PROBE_SAMPLE_RECEIVED;
	}
	if (probes)
	{
		qsort(probes, n, sizeof(*probes), failover_by_tx);
		xp_failover_outage(f, probes, n, start_ms);
	}
	free(probes);
	f->withdraw_ms = NAN;
	for (size_t i = 0; i < side->n_events && f->n_events < XP_FAILOVER_MAX_EVENTS; i++)
	{
		xp_failover_event_t *e = &f->events[f->n_events++];

		e->t_ms = (double)side->events[i].ms - (double)start_ms;
		e->tunnel = (unsigned)side->events[i].tunnel;
		snprintf(e->state, sizeof(e->state), "%s", side->events[i].state);
		if (isnan(f->withdraw_ms) && !isnan(f->outage_start_ms) &&
			!bgp_side_established(e->state) && e->t_ms >= f->outage_start_ms)
			f->withdraw_ms = e->t_ms - f->outage_start_ms;
	}
	for (size_t i = 0; i < side->n && i < XP_FAILOVER_MAX_TUNNELS; i++)
		f->after[side->tunnel[i]] = bgp_side_established(side->info[i]);
	f->n_tunnels = side->n;
}

/* The run as a report: both tunnels' BGP sessions up, the probes, BGP's events on the
 * timeline, the verdict with the failover's checks, and the "failover" object. */
static xp_result_t *failover_result(const profile_t *p, const failover_probe_t *fp,
									const xp_failover_t *f, int64_t started_ms)
{
	xp_result_t *r = xp_result_create(p->name, CROSSPEER_VERSION);
	xp_probe_result_t *pr;
	size_t n = probe_samples_count(fp->samples);

	if (!r || !(pr = xp_result_add_probe(r, f->target, "icmp")))
	{
		xp_result_destroy(r);
		return NULL;
	}
	r->run.started_ms = started_ms;
	r->tunnel.established = true;
	r->tunnel.setup_ms = NAN;
	for (size_t i = 0; i < n; i++)
	{
		const probe_sample_t *s = probe_samples_get(fp->samples, i);

		xp_probe_result_add_sample(pr, (double)s->tx_ns / 1e6, s->flags & PROBE_SAMPLE_RECEIVED ?
								   (double)s->rtt_ns / 1e6 : NAN);
	}
	xp_probe_result_compute(pr);
	xp_probe_result_compute_cdf(pr);
	for (size_t i = 0; i < f->n_events; i++)
	{
		char detail[160];

		snprintf(detail, sizeof(detail), "tunnel%u %s", f->events[i].tunnel, f->events[i].state);
		xp_result_add_event(r, f->events[i].t_ms, bgp_side_established(f->events[i].state) ?
							"BGP_UP" : "BGP_DOWN", detail);
	}
	if (!isnan(f->outage_ms))
	{
		xp_result_add_event(r, f->outage_start_ms, "OUTAGE", "first probe unanswered");
		if (f->recovered)
			xp_result_add_event(r, f->outage_start_ms + f->outage_ms, "FAILOVER",
								"first probe answered after the outage");
	}
	r->failover = f;
	xp_result_evaluate(r, NULL);
	xp_failover_evaluate(f, r);
	return r;
}

/* Probe while BGP is watched; the events before probing started are not the failover's. */
static int failover_measure(const profile_t *p, bgp_up_t *u, xp_failover_t *f,
							xp_result_t **r)
{
	static failover_probe_t fp;
	int64_t started_ms = (int64_t)time(NULL) * 1000;
	uint64_t start_ms;
	pthread_t thread;

	if (failover_plan(p, &fp, &fp.err) < 0)
	{
		fprintf(stderr, "crosspeer verify: probe.targets[0]: %s\n", fp.err.msg);
		probe_samples_destroy(fp.samples);
		return XP_EXIT_USAGE;
	}
	snprintf(f->target, sizeof(f->target), "%s", p->targets[0].address);
	f->rate_pps = fp.plan.rate_pps;
	u->side.n_events = 0;
	start_ms = (uint64_t)bgp_side_now_ms();
	printf("failover: probing %s at %.0f pps for %.0f s; take one gateway instance down now\n",
		   f->target, fp.plan.rate_pps, (double)fp.plan.count / fp.plan.rate_pps);
	fflush(stdout);
	if (pthread_create(&thread, NULL, failover_probe_thread, &fp) != 0)
	{
		probe_samples_destroy(fp.samples);
		fprintf(stderr, "crosspeer verify: cannot start a thread: %s\n", strerror(errno));
		return XP_EXIT_ENV;
	}
	while (!atomic_load(&fp.done))
	{
		bgp_side_poll(&u->side);
		stop_token_wait(50);
	}
	pthread_join(thread, NULL);
	bgp_side_poll(&u->side);
	if (fp.rc < 0)
	{
		fprintf(stderr, "crosspeer verify: probe %s: %s\n", f->target, fp.err.msg);
		probe_samples_destroy(fp.samples);
		return XP_EXIT_ENV;
	}
	failover_collect(&fp, &u->side, start_ms, f);
	*r = failover_result(p, &fp, f, started_ms);
	probe_samples_destroy(fp.samples);
	return *r ? XP_EXIT_PASS : XP_EXIT_ENV;
}

int bgp_failover_run(const profile_t *p, const cli_tunnel_t *cli)
{
	static bgp_up_t u;
	xp_failover_t f = { .max_failover_ms = p->max_failover_ms, .hold_s = p->bgp.hold_s,
						.dpd_timeout_s = p->dpd_timeout_s ? p->dpd_timeout_s : 45 };
	xp_result_t *r = NULL;
	int rc;

	if ((rc = bgp_up_check_profile(p, "verify")) >= 0)
		return rc;
	if (cli->every_s > 0 || cli->existing || cli->metrics || cli->pcap)
	{
		fprintf(stderr, "crosspeer verify: --every, --existing, --metrics and --pcap are not "
				"for a \"bgp\" profile (%s): its verify is one failover measurement\n",
				p->path);
		return XP_EXIT_USAGE;
	}
	if (!p->n_targets)
	{
		fprintf(stderr, "crosspeer verify: %s: probe.targets: a \"bgp\" profile's verify "
				"probes through the tunnels while an instance fails over: name an address "
				"in the gateway's VNet\n", p->path);
		return XP_EXIT_USAGE;
	}
	if (!stop_token_start(true))
		return XP_EXIT_ENV;
	rc = bgp_up_start(&u, p, cli, "verify");
	if (rc == XP_EXIT_PASS)
		rc = failover_measure(p, &u, &f, &r);
	bgp_up_stop(&u);
	if (rc != XP_EXIT_PASS)
		return rc;
	if (!cli->json)
		xp_failover_print(&f, stdout);
	rc = verify_output(r, cli);
	if (rc == XP_EXIT_PASS && !r->verdict.pass)
		rc = XP_EXIT_THRESHOLD;
	xp_result_destroy(r);
	return rc;
}
