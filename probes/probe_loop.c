/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <time.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>

#include "probe_loop.h"

/** Socket buffers asked for, bytes. */
#define PROBE_LOOP_SOCKBUF (16 << 20)
/** Above this rate no transmit timestamps are asked for (receive ones still are). */
#define PROBE_LOOP_TXTS_MAX_PPS 20000.0
/** Waits shorter than this spin (non-blocking polls) instead of sleeping, ns. */
#define PROBE_LOOP_SPIN_NS 50000ull

/** Slot states of the in-flight window. */
enum {
	PROBE_LOOP_EMPTY,
	PROBE_LOOP_INFLIGHT,
	PROBE_LOOP_ANSWERED,
	PROBE_LOOP_LOST,
};

/** One request in the window. */
typedef struct {
	uint32_t seq;
	uint8_t state;
	bool ktx;
	uint32_t size;
	uint64_t tx_mono, tx_real;
	/** kernel tx - user tx, ns */
	int64_t tx_corr;
} probe_loop_slot_t;

/** Datagrams sent or received per system call at most. */
#define PROBE_LOOP_BATCH 32
/** Largest datagram handled. */
#define PROBE_LOOP_DGRAM 65536

/** The datagram being handled, with its ancillary data. */
typedef struct {
	ssize_t len;
	uint64_t mono, real;
	/** kernel rx wall clock, 0 when none */
	uint64_t krx_real;
	uint8_t ttl;
} probe_loop_rx_t;

/** Batch buffers for sendmmsg / recvmmsg. */
typedef struct {
	uint8_t tx[PROBE_LOOP_BATCH][PROBE_LOOP_DGRAM];
	uint8_t rx[PROBE_LOOP_BATCH][PROBE_LOOP_DGRAM];
	union { char buf[512]; struct cmsghdr align; } ctl[PROBE_LOOP_BATCH];
	struct iovec iov[PROBE_LOOP_BATCH];
	struct mmsghdr msg[PROBE_LOOP_BATCH];
	uint32_t seq[PROBE_LOOP_BATCH];
} probe_loop_bufs_t;

typedef struct {
	int fd;
	/** fd is connected to the target: no address (and no route lookup) per datagram */
	bool connected;
	/** send a batch as one UDP GSO super-datagram (connected UDP, no transmit timestamps) */
	bool gso;
	const probe_loop_ops_t *ops;
	void *ctx;
	const probe_clock_t *clock;
	const probe_plan_t *plan;
	probe_samples_t *out;
	probe_side_t *res;
	probe_loop_slot_t *ring;
	uint32_t mask;
	/** next sequence number to send, oldest not finalized */
	uint32_t next_seq, oldest;
	/** kernel timestamp key of the next successful send, and key -> seq map */
	uint32_t tskey;
	uint32_t *keyseq;
	uint64_t received;
	probe_loop_rx_t rx;
	probe_loop_bufs_t *b;
} probe_loop_t;

static uint64_t probe_loop_ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

int probe_loop_socket_setup(int fd, int family, const probe_plan_t *plan, probe_err_t *err)
{
	int one = 1, tos = plan->dscp << 2;
	int pmtu = plan->pmtu_probe ? IP_PMTUDISC_PROBE :
		(plan->dont_fragment ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT);
	int tsflags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
	int buf = PROBE_LOOP_SOCKBUF;
	bool v6 = family == AF_INET6;

	/* transmit timestamps cost one error-queue read per packet: only at moderate rates */
	if (plan->rate_pps <= PROBE_LOOP_TXTS_MAX_PPS)
		tsflags |= SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_OPT_ID |
			SOF_TIMESTAMPING_OPT_TSONLY;
	/* timestamps are best effort: the records say whether they were used */
	(void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &tsflags, sizeof(tsflags));
	/* room for bursts of replies at high rates (FORCE works as root, else the plain cap) */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)))
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	if (setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_RECVHOPLIMIT : IP_RECVTTL,
				   &one, sizeof(one)) ||
		setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_RECVERR : IP_RECVERR,
				   &one, sizeof(one)) ||
		setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_TCLASS : IP_TOS,
				   &tos, sizeof(tos)) ||
		setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
				   v6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)))
		return probe_err_set(err, -errno, "setsockopt: %s", strerror(errno));
	return 0;
}

