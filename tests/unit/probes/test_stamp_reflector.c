/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The reflector against hand-made requests from a plain UDP socket on 127.0.0.1. */

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "stamp_packet.h"
#include "test_util.h"

typedef struct {
	test_reflector_t t;
	int fd;
	struct sockaddr_in to;
} fixture_t;

static void fixture_start(fixture_t *f, stamp_reflector_opts_t *o)
{
	uint16_t port = test_reflector_start(&f->t, o);
	struct timeval tv = { .tv_usec = 300000 };

	assert_int_not_equal(port, 0);
	f->fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(f->fd >= 0);
	setsockopt(f->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	f->to = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(port),
								  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
}

static void fixture_stop(fixture_t *f, stamp_reflector_counters_t *c)
{
	close(f->fd);
	test_reflector_stop(&f->t, c);
}

static void send_raw(fixture_t *f, const uint8_t *buf, size_t len)
{
	assert_int_equal(sendto(f->fd, buf, len, 0, (struct sockaddr *)&f->to, sizeof(f->to)),
					 (ssize_t)len);
}

/** @return	reply length, -1 when none within 300 ms */
static ssize_t recv_reply(fixture_t *f, uint8_t *buf, size_t cap)
{
	return recv(f->fd, buf, cap, 0);
}

static void test_reply_mirrors_request_and_never_amplifies(void **state)
{
	stamp_reflector_opts_t o = { .mode = STAMP_MODE_UNAUTH };
	stamp_sender_pkt_t req = { .seq = 77, .timestamp = 0x1234, .ssid = 9 };
	stamp_reflector_pkt_t rep;
	stamp_reflector_counters_t c;
	uint8_t buf[400], out[2000];
	fixture_t f;

	(void)state;
	fixture_start(&f, &o);
	stamp_packet_encode_sender(&req, STAMP_MODE_UNAUTH, NULL, buf, 44);
	send_raw(&f, buf, 44);
	assert_int_equal(recv_reply(&f, out, sizeof(out)), 44);
	assert_int_equal(stamp_packet_decode_reflector(out, 44, STAMP_MODE_UNAUTH, NULL, &rep), 0);
	assert_int_equal(rep.sender_seq, 77);
	assert_true(rep.sender_timestamp == 0x1234);
	assert_int_equal(rep.ssid, 9);
	assert_int_equal(rep.sender_ttl, 64);
	assert_true(rep.timestamp >= rep.rx_timestamp);
	/* 400-octet request with a padding TLV: 400-octet reply, TLV reflected */
	stamp_packet_encode_sender(&req, STAMP_MODE_UNAUTH, NULL, buf, 400);
	send_raw(&f, buf, 400);
	assert_int_equal(recv_reply(&f, out, sizeof(out)), 400);
	assert_memory_equal(out + 44, buf + 44, 356);
	fixture_stop(&f, &c);
	assert_int_equal(c.received, 2);
	assert_int_equal(c.reflected, 2);
}

static void test_malformed_and_bad_hmac_dropped_and_counted(void **state)
{
	stamp_reflector_opts_t o = { .mode = STAMP_MODE_AUTH, .key = { .key = "k1", .len = 2 } };
	stamp_key_t wrong = { .key = "k2", .len = 2 }, right = { .key = "k1", .len = 2 };
	stamp_sender_pkt_t req = { .seq = 1 };
	stamp_reflector_counters_t c;
	uint8_t buf[112], out[200];
	fixture_t f;

	(void)state;
	fixture_start(&f, &o);
	memset(buf, 0xff, sizeof(buf));
	send_raw(&f, buf, 20);								/* too short for any mode */
	send_raw(&f, buf, 44);								/* unauthenticated size */
	stamp_packet_encode_sender(&req, STAMP_MODE_AUTH, &wrong, buf, 112);
	send_raw(&f, buf, 112);								/* wrong key */
	assert_int_equal(recv_reply(&f, out, sizeof(out)), -1);
	stamp_packet_encode_sender(&req, STAMP_MODE_AUTH, &right, buf, 112);
	send_raw(&f, buf, 112);
	assert_int_equal(recv_reply(&f, out, sizeof(out)), 112);
	fixture_stop(&f, &c);
	assert_int_equal(c.malformed, 2);
	assert_int_equal(c.bad_hmac, 1);
	assert_int_equal(c.reflected, 1);
}

static void test_allow_list_denies_other_sources(void **state)
{
	stamp_reflector_opts_t o = { .mode = STAMP_MODE_UNAUTH, .n_allow = 1 };
	stamp_sender_pkt_t req = { .seq = 1 };
	stamp_reflector_counters_t c;
	uint8_t buf[44], out[100];
	fixture_t f;

	(void)state;
	assert_int_equal(probe_prefix_parse("10.0.0.0/8", &o.allow[0], NULL), 0);
	fixture_start(&f, &o);
	stamp_packet_encode_sender(&req, STAMP_MODE_UNAUTH, NULL, buf, 44);
	send_raw(&f, buf, 44);
	assert_int_equal(recv_reply(&f, out, sizeof(out)), -1);
	fixture_stop(&f, &c);
	assert_int_equal(c.denied, 1);
	assert_int_equal(c.reflected, 0);
}

static void test_rate_limit_per_source(void **state)
{
	stamp_reflector_opts_t o = { .mode = STAMP_MODE_UNAUTH, .rate_limit_pps = 5 };
	stamp_sender_pkt_t req = { .seq = 1 };
	stamp_reflector_counters_t c;
	uint8_t buf[44], out[100];
	int replies = 0;
	fixture_t f;

	(void)state;
	fixture_start(&f, &o);
	stamp_packet_encode_sender(&req, STAMP_MODE_UNAUTH, NULL, buf, 44);
	for (int i = 0; i < 50; i++)
		send_raw(&f, buf, 44);
	while (recv_reply(&f, out, sizeof(out)) == 44 && replies < 60)
		replies++;
	fixture_stop(&f, &c);
	/* a burst of 10 tokens, plus at most a few refilled during the test */
	assert_in_range(replies, 10, 14);
	assert_int_equal(c.rate_limited + c.reflected, 50);
}

/* A burst from two senders, queued before the reflector serves, so that one batch holds
 * runs of each: every sender gets exactly its own replies, in order and at the request's
 * size, and the runs left inside one UDP GSO datagram per sender (loopback has GSO). */
static void test_burst_replies_reach_their_own_sender(void **state)
{
	stamp_reflector_opts_t o = { .mode = STAMP_MODE_UNAUTH };
	struct timeval tv = { .tv_usec = 300000 };
	stamp_reflector_counters_t c;
	uint8_t buf[100], out[2000];
	int fd[2] = { socket(AF_INET, SOCK_DGRAM, 0), socket(AF_INET, SOCK_DGRAM, 0) };
	uint32_t next[2] = { 0, 0 };
	test_reflector_t t;
	struct sockaddr_in to;
	uint16_t port;

	(void)state;
	port = test_reflector_bind(&t, &o);
	assert_int_not_equal(port, 0);
	to = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(port),
							   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	/* 12 from the first, 8 from the second, 12 from the first: one batch of 32 */
	for (uint32_t i = 0; i < 32; i++)
	{
		int who = i >= 12 && i < 20;
		size_t len = who ? 100 : 60;
		stamp_sender_pkt_t req = { .seq = next[who]++, .ssid = (uint16_t)(who + 1) };

		stamp_packet_encode_sender(&req, STAMP_MODE_UNAUTH, NULL, buf, len);
		assert_int_equal(sendto(fd[who], buf, len, 0, (struct sockaddr *)&to, sizeof(to)),
						 (ssize_t)len);
	}
	assert_true(test_reflector_serve(&t));
	for (int who = 0; who < 2; who++)
	{
		setsockopt(fd[who], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		for (uint32_t seq = 0; seq < next[who]; seq++)
		{
			stamp_reflector_pkt_t rep;
			ssize_t n = recv(fd[who], out, sizeof(out), 0);

			assert_int_equal(n, who ? 100 : 60);
			assert_int_equal(stamp_packet_decode_reflector(out, (size_t)n, STAMP_MODE_UNAUTH,
														   NULL, &rep), 0);
			assert_int_equal(rep.sender_seq, seq);
			assert_int_equal(rep.ssid, who + 1);
		}
		assert_int_equal(recv(fd[who], out, sizeof(out), MSG_DONTWAIT), -1);
		close(fd[who]);
	}
	test_reflector_stop(&t, &c);
	assert_int_equal(c.reflected, 32);
	assert_int_equal(c.gso_replies, 32);
	assert_int_equal(c.send_errors, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_mirrors_request_and_never_amplifies),
		cmocka_unit_test(test_malformed_and_bad_hmac_dropped_and_counted),
		cmocka_unit_test(test_allow_list_denies_other_sources),
		cmocka_unit_test(test_rate_limit_per_source),
		cmocka_unit_test(test_burst_replies_reach_their_own_sender),
	};
	return cmocka_run_group_tests_name("stamp_reflector", tests, NULL, NULL);
}
