/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rate_limit.h"
#include "stamp_reflector.h"
#include "stamp_sender.h"
#include "throughput.h"

/** Datagrams handled per recvmmsg/sendmmsg call. */
#define STAMP_REFLECTOR_BATCH 32
/** Largest datagram answered. */
#define STAMP_REFLECTOR_MTU 9216
/** Stateful sessions remembered (least recently seen forgotten). */
#define STAMP_REFLECTOR_SESSIONS 4096

/** One stateful session. */
typedef struct {
	struct sockaddr_storage src;
	uint16_t ssid;
	bool used;
	uint32_t next_seq;
	uint64_t last_ns;
} stamp_reflector_session_t;

/** One datagram slot of a batch. */
typedef struct {
	uint8_t buf[STAMP_REFLECTOR_MTU];
	uint8_t out[STAMP_REFLECTOR_MTU];
	struct sockaddr_storage src;
	union { char buf[256]; struct cmsghdr align; } ctl;
	union { char buf[64]; struct cmsghdr align; } octl;
	struct iovec iov, oiov;
} stamp_reflector_slot_t;

typedef struct {
	/** public interface */
	stamp_reflector_t public;
	/** options */
	stamp_reflector_opts_t opts;
	/** clock */
	const probe_clock_t *clock;
	/** UDP socket */
	int fd;
	/** bound port */
	uint16_t port;
	/** replies to one sender in a batch go as one UDP GSO datagram (bound to one
	 *  address: replies carry no source-address cmsg) */
	bool gso;
	/** per-source limiter, NULL when unlimited */
	rate_limit_t *limit;
	/** throughput sink, NULL when not served */
	throughput_server_t *sink;
	/** the kernel's half, NULL unless in_kernel */
	stamp_kernel_t *kernel;
	/** counters (atomics: read by other threads) */
	_Atomic uint64_t received, reflected, malformed, bad_hmac, denied, rate_limited;
	_Atomic uint64_t send_errors, sessions, gso_replies;
	/** stateful sessions */
	stamp_reflector_session_t *table;
	/** batch buffers */
	stamp_reflector_slot_t *slots;
	struct mmsghdr in[STAMP_REFLECTOR_BATCH], out[STAMP_REFLECTOR_BATCH];
} private_stamp_reflector_t;

static bool stamp_reflector_allowed(private_stamp_reflector_t *this, const struct sockaddr *src)
{
	if (!this->opts.n_allow)
		return true;
	for (size_t i = 0; i < this->opts.n_allow; i++)
	{
		if (probe_prefix_match(&this->opts.allow[i], src))
			return true;
	}
	return false;
}

static bool stamp_reflector_same(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	if (a->ss_family != b->sa_family)
		return false;
	if (b->sa_family == AF_INET)
		return !memcmp(a, b, sizeof(struct sockaddr_in));
	return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
				   &((const struct sockaddr_in6 *)b)->sin6_addr, 16) &&
		((const struct sockaddr_in6 *)a)->sin6_port == ((const struct sockaddr_in6 *)b)->sin6_port;
}