static uint32_t probe_loop_window(const probe_plan_t *plan)
{
	double need = plan->rate_pps * ((double)plan->timeout_ms / 1000.0 + 1.0) * 2.0;
	uint32_t w = 1024;

	while (w < need && w < (1u << 22))
		w <<= 1;
	return w;
}

static void probe_loop_emit(probe_loop_t *l, const probe_loop_slot_t *s, uint32_t flags,
							uint64_t rx_mono, const probe_loop_reply_t *r, int64_t rtt,
							int64_t back)
{
	probe_sample_t rec = {
		.seq = s->seq,
		.flags = flags | (s->ktx ? PROBE_SAMPLE_KERNEL_TX : 0),
		.tx_ns = s->tx_mono + (uint64_t)s->tx_corr,
		.rx_ns = rx_mono,
		.rtt_ns = rtt,
		.size = s->size,
		.ttl = l->rx.ttl,
	};

	if (r && r->reflected)
	{
		rec.flags |= PROBE_SAMPLE_REFLECTED | (r->synced ? PROBE_SAMPLE_SYNCED : 0);
		rec.reflector_seq = r->reflector_seq;
		rec.sender_ttl = r->sender_ttl;
		rec.fwd_ns = (int64_t)(r->refl_rx_ns - (s->tx_real + (uint64_t)s->tx_corr));
		rec.back_ns = back;
	}
	if (!(flags & PROBE_SAMPLE_RECEIVED))
		rec.ttl = 0;
	probe_samples_add(l->out, &rec);
}

/** Finalize, as lost, every request whose reply is overdue (or all when force). */
static void probe_loop_expire(probe_loop_t *l, uint64_t now, bool force)
{
	uint64_t timeout = (uint64_t)l->plan->timeout_ms * 1000000ull;

	while (l->oldest != l->next_seq)
	{
		probe_loop_slot_t *s = &l->ring[l->oldest & l->mask];

		if (s->state == PROBE_LOOP_INFLIGHT)
		{
			if (!force && s->tx_mono + timeout > now)
				return;
			s->state = PROBE_LOOP_LOST;
			probe_loop_emit(l, s, 0, 0, NULL, 0, 0);
		}
		l->oldest++;
	}
}

/** Build request next_seq into batch slot i; @return its length, < 0 when not sendable. */
static ssize_t probe_loop_build(probe_loop_t *l, unsigned i)
{
	probe_loop_slot_t *s = &l->ring[l->next_seq & l->mask];
	uint64_t real, mono;
	ssize_t len;

	if (s->state == PROBE_LOOP_INFLIGHT)
		probe_loop_expire(l, 0, true);
	/* the two clocks read back to back: the kernel correction maps one onto the other */
	real = l->clock->real_ns(l->clock);
	mono = l->clock->mono_ns(l->clock);
	len = l->ops->build(l->ctx, l->next_seq, real, l->b->tx[i], PROBE_LOOP_DGRAM);
	*s = (probe_loop_slot_t){
		.seq = l->next_seq, .state = PROBE_LOOP_INFLIGHT, .tx_real = real,
		.size = l->plan->size, .tx_mono = mono,
	};
	l->b->seq[i] = l->next_seq++;
	l->res->sent++;
	return len;
}

static void probe_loop_send_error(probe_loop_t *l)
{
	if (errno == EMSGSIZE)
		l->res->emsgsize++;
	else
		l->res->send_errors++;
}

