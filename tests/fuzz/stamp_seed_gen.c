/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Writes the seed corpus of fuzz_stamp_packet with the project's own encoder:
 *   cc -Iprobes tests/fuzz/stamp_seed_gen.c probes/stamp_packet.c -lcrypto -o gen
 *   ./gen tests/fuzz/corpus/stamp_packet
 * Each file is the mode octet of fuzz_stamp_packet.c followed by the packet.
 */

#include <stdio.h>
#include <string.h>

#include "stamp_packet.h"

static const char seed_key[] = "crosspeer-fuzz-stamp-key-32bytes";

static int seed_write(const char *dir, const char *name, uint8_t mode, const uint8_t *pkt,
					  size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputc(mode, f) == EOF || fwrite(pkt, 1, len, f) != len)
	{
		perror(path);
		if (f)
			fclose(f);
		return 1;
	}
	return fclose(f) ? 1 : 0;
}

int main(int argc, char *argv[])
{
	stamp_key_t key = { .len = sizeof(seed_key) - 1 };
	stamp_sender_pkt_t s = { .seq = 7, .timestamp = stamp_ntp_from_ns(1764000000123456789ull),
							 .error_estimate = stamp_error_estimate(true, 1000000),
							 .ssid = 0x1234 };
	stamp_reflector_pkt_t r = { .seq = 7, .timestamp = stamp_ntp_from_ns(1764000000124000000ull),
								.error_estimate = stamp_error_estimate(false, 1000000000ull),
								.ssid = 0x1234, .rx_timestamp = stamp_ntp_from_ns(1764000000123900000ull),
								.sender_seq = 7, .sender_timestamp = s.timestamp,
								.sender_error_estimate = s.error_estimate, .sender_ttl = 63 };
	uint8_t buf[256];
	int bad = 0;

	if (argc != 2)
	{
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	memcpy(key.key, seed_key, key.len);
	stamp_packet_encode_sender(&s, STAMP_MODE_UNAUTH, NULL, buf, 44);
	bad |= seed_write(argv[1], "sender-unauth-44", 0, buf, 44);
	stamp_packet_encode_sender(&s, STAMP_MODE_UNAUTH, NULL, buf, 72);
	bad |= seed_write(argv[1], "sender-unauth-72-padding-tlv", 0, buf, 72);
	bad |= seed_write(argv[1], "sender-unauth-43-short", 0, buf, 43);
	stamp_packet_encode_sender(&s, STAMP_MODE_AUTH, &key, buf, 112);
	bad |= seed_write(argv[1], "sender-auth-112", 1, buf, 112);
	stamp_packet_encode_sender(&s, STAMP_MODE_AUTH, &key, buf, 140);
	bad |= seed_write(argv[1], "sender-auth-140-padding-tlv", 1, buf, 140);
	buf[100] ^= 0x01;
	bad |= seed_write(argv[1], "sender-auth-140-bad-hmac", 1, buf, 140);
	stamp_packet_encode_reflector(&r, STAMP_MODE_UNAUTH, NULL, NULL, buf, 44);
	bad |= seed_write(argv[1], "reflector-unauth-44", 2, buf, 44);
	stamp_packet_encode_reflector(&r, STAMP_MODE_AUTH, &key, NULL, buf, 112);
	bad |= seed_write(argv[1], "reflector-auth-112", 3, buf, 112);
	return bad ? 1 : 0;
}