static unsigned stamp_reflector_hash(const struct sockaddr *src, uint16_t ssid)
{
	const uint8_t *p = (const uint8_t *)src;
	size_t n = src->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
		sizeof(struct sockaddr_in);
	uint32_t h = 2166136261u ^ ssid;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/** @return	the next reflector sequence number of the request's session */
static uint32_t stamp_reflector_session_seq(private_stamp_reflector_t *this,
											const struct sockaddr *src, uint16_t ssid,
											uint64_t now)
{
	unsigned h = stamp_reflector_hash(src, ssid);
	stamp_reflector_session_t *victim = NULL;

	for (unsigned i = 0; i < 8; i++)
	{
		stamp_reflector_session_t *s = &this->table[(h + i) % STAMP_REFLECTOR_SESSIONS];

		if (s->used && s->ssid == ssid && stamp_reflector_same(&s->src, src))
		{
			s->last_ns = now;
			return s->next_seq++;
		}
		if (!victim || (victim->used && (!s->used || s->last_ns < victim->last_ns)))
			victim = s;
	}
	memset(victim, 0, sizeof(*victim));
	memcpy(&victim->src, src, src->sa_family == AF_INET6 ?
		   sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
	victim->ssid = ssid;
	victim->used = true;
	victim->last_ns = now;
	victim->next_seq = 1;
	this->sessions++;
	return 0;
}

/** Kernel receive time (or now), TTL and the local address the request was sent to. */
static uint64_t stamp_reflector_cmsg(struct msghdr *msg, uint64_t now_real, uint8_t *ttl,
									 struct msghdr *reply)
{
	uint64_t rx = now_real;
	struct cmsghdr *oc = CMSG_FIRSTHDR(reply);

	reply->msg_controllen = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
	{
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING)
		{
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			if (ts.tv_sec)
				rx = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		}
		else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
				 (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT))
		{
			int v;

			memcpy(&v, CMSG_DATA(c), sizeof(v));
			*ttl = (uint8_t)v;
		}
		else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO && oc)
		{
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			pi.ipi_spec_dst = pi.ipi_addr;
			pi.ipi_ifindex = 0;
			oc->cmsg_level = IPPROTO_IP;
			oc->cmsg_type = IP_PKTINFO;
			oc->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(oc), &pi, sizeof(pi));
			reply->msg_controllen = CMSG_SPACE(sizeof(pi));
		}
		else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO && oc)
		{
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			pi.ipi6_ifindex = 0;
			oc->cmsg_level = IPPROTO_IPV6;
			oc->cmsg_type = IPV6_PKTINFO;
			oc->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(oc), &pi, sizeof(pi));
			reply->msg_controllen = CMSG_SPACE(sizeof(pi));
		}
	}
	return rx;
}

/** Counts of one batch, added to the shared atomics once per batch. */
typedef struct {
	uint64_t received, malformed, bad_hmac, denied, rate_limited;
} stamp_reflector_tally_t;

/** Count a dropped request; @return false */
static bool stamp_reflector_drop(uint64_t *counter)
{
	(*counter)++;
	return false;
}

/** Build the reply to request i into out[n]; @return true when one is to be sent. */
static bool stamp_reflector_answer(private_stamp_reflector_t *this, int i, struct mmsghdr *o,
								   uint64_t now_mono, uint64_t now_real, uint16_t ee,
								   stamp_reflector_tally_t *t)
{
	stamp_reflector_slot_t *s = &this->slots[i];
	size_t len = this->in[i].msg_len, base = stamp_packet_base_len(this->opts.mode);
	struct sockaddr *src = (struct sockaddr *)&s->src;
	stamp_sender_pkt_t req;
	stamp_reflector_pkt_t rep = { .sender_ttl = 0 };
	uint64_t rx;
	int rc;

	t->received++;
	if (!stamp_reflector_allowed(this, src))
		return stamp_reflector_drop(&t->denied);
	if (this->limit && !rate_limit_allow(this->limit, src, now_mono))
		return stamp_reflector_drop(&t->rate_limited);
	rc = stamp_packet_decode_sender(s->buf, len, this->opts.mode, &this->opts.key, &req);
	if (rc == -EKEYREJECTED)
		return stamp_reflector_drop(&t->bad_hmac);
	if (rc)
		return stamp_reflector_drop(&t->malformed);
	s->oiov = (struct iovec){ .iov_base = s->out, .iov_len = len };
	o->msg_hdr = (struct msghdr){ .msg_name = src, .msg_namelen = this->in[i].msg_hdr.msg_namelen,
								  .msg_iov = &s->oiov, .msg_iovlen = 1,
								  .msg_control = s->octl.buf, .msg_controllen = sizeof(s->octl.buf) };
	rx = stamp_reflector_cmsg(&this->in[i].msg_hdr, now_real, &rep.sender_ttl, &o->msg_hdr);
	if (!o->msg_hdr.msg_controllen)
		o->msg_hdr.msg_control = NULL;
	rep.seq = this->opts.stateful ?
		stamp_reflector_session_seq(this, src, req.ssid, now_mono) : req.seq;
	rep.error_estimate = ee;
	rep.ssid = req.ssid;
	rep.rx_timestamp = stamp_ntp_from_ns(rx);
	rep.sender_seq = req.seq;
	rep.sender_timestamp = req.timestamp;
	rep.sender_error_estimate = req.error_estimate;
	rep.timestamp = stamp_ntp_from_ns(this->clock->real_ns(this->clock));
	/* same length as the request, TLVs reflected: never larger than what came in */
	return stamp_packet_encode_reflector(&rep, this->opts.mode, &this->opts.key,
										 s->buf + base, s->out, len) == (ssize_t)len;
}

