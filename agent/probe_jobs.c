/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "icmp_probe.h"
#include "probe_jobs.h"
#include "stamp_sender.h"
#include "tcp_probe.h"

/** Shared CSV output. */
typedef struct {
	FILE *f;
	pthread_mutex_t lock;
} probe_jobs_csv_t;

/** One job's thread argument. */
typedef struct {
	const probe_cli_t *cli;
	probe_job_t *job;
	probe_jobs_csv_t *csv;
	atomic_int *stop;
} probe_jobs_arg_t;

/** CSV observer context of one target. */
typedef struct {
	probe_jobs_csv_t *csv;
	const char *label;
} probe_jobs_csv_ctx_t;

static void probe_jobs_csv_line(void *ctx, const probe_sample_t *s)
{
	probe_jobs_csv_ctx_t *c = ctx;

	pthread_mutex_lock(&c->csv->lock);
	probe_samples_csv_line(c->csv->f, c->label, s);
	pthread_mutex_unlock(&c->csv->lock);
}

static probe_t *probe_jobs_create(const probe_cli_t *cli, const char *kind)
{
	stamp_sender_opts_t so = { .mode = cli->mode, .key = cli->key };
	probe_t *p;

	if (!strcmp(kind, "icmp"))
		return icmp_probe_create(NULL);
	if (!strcmp(kind, "tcp"))
		return tcp_probe_create(NULL);
	p = stamp_sender_create(&so, NULL);
	memset(&so.key, 0, sizeof(so.key));
	return p;
}

static void probe_jobs_pmtu(const probe_jobs_arg_t *a, probe_plan_t *plan)
{
	probe_job_t *j = a->job;
	const char *kind = strcmp(j->target->kind, "tcp") ? j->target->kind : "icmp";
	pmtu_opts_t o = { .lo = a->cli->pmtu_lo, .hi = a->cli->pmtu_hi };
	probe_t *p = probe_jobs_create(a->cli, kind);
	probe_err_t err = { 0 };

	j->has_pmtu = true;
	j->pmtu_rc = p ? pmtu_search(p, plan, &o, &j->pmtu, &err) : -ENOMEM;
	snprintf(j->pmtu_error, sizeof(j->pmtu_error), "%s", err.msg);
	if (p)
		p->destroy(p);
	if (j->pmtu_rc || !a->cli->esp_proposal)
		return;
	j->has_esp = !pmtu_esp_overhead(a->cli->esp_proposal, a->cli->natt,
									false, j->pmtu.pmtu, &j->esp, &err);
	if (!j->has_esp)
		snprintf(j->pmtu_error, sizeof(j->pmtu_error), "--esp-proposal: %s", err.msg);
}

static void *probe_jobs_thread(void *arg)
{
	probe_jobs_arg_t *a = arg;
	probe_job_t *j = a->job;
	probe_jobs_csv_ctx_t cctx = { .csv = a->csv, .label = j->target->address };
	probe_samples_t *samples = probe_samples_create(a->cli->keep_samples);
	stats_t *stats = stats_create();
	probe_t *p = probe_jobs_create(a->cli, j->target->kind);
	probe_plan_t plan = a->cli->plan;
	probe_err_t err = { 0 };

	plan.target = j->target->addr;
	plan.target_len = j->target->addr_len;
	plan.stop = a->stop;
	j->start_ns = probe_clock_system()->mono_ns(probe_clock_system());
	if (!samples || !stats || !p)
		j->rc = probe_err_set(&err, -ENOMEM, "out of memory");
	else
	{
		probe_samples_observe(samples, stats_observe, stats);
		stats_set_stateful(stats, a->cli->stateful && !strcmp(j->target->kind, "stamp"));
		if (a->csv)
			probe_samples_observe(samples, probe_jobs_csv_line, &cctx);
		j->rc = p->run(p, &plan, samples, &err);
		stats_summarize(stats, &j->sum);
	}
	snprintf(j->error, sizeof(j->error), "%s", err.msg);
	if (!j->rc && a->cli->pmtu && !atomic_load(a->stop))
		probe_jobs_pmtu(a, &plan);
	if (p)
		p->destroy(p);
	if (a->cli->keep_samples && !j->rc)
		j->samples = samples;
	else
		probe_samples_destroy(samples);
	stats_destroy(stats);
	return NULL;
}

void probe_jobs_release(probe_jobs_t *out)
{
	for (size_t i = 0; i < out->n; i++)
	{
		probe_samples_destroy(out->jobs[i].samples);
		out->jobs[i].samples = NULL;
	}
}

