/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe.h"

int probe_err_set(probe_err_t *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

static uint64_t probe_clock_read(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t probe_clock_mono(const probe_clock_t *this)
{
	(void)this;
	return probe_clock_read(CLOCK_MONOTONIC);
}

static uint64_t probe_clock_real(const probe_clock_t *this)
{
	(void)this;
	return probe_clock_read(CLOCK_REALTIME);
}

const probe_clock_t *probe_clock_system(void)
{
	static const probe_clock_t probe_clock_sys = {
		.mono_ns = probe_clock_mono,
		.real_ns = probe_clock_real,
	};
	return &probe_clock_sys;
}

void probe_plan_init(probe_plan_t *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->count = 10;
	plan->rate_pps = 10.0;
	plan->timeout_ms = 1000;
	plan->schedule = PROBE_SCHEDULE_PERIODIC;
}

static int probe_addr_fill(const char *host, uint16_t port, struct sockaddr_storage *ss,
						   socklen_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1)
	{
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1)
	{
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*len = sizeof(*sin6);
		return 0;
	}
	return -EINVAL;
}

static int probe_port_parse(const char *text, uint16_t *port)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || end == text || v < 1 || v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

int probe_addr_parse(const char *text, uint16_t port, struct sockaddr_storage *ss,
					 socklen_t *len, probe_err_t *err)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(text, ':');
	const char *ptext = NULL;
	size_t hlen = strlen(text);

	if (text[0] == '[')
	{
		const char *close = strchr(text, ']');

		if (!close || (close[1] && close[1] != ':'))
			return probe_err_set(err, -EINVAL, "expected [IPv6]:PORT");
		hlen = (size_t)(close - text - 1);
		text++;
		ptext = close[1] ? close + 2 : NULL;
	}
	else if (colon && strchr(text, ':') == colon)
	{
		hlen = (size_t)(colon - text);
		ptext = colon + 1;
	}
	if (hlen >= sizeof(host))
		return probe_err_set(err, -EINVAL, "address too long");
	memcpy(host, text, hlen);
	host[hlen] = '\0';
	if (ptext && probe_port_parse(ptext, &port))
		return probe_err_set(err, -EINVAL, "port must be 1-65535");
	if (probe_addr_fill(host, port, ss, len))
		return probe_err_set(err, -EINVAL, "not a numeric IPv4 or IPv6 address");
	return 0;
}

void probe_addr_format(const struct sockaddr *sa, char *buf, size_t len)
{
	const void *a = sa->sa_family == AF_INET6 ?
		(const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)sa)->sin_addr;

	if (!inet_ntop(sa->sa_family, a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

uint16_t probe_addr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return ntohs(((const struct sockaddr_in *)sa)->sin_port);
}

int probe_prefix_parse(const char *text, probe_prefix_t *p, probe_err_t *err)
{
	char host[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	size_t hlen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned max;
	char *end;
	long v;

	memset(p, 0, sizeof(*p));
	if (hlen >= sizeof(host))
		return probe_err_set(err, -EINVAL, "address too long");
	memcpy(host, text, hlen);
	host[hlen] = '\0';
	if (inet_pton(AF_INET, host, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, host, p->addr) == 1)
		p->family = AF_INET6;
	else
		return probe_err_set(err, -EINVAL, "not a numeric address prefix");
	max = p->family == AF_INET ? 32 : 128;
	p->len = max;
	if (!slash)
		return 0;
	errno = 0;
	v = strtol(slash + 1, &end, 10);
	if (errno || *end || end == slash + 1 || v < 0 || v > (long)max)
		return probe_err_set(err, -EINVAL, "prefix length must be 0-%u", max);
	p->len = (unsigned)v;
	return 0;
}

static bool probe_prefix_bits(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;

	if (memcmp(a, b, full))
		return false;
	if (!rest)
		return true;
	return ((a[full] ^ b[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool probe_prefix_match(const probe_prefix_t *p, const struct sockaddr *sa)
{
	static const uint8_t mapped[12] = { 0,0,0,0, 0,0,0,0, 0,0,0xff,0xff };
	const uint8_t *a;

	if (sa->sa_family == AF_INET)
	{
		a = (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
		return p->family == AF_INET && probe_prefix_bits(p->addr, a, p->len);
	}
	if (sa->sa_family != AF_INET6)
		return false;
	a = (const uint8_t *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
	if (p->family == AF_INET6)
		return probe_prefix_bits(p->addr, a, p->len);
	return !memcmp(a, mapped, sizeof(mapped)) && probe_prefix_bits(p->addr, a + 12, p->len);
}

static uint64_t probe_xorshift(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

uint64_t probe_schedule_next_ns(probe_schedule_t schedule, double rate_pps, uint64_t *rng)
{
	double mean = 1e9 / (rate_pps > 0 ? rate_pps : 1.0);
	double u;

	if (schedule != PROBE_SCHEDULE_POISSON)
		return (uint64_t)mean;
	/* uniform in (0, 1], then inverse CDF of the exponential distribution */
	u = ((double)(probe_xorshift(rng) >> 11) + 1.0) / 9007199254740992.0;
	return (uint64_t)(-log(u) * mean);
}

bool probe_send_gso(int fd, const struct sockaddr *to, socklen_t to_len,
					const struct iovec *iov, size_t n, bool *gso)
{
	union { char buf[CMSG_SPACE(sizeof(uint16_t))]; struct cmsghdr align; } ctl = { { 0 } };
	struct msghdr msg = { .msg_name = (void *)to, .msg_namelen = to ? to_len : 0,
						  .msg_iov = (struct iovec *)iov, .msg_iovlen = n,
						  .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	uint16_t seg;

	if (!*gso || n < 2 || iov[0].iov_len > UINT16_MAX || iov[0].iov_len * n > PROBE_GSO_MAX)
		return false;
	seg = (uint16_t)iov[0].iov_len;
	for (size_t i = 1; i < n; i++)
	{
		if (iov[i].iov_len != seg)
			return false;
	}
	c->cmsg_level = SOL_UDP;
	c->cmsg_type = UDP_SEGMENT;
	c->cmsg_len = CMSG_LEN(sizeof(seg));
	memcpy(CMSG_DATA(c), &seg, sizeof(seg));
	if (sendmsg(fd, &msg, 0) >= 0)
		return true;
	/* a passing shortage is retried one by one; anything else means no GSO here */
	if (errno != EMSGSIZE && errno != ENOBUFS && errno != EAGAIN)
		*gso = false;
	return false;
}