static void stamp_reflector_prepare(private_stamp_reflector_t *this)
{
	for (int i = 0; i < STAMP_REFLECTOR_BATCH; i++)
	{
		stamp_reflector_slot_t *s = &this->slots[i];

		s->iov = (struct iovec){ .iov_base = s->buf, .iov_len = sizeof(s->buf) };
		this->in[i].msg_hdr = (struct msghdr){
			.msg_name = &s->src, .msg_namelen = sizeof(s->src),
			.msg_iov = &s->iov, .msg_iovlen = 1,
			.msg_control = s->ctl.buf, .msg_controllen = sizeof(s->ctl.buf),
		};
	}
}

/** How many replies from out[off] on can go as one GSO datagram (all of them when not);
 *  gso is on only when replies carry no control message, so only length and peer count. */
static int stamp_reflector_run_len(private_stamp_reflector_t *this, int off, int m)
{
	const struct msghdr *first = &this->out[off].msg_hdr;
	size_t seg = first->msg_iov->iov_len, total = seg;
	int i = off + 1;

	if (!this->gso)
		return m - off;
	for (; i < m; i++)
	{
		const struct msghdr *h = &this->out[i].msg_hdr;

		total += seg;
		if (h->msg_iov->iov_len != seg || total > PROBE_GSO_MAX ||
			!stamp_reflector_same(first->msg_name, h->msg_name))
			break;
	}
	return i - off;
}

/** Send the run of replies out[off..off+run) as one UDP GSO datagram to their sender. */
static bool stamp_reflector_send_gso(private_stamp_reflector_t *this, int off, int run)
{
	const struct msghdr *first = &this->out[off].msg_hdr;
	struct iovec iov[STAMP_REFLECTOR_BATCH];

	for (int i = 0; i < run; i++)
		iov[i] = *this->out[off + i].msg_hdr.msg_iov;
	return probe_send_gso(this->fd, first->msg_name, first->msg_namelen, iov, (size_t)run,
						  &this->gso);
}

