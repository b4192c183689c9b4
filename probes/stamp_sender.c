/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <unistd.h>

#include "probe_loop.h"
#include "stamp_sender.h"

typedef struct {
	/** public interface */
	probe_t public;
	/** options */
	stamp_sender_opts_t opts;
	/** the clock */
	const probe_clock_t *clock;
	/** error estimate we send */
	uint16_t ee;
	/** payload length of each request */
	size_t len;
} private_stamp_sender_t;

uint32_t stamp_sender_min_size(stamp_mode_t mode, int family)
{
	return (uint32_t)stamp_packet_base_len(mode) + 8 + (family == AF_INET6 ? 40 : 20);
}

uint16_t stamp_sender_local_ee(void)
{
	struct timex tx = { .modes = 0 };
	int state = adjtimex(&tx);
	bool synced = state >= 0 && state != TIME_ERROR && !(tx.status & STA_UNSYNC);
	uint64_t err_ns = synced ? (uint64_t)tx.esterror * 1000ull : 1000000000ull;

	return stamp_error_estimate(synced, err_ns ? err_ns : 1000);
}

static ssize_t stamp_sender_build(void *ctx, uint32_t seq, uint64_t tx_real_ns, uint8_t *buf,
								  size_t cap)
{
	private_stamp_sender_t *this = ctx;
	stamp_sender_pkt_t p = {
		.seq = seq,
		.timestamp = stamp_ntp_from_ns(tx_real_ns),
		.error_estimate = this->ee,
		.ssid = this->opts.ssid,
	};

	if (this->len > cap)
		return -EMSGSIZE;
	return stamp_packet_encode_sender(&p, this->opts.mode, &this->opts.key, buf, this->len);
}

static int stamp_sender_parse(void *ctx, const uint8_t *buf, size_t len, probe_loop_reply_t *r)
{
	private_stamp_sender_t *this = ctx;
	stamp_reflector_pkt_t p;
	int rc;

	rc = stamp_packet_decode_reflector(buf, len, this->opts.mode, &this->opts.key, &p);
	if (rc)
		return rc;
	if (p.ssid != this->opts.ssid)
		return -ENOENT;
	r->seq = p.sender_seq;
	r->reflected = true;
	r->reflector_seq = p.seq;
	r->refl_rx_ns = stamp_ntp_to_ns(p.rx_timestamp);
	r->refl_tx_ns = stamp_ntp_to_ns(p.timestamp);
	r->sender_ttl = p.sender_ttl;
	r->synced = (p.error_estimate & STAMP_EE_SYNC) && (this->ee & STAMP_EE_SYNC);
	return 0;
}

static const probe_loop_ops_t stamp_sender_ops = {
	.build = stamp_sender_build,
	.parse = stamp_sender_parse,
};

static int stamp_sender_socket(private_stamp_sender_t *this, const probe_plan_t *plan,
							   probe_err_t *err)
{
	int family = plan->target.ss_family;
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return probe_err_set(err, -errno, "socket: %s", strerror(errno));
	if (this->opts.bind && bind(fd, this->opts.bind, this->opts.bind_len))
	{
		int rc = probe_err_set(err, -errno, "bind: %s", strerror(errno));

		close(fd);
		return rc;
	}
	if (probe_loop_socket_setup(fd, family, plan, err))
	{
		close(fd);
		return err->code;
	}
	/* replies come from the target only; connected, the kernel keeps the route and drops
	 * datagrams from anyone else before they cost us a parse */
	if (connect(fd, (const struct sockaddr *)&plan->target, plan->target_len))
	{
		int rc = probe_err_set(err, -errno, "connect: %s", strerror(errno));

		close(fd);
		return rc;
	}
	return fd;
}

static int stamp_sender_run(probe_t *public, const probe_plan_t *plan, probe_samples_t *out,
							probe_err_t *err)
{
	private_stamp_sender_t *this = (private_stamp_sender_t *)public;
	probe_plan_t p = *plan;
	uint32_t min = stamp_sender_min_size(this->opts.mode, plan->target.ss_family);
	int fd, rc;

	if (p.size < min)
		p.size = min;
	if (p.size > 65535)
		return probe_err_set(err, -EMSGSIZE, "size %u larger than an IP packet", p.size);
	this->len = p.size - (min - stamp_packet_base_len(this->opts.mode));
	this->ee = stamp_sender_local_ee();
	fd = stamp_sender_socket(this, &p, err);
	if (fd < 0)
		return fd;
	rc = probe_loop_run(fd, &stamp_sender_ops, this, this->clock, &p, out, err);
	close(fd);
	return rc;
}

static void stamp_sender_destroy(probe_t *public)
{
	private_stamp_sender_t *this = (private_stamp_sender_t *)public;

	memset(&this->opts.key, 0, sizeof(this->opts.key));
	free(this);
}

probe_t *stamp_sender_create(const stamp_sender_opts_t *opts, const probe_clock_t *clock)
{
	private_stamp_sender_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->public.run = stamp_sender_run;
	this->public.destroy = stamp_sender_destroy;
	this->opts = *opts;
	this->clock = clock ? clock : probe_clock_system();
	if (!this->opts.ssid)
		this->opts.ssid = (uint16_t)(1 + (this->clock->mono_ns(this->clock) ^ (uint64_t)getpid())
									 % 65535);
	return &this->public;
}
