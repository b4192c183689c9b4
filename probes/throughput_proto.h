/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Internal: the sink protocol's constants and blocking I/O helpers, shared by the client
 * (throughput.c) and the sink (throughput_server.c). See throughput.h for the protocol.
 */
#ifndef THROUGHPUT_PROTO_H_
#define THROUGHPUT_PROTO_H_

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

/** Hello magic. */
#define THROUGHPUT_MAGIC "XPT1"
/** Hello length. */
#define THROUGHPUT_HELLO_LEN 16
/** Modes in the hello. */
enum {
	THROUGHPUT_MODE_TCP_UP = 1,
	THROUGHPUT_MODE_TCP_DOWN = 2,
	THROUGHPUT_MODE_UDP_UP = 3,
};
/** Bulk buffer. */
#define THROUGHPUT_BUF (128 * 1024)
/** Longest test direction accepted by the sink, ms. */
#define THROUGHPUT_MAX_MS 600000u

static inline void throughput_put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint64_t throughput_get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static inline void throughput_put32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint32_t throughput_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/** Read exactly len bytes, waiting at most timeout_ms for each chunk; 0 or -errno. */
static inline int throughput_read_full(int fd, uint8_t *buf, size_t len, int timeout_ms)
{
	size_t got = 0;

	while (got < len)
	{
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -ETIMEDOUT;
		n = recv(fd, buf + got, len - got, 0);
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
		got += (size_t)n;
	}
	return 0;
}

/** Write exactly len bytes; 0 or -errno. */
static inline int throughput_write_full(int fd, const uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len)
	{
		ssize_t n = send(fd, buf + done, len - done, MSG_NOSIGNAL);

		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return 0;
}

#endif