static void stamp_reflector_batch(private_stamp_reflector_t *this, uint16_t ee)
{
	stamp_reflector_tally_t t = { 0 };
	uint64_t mono, real, reflected = 0;
	int n, m = 0, sent;

	stamp_reflector_prepare(this);
	n = recvmmsg(this->fd, this->in, STAMP_REFLECTOR_BATCH, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return;
	mono = this->clock->mono_ns(this->clock);
	real = this->clock->real_ns(this->clock);
	for (int i = 0; i < n; i++)
	{
		if (stamp_reflector_answer(this, i, &this->out[m], mono, real, ee, &t))
			m++;
	}
	this->received += t.received;
	this->malformed += t.malformed;
	this->bad_hmac += t.bad_hmac;
	this->denied += t.denied;
	this->rate_limited += t.rate_limited;
	for (int off = 0; off < m; )
	{
		int run = stamp_reflector_run_len(this, off, m);

		if (run > 1 && stamp_reflector_send_gso(this, off, run))
		{
			this->gso_replies += (uint64_t)run;
			reflected += (uint64_t)run;
			off += run;
			continue;
		}
		sent = sendmmsg(this->fd, this->out + off, (unsigned)run, 0);
		if (sent <= 0)
		{
			this->send_errors++;
			sent = 1;
		}
		else
			reflected += (uint64_t)sent;
		off += sent;
	}
	this->reflected += reflected;
}

static int stamp_reflector_run(stamp_reflector_t *public, atomic_int *stop, probe_err_t *err)
{
	private_stamp_reflector_t *this = (private_stamp_reflector_t *)public;
	struct pollfd pfd = { .fd = this->fd, .events = POLLIN };
	uint16_t ee = stamp_sender_local_ee();

	if (this->sink && throughput_server_start(this->sink, err))
		return err->code;
	while (!atomic_load(stop))
	{
		int rc = poll(&pfd, 1, 100);

		if (rc < 0 && errno != EINTR)
			return probe_err_set(err, -errno, "poll: %s", strerror(errno));
		if (rc > 0)
			stamp_reflector_batch(this, ee);
	}
	return 0;
}

static void stamp_reflector_get_counters(stamp_reflector_t *public,
										 stamp_reflector_counters_t *out)
{
	private_stamp_reflector_t *this = (private_stamp_reflector_t *)public;

	*out = (stamp_reflector_counters_t){
		.received = this->received, .reflected = this->reflected,
		.malformed = this->malformed, .bad_hmac = this->bad_hmac, .denied = this->denied,
		.rate_limited = this->rate_limited, .send_errors = this->send_errors,
		.sessions = this->sessions, .gso_replies = this->gso_replies,
	};
	if (this->sink)
		throughput_server_counters(this->sink, &out->sink_connections, &out->sink_bytes);
	if (this->kernel)
		stamp_kernel_counters(this->kernel, &out->kernel_reflected, &out->kernel_passed);
}

static uint16_t stamp_reflector_get_port(stamp_reflector_t *public)
{
	return ((private_stamp_reflector_t *)public)->port;
}

static void stamp_reflector_destroy(stamp_reflector_t *public)
{
	private_stamp_reflector_t *this = (private_stamp_reflector_t *)public;

	stamp_kernel_detach(this->kernel);
	throughput_server_destroy(this->sink);
	if (this->fd >= 0)
		close(this->fd);
	rate_limit_destroy(this->limit);
	memset(&this->opts.key, 0, sizeof(this->opts.key));
	free(this->table);
	free(this->slots);
	free(this);
}

static bool stamp_reflector_wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
	return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
}