static void probe_jobs_tput(const probe_cli_t *cli, atomic_int *stop, probe_job_t *j)
{
	throughput_plan_t tp = {
		.target = j->target->addr, .target_len = j->target->addr_len,
		.proto = strcmp(cli->throughput, "udp") ? THROUGHPUT_TCP : THROUGHPUT_UDP,
		.streams = cli->streams, .duration_ms = cli->tput_ms, .rate_mbps = cli->udp_mbps,
		.size = cli->plan.size, .dscp = cli->plan.dscp, .stop = stop,
	};
	probe_err_t err = { 0 };

	j->has_tput = true;
	if (strcmp(j->target->kind, "stamp"))
	{
		j->tput_rc = -EINVAL;
		snprintf(j->tput_error, sizeof(j->tput_error),
				 "throughput needs a crosspeer reflector (kind stamp)");
		return;
	}
	j->tput_rc = throughput_run(&tp, NULL, &j->tput, &err);
	snprintf(j->tput_error, sizeof(j->tput_error), "%s", err.msg);
}

/** The local address the kernel picks to reach a target. */
static void probe_jobs_local(const probe_cli_target_t *t, struct sockaddr_storage *out)
{
	socklen_t len = sizeof(*out);
	int fd = socket(t->addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return;
	if (connect(fd, (const struct sockaddr *)&t->addr, t->addr_len) ||
		getsockname(fd, (struct sockaddr *)out, &len))
		memset(out, 0, sizeof(*out));
	close(fd);
}

static capture_esp_t *probe_jobs_capture(const probe_cli_t *cli, probe_jobs_t *out)
{
	capture_esp_opts_t o = { .iface = cli->capture, .pcap_file = cli->pcap };
	probe_err_t err = { 0 };
	capture_esp_t *cap;

	for (size_t i = 0; i < cli->n_targets && o.n_inner + 2 <= CAPTURE_ESP_MAX_INNER; i++)
	{
		o.inner[o.n_inner++] = cli->targets[i].addr;
		probe_jobs_local(&cli->targets[i], &o.inner[o.n_inner]);
		if (o.inner[o.n_inner].ss_family)
			o.n_inner++;
	}
	out->has_capture = true;
	cap = capture_esp_start(&o, &err);
	out->cap_rc = cap ? 0 : err.code;
	snprintf(out->cap_error, sizeof(out->cap_error), "%s", err.msg);
	return cap;
}

static void probe_jobs_threads(const probe_cli_t *cli, atomic_int *stop, probe_jobs_t *out,
							   probe_jobs_csv_t *csv)
{
	probe_jobs_arg_t args[PROBE_CLI_MAX_TARGETS];
	pthread_t t[PROBE_CLI_MAX_TARGETS];
	bool started[PROBE_CLI_MAX_TARGETS] = { false };

	for (size_t i = 0; i < out->n; i++)
	{
		args[i] = (probe_jobs_arg_t){ .cli = cli, .job = &out->jobs[i], .csv = csv, .stop = stop };
		started[i] = !pthread_create(&t[i], NULL, probe_jobs_thread, &args[i]);
		if (!started[i])
			out->jobs[i].rc = probe_err_set(NULL, -EAGAIN, "no thread");
	}
	for (size_t i = 0; i < out->n; i++)
	{
		if (started[i])
			pthread_join(t[i], NULL);
	}
}

static int probe_jobs_first_error(const probe_jobs_t *out)
{
	if (out->has_capture && out->cap_rc)
		return out->cap_rc;
	for (size_t i = 0; i < out->n; i++)
	{
		const probe_job_t *j = &out->jobs[i];

		if (j->rc)
			return j->rc;
		if (j->has_pmtu && j->pmtu_rc)
			return j->pmtu_rc;
		if (j->has_tput && j->tput_rc)
			return j->tput_rc;
	}
	return 0;
}

int probe_jobs_run(const probe_cli_t *cli, atomic_int *stop, probe_jobs_t *out)
{
	probe_jobs_csv_t csv = { .f = NULL };
	capture_esp_t *cap = NULL;

	memset(out, 0, sizeof(*out));
	out->n = cli->n_targets;
	for (size_t i = 0; i < out->n; i++)
		out->jobs[i].target = &cli->targets[i];
	if (cli->csv)
	{
		if (!(csv.f = fopen(cli->csv, "w")))
		{
			snprintf(out->error, sizeof(out->error), "%s: %s", cli->csv, strerror(errno));
			return -errno;
		}
		pthread_mutex_init(&csv.lock, NULL);
		probe_samples_csv_header(csv.f);
	}
	if (cli->capture && !(cap = probe_jobs_capture(cli, out)))
	{
		snprintf(out->error, sizeof(out->error), "%s: %s", cli->capture, out->cap_error);
		if (csv.f)
			fclose(csv.f);
		return out->cap_rc;
	}
	probe_jobs_threads(cli, stop, out, csv.f ? &csv : NULL);
	for (size_t i = 0; cli->throughput && i < out->n && !atomic_load(stop); i++)
		probe_jobs_tput(cli, stop, &out->jobs[i]);
	if (cap)
	{
		cap->stop(cap);
		cap->get_counts(cap, &out->cap);
		cap->destroy(cap);
	}
	if (csv.f)
	{
		fclose(csv.f);
		pthread_mutex_destroy(&csv.lock);
	}
	return probe_jobs_first_error(out);
}
