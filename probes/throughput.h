/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Throughput: TCP bulk over several streams, or UDP at a target rate with loss, against the
 * sink that `crosspeer reflect` serves on TCP at the STAMP port number. Every figure is
 * measured by the receiving side (first to last byte), in Mbit/s (10^6 bit/s), each way.
 *
 * Sink protocol (crosspeer's own, over the TCP connection): the client sends a 16-octet hello
 * "XPT1", mode (1 TCP up, 2 TCP down, 3 UDP up), 3 MBZ, duration ms (32 bit), UDP rate in
 * kbit/s (32 bit). TCP up: the sink reads to EOF and answers bytes (64) + elapsed ns (64).
 * TCP down: the sink writes for the duration and closes. UDP up: the sink answers its UDP
 * port (16), counts datagrams until the client sends its sent count (64), then answers
 * received (64) + bytes (64) + elapsed ns (64).
 */
#ifndef THROUGHPUT_H_
#define THROUGHPUT_H_

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "probe.h"

/** Streams at most. */
#define THROUGHPUT_MAX_STREAMS 16

/** Transport. */
typedef enum {
	/** TCP bulk, several streams, up then down */
	THROUGHPUT_TCP,
	/** UDP at a target rate, upstream, with loss */
	THROUGHPUT_UDP,
} throughput_proto_t;

/** What a throughput run does. */
typedef struct {
	/** the sink: reflector address, TCP port = the STAMP port */
	struct sockaddr_storage target;
	/** length of target */
	socklen_t target_len;
	/** transport */
	throughput_proto_t proto;
	/** TCP streams, 1..THROUGHPUT_MAX_STREAMS */
	unsigned streams;
	/** duration of each direction, ms */
	uint32_t duration_ms;
	/** UDP target rate, Mbit/s */
	double rate_mbps;
	/** UDP IP packet size, bytes (0 = 1400) */
	uint32_t size;
	/** DSCP 0-63 */
	uint8_t dscp;
	/** optional early stop */
	atomic_int *stop;
} throughput_plan_t;

/** Throughput figures. */
typedef struct {
	/** client to sink, Mbit/s, as received by the sink */
	double up_mbps;
	/** sink to client, Mbit/s (TCP only; 0 for UDP) */
	double down_mbps;
	/** payload bytes received each way */
	uint64_t up_bytes, down_bytes;
	/** UDP: datagrams sent and received, loss in percent */
	uint64_t udp_sent, udp_received;
	/** UDP loss, percent */
	double udp_loss_pct;
	/** streams used */
	unsigned streams;
} throughput_result_t;

/**
 * Run a throughput test.
 *
 * @param clock		NULL = probe_clock_system()
 * @return			0, or -errno with err set (-ECONNREFUSED when no sink listens)
 */
int throughput_run(const throughput_plan_t *plan, const probe_clock_t *clock,
				   throughput_result_t *res, probe_err_t *err);

typedef struct throughput_server_t throughput_server_t;

/** Bind and listen the sink on addr (TCP); NULL with err set on failure. */
throughput_server_t *throughput_server_create(const struct sockaddr *addr, socklen_t len,
											  probe_err_t *err);

/** Start serving in a background thread; 0 or -errno. */
int throughput_server_start(throughput_server_t *this, probe_err_t *err);

/** Connections served and bytes moved so far. */
void throughput_server_counters(throughput_server_t *this, uint64_t *conns, uint64_t *bytes);

/** Stop (waits at most about 2 s for connections to end) and free (NULL is fine). */
void throughput_server_destroy(throughput_server_t *this);

#endif
