/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icmp_probe.h"
#include "probe_loop.h"

#define ICMP_PROBE_MAGIC "XPRB"
/** ICMP header + magic + 32-bit sequence number. */
#define ICMP_PROBE_MIN_PAYLOAD 16

typedef struct {
	/** public interface */
	probe_t public;
	/** clock */
	const probe_clock_t *clock;
	/** family and socket kind of the current run */
	int family;
	icmp_probe_socket_t kind;
	/** echo identifier (raw sockets; ping sockets get the kernel's) */
	uint16_t id;
	/** ICMP message length */
	size_t len;
} private_icmp_probe_t;

uint32_t icmp_probe_min_size(int family)
{
	return ICMP_PROBE_MIN_PAYLOAD + (family == AF_INET6 ? 40 : 20);
}

int icmp_probe_open(int family, icmp_probe_socket_t *kind, probe_err_t *err)
{
	int proto = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, proto);

	if (fd >= 0)
	{
		*kind = ICMP_PROBE_PING;
		return fd;
	}
	fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd >= 0)
	{
		*kind = ICMP_PROBE_RAW;
		return fd;
	}
	if (errno == EPERM || errno == EACCES)
		return probe_err_set(err, -EPERM, "ICMP needs root (CAP_NET_RAW) or "
							 "net.ipv4.ping_group_range covering this group");
	return probe_err_set(err, -errno, "socket(ICMP): %s", strerror(errno));
}

static uint16_t icmp_probe_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static ssize_t icmp_probe_build(void *ctx, uint32_t seq, uint64_t tx_real_ns, uint8_t *buf,
								size_t cap)
{
	private_icmp_probe_t *this = ctx;
	uint16_t csum;

	(void)tx_real_ns;
	if (this->len > cap)
		return -EMSGSIZE;
	memset(buf, 0, this->len);
	buf[0] = this->family == AF_INET6 ? 128 : 8;
	buf[4] = (uint8_t)(this->id >> 8);
	buf[5] = (uint8_t)this->id;
	buf[6] = (uint8_t)(seq >> 8);
	buf[7] = (uint8_t)seq;
	memcpy(buf + 8, ICMP_PROBE_MAGIC, 4);
	buf[12] = (uint8_t)(seq >> 24);
	buf[13] = (uint8_t)(seq >> 16);
	buf[14] = (uint8_t)(seq >> 8);
	buf[15] = (uint8_t)seq;
	if (this->family == AF_INET && this->kind == ICMP_PROBE_RAW)
	{
		csum = icmp_probe_csum(buf, this->len);
		buf[2] = (uint8_t)(csum >> 8);
		buf[3] = (uint8_t)csum;
	}
	return (ssize_t)this->len;
}

static int icmp_probe_parse(void *ctx, const uint8_t *buf, size_t len, probe_loop_reply_t *r)
{
	private_icmp_probe_t *this = ctx;
	uint8_t reply = this->family == AF_INET6 ? 129 : 0;

	if (this->family == AF_INET && this->kind == ICMP_PROBE_RAW)
	{
		size_t ihl = len ? (size_t)(buf[0] & 0x0f) * 4 : 0;

		if (len < ihl + ICMP_PROBE_MIN_PAYLOAD || ihl < 20)
			return -ENOENT;
		buf += ihl;
		len -= ihl;
	}
	if (len < ICMP_PROBE_MIN_PAYLOAD || buf[0] != reply || memcmp(buf + 8, ICMP_PROBE_MAGIC, 4))
		return -ENOENT;
	if (this->kind == ICMP_PROBE_RAW && (uint16_t)(buf[4] << 8 | buf[5]) != this->id)
		return -ENOENT;
	r->seq = (uint32_t)buf[12] << 24 | (uint32_t)buf[13] << 16 | (uint32_t)buf[14] << 8 | buf[15];
	return 0;
}

static const probe_loop_ops_t icmp_probe_ops = {
	.build = icmp_probe_build,
	.parse = icmp_probe_parse,
};

static int icmp_probe_run(probe_t *public, const probe_plan_t *plan, probe_samples_t *out,
						  probe_err_t *err)
{
	private_icmp_probe_t *this = (private_icmp_probe_t *)public;
	probe_plan_t p = *plan;
	uint32_t min;
	int fd, rc;

	this->family = plan->target.ss_family;
	min = icmp_probe_min_size(this->family);
	p.size = p.size < min ? min : p.size;
	if (p.size > 65535)
		return probe_err_set(err, -EMSGSIZE, "size %u larger than an IP packet", p.size);
	this->len = p.size - (this->family == AF_INET6 ? 40 : 20);
	fd = icmp_probe_open(this->family, &this->kind, err);
	if (fd < 0)
		return fd;
	this->id = (uint16_t)(getpid() ^ (this->clock->mono_ns(this->clock) >> 10));
	rc = probe_loop_socket_setup(fd, this->family, &p, err);
	if (!rc)
		rc = probe_loop_run(fd, &icmp_probe_ops, this, this->clock, &p, out, err);
	close(fd);
	return rc;
}

static void icmp_probe_destroy(probe_t *public)
{
	free(public);
}

probe_t *icmp_probe_create(const probe_clock_t *clock)
{
	private_icmp_probe_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->public.run = icmp_probe_run;
	this->public.destroy = icmp_probe_destroy;
	this->clock = clock ? clock : probe_clock_system();
	return &this->public;
}
