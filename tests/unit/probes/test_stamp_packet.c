/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* STAMP wire format against byte-level golden vectors written from RFC 8762/8972 figures;
 * the HMAC values were computed independently (Python hmac/hashlib, HMAC-SHA-256, first
 * 16 octets over the 96 octets before the HMAC field). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stamp_packet.h"

static const uint8_t golden_sender_unauth[44] = {
	0x00, 0x00, 0x00, 0x01,									/* seq 1 */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,			/* timestamp */
	0x80, 0x01,												/* S=1, scale 0, mult 1 */
	0xab, 0xcd,												/* SSID */
	/* 28 MBZ */
};

static const uint8_t golden_reflector_unauth[44] = {
	0x00, 0x00, 0x00, 0x09,									/* reflector seq 9 */
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,			/* timestamp */
	0x0a, 0x05, 0xab, 0xcd,									/* error estimate, SSID */
	0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,			/* receive timestamp */
	0x00, 0x00, 0x00, 0x07,									/* sender seq */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,			/* sender timestamp */
	0x80, 0x01, 0x00, 0x00,									/* sender EE, MBZ */
	0x40, 0x00, 0x00, 0x00,									/* sender TTL 64, MBZ */
};

static const uint8_t key_bytes[] = "crosspeer-test-key";

static const uint8_t golden_sender_hmac[16] = {
	0x29, 0x51, 0xb5, 0x03, 0x2c, 0x2e, 0x8f, 0x8f,
	0x4b, 0x64, 0x9c, 0x56, 0xde, 0xd9, 0x6c, 0xab,
};

static const uint8_t golden_reflector_hmac[16] = {
	0x17, 0xe4, 0x9a, 0xc1, 0xbb, 0xc9, 0x39, 0x9a,
	0xce, 0xc7, 0xf2, 0x94, 0x7c, 0xdb, 0xab, 0xd2,
};

static stamp_key_t test_key(void)
{
	stamp_key_t k = { .len = sizeof(key_bytes) - 1 };

	memcpy(k.key, key_bytes, k.len);
	return k;
}

static const stamp_reflector_pkt_t refl_fields = {
	.seq = 9, .timestamp = 0x1112131415161718ull, .error_estimate = 0x0a05, .ssid = 0xabcd,
	.rx_timestamp = 0x2122232425262728ull, .sender_seq = 7,
	.sender_timestamp = 0x0102030405060708ull, .sender_error_estimate = 0x8001,
	.sender_ttl = 64,
};

static void test_sender_unauth_matches_golden(void **state)
{
	stamp_sender_pkt_t p = { .seq = 1, .timestamp = 0x0102030405060708ull,
							 .error_estimate = 0x8001, .ssid = 0xabcd }, d;
	uint8_t buf[44];

	(void)state;
	assert_int_equal(stamp_packet_encode_sender(&p, STAMP_MODE_UNAUTH, NULL, buf, 44), 44);
	assert_memory_equal(buf, golden_sender_unauth, 44);
	assert_int_equal(stamp_packet_decode_sender(golden_sender_unauth, 44, STAMP_MODE_UNAUTH,
												NULL, &d), 0);
	assert_int_equal(d.seq, 1);
	assert_true(d.timestamp == 0x0102030405060708ull);
	assert_int_equal(d.error_estimate, 0x8001);
	assert_int_equal(d.ssid, 0xabcd);
}

static void test_reflector_unauth_matches_golden(void **state)
{
	stamp_reflector_pkt_t d;
	uint8_t buf[44];

	(void)state;
	assert_int_equal(stamp_packet_encode_reflector(&refl_fields, STAMP_MODE_UNAUTH, NULL, NULL,
												   buf, 44), 44);
	assert_memory_equal(buf, golden_reflector_unauth, 44);
	assert_int_equal(stamp_packet_decode_reflector(golden_reflector_unauth, 44,
												   STAMP_MODE_UNAUTH, NULL, &d), 0);
	assert_int_equal(d.seq, 9);
	assert_int_equal(d.sender_seq, 7);
	assert_true(d.rx_timestamp == 0x2122232425262728ull);
	assert_true(d.sender_timestamp == 0x0102030405060708ull);
	assert_int_equal(d.sender_ttl, 64);
	assert_int_equal(d.error_estimate, 0x0a05);
}

