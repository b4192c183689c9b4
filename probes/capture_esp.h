/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Proof of encapsulation (libpcap): while probes run, watch packets leaving the outer
 * interface. ESP (IP protocol 50) and ESP-in-UDP (port 4500, non-IKE) packets are counted;
 * any packet whose own IP header carries the inner probe addresses is a plaintext leak.
 * Optionally every captured packet goes to a pcap file for Wireshark.
 */
#ifndef CAPTURE_ESP_H_
#define CAPTURE_ESP_H_

#include <stdbool.h>
#include <stdint.h>

#include "probe.h"

/** Inner addresses watched at most. */
#define CAPTURE_ESP_MAX_INNER 16

/** Capture options. */
typedef struct {
	/** outer interface, e.g. "eth0" */
	const char *iface;
	/** inner probe addresses (source and targets); a packet with any two of them leaks */
	struct sockaddr_storage inner[CAPTURE_ESP_MAX_INNER];
	/** entries in inner */
	unsigned n_inner;
	/** optional pcap file to write, NULL = none */
	const char *pcap_file;
} capture_esp_opts_t;

/** What went out. */
typedef struct {
	/** ESP packets (IP protocol 50) */
	uint64_t esp_packets;
	/** ESP in UDP 4500 (NAT-T) */
	uint64_t natt_packets;
	/** IKE on 4500 (non-ESP marker), not counted as ESP */
	uint64_t ike_packets;
	/** packets with the inner addresses in clear */
	uint64_t plaintext_leaks;
	/** packets the filter passed in total */
	uint64_t captured;
	/** packets the kernel dropped before we read them */
	uint64_t dropped;
} capture_esp_counts_t;

typedef struct capture_esp_t capture_esp_t;

/** A running capture. */
struct capture_esp_t {
	/** Copy the counts so far (safe while running). */
	void (*get_counts)(capture_esp_t *this, capture_esp_counts_t *out);
	/** Stop capturing (waits for the thread); counts stay readable. */
	void (*stop)(capture_esp_t *this);
	/** Stop if needed and free. */
	void (*destroy)(capture_esp_t *this);
};

/**
 * Open the interface and start capturing in a background thread.
 *
 * @return		capture, or NULL with err set (-EPERM without CAP_NET_RAW, -ENODEV, ...)
 */
capture_esp_t *capture_esp_start(const capture_esp_opts_t *opts, probe_err_t *err);

/**
 * Classify one IP packet (exposed for the unit tests).
 *
 * @param ip	IPv4 or IPv6 header onwards
 * @param len	captured length
 * @param out	the matching counter is incremented
 */
void capture_esp_classify(const capture_esp_opts_t *opts, const uint8_t *ip, size_t len,
						  capture_esp_counts_t *out);

#endif
