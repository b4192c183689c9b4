/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "throughput.h"
#include "throughput_proto.h"

/** One stream's thread state. */
typedef struct {
	const throughput_plan_t *plan;
	const probe_clock_t *clock;
	int mode;
	/** results: bytes and first-to-last-byte ns, as the receiver measured them */
	uint64_t bytes, elapsed_ns;
	/** 0 or -errno, and what failed */
	int rc;
	probe_err_t err;
} throughput_stream_t;

static int throughput_connect(const throughput_plan_t *plan, int mode, uint32_t rate_kbps,
							  probe_err_t *err)
{
	uint8_t hello[THROUGHPUT_HELLO_LEN] = THROUGHPUT_MAGIC;
	int fd = socket(plan->target.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int tos = plan->dscp << 2;

	if (fd < 0)
		return probe_err_set(err, -errno, "socket: %s", strerror(errno));
	(void)setsockopt(fd, plan->target.ss_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
					 plan->target.ss_family == AF_INET6 ? IPV6_TCLASS : IP_TOS, &tos, sizeof(tos));
	if (connect(fd, (const struct sockaddr *)&plan->target, plan->target_len))
	{
		int rc = probe_err_set(err, -errno, "sink: %s", strerror(errno));

		close(fd);
		return rc;
	}
	hello[4] = (uint8_t)mode;
	throughput_put32(hello + 8, plan->duration_ms);
	throughput_put32(hello + 12, rate_kbps);
	if (throughput_write_full(fd, hello, sizeof(hello)))
	{
		close(fd);
		return probe_err_set(err, -EIO, "sink: hello not sent");
	}
	return fd;
}

static bool throughput_stopped(const throughput_plan_t *plan)
{
	return plan->stop && atomic_load(plan->stop);
}

static int throughput_tcp_up(throughput_stream_t *s, int fd, uint8_t *buf)
{
	uint64_t end = s->clock->mono_ns(s->clock) + (uint64_t)s->plan->duration_ms * 1000000ull;
	uint8_t reply[16];

	memset(buf, 0xa5, THROUGHPUT_BUF);
	while (s->clock->mono_ns(s->clock) < end && !throughput_stopped(s->plan))
	{
		if (send(fd, buf, THROUGHPUT_BUF, MSG_NOSIGNAL) < 0)
			return probe_err_set(&s->err, -errno, "sink: %s", strerror(errno));
	}
	shutdown(fd, SHUT_WR);
	if (throughput_read_full(fd, reply, sizeof(reply), 10000))
		return probe_err_set(&s->err, -EIO, "sink: no byte count returned");
	s->bytes = throughput_get64(reply);
	s->elapsed_ns = throughput_get64(reply + 8);
	return 0;
}

static int throughput_tcp_down(throughput_stream_t *s, int fd, uint8_t *buf)
{
	uint64_t first = 0, last = 0;

	for (;;)
	{
		ssize_t n;

		if (throughput_stopped(s->plan))
			break;
		n = recv(fd, buf, THROUGHPUT_BUF, 0);
		if (n < 0)
			return probe_err_set(&s->err, -errno, "sink: %s", strerror(errno));
		if (n == 0)
			break;
		last = s->clock->mono_ns(s->clock);
		first = first ? first : last;
		s->bytes += (uint64_t)n;
	}
	s->elapsed_ns = last - first;
	return 0;
}

static void *throughput_stream(void *arg)
{
	throughput_stream_t *s = arg;
	uint8_t *buf = malloc(THROUGHPUT_BUF);
	int fd;

	if (!buf)
	{
		s->rc = probe_err_set(&s->err, -ENOMEM, "out of memory");
		return NULL;
	}
	fd = throughput_connect(s->plan, s->mode, 0, &s->err);
	if (fd < 0)
		s->rc = fd;
	else
	{
		s->rc = s->mode == THROUGHPUT_MODE_TCP_UP ? throughput_tcp_up(s, fd, buf) :
			throughput_tcp_down(s, fd, buf);
		close(fd);
	}
	free(buf);
	return NULL;
}

static double throughput_mbps(uint64_t bytes, uint64_t ns)
{
	return ns ? (double)bytes * 8.0 * 1e3 / (double)ns : 0;
}

/** Run every stream of one direction; sums bytes over the longest stream time. */
static int throughput_tcp_dir(const throughput_plan_t *plan, const probe_clock_t *clock,
							  int mode, uint64_t *bytes, double *mbps, probe_err_t *err)
{
	throughput_stream_t s[THROUGHPUT_MAX_STREAMS];
	pthread_t t[THROUGHPUT_MAX_STREAMS];
	unsigned n = plan->streams ? plan->streams : 1, started = 0;
	uint64_t longest = 0;
	int rc = 0;

	*bytes = 0;
	memset(s, 0, sizeof(s));
	for (unsigned i = 0; i < n; i++)
	{
		s[i] = (throughput_stream_t){ .plan = plan, .clock = clock, .mode = mode };
		if (pthread_create(&t[i], NULL, throughput_stream, &s[i]))
			break;
		started++;
	}
	for (unsigned i = 0; i < started; i++)
	{
		pthread_join(t[i], NULL);
		if (s[i].rc && !rc)
			rc = probe_err_set(err, s[i].rc, "%s", s[i].err.msg);
		*bytes += s[i].bytes;
		longest = s[i].elapsed_ns > longest ? s[i].elapsed_ns : longest;
	}
	if (!rc && started < n)
		rc = probe_err_set(err, -EAGAIN, "could not start %u streams", n);
	*mbps = throughput_mbps(*bytes, longest);
	return rc;
}

static int throughput_udp_socket(const throughput_plan_t *plan, int tcp, probe_err_t *err)
{
	struct sockaddr_storage dst = plan->target;
	uint8_t p[2];
	int fd, tos = plan->dscp << 2, sndbuf = 4 << 20;

	if (throughput_read_full(tcp, p, sizeof(p), 5000))
		return probe_err_set(err, -EIO, "sink: no UDP port returned");
	if (dst.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&dst)->sin6_port = htons((uint16_t)(p[0] << 8 | p[1]));
	else
		((struct sockaddr_in *)&dst)->sin_port = htons((uint16_t)(p[0] << 8 | p[1]));
	fd = socket(dst.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return probe_err_set(err, -errno, "socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	(void)setsockopt(fd, dst.ss_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
					 dst.ss_family == AF_INET6 ? IPV6_TCLASS : IP_TOS, &tos, sizeof(tos));
	if (connect(fd, (struct sockaddr *)&dst, plan->target_len))
	{
		int rc = probe_err_set(err, -errno, "sink (UDP): %s", strerror(errno));

		close(fd);
		return rc;
	}
	return fd;
}

/** Paced UDP send for the plan's duration; @return datagrams sent. */
static uint64_t throughput_udp_send(const throughput_plan_t *plan, const probe_clock_t *clock,
									int fd, size_t len)
{
	uint8_t buf[65536];
	double interval = (double)len * 8.0 / (plan->rate_mbps * 1e6) * 1e9;
	uint64_t start = clock->mono_ns(clock), end = start + plan->duration_ms * 1000000ull;
	uint64_t sent = 0;

	memset(buf, 0x3c, len);
	for (uint64_t now = start; now < end && !throughput_stopped(plan); now = clock->mono_ns(clock))
	{
		uint64_t due = start + (uint64_t)((double)sent * interval);

		if (due > now + 50000)
		{
			struct timespec ts = { 0, (long)(due - now) };

			nanosleep(&ts, NULL);
			continue;
		}
		throughput_put64(buf, sent);
		if (send(fd, buf, len, 0) >= 0)
			sent++;
	}
	return sent;
}

static int throughput_udp(const throughput_plan_t *plan, const probe_clock_t *clock,
						  throughput_result_t *res, probe_err_t *err)
{
	size_t hdr = plan->target.ss_family == AF_INET6 ? 48 : 28;
	size_t size = plan->size ? plan->size : 1400, len = size > hdr + 8 ? size - hdr : 8;
	uint8_t msg[24];
	int tcp, fd, rc = 0;

	if (!(plan->rate_mbps > 0) || len > 65000)
		return probe_err_set(err, -EINVAL, "UDP needs a rate and a size up to 65000");
	tcp = throughput_connect(plan, THROUGHPUT_MODE_UDP_UP,
							 (uint32_t)(plan->rate_mbps * 1000.0), err);
	if (tcp < 0)
		return tcp;
	fd = throughput_udp_socket(plan, tcp, err);
	if (fd >= 0)
	{
		res->udp_sent = throughput_udp_send(plan, clock, fd, len);
		close(fd);
		nanosleep(&(struct timespec){ 0, 200000000 }, NULL);
		throughput_put64(msg, res->udp_sent);
		if (throughput_write_full(tcp, msg, 8) || throughput_read_full(tcp, msg, 24, 5000))
			rc = probe_err_set(err, -EIO, "sink: no UDP counts returned");
		res->udp_received = throughput_get64(msg);
		res->up_bytes = throughput_get64(msg + 8);
		res->up_mbps = throughput_mbps(res->up_bytes, throughput_get64(msg + 16));
		res->udp_loss_pct = res->udp_sent && res->udp_received <= res->udp_sent ?
			100.0 * (double)(res->udp_sent - res->udp_received) / (double)res->udp_sent : 0;
	}
	else
		rc = fd;
	close(tcp);
	return rc;
}

int throughput_run(const throughput_plan_t *plan, const probe_clock_t *clock,
				   throughput_result_t *res, probe_err_t *err)
{
	int rc;

	memset(res, 0, sizeof(*res));
	clock = clock ? clock : probe_clock_system();
	if (!plan->duration_ms || plan->duration_ms > THROUGHPUT_MAX_MS ||
		plan->streams > THROUGHPUT_MAX_STREAMS)
		return probe_err_set(err, -EINVAL, "duration 1-%u ms, streams 1-%d",
							 THROUGHPUT_MAX_MS, THROUGHPUT_MAX_STREAMS);
	if (plan->proto == THROUGHPUT_UDP)
	{
		res->streams = 1;
		return throughput_udp(plan, clock, res, err);
	}
	res->streams = plan->streams ? plan->streams : 1;
	rc = throughput_tcp_dir(plan, clock, THROUGHPUT_MODE_TCP_UP, &res->up_bytes,
							&res->up_mbps, err);
	if (rc)
		return rc;
	return throughput_tcp_dir(plan, clock, THROUGHPUT_MODE_TCP_DOWN, &res->down_bytes,
							  &res->down_mbps, err);
}
