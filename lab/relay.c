/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* A packet waiting for its release time. */
typedef struct {
	uint64_t release_ns;
	/** arrival order, so equal release times keep their order */
	uint64_t seq;
	uint16_t len;
	uint8_t data[RELAY_MAX_PACKET];
} relay_slot_t;

struct relay_t {
	int fd;
	impair_t *impair;
	relay_opts_t opts;
	/** min-heap of slot indices by (release_ns, seq); free slots on a stack */
	relay_slot_t *slots;
	uint32_t *heap, *free_list;
	size_t n_heap, n_free;
	uint64_t seq;
	relay_counters_t counters;
};

static uint64_t relay_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int relay_tun_open(const char *name, char *err, size_t errlen)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
	{
		snprintf(err, errlen, "/dev/net/tun: %s", strerror(errno));
		return -1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
	{
		snprintf(err, errlen, "TUNSETIFF %s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static bool relay_before(const relay_t *this, uint32_t a, uint32_t b)
{
	const relay_slot_t *x = &this->slots[a], *y = &this->slots[b];

	return x->release_ns < y->release_ns || (x->release_ns == y->release_ns && x->seq < y->seq);
}

static void relay_swap(uint32_t *a, uint32_t *b)
{
	uint32_t t = *a;

	*a = *b;
	*b = t;
}

static void relay_push(relay_t *this, uint32_t slot)
{
	size_t i = this->n_heap++;

	this->heap[i] = slot;
	while (i && relay_before(this, this->heap[i], this->heap[(i - 1) / 2]))
	{
		relay_swap(&this->heap[i], &this->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

static uint32_t relay_pop(relay_t *this)
{
	uint32_t top = this->heap[0];
	size_t i = 0;

	this->heap[0] = this->heap[--this->n_heap];
	for (;;)
	{
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < this->n_heap && relay_before(this, this->heap[l], this->heap[m]))
			m = l;
		if (r < this->n_heap && relay_before(this, this->heap[r], this->heap[m]))
			m = r;
		if (m == i)
			break;
		relay_swap(&this->heap[i], &this->heap[m]);
		i = m;
	}
	return top;
}

static bool relay_from(const relay_opts_t *opts, uint32_t src)
{
	if (!opts->n_from)
		return true;
	for (unsigned i = 0; i < opts->n_from; i++)
	{
		if (!opts->from_len[i] ||
			((src ^ ntohl(opts->from_net[i])) >> (32 - opts->from_len[i])) == 0)
			return true;
	}
	return false;
}

/* ESP (protocol 50, or UDP 4500 without the IKE non-ESP marker) from the impaired side. */
static bool relay_impaired(const relay_t *this, const uint8_t *p, size_t len)
{
	size_t ihl;
	uint32_t src;

	if (len < 20 || (p[0] >> 4) != 4)
		return false;
	memcpy(&src, p + 12, 4);
	if (!relay_from(&this->opts, ntohl(src)))
		return false;
	if (p[9] == 50)
		return true;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	if (p[9] != 17 || len < ihl + 12)
		return false;
	return ((p[ihl + 2] << 8) | p[ihl + 3]) == 4500 &&
		   (p[ihl + 8] | p[ihl + 9] | p[ihl + 10] | p[ihl + 11]) != 0;
}

static void relay_queue(relay_t *this, const uint8_t *p, size_t len, uint64_t release)
{
	uint32_t slot;

	if (!this->n_free)
	{
		this->counters.overflow++;
		return;
	}
	slot = this->free_list[--this->n_free];
	this->slots[slot].release_ns = release;
	this->slots[slot].seq = this->seq++;
	this->slots[slot].len = (uint16_t)len;
	memcpy(this->slots[slot].data, p, len);
	relay_push(this, slot);
}

static void relay_receive(relay_t *this, uint64_t now)
{
	uint8_t buf[RELAY_MAX_PACKET];
	impair_verdict_t v;
	ssize_t n;

	/* a bounded batch, so a flood cannot starve the sending side */
	for (int i = 0; i < 256 && (n = read(this->fd, buf, sizeof(buf))) > 0; i++)
	{
		this->counters.received++;
		if (!relay_impaired(this, buf, (size_t)n))
		{
			relay_queue(this, buf, (size_t)n, now);
			continue;
		}
		this->counters.impaired++;
		impair_decide(this->impair, now, (size_t)n, &v);
		if (v.drop)
		{
			this->counters.dropped++;
			continue;
		}
		relay_queue(this, buf, (size_t)n, v.release_ns);
		if (v.duplicate)
		{
			this->counters.duplicated++;
			relay_queue(this, buf, (size_t)n, v.release_ns);
		}
	}
}

static void relay_release(relay_t *this, uint64_t now)
{
	while (this->n_heap && this->slots[this->heap[0]].release_ns <= now)
	{
		uint32_t slot = relay_pop(this);

		if (write(this->fd, this->slots[slot].data, this->slots[slot].len) > 0)
			this->counters.sent++;
		this->free_list[this->n_free++] = slot;
	}
}

relay_t *relay_create(const relay_opts_t *opts, const impair_conf_t *conf, char *err,
					  size_t errlen)
{
	relay_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->opts = *opts;
	this->fd = relay_tun_open(opts->tun, err, errlen);
	this->impair = impair_create(conf);
	this->slots = calloc(RELAY_QUEUE, sizeof(*this->slots));
	this->heap = calloc(RELAY_QUEUE, sizeof(*this->heap));
	this->free_list = calloc(RELAY_QUEUE, sizeof(*this->free_list));
	if (this->fd < 0 || !this->impair || !this->slots || !this->heap || !this->free_list)
	{
		if (this->fd >= 0)
			snprintf(err, errlen, "out of memory");
		relay_destroy(this);
		return NULL;
	}
	for (uint32_t i = 0; i < RELAY_QUEUE; i++)
		this->free_list[this->n_free++] = RELAY_QUEUE - 1 - i;
	return this;
}

void relay_set(relay_t *this, const impair_conf_t *conf)
{
	impair_set(this->impair, conf);
}

bool relay_opts_add_from(relay_opts_t *opts, const char *cidr)
{
	char net[32];
	unsigned len;

	if (opts->n_from == 4 || sscanf(cidr, "%31[0-9.]/%u", net, &len) != 2 || len > 32 ||
		inet_pton(AF_INET, net, &opts->from_net[opts->n_from]) != 1)
		return false;
	opts->from_len[opts->n_from++] = len;
	return true;
}

void relay_set_from(relay_t *this, const relay_opts_t *opts)
{
	memcpy(this->opts.from_net, opts->from_net, sizeof(opts->from_net));
	memcpy(this->opts.from_len, opts->from_len, sizeof(opts->from_len));
	this->opts.n_from = opts->n_from;
}

int relay_run(relay_t *this, volatile sig_atomic_t *stop, volatile sig_atomic_t *reload,
			  void (*on_reload)(relay_t *this, void *ctx), void *ctx)
{
	struct pollfd pfd = { .fd = this->fd, .events = POLLIN };

	while (!*stop)
	{
		uint64_t now = relay_now_ns(), wait_ns = 100000000ULL;
		struct timespec ts;

		if (reload && *reload)
		{
			*reload = 0;
			on_reload(this, ctx);
		}
		relay_release(this, now);
		if (this->n_heap && this->slots[this->heap[0]].release_ns - now < wait_ns)
			wait_ns = this->slots[this->heap[0]].release_ns - now;
		ts.tv_sec = (time_t)(wait_ns / 1000000000ULL);
		ts.tv_nsec = (long)(wait_ns % 1000000000ULL);
		if (ppoll(&pfd, 1, &ts, NULL) > 0)
			relay_receive(this, relay_now_ns());
	}
	return 0;
}

void relay_get_counters(relay_t *this, relay_counters_t *out)
{
	*out = this->counters;
	out->queued = this->n_heap;
}

void relay_destroy(relay_t *this)
{
	if (!this)
		return;
	if (this->fd >= 0)
		close(this->fd);
	impair_destroy(this->impair);
	free(this->slots);
	free(this->heap);
	free(this->free_list);
	free(this);
}