/** Send n requests due now in one system call (one by one past a failure). */
static void probe_loop_send(probe_loop_t *l, unsigned n)
{
	unsigned m = 0;
	int sent;

	for (unsigned i = 0; i < n; i++)
	{
		ssize_t len = probe_loop_build(l, m);

		if (len < 0)
			continue;
		l->b->iov[m] = (struct iovec){ .iov_base = l->b->tx[m], .iov_len = (size_t)len };
		l->b->msg[m].msg_hdr = (struct msghdr){
			.msg_name = l->connected ? NULL : (void *)&l->plan->target,
			.msg_namelen = l->connected ? 0 : l->plan->target_len,
			.msg_iov = &l->b->iov[m], .msg_iovlen = 1 };
		m++;
	}
	/* one GSO datagram for the batch, where the path allows it */
	if (probe_send_gso(l->fd, NULL, 0, l->b->iov, m, &l->gso))
		return;
	for (unsigned off = 0; off < m; off += (unsigned)sent)
	{
		sent = sendmmsg(l->fd, l->b->msg + off, m - off, 0);
		if (sent <= 0)
		{
			probe_loop_send_error(l);
			sent = 1;
			continue;
		}
		for (int k = 0; k < sent; k++)
			l->keyseq[l->tskey++ & l->mask] = l->b->seq[off + (unsigned)k];
	}
}

static void probe_loop_errqueue_one(probe_loop_t *l, struct msghdr *msg)
{
	struct sock_extended_err *ee = NULL;
	struct timespec *ts = NULL;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
	{
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING)
			ts = (struct timespec *)CMSG_DATA(c);
		else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
				 (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR))
			ee = (struct sock_extended_err *)CMSG_DATA(c);
	}
	if (!ee)
		return;
	if (ee->ee_origin == SO_EE_ORIGIN_TIMESTAMPING && ts && ts[0].tv_sec)
	{
		uint32_t seq = l->keyseq[ee->ee_data & l->mask];
		probe_loop_slot_t *s = &l->ring[seq & l->mask];
		int64_t corr = (int64_t)(probe_loop_ts_ns(&ts[0]) - s->tx_real);

		if (s->seq == seq && s->state == PROBE_LOOP_INFLIGHT && corr >= 0 && corr < 10000000)
		{
			s->tx_corr = corr;
			s->ktx = true;
		}
		return;
	}
	if ((ee->ee_origin == SO_EE_ORIGIN_ICMP && ee->ee_type == 3 && ee->ee_code == 4) ||
		(ee->ee_origin == SO_EE_ORIGIN_ICMP6 && ee->ee_type == 2))
	{
		l->res->icmp_too_big++;
		l->res->icmp_mtu = ee->ee_info;
		return;
	}
	if (ee->ee_origin == SO_EE_ORIGIN_LOCAL && ee->ee_errno == EMSGSIZE)
		return;
	if (ee->ee_origin == SO_EE_ORIGIN_ICMP || ee->ee_origin == SO_EE_ORIGIN_ICMP6)
		l->res->icmp_errors++;
}

static void probe_loop_errqueue(probe_loop_t *l)
{
	for (int i = 0; i < 256; i++)
	{
		uint8_t data[64];
		union { char buf[512]; struct cmsghdr align; } ctl;
		struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
							  .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };

		if (recvmsg(l->fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return;
		probe_loop_errqueue_one(l, &msg);
	}
}

static void probe_loop_rx_cmsg(probe_loop_t *l, struct msghdr *msg)
{
	l->rx.krx_real = 0;
	l->rx.ttl = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
	{
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING)
		{
			struct timespec ts[3];

			memcpy(ts, CMSG_DATA(c), sizeof(ts));
			l->rx.krx_real = probe_loop_ts_ns(&ts[0]);
		}
		else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
				 (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT))
		{
			int ttl;

			memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
			l->rx.ttl = (uint8_t)ttl;
		}
	}
}

/** Round trip and backward delay of a reply; residence time removed when plausible. */
static int64_t probe_loop_rtt(const probe_loop_slot_t *s, uint64_t rx_mono,
							  const probe_loop_reply_t *r)
{
	int64_t rtt = (int64_t)(rx_mono - (s->tx_mono + (uint64_t)s->tx_corr));
	int64_t res;

	/* kernel TX and RX timestamps that disagree with the clock they were read against (a
	 * User-Mode Linux guest's, say) can put the reply before the request: then the send
	 * time read in user space, and never less than nothing */
	if (rtt < 0)
		rtt = (int64_t)(rx_mono - s->tx_mono);
	if (rtt < 0)
		rtt = 0;
	if (!r->reflected)
		return rtt;
	res = (int64_t)(r->refl_tx_ns - r->refl_rx_ns);
	return res >= 0 && res < rtt ? rtt - res : rtt;
}