static int stamp_reflector_bind(private_stamp_reflector_t *this, probe_err_t *err)
{
	int family = this->opts.listen.ss_family, one = 1, buf = 16 << 20;
	int tsflags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
	bool v6 = family == AF_INET6;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	this->fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (this->fd < 0)
		return probe_err_set(err, -errno, "socket: %s", strerror(errno));
	(void)setsockopt(this->fd, SOL_SOCKET, SO_TIMESTAMPING, &tsflags, sizeof(tsflags));
	if (setsockopt(this->fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		(void)setsockopt(this->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (setsockopt(this->fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)))
		(void)setsockopt(this->fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	if (setsockopt(this->fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
				   v6 ? IPV6_RECVHOPLIMIT : IP_RECVTTL, &one, sizeof(one)))
		return probe_err_set(err, -errno, "setsockopt: %s", strerror(errno));
	/* bound to a wildcard, a reply must name the address the request came to; bound to
	 * one address, the kernel uses it anyway and the per-datagram cmsg is saved */
	this->gso = !stamp_reflector_wildcard(&this->opts.listen);
	if (!this->gso &&
		setsockopt(this->fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
				   v6 ? IPV6_RECVPKTINFO : IP_PKTINFO, &one, sizeof(one)))
		return probe_err_set(err, -errno, "setsockopt: %s", strerror(errno));
	if (bind(this->fd, (struct sockaddr *)&this->opts.listen, this->opts.listen_len))
		return probe_err_set(err, -errno, "bind: %s", strerror(errno));
	if (getsockname(this->fd, (struct sockaddr *)&ss, &len))
		return probe_err_set(err, -errno, "getsockname: %s", strerror(errno));
	this->port = probe_addr_port((struct sockaddr *)&ss);
	return 0;
}

const char *stamp_reflector_kernel_unfit(const stamp_reflector_opts_t *o)
{
	if (!o->in_kernel)
		return NULL;
	if (o->listen.ss_family != AF_INET || stamp_reflector_wildcard(&o->listen))
		return "needs one IPv4 address in --listen, not a wildcard";
	if (o->mode == STAMP_MODE_AUTH)
		return "answers unauthenticated requests only (the HMAC stays in this process)";
	if (o->stateful)
		return "is stateless (reflector numbers are the sender's)";
	if (o->n_allow || o->rate_limit_pps > 0)
		return "answers every source at once: no --allow, no --rate-limit";
	return NULL;
}

/* The kernel answers what it can at the port we hold; the rest comes to us as before. */
static int stamp_reflector_kernel(private_stamp_reflector_t *this, probe_err_t *err)
{
	const char *unfit = stamp_reflector_kernel_unfit(&this->opts);
	struct sockaddr_in sin;

	if (unfit)
		return probe_err_set(err, -EINVAL, "--in-kernel: %s", unfit);
	memcpy(&sin, &this->opts.listen, sizeof(sin));
	sin.sin_port = htons(this->port);
	this->kernel = stamp_kernel_attach(&sin, stamp_sender_local_ee(), err);
	return this->kernel ? 0 : err->code;
}

static int stamp_reflector_setup(private_stamp_reflector_t *this, probe_err_t *err)
{
	struct sockaddr_storage tcp = this->opts.listen;

	if (this->opts.mode == STAMP_MODE_AUTH && !this->opts.key.len)
		return probe_err_set(err, -EINVAL, "authenticated mode needs a key");
	this->table = calloc(STAMP_REFLECTOR_SESSIONS, sizeof(*this->table));
	this->slots = calloc(STAMP_REFLECTOR_BATCH, sizeof(*this->slots));
	if (!this->table || !this->slots)
		return probe_err_set(err, -ENOMEM, "out of memory");
	if (this->opts.rate_limit_pps > 0 &&
		!(this->limit = rate_limit_create(this->opts.rate_limit_pps,
										  this->opts.rate_limit_pps < 10 ? 10 :
										  this->opts.rate_limit_pps)))
		return probe_err_set(err, -ENOMEM, "out of memory");
	if (stamp_reflector_bind(this, err))
		return err->code;
	if (this->opts.in_kernel && stamp_reflector_kernel(this, err))
		return err->code;
	if (!this->opts.sink)
		return 0;
	if (tcp.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&tcp)->sin6_port = htons(this->port);
	else
		((struct sockaddr_in *)&tcp)->sin_port = htons(this->port);
	this->sink = throughput_server_create((struct sockaddr *)&tcp, this->opts.listen_len, err);
	return this->sink ? 0 : err->code;
}

stamp_reflector_t *stamp_reflector_create(const stamp_reflector_opts_t *opts,
										  const probe_clock_t *clock, probe_err_t *err)
{
	private_stamp_reflector_t *this = calloc(1, sizeof(*this));

	if (!this)
	{
		probe_err_set(err, -ENOMEM, "out of memory");
		return NULL;
	}
	this->public.run = stamp_reflector_run;
	this->public.get_counters = stamp_reflector_get_counters;
	this->public.get_port = stamp_reflector_get_port;
	this->public.destroy = stamp_reflector_destroy;
	this->opts = *opts;
	this->clock = clock ? clock : probe_clock_system();
	this->fd = -1;
	if (stamp_reflector_setup(this, err))
	{
		stamp_reflector_destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