static void test_sender_auth_layout_and_hmac(void **state)
{
	stamp_sender_pkt_t p = { .seq = 7, .timestamp = 0x0102030405060708ull,
							 .error_estimate = 0x8001, .ssid = 0xabcd }, d;
	stamp_key_t k = test_key();
	uint8_t buf[112], want[112] = { 0 };

	(void)state;
	want[3] = 7;
	memcpy(want + 16, golden_sender_unauth + 4, 8);		/* timestamp at 16 */
	want[24] = 0x80; want[25] = 0x01; want[26] = 0xab; want[27] = 0xcd;
	memcpy(want + 96, golden_sender_hmac, 16);
	assert_int_equal(stamp_packet_encode_sender(&p, STAMP_MODE_AUTH, &k, buf, 112), 112);
	assert_memory_equal(buf, want, 112);
	assert_int_equal(stamp_packet_decode_sender(want, 112, STAMP_MODE_AUTH, &k, &d), 0);
	assert_int_equal(d.seq, 7);
	assert_int_equal(d.ssid, 0xabcd);
}

static void test_reflector_auth_layout_and_hmac(void **state)
{
	stamp_key_t k = test_key();
	stamp_reflector_pkt_t d;
	uint8_t buf[112], want[112] = { 0 };

	(void)state;
	want[3] = 9;
	memcpy(want + 16, golden_reflector_unauth + 4, 8);		/* timestamp */
	memcpy(want + 24, golden_reflector_unauth + 12, 4);		/* EE + SSID */
	memcpy(want + 32, golden_reflector_unauth + 16, 8);		/* receive timestamp */
	want[51] = 7;											/* sender seq at 48 */
	memcpy(want + 64, golden_reflector_unauth + 28, 8);		/* sender timestamp */
	want[72] = 0x80; want[73] = 0x01;						/* sender EE */
	want[80] = 64;											/* sender TTL */
	memcpy(want + 96, golden_reflector_hmac, 16);
	assert_int_equal(stamp_packet_encode_reflector(&refl_fields, STAMP_MODE_AUTH, &k, NULL,
												   buf, 112), 112);
	assert_memory_equal(buf, want, 112);
	assert_int_equal(stamp_packet_decode_reflector(want, 112, STAMP_MODE_AUTH, &k, &d), 0);
	assert_int_equal(d.sender_ttl, 64);
	assert_true(d.sender_timestamp == 0x0102030405060708ull);
}

static void test_bad_hmac_and_short_packets_rejected(void **state)
{
	stamp_key_t k = test_key(), wrong = test_key();
	stamp_sender_pkt_t p = { .seq = 3 }, d;
	stamp_reflector_pkt_t r;
	uint8_t buf[112];

	(void)state;
	wrong.key[0] ^= 1;
	stamp_packet_encode_sender(&p, STAMP_MODE_AUTH, &k, buf, 112);
	assert_int_equal(stamp_packet_decode_sender(buf, 112, STAMP_MODE_AUTH, &wrong, &d),
					 -EKEYREJECTED);
	buf[0] ^= 0x80;		/* tampered sequence number */
	assert_int_equal(stamp_packet_decode_sender(buf, 112, STAMP_MODE_AUTH, &k, &d),
					 -EKEYREJECTED);
	assert_int_equal(stamp_packet_decode_sender(buf, 43, STAMP_MODE_UNAUTH, NULL, &d),
					 -EBADMSG);
	assert_int_equal(stamp_packet_decode_sender(buf, 100, STAMP_MODE_AUTH, &k, &d), -EBADMSG);
	assert_int_equal(stamp_packet_decode_reflector(buf, 20, STAMP_MODE_UNAUTH, NULL, &r),
					 -EBADMSG);
	assert_int_equal(stamp_packet_encode_sender(&p, STAMP_MODE_UNAUTH, NULL, buf, 40),
					 -EMSGSIZE);
	assert_int_equal(stamp_packet_encode_sender(&p, STAMP_MODE_AUTH, NULL, buf, 112), -EINVAL);
}