static void probe_loop_reply(probe_loop_t *l, const probe_loop_reply_t *r);

/** One received datagram: ancillary data, parse, record. */
static void probe_loop_handle(probe_loop_t *l, const uint8_t *buf, size_t len,
							  struct msghdr *msg)
{
	probe_loop_reply_t r;
	int rc;

	l->rx.len = (ssize_t)len;
	probe_loop_rx_cmsg(l, msg);
	memset(&r, 0, sizeof(r));
	rc = l->ops->parse(l->ctx, buf, len, &r);
	if (rc == -EBADMSG || rc == -EKEYREJECTED)
		l->res->malformed++;
	if (!rc)
		probe_loop_reply(l, &r);
}

static void probe_loop_reply(probe_loop_t *l, const probe_loop_reply_t *r)
{
	probe_loop_slot_t *s = &l->ring[r->seq & l->mask];
	uint64_t rx_mono = l->rx.mono, rx_real = l->rx.real;
	uint32_t flags = 0;
	int64_t delta;

	if (s->seq != r->seq || s->state == PROBE_LOOP_EMPTY || r->seq >= l->next_seq)
		return;
	delta = (int64_t)(l->rx.real - l->rx.krx_real);
	if (l->rx.krx_real && delta >= 0 && delta < 1000000000)
	{
		rx_mono -= (uint64_t)delta;
		rx_real = l->rx.krx_real;
		flags |= PROBE_SAMPLE_KERNEL_RX;
	}
	if (s->state == PROBE_LOOP_ANSWERED)
		flags |= PROBE_SAMPLE_DUP;
	else if (s->state == PROBE_LOOP_LOST)
		flags |= PROBE_SAMPLE_LATE;
	else
	{
		flags |= PROBE_SAMPLE_RECEIVED;
		s->state = PROBE_LOOP_ANSWERED;
		l->received++;
	}
	probe_loop_emit(l, s, flags, rx_mono, r, probe_loop_rtt(s, rx_mono, r),
					r->reflected ? (int64_t)(rx_real - r->refl_tx_ns) : 0);
}

