/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * STAMP wire format (RFC 8762, with the RFC 8972 SSID field and Extra Padding TLV): pure
 * encode/decode, no sockets. All fields big-endian.
 *
 * Unauthenticated mode: sender 44 octets (seq, timestamp, error estimate, SSID, 28 MBZ);
 * reflector 44 octets (seq, timestamp, error estimate, SSID, receive timestamp, sender seq,
 * sender timestamp, sender error estimate, 2 MBZ, sender TTL, 3 MBZ).
 * Authenticated mode: both 112 octets with MBZ blocks as in RFC 8762 4.2.2/4.3.2 and an
 * HMAC-SHA-256 truncated to 16 octets over the 96 octets before it.
 * Octets past the base packet are TLVs (RFC 8972); the sender fills them with one Extra
 * Padding TLV (type 1) when the requested size leaves room for it.
 */
#ifndef STAMP_PACKET_H_
#define STAMP_PACKET_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/** IANA port of STAMP. */
#define STAMP_PORT 862
/** Base packet length, unauthenticated mode. */
#define STAMP_UNAUTH_LEN 44
/** Base packet length, authenticated mode. */
#define STAMP_AUTH_LEN 112
/** Truncated HMAC-SHA-256 length. */
#define STAMP_HMAC_LEN 16
/** Largest key accepted (bytes). */
#define STAMP_KEY_MAX 64
/** RFC 8972 Extra Padding TLV type. */
#define STAMP_TLV_EXTRA_PADDING 1
/** Error estimate S bit: clock synchronised to UTC by an external source. */
#define STAMP_EE_SYNC 0x8000
/** Error estimate Z bit: PTPv2 truncated timestamp (crosspeer sends NTP, Z = 0). */
#define STAMP_EE_PTP 0x4000

/** Packet mode. */
typedef enum {
	/** RFC 8762 4.2.1 / 4.3.1 */
	STAMP_MODE_UNAUTH,
	/** RFC 8762 4.2.2 / 4.3.2, HMAC-SHA-256-128 */
	STAMP_MODE_AUTH,
} stamp_mode_t;

/** Shared HMAC key of authenticated mode. */
typedef struct {
	/** key bytes */
	uint8_t key[STAMP_KEY_MAX];
	/** key length, 1..STAMP_KEY_MAX */
	size_t len;
} stamp_key_t;

/** Session-Sender test packet fields. */
typedef struct {
	/** sender sequence number */
	uint32_t seq;
	/** NTP 64-bit transmit timestamp */
	uint64_t timestamp;
	/** error estimate (S, Z, scale, multiplier) */
	uint16_t error_estimate;
	/** RFC 8972 session identifier */
	uint16_t ssid;
} stamp_sender_pkt_t;

/** Session-Reflector test packet fields. */
typedef struct {
	/** reflector sequence number (copy of the sender's when stateless) */
	uint32_t seq;
	/** NTP 64-bit transmit timestamp of the reflector */
	uint64_t timestamp;
	/** reflector error estimate */
	uint16_t error_estimate;
	/** session identifier, copied from the request */
	uint16_t ssid;
	/** NTP 64-bit receive timestamp of the request */
	uint64_t rx_timestamp;
	/** copied from the request */
	uint32_t sender_seq;
	/** copied from the request */
	uint64_t sender_timestamp;
	/** copied from the request */
	uint16_t sender_error_estimate;
	/** TTL / hop limit of the received request */
	uint8_t sender_ttl;
} stamp_reflector_pkt_t;

/** @return	base length of mode */
size_t stamp_packet_base_len(stamp_mode_t mode);

/**
 * Encode a Session-Sender packet of exactly len octets (>= base length; the rest is padding).
 *
 * @param key		required in STAMP_MODE_AUTH
 * @return			len, or -EMSGSIZE / -EINVAL
 */
ssize_t stamp_packet_encode_sender(const stamp_sender_pkt_t *p, stamp_mode_t mode,
								   const stamp_key_t *key, uint8_t *buf, size_t len);

/**
 * Decode a Session-Sender packet.
 *
 * @return			0, -EBADMSG when too short, -EKEYREJECTED when the HMAC is wrong
 */
int stamp_packet_decode_sender(const uint8_t *buf, size_t len, stamp_mode_t mode,
							   const stamp_key_t *key, stamp_sender_pkt_t *out);

/**
 * Encode a Session-Reflector packet of exactly len octets. Octets past the base length are
 * copied from tlvs (the request's TLVs, reflected), or zeroed when tlvs is NULL.
 *
 * @return			len, or -EMSGSIZE / -EINVAL
 */
ssize_t stamp_packet_encode_reflector(const stamp_reflector_pkt_t *p, stamp_mode_t mode,
									  const stamp_key_t *key, const uint8_t *tlvs,
									  uint8_t *buf, size_t len);

/** Decode a Session-Reflector packet; 0, -EBADMSG or -EKEYREJECTED. */
int stamp_packet_decode_reflector(const uint8_t *buf, size_t len, stamp_mode_t mode,
								  const stamp_key_t *key, stamp_reflector_pkt_t *out);

/** @return	NTP 64-bit timestamp of a Unix time in ns */
uint64_t stamp_ntp_from_ns(uint64_t unix_ns);

/** @return	Unix time in ns of an NTP 64-bit timestamp (era 0, years 1968-2104) */
uint64_t stamp_ntp_to_ns(uint64_t ntp);

/**
 * Build an error estimate (RFC 4656 4.1.2): Multiplier * 2^-32 * 2^Scale seconds.
 *
 * @param synced	S bit
 * @param err_ns	error bound in ns (rounded up; at least 1 unit)
 */
uint16_t stamp_error_estimate(bool synced, uint64_t err_ns);

/** @return	the error bound of an error estimate, in ns */
uint64_t stamp_error_estimate_ns(uint16_t ee);

#endif
