/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The lab's impairment relay: in the "internet" namespace, forwarded packets are routed
 * into a TUN device; the relay reads them, applies the impairment (impair.h) to ESP from
 * the impaired side, holds each until its release time and writes it back, after which the
 * kernel forwards it on. Everything else passes at once.
 */
#ifndef XP_RELAY_H_
#define XP_RELAY_H_

#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>

#include "impair.h"

/** Largest packet relayed (the lab's links have MTU 1500). */
#define RELAY_MAX_PACKET 2048
/** Packets held at most; beyond, arrivals are dropped and counted as overflow. */
#define RELAY_QUEUE 8192

typedef struct {
	/** TUN device to attach to (created if missing) */
	const char *tun;
	/** impair only packets from these IPv4 networks (network byte order); none = all */
	uint32_t from_net[4];
	unsigned from_len[4];
	unsigned n_from;
} relay_opts_t;

/** What the relay did. */
typedef struct {
	uint64_t received, impaired, dropped, duplicated, sent, overflow, queued;
} relay_counters_t;

typedef struct relay_t relay_t;

/** Attach to the TUN device; NULL with err set on failure. */
relay_t *relay_create(const relay_opts_t *opts, const impair_conf_t *conf, char *err,
					  size_t errlen);

/** Change the impairment. */
void relay_set(relay_t *this, const impair_conf_t *conf);

/**
 * Add an IPv4 network ("198.51.100.10/32") whose packets are impaired.
 *
 * @return		false if it does not parse or the list is full
 */
bool relay_opts_add_from(relay_opts_t *opts, const char *cidr);

/** Replace the networks whose packets are impaired. */
void relay_set_from(relay_t *this, const relay_opts_t *opts);

/**
 * Relay until *stop; when *reload is set, clear it and call on_reload.
 *
 * @return		0
 */
int relay_run(relay_t *this, volatile sig_atomic_t *stop, volatile sig_atomic_t *reload,
			  void (*on_reload)(relay_t *this, void *ctx), void *ctx);

void relay_get_counters(relay_t *this, relay_counters_t *out);

void relay_destroy(relay_t *this);

#endif