static void test_padding_is_an_extra_padding_tlv(void **state)
{
	stamp_sender_pkt_t p = { .seq = 5 };
	uint8_t buf[100], tlvs[56], out[100];

	(void)state;
	assert_int_equal(stamp_packet_encode_sender(&p, STAMP_MODE_UNAUTH, NULL, buf, 100), 100);
	/* RFC 8972 4.1: flags 0, type 1, length = 100 - 44 - 4 = 52 */
	assert_int_equal(buf[44], 0);
	assert_int_equal(buf[45], STAMP_TLV_EXTRA_PADDING);
	assert_int_equal(buf[46] << 8 | buf[47], 52);
	/* the reflector copies the TLVs back, same total length */
	memcpy(tlvs, buf + 44, sizeof(tlvs));
	assert_int_equal(stamp_packet_encode_reflector(&refl_fields, STAMP_MODE_UNAUTH, NULL, tlvs,
												   out, 100), 100);
	assert_memory_equal(out + 44, tlvs, 56);
	/* 1-3 spare octets cannot hold a TLV: zeros */
	assert_int_equal(stamp_packet_encode_sender(&p, STAMP_MODE_UNAUTH, NULL, buf, 46), 46);
	assert_int_equal(buf[44] | buf[45], 0);
}

static void test_ntp_conversion(void **state)
{
	(void)state;
	/* 1970-01-01 is NTP second 2208988800 (0x83aa7e80) */
	assert_true(stamp_ntp_from_ns(0) == 0x83aa7e8000000000ull);
	/* half a second is fraction 0x80000000 */
	assert_true(stamp_ntp_from_ns(500000000ull) == 0x83aa7e8080000000ull);
	assert_true(stamp_ntp_to_ns(0x83aa7e8080000000ull) == 500000000ull);
	/* round trip at ns resolution (2^-32 s < 1 ns) */
	for (uint64_t ns = 1700000000123456789ull; ns < 1700000000123456789ull + 1000; ns += 7)
		assert_true(stamp_ntp_to_ns(stamp_ntp_from_ns(ns)) == ns);
}

static void test_error_estimate(void **state)
{
	uint16_t ee = stamp_error_estimate(true, 1000000);		/* 1 ms */
	uint64_t back = stamp_error_estimate_ns(ee);

	(void)state;
	assert_true(ee & STAMP_EE_SYNC);
	assert_false(ee & STAMP_EE_PTP);
	assert_true((ee & 0xff) != 0);		/* multiplier must not be zero (RFC 4656) */
	/* never under-states the error, at most doubles it */
	assert_true(back >= 1000000 && back <= 2000000);
	assert_false(stamp_error_estimate(false, 1000) & STAMP_EE_SYNC);
	/* an unsynchronised clock's 1 s, and 10 s: still never under-stated, at most doubled */
	back = stamp_error_estimate_ns(stamp_error_estimate(false, 10000000000ull));
	assert_true(back >= 10000000000ull && back <= 20000000000ull);
	back = stamp_error_estimate_ns(stamp_error_estimate(false, 1000000000ull));
	assert_true(back >= 1000000000ull && back <= 2000000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sender_unauth_matches_golden),
		cmocka_unit_test(test_reflector_unauth_matches_golden),
		cmocka_unit_test(test_sender_auth_layout_and_hmac),
		cmocka_unit_test(test_reflector_auth_layout_and_hmac),
		cmocka_unit_test(test_bad_hmac_and_short_packets_rejected),
		cmocka_unit_test(test_padding_is_an_extra_padding_tlv),
		cmocka_unit_test(test_ntp_conversion),
		cmocka_unit_test(test_error_estimate),
	};
	return cmocka_run_group_tests_name("stamp_packet", tests, NULL, NULL);
}
