/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <netinet/in.h>
#include <sys/time.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "throughput.h"
#include "throughput_proto.h"

/** Connections served at once; more are closed at once. */
#define THROUGHPUT_SERVER_MAX_CONNS 64

struct throughput_server_t {
	/** listening socket */
	int lfd;
	/** accept thread, and whether it runs */
	pthread_t thread;
	bool started;
	/** set to stop every thread */
	atomic_int stop;
	/** connection threads alive */
	atomic_int active;
	/** counters */
	_Atomic uint64_t conns, bytes;
};

/** One connection's thread argument. */
typedef struct {
	throughput_server_t *srv;
	int fd;
} throughput_conn_t;

static uint64_t throughput_server_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void throughput_server_tcp_up(throughput_conn_t *c, uint8_t *buf)
{
	struct timeval tv = { .tv_usec = 200000 };
	uint64_t bytes = 0, first = 0, last = 0;
	uint8_t reply[16];

	/* one recv per chunk, no poll: a receive timeout lets stop be seen */
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (!atomic_load(&c->srv->stop))
	{
		ssize_t n = recv(c->fd, buf, THROUGHPUT_BUF, 0);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		last = throughput_server_now();
		if (!first)
			first = last;
		bytes += (uint64_t)n;
		c->srv->bytes += (uint64_t)n;
	}
	throughput_put64(reply, bytes);
	throughput_put64(reply + 8, last - first);
	(void)throughput_write_full(c->fd, reply, sizeof(reply));
}

static void throughput_server_tcp_down(throughput_conn_t *c, uint8_t *buf, uint32_t ms)
{
	uint64_t end = throughput_server_now() + (uint64_t)ms * 1000000ull;

	memset(buf, 0x5a, THROUGHPUT_BUF);
	while (!atomic_load(&c->srv->stop) && throughput_server_now() < end)
	{
		ssize_t n = send(c->fd, buf, THROUGHPUT_BUF, MSG_NOSIGNAL);

		if (n <= 0)
			break;
		c->srv->bytes += (uint64_t)n;
	}
	shutdown(c->fd, SHUT_WR);
}

static int throughput_server_udp_socket(int tcp_fd, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd, rcvbuf = 4 << 20;

	if (getsockname(tcp_fd, (struct sockaddr *)&ss, &len))
		return -1;
	if (ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = 0;
	else
		((struct sockaddr_in *)&ss)->sin_port = 0;
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&ss, len) || getsockname(fd, (struct sockaddr *)&ss, &len))
	{
		close(fd);
		return -1;
	}
	*port = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) :
		ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

/** Count datagrams until the client reports its sent count (or the deadline passes). */
static void throughput_server_udp_count(throughput_conn_t *c, int ufd, uint8_t *buf,
										uint32_t ms)
{
	uint64_t deadline = throughput_server_now() + ((uint64_t)ms + 10000) * 1000000ull;
	uint64_t pkts = 0, bytes = 0, first = 0, last = 0;
	uint8_t sent[8], reply[24];

	while (!atomic_load(&c->srv->stop) && throughput_server_now() < deadline)
	{
		struct pollfd pfd[2] = { { .fd = ufd, .events = POLLIN }, { .fd = c->fd, .events = POLLIN } };
		ssize_t n;

		if (poll(pfd, 2, 100) <= 0)
			continue;
		if (pfd[0].revents & POLLIN && (n = recv(ufd, buf, THROUGHPUT_BUF, MSG_DONTWAIT)) > 0)
		{
			last = throughput_server_now();
			first = first ? first : last;
			pkts++;
			bytes += (uint64_t)n;
			c->srv->bytes += (uint64_t)n;
			continue;
		}
		if (pfd[1].revents && !throughput_read_full(c->fd, sent, sizeof(sent), 1000))
			break;
		if (pfd[1].revents)
			return;
	}
	throughput_put64(reply, pkts);
	throughput_put64(reply + 8, bytes);
	throughput_put64(reply + 16, last - first);
	(void)throughput_write_full(c->fd, reply, sizeof(reply));
}

