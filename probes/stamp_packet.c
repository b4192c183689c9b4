/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "stamp_packet.h"

/** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01. */
#define STAMP_NTP_UNIX_OFFSET 2208988800ull

/* Field offsets, unauthenticated mode (RFC 8762 4.2.1 / 4.3.1, RFC 8972 3). */
#define U_SEQ 0
#define U_TS 4
#define U_EE 12
#define U_SSID 14
#define U_RX_TS 16
#define U_S_SEQ 24
#define U_S_TS 28
#define U_S_EE 36
#define U_S_TTL 40

/* Field offsets, authenticated mode (RFC 8762 4.2.2 / 4.3.2, RFC 8972 3). */
#define A_SEQ 0
#define A_TS 16
#define A_EE 24
#define A_SSID 26
#define A_RX_TS 32
#define A_S_SEQ 48
#define A_S_TS 64
#define A_S_EE 72
#define A_S_TTL 80
#define A_HMAC 96

static void stamp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void stamp_put32(uint8_t *p, uint32_t v)
{
	stamp_put16(p, (uint16_t)(v >> 16));
	stamp_put16(p + 2, (uint16_t)v);
}

static void stamp_put64(uint8_t *p, uint64_t v)
{
	stamp_put32(p, (uint32_t)(v >> 32));
	stamp_put32(p + 4, (uint32_t)v);
}

static uint16_t stamp_get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t stamp_get32(const uint8_t *p)
{
	return ((uint32_t)stamp_get16(p) << 16) | stamp_get16(p + 2);
}

static uint64_t stamp_get64(const uint8_t *p)
{
	return ((uint64_t)stamp_get32(p) << 32) | stamp_get32(p + 4);
}

size_t stamp_packet_base_len(stamp_mode_t mode)
{
	return mode == STAMP_MODE_AUTH ? STAMP_AUTH_LEN : STAMP_UNAUTH_LEN;
}

static void stamp_hmac(const stamp_key_t *key, const uint8_t *buf, uint8_t *out)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	HMAC(EVP_sha256(), key->key, (int)key->len, buf, A_HMAC, md, &mdlen);
	memcpy(out, md, STAMP_HMAC_LEN);
	OPENSSL_cleanse(md, sizeof(md));
}

static int stamp_check_hmac(const stamp_key_t *key, const uint8_t *buf)
{
	uint8_t mac[STAMP_HMAC_LEN];

	stamp_hmac(key, buf, mac);
	return CRYPTO_memcmp(mac, buf + A_HMAC, STAMP_HMAC_LEN) ? -EKEYREJECTED : 0;
}

static int stamp_check_args(stamp_mode_t mode, const stamp_key_t *key, size_t len)
{
	if (len < stamp_packet_base_len(mode))
		return -EMSGSIZE;
	if (mode == STAMP_MODE_AUTH && (!key || !key->len || key->len > STAMP_KEY_MAX))
		return -EINVAL;
	return 0;
}

/** Fill octets past the base packet with an Extra Padding TLV (or zeros when < 4). */
static void stamp_pad(uint8_t *buf, size_t base, size_t len)
{
	size_t extra = len - base;

	memset(buf + base, 0, extra);
	if (extra < 4)
		return;
	buf[base + 1] = STAMP_TLV_EXTRA_PADDING;
	stamp_put16(buf + base + 2, (uint16_t)(extra - 4 > 0xffff ? 0xffff : extra - 4));
}

ssize_t stamp_packet_encode_sender(const stamp_sender_pkt_t *p, stamp_mode_t mode,
								   const stamp_key_t *key, uint8_t *buf, size_t len)
{
	size_t base = stamp_packet_base_len(mode);
	int rc = stamp_check_args(mode, key, len);

	if (rc)
		return rc;
	memset(buf, 0, base);
	stamp_pad(buf, base, len);
	if (mode == STAMP_MODE_UNAUTH)
	{
		stamp_put32(buf + U_SEQ, p->seq);
		stamp_put64(buf + U_TS, p->timestamp);
		stamp_put16(buf + U_EE, p->error_estimate);
		stamp_put16(buf + U_SSID, p->ssid);
		return (ssize_t)len;
	}
	stamp_put32(buf + A_SEQ, p->seq);
	stamp_put64(buf + A_TS, p->timestamp);
	stamp_put16(buf + A_EE, p->error_estimate);
	stamp_put16(buf + A_SSID, p->ssid);
	stamp_hmac(key, buf, buf + A_HMAC);
	return (ssize_t)len;
}

int stamp_packet_decode_sender(const uint8_t *buf, size_t len, stamp_mode_t mode,
							   const stamp_key_t *key, stamp_sender_pkt_t *out)
{
	int rc = stamp_check_args(mode, key, len);

	if (rc)
		return rc == -EMSGSIZE ? -EBADMSG : rc;
	if (mode == STAMP_MODE_UNAUTH)
	{
		out->seq = stamp_get32(buf + U_SEQ);
		out->timestamp = stamp_get64(buf + U_TS);
		out->error_estimate = stamp_get16(buf + U_EE);
		out->ssid = stamp_get16(buf + U_SSID);
		return 0;
	}
	if ((rc = stamp_check_hmac(key, buf)))
		return rc;
	out->seq = stamp_get32(buf + A_SEQ);
	out->timestamp = stamp_get64(buf + A_TS);
	out->error_estimate = stamp_get16(buf + A_EE);
	out->ssid = stamp_get16(buf + A_SSID);
	return 0;
}

