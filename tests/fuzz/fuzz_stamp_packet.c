/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * libFuzzer target: the STAMP wire format (probes/stamp_packet.c), what a reflector reads
 * from anyone who can reach its port and what a sender reads back.
 *
 * Input: one mode octet, then the packet. Bit 0 of the mode octet picks authenticated mode
 * (HMAC-SHA-256-128 with the fixed key below, so seeds made with it decode in full), bit 1
 * decodes the packet as a Session-Reflector reply instead of a Session-Sender request.
 * A request that decodes is answered as stamp_reflector.c answers it (same length, TLVs
 * reflected) and the answer must decode to the same fields: any difference aborts.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stamp_packet.h"

/** The key the seed generator (stamp_seed_gen.c) signs authenticated seeds with. */
static const char fuzz_stamp_key[] = "crosspeer-fuzz-stamp-key-32bytes";

static void fuzz_stamp_check(int cond)
{
	if (!cond)
		abort();
}

static void fuzz_stamp_reflect(const uint8_t *pkt, size_t len, stamp_mode_t mode,
							   const stamp_key_t *key, const stamp_sender_pkt_t *req)
{
	size_t base = stamp_packet_base_len(mode);
	stamp_reflector_pkt_t rep = {
		.seq = req->seq, .timestamp = stamp_ntp_from_ns(1700000000000000000ull),
		.error_estimate = stamp_error_estimate(false, 1000000000ull), .ssid = req->ssid,
		.rx_timestamp = req->timestamp, .sender_seq = req->seq,
		.sender_timestamp = req->timestamp, .sender_error_estimate = req->error_estimate,
		.sender_ttl = 64,
	}, back;
	uint8_t *out = malloc(len);
	ssize_t n;

	if (!out)
		return;
	n = stamp_packet_encode_reflector(&rep, mode, key, pkt + base, out, len);
	fuzz_stamp_check(n == (ssize_t)len);
	fuzz_stamp_check(memcmp(out + base, pkt + base, len - base) == 0);
	fuzz_stamp_check(stamp_packet_decode_reflector(out, len, mode, key, &back) == 0);
	fuzz_stamp_check(back.seq == rep.seq && back.ssid == rep.ssid &&
					 back.sender_seq == req->seq && back.sender_timestamp == req->timestamp &&
					 back.sender_error_estimate == req->error_estimate &&
					 back.sender_ttl == rep.sender_ttl);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	stamp_key_t key = { .len = sizeof(fuzz_stamp_key) - 1 };
	stamp_sender_pkt_t req;
	stamp_reflector_pkt_t rep;
	stamp_mode_t mode;
	uint8_t *pkt;
	size_t len;
	int rc;

	if (size < 1)
		return 0;
	memcpy(key.key, fuzz_stamp_key, key.len);
	mode = (data[0] & 1) ? STAMP_MODE_AUTH : STAMP_MODE_UNAUTH;
	len = size - 1;
	/* a copy of exactly the packet's length, so ASan sees any read past its end */
	pkt = malloc(len ? len : 1);
	if (!pkt)
		return 0;
	memcpy(pkt, data + 1, len);
	if (data[0] & 2)
	{
		rc = stamp_packet_decode_reflector(pkt, len, mode, &key, &rep);
		if (rc == 0)
		{
			(void)stamp_ntp_to_ns(rep.timestamp);
			(void)stamp_ntp_to_ns(rep.rx_timestamp);
			(void)stamp_error_estimate_ns(rep.error_estimate);
			(void)stamp_error_estimate_ns(rep.sender_error_estimate);
		}
	}
	else
	{
		rc = stamp_packet_decode_sender(pkt, len, mode, &key, &req);
		if (rc == 0)
		{
			(void)stamp_ntp_to_ns(req.timestamp);
			(void)stamp_error_estimate_ns(req.error_estimate);
			fuzz_stamp_reflect(pkt, len, mode, &key, &req);
		}
	}
	fuzz_stamp_check(rc == 0 || rc == -EBADMSG || rc == -EKEYREJECTED);
	free(pkt);
	return 0;
}