static void throughput_server_udp_up(throughput_conn_t *c, uint8_t *buf, uint32_t ms)
{
	uint16_t port = 0;
	int ufd = throughput_server_udp_socket(c->fd, &port);
	uint8_t p[2];

	if (ufd < 0)
		return;
	p[0] = (uint8_t)(port >> 8);
	p[1] = (uint8_t)port;
	if (!throughput_write_full(c->fd, p, sizeof(p)))
		throughput_server_udp_count(c, ufd, buf, ms);
	close(ufd);
}

static void *throughput_server_conn(void *arg)
{
	throughput_conn_t *c = arg;
	uint8_t hello[THROUGHPUT_HELLO_LEN];
	uint8_t *buf = malloc(THROUGHPUT_BUF);
	uint32_t ms;

	if (buf && !throughput_read_full(c->fd, hello, sizeof(hello), 2000) &&
		!memcmp(hello, THROUGHPUT_MAGIC, 4) &&
		(ms = throughput_get32(hello + 8)) <= THROUGHPUT_MAX_MS)
	{
		c->srv->conns++;
		if (hello[4] == THROUGHPUT_MODE_TCP_UP)
			throughput_server_tcp_up(c, buf);
		else if (hello[4] == THROUGHPUT_MODE_TCP_DOWN)
			throughput_server_tcp_down(c, buf, ms);
		else if (hello[4] == THROUGHPUT_MODE_UDP_UP)
			throughput_server_udp_up(c, buf, ms);
	}
	free(buf);
	close(c->fd);
	atomic_fetch_sub(&c->srv->active, 1);
	free(c);
	return NULL;
}

static void throughput_server_spawn(throughput_server_t *this, int fd)
{
	throughput_conn_t *c = malloc(sizeof(*c));
	pthread_attr_t attr;
	pthread_t t;

	if (!c || atomic_load(&this->active) >= THROUGHPUT_SERVER_MAX_CONNS)
	{
		free(c);
		close(fd);
		return;
	}
	*c = (throughput_conn_t){ .srv = this, .fd = fd };
	atomic_fetch_add(&this->active, 1);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, throughput_server_conn, c))
	{
		atomic_fetch_sub(&this->active, 1);
		close(fd);
		free(c);
	}
	pthread_attr_destroy(&attr);
}

static void *throughput_server_accept(void *arg)
{
	throughput_server_t *this = arg;

	while (!atomic_load(&this->stop))
	{
		struct pollfd pfd = { .fd = this->lfd, .events = POLLIN };
		int fd;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		fd = accept4(this->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			throughput_server_spawn(this, fd);
	}
	return NULL;
}

throughput_server_t *throughput_server_create(const struct sockaddr *addr, socklen_t len,
											  probe_err_t *err)
{
	throughput_server_t *this = calloc(1, sizeof(*this));
	int one = 1;

	if (!this)
	{
		probe_err_set(err, -ENOMEM, "out of memory");
		return NULL;
	}
	this->lfd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (this->lfd < 0 ||
		setsockopt(this->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		bind(this->lfd, addr, len) || listen(this->lfd, 64))
	{
		probe_err_set(err, -errno, "sink (TCP): %s", strerror(errno));
		if (this->lfd >= 0)
			close(this->lfd);
		free(this);
		return NULL;
	}
	return this;
}

int throughput_server_start(throughput_server_t *this, probe_err_t *err)
{
	int rc = pthread_create(&this->thread, NULL, throughput_server_accept, this);

	if (rc)
		return probe_err_set(err, -rc, "sink thread: %s", strerror(rc));
	this->started = true;
	return 0;
}

void throughput_server_counters(throughput_server_t *this, uint64_t *conns, uint64_t *bytes)
{
	*conns = this->conns;
	*bytes = this->bytes;
}

void throughput_server_destroy(throughput_server_t *this)
{
	if (!this)
		return;
	atomic_store(&this->stop, 1);
	if (this->started)
		pthread_join(this->thread, NULL);
	/* connection threads notice stop within 100 ms; bounded wait */
	for (int i = 0; i < 200 && atomic_load(&this->active) > 0; i++)
		usleep(10000);
	close(this->lfd);
	if (atomic_load(&this->active) == 0)
		free(this);
}