static void stamp_encode_reflector_unauth(const stamp_reflector_pkt_t *p, uint8_t *buf)
{
	stamp_put32(buf + U_SEQ, p->seq);
	stamp_put64(buf + U_TS, p->timestamp);
	stamp_put16(buf + U_EE, p->error_estimate);
	stamp_put16(buf + U_SSID, p->ssid);
	stamp_put64(buf + U_RX_TS, p->rx_timestamp);
	stamp_put32(buf + U_S_SEQ, p->sender_seq);
	stamp_put64(buf + U_S_TS, p->sender_timestamp);
	stamp_put16(buf + U_S_EE, p->sender_error_estimate);
	buf[U_S_TTL] = p->sender_ttl;
}

static void stamp_encode_reflector_auth(const stamp_reflector_pkt_t *p, uint8_t *buf)
{
	stamp_put32(buf + A_SEQ, p->seq);
	stamp_put64(buf + A_TS, p->timestamp);
	stamp_put16(buf + A_EE, p->error_estimate);
	stamp_put16(buf + A_SSID, p->ssid);
	stamp_put64(buf + A_RX_TS, p->rx_timestamp);
	stamp_put32(buf + A_S_SEQ, p->sender_seq);
	stamp_put64(buf + A_S_TS, p->sender_timestamp);
	stamp_put16(buf + A_S_EE, p->sender_error_estimate);
	buf[A_S_TTL] = p->sender_ttl;
}

ssize_t stamp_packet_encode_reflector(const stamp_reflector_pkt_t *p, stamp_mode_t mode,
									  const stamp_key_t *key, const uint8_t *tlvs,
									  uint8_t *buf, size_t len)
{
	size_t base = stamp_packet_base_len(mode);
	int rc = stamp_check_args(mode, key, len);

	if (rc)
		return rc;
	memset(buf, 0, base);
	if (tlvs)
		memmove(buf + base, tlvs, len - base);
	else
		memset(buf + base, 0, len - base);
	if (mode == STAMP_MODE_UNAUTH)
	{
		stamp_encode_reflector_unauth(p, buf);
		return (ssize_t)len;
	}
	stamp_encode_reflector_auth(p, buf);
	stamp_hmac(key, buf, buf + A_HMAC);
	return (ssize_t)len;
}

int stamp_packet_decode_reflector(const uint8_t *buf, size_t len, stamp_mode_t mode,
								  const stamp_key_t *key, stamp_reflector_pkt_t *out)
{
	int rc = stamp_check_args(mode, key, len);
	bool a = mode == STAMP_MODE_AUTH;

	if (rc)
		return rc == -EMSGSIZE ? -EBADMSG : rc;
	if (a && (rc = stamp_check_hmac(key, buf)))
		return rc;
	out->seq = stamp_get32(buf + (a ? A_SEQ : U_SEQ));
	out->timestamp = stamp_get64(buf + (a ? A_TS : U_TS));
	out->error_estimate = stamp_get16(buf + (a ? A_EE : U_EE));
	out->ssid = stamp_get16(buf + (a ? A_SSID : U_SSID));
	out->rx_timestamp = stamp_get64(buf + (a ? A_RX_TS : U_RX_TS));
	out->sender_seq = stamp_get32(buf + (a ? A_S_SEQ : U_S_SEQ));
	out->sender_timestamp = stamp_get64(buf + (a ? A_S_TS : U_S_TS));
	out->sender_error_estimate = stamp_get16(buf + (a ? A_S_EE : U_S_EE));
	out->sender_ttl = buf[a ? A_S_TTL : U_S_TTL];
	return 0;
}

uint64_t stamp_ntp_from_ns(uint64_t unix_ns)
{
	uint64_t sec = unix_ns / 1000000000ull, ns = unix_ns % 1000000000ull;
	uint64_t frac = (ns << 32) / 1000000000ull;

	return ((sec + STAMP_NTP_UNIX_OFFSET) << 32) | frac;
}

uint64_t stamp_ntp_to_ns(uint64_t ntp)
{
	uint64_t sec = (ntp >> 32) - STAMP_NTP_UNIX_OFFSET;
	uint64_t frac = ntp & 0xffffffffull;

	return sec * 1000000000ull + ((frac * 1000000000ull + (1ull << 31)) >> 32);
}

uint16_t stamp_error_estimate(bool synced, uint64_t err_ns)
{
	/* err in units of 2^-32 s (rounded up), then halved until the multiplier fits 8 bits */
	uint64_t units = ((err_ns / 1000000000ull) << 32) +
		((err_ns % 1000000000ull) << 32) / 1000000000ull + 1;
	unsigned scale = 0;

	while (units > 255 && scale < 63)
	{
		units = (units + 1) >> 1;
		scale++;
	}
	if (units > 255)
		units = 255;
	return (uint16_t)((synced ? STAMP_EE_SYNC : 0) | (scale << 8) | (unsigned)units);
}

uint64_t stamp_error_estimate_ns(uint16_t ee)
{
	unsigned scale = (ee >> 8) & 0x3f;
	uint64_t mult = ee & 0xff;

	if (scale < 32)
		return (mult * 1000000000ull) >> (32 - scale);
	if (scale - 32 > 24)
		return UINT64_MAX;
	return (mult << (scale - 32)) * 1000000000ull;
}
