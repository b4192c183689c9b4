/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcp_probe.h"

typedef struct {
	/** public interface */
	probe_t public;
	/** clock */
	const probe_clock_t *clock;
} private_tcp_probe_t;

/** One connection in flight. */
typedef struct {
	int fd;
	uint32_t seq;
	uint64_t tx;
} tcp_probe_conn_t;

/** One run's state. */
typedef struct {
	const probe_clock_t *clock;
	const probe_plan_t *plan;
	probe_samples_t *out;
	tcp_probe_conn_t conns[TCP_PROBE_MAX_INFLIGHT];
	struct pollfd pfd[TCP_PROBE_MAX_INFLIGHT];
	unsigned n;
	uint32_t next_seq;
	uint64_t received;
} tcp_probe_run_t;

static void tcp_probe_close(tcp_probe_run_t *r, unsigned i, uint32_t flags, uint64_t now)
{
	tcp_probe_conn_t *c = &r->conns[i];
	probe_sample_t s = { .seq = c->seq, .flags = flags, .tx_ns = c->tx,
						 .size = r->plan->target.ss_family == AF_INET6 ? 60 : 40 };

	if (flags & PROBE_SAMPLE_RECEIVED)
	{
		s.rx_ns = now;
		s.rtt_ns = (int64_t)(now - c->tx);
		r->received++;
	}
	probe_samples_add(r->out, &s);
	close(c->fd);
	r->conns[i] = r->conns[--r->n];
}

static void tcp_probe_send(tcp_probe_run_t *r)
{
	struct linger lin = { .l_onoff = 1, .l_linger = 0 };
	const probe_plan_t *p = r->plan;
	int tos = p->dscp << 2, fd;
	tcp_probe_conn_t *c = &r->conns[r->n];

	*c = (tcp_probe_conn_t){ .seq = r->next_seq++, .tx = r->clock->mono_ns(r->clock) };
	fd = socket(p->target.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		probe_samples_add(r->out, &(probe_sample_t){ .seq = c->seq, .tx_ns = c->tx });
		return;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	(void)setsockopt(fd, p->target.ss_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
					 p->target.ss_family == AF_INET6 ? IPV6_TCLASS : IP_TOS, &tos, sizeof(tos));
	c->tx = r->clock->mono_ns(r->clock);
	c->fd = fd;
	r->n++;
	if (connect(fd, (const struct sockaddr *)&p->target, p->target_len) == 0)
		tcp_probe_close(r, r->n - 1, PROBE_SAMPLE_RECEIVED, r->clock->mono_ns(r->clock));
	else if (errno == ECONNREFUSED)
		tcp_probe_close(r, r->n - 1, PROBE_SAMPLE_RECEIVED | PROBE_SAMPLE_REFUSED,
						r->clock->mono_ns(r->clock));
	else if (errno != EINPROGRESS)
		tcp_probe_close(r, r->n - 1, 0, 0);
}

static void tcp_probe_poll(tcp_probe_run_t *r, uint64_t now, uint64_t until)
{
	uint64_t timeout = (uint64_t)r->plan->timeout_ms * 1000000ull;
	uint64_t wait = until > now ? until - now : 0;
	int ms = (int)((wait + 999999) / 1000000), rc;

	for (unsigned i = 0; i < r->n; i++)
		r->pfd[i] = (struct pollfd){ .fd = r->conns[i].fd, .events = POLLOUT };
	rc = poll(r->pfd, r->n, ms > 100 ? 100 : ms);
	now = r->clock->mono_ns(r->clock);
	/* walk backwards: closing moves the last entry into the hole */
	for (unsigned i = r->n; i-- > 0;)
	{
		int soerr = 0;
		socklen_t len = sizeof(soerr);

		if (rc > 0 && r->pfd[i].revents)
		{
			getsockopt(r->conns[i].fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
			tcp_probe_close(r, i, soerr == 0 ? PROBE_SAMPLE_RECEIVED :
							soerr == ECONNREFUSED ? PROBE_SAMPLE_RECEIVED | PROBE_SAMPLE_REFUSED :
							0, now);
		}
		else if (now - r->conns[i].tx >= timeout)
			tcp_probe_close(r, i, 0, 0);
	}
}

static bool tcp_probe_done(tcp_probe_run_t *r, uint64_t start, uint64_t now)
{
	const probe_plan_t *p = r->plan;

	if (p->stop && atomic_load(p->stop))
		return true;
	if (p->count && r->next_seq >= p->count)
		return true;
	return p->duration_ms && now - start >= p->duration_ms * 1000000ull;
}

static int tcp_probe_run(probe_t *public, const probe_plan_t *plan, probe_samples_t *out,
						 probe_err_t *err)
{
	private_tcp_probe_t *this = (private_tcp_probe_t *)public;
	tcp_probe_run_t *r;
	uint64_t start, next, end = 0, rng;
	bool done = false;

	if (plan->rate_pps <= 0 || (!plan->count && !plan->duration_ms && !plan->stop))
		return probe_err_set(err, -EINVAL, "a run needs a rate and a count or a duration");
	r = calloc(1, sizeof(*r));
	if (!r)
		return probe_err_set(err, -ENOMEM, "out of memory");
	*r = (tcp_probe_run_t){ .clock = this->clock, .plan = plan, .out = out };
	start = next = this->clock->mono_ns(this->clock);
	rng = plan->seed ? plan->seed : start;
	for (;;)
	{
		uint64_t now = this->clock->mono_ns(this->clock);

		if (!done && tcp_probe_done(r, start, now))
		{
			done = true;
			end = now + (uint64_t)plan->timeout_ms * 1000000ull;
		}
		if (!done && now >= next && r->n < TCP_PROBE_MAX_INFLIGHT)
		{
			tcp_probe_send(r);
			next += probe_schedule_next_ns(plan->schedule, plan->rate_pps, &rng);
			continue;
		}
		if (done && (!r->n || now >= end))
			break;
		tcp_probe_poll(r, now, done ? end : next);
	}
	while (r->n)
		tcp_probe_close(r, r->n - 1, 0, 0);
	if (plan->progress)
		plan->progress(plan->progress_ctx, r->next_seq, r->received);
	free(r);
	return 0;
}

static void tcp_probe_destroy(probe_t *public)
{
	free(public);
}

probe_t *tcp_probe_create(const probe_clock_t *clock)
{
	private_tcp_probe_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->public.run = tcp_probe_run;
	this->public.destroy = tcp_probe_destroy;
	this->clock = clock ? clock : probe_clock_system();
	return &this->public;
}