static void probe_loop_receive(probe_loop_t *l)
{
	/* bounded: at most 8 batches per call */
	for (int round = 0; round < 8; round++)
	{
		probe_loop_bufs_t *b = l->b;
		int n;

		for (int i = 0; i < PROBE_LOOP_BATCH; i++)
		{
			b->iov[i] = (struct iovec){ .iov_base = b->rx[i], .iov_len = PROBE_LOOP_DGRAM };
			b->msg[i].msg_hdr = (struct msghdr){ .msg_iov = &b->iov[i], .msg_iovlen = 1,
				.msg_control = b->ctl[i].buf, .msg_controllen = sizeof(b->ctl[i].buf) };
		}
		n = recvmmsg(l->fd, b->msg, PROBE_LOOP_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		l->rx.real = l->clock->real_ns(l->clock);
		l->rx.mono = l->clock->mono_ns(l->clock);
		for (int i = 0; i < n; i++)
			probe_loop_handle(l, b->rx[i], b->msg[i].msg_len, &b->msg[i].msg_hdr);
		if (n < PROBE_LOOP_BATCH)
			return;
	}
}

static bool probe_loop_sending_done(probe_loop_t *l, uint64_t start, uint64_t now)
{
	const probe_plan_t *p = l->plan;

	if (p->stop && atomic_load(p->stop))
		return true;
	if (p->count && l->next_seq >= p->count)
		return true;
	return p->duration_ms && now - start >= p->duration_ms * 1000000ull;
}

static void probe_loop_wait(probe_loop_t *l, uint64_t now, uint64_t until)
{
	struct pollfd pfd = { .fd = l->fd, .events = POLLIN };
	uint64_t wait = until > now ? until - now : 0;
	struct timespec ts = { .tv_sec = (time_t)(wait / 1000000000ull),
						   .tv_nsec = (long)(wait % 1000000000ull) };

	if (wait > 100000000ull)
		ts = (struct timespec){ .tv_sec = 0, .tv_nsec = 100000000 };
	/* a timer cannot wake us this precisely: check without sleeping, the loop spins */
	if (wait < PROBE_LOOP_SPIN_NS)
		ts = (struct timespec){ 0, 0 };
	if (ppoll(&pfd, 1, &ts, NULL) <= 0)
		return;
	if (pfd.revents & POLLERR)
		probe_loop_errqueue(l);
	if (pfd.revents & POLLIN)
		probe_loop_receive(l);
}

static void probe_loop_progress(probe_loop_t *l, uint64_t now, uint64_t *last)
{
	if (!l->plan->progress || now - *last < 100000000ull)
		return;
	*last = now;
	l->plan->progress(l->plan->progress_ctx, l->next_seq, l->received);
}

static int probe_loop_main(probe_loop_t *l)
{
	const probe_plan_t *p = l->plan;
	uint64_t start = l->clock->mono_ns(l->clock), next = start, end = 0, last = start;
	uint64_t rng = p->seed ? p->seed : start;
	uint64_t timeout = (uint64_t)p->timeout_ms * 1000000ull;
	bool done = false;

	/* bounded: sending stops by count, duration or stop, then one timeout drains */
	for (;;)
	{
		uint64_t now = l->clock->mono_ns(l->clock);

		if (!done && probe_loop_sending_done(l, start, now))
		{
			done = true;
			end = now + timeout;
		}
		if (!done && now >= next)
		{
			unsigned n = 0;

			/* everything due goes out in one call; replies are read in between */
			while (n < PROBE_LOOP_BATCH && next <= now && (!p->count || l->next_seq + n < p->count))
			{
				next += probe_schedule_next_ns(p->schedule, p->rate_pps, &rng);
				n++;
			}
			probe_loop_send(l, n);
			if (now > next + 1000000000ull)
				next = now;
		}
		probe_loop_expire(l, now, false);
		if (done && (l->oldest == l->next_seq || now >= end ||
					 (p->stop && atomic_load(p->stop) > 1)))
			break;
		probe_loop_progress(l, now, &last);
		probe_loop_wait(l, now, done ? end : next);
	}
	probe_loop_expire(l, 0, true);
	if (p->progress)
		p->progress(p->progress_ctx, l->next_seq, l->received);
	return 0;
}

int probe_loop_run(int fd, const probe_loop_ops_t *ops, void *ctx, const probe_clock_t *clock,
				   const probe_plan_t *plan, probe_samples_t *out, probe_err_t *err)
{
	struct sockaddr_storage peer;
	socklen_t peer_len = sizeof(peer), proto_len = sizeof(int);
	int proto = 0;
	probe_side_t dummy;
	probe_loop_t *l;
	int rc;

	if (plan->rate_pps <= 0 || (!plan->count && !plan->duration_ms && !plan->stop))
		return probe_err_set(err, -EINVAL, "a run needs a rate and a count or a duration");
	l = calloc(1, sizeof(*l));
	if (!l)
		return probe_err_set(err, -ENOMEM, "out of memory");
	*l = (probe_loop_t){ .fd = fd, .ops = ops, .ctx = ctx, .clock = clock, .plan = plan,
						 .out = out, .res = plan->side ? plan->side : &dummy,
						 .connected = !getpeername(fd, (struct sockaddr *)&peer, &peer_len) };
	l->gso = l->connected && plan->rate_pps > PROBE_LOOP_TXTS_MAX_PPS &&
		!getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &proto_len) && proto == IPPROTO_UDP;
	memset(l->res, 0, sizeof(*l->res));
	l->mask = probe_loop_window(plan) - 1;
	l->ring = calloc((size_t)l->mask + 1, sizeof(*l->ring));
	l->keyseq = calloc((size_t)l->mask + 1, sizeof(*l->keyseq));
	l->b = calloc(1, sizeof(*l->b));
	if (!l->ring || !l->keyseq || !l->b)
		rc = probe_err_set(err, -ENOMEM, "out of memory");
	else
	{
		(void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
		rc = probe_loop_main(l);
	}
	free(l->ring);
	free(l->keyseq);
	free(l->b);
	free(l);
	return rc;
}
