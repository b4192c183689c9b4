/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The kernel half of `crosspeer reflect --in-kernel`: loads the TC program of
 * bpf/stamp_tc.bpf.c (embedded in the binary) on every interface and gives it the
 * reflector's address, so that unauthenticated stateless requests are answered where they
 * arrive, as the kernel answers a ping. What it leaves to the stack (IPv6, authenticated,
 * short or IPsec-decrypted requests) the userspace reflector answers as before.
 */
#ifndef STAMP_KERNEL_H_
#define STAMP_KERNEL_H_

#include <netinet/in.h>
#include <stdint.h>

#include "probe.h"

typedef struct stamp_kernel_t stamp_kernel_t;

/**
 * Load the program and attach it at TC ingress of every interface (Ethernet, loopback and
 * TUN devices) present now.
 *
 * @param listen		the reflector's IPv4 address and port (not a wildcard)
 * @param error_estimate	the error estimate replies carry (host order)
 * @param err			why not: needs root, BPF and clsact (Linux 6.1 or later)
 * @return				the attachment, NULL with err set
 */
stamp_kernel_t *stamp_kernel_attach(const struct sockaddr_in *listen, uint16_t error_estimate,
									probe_err_t *err);

/** @return	the interfaces it is attached to */
unsigned stamp_kernel_interfaces(const stamp_kernel_t *this);

/**
 * Requests the kernel answered, and those to the reflector it left to the stack.
 */
void stamp_kernel_counters(const stamp_kernel_t *this, uint64_t *reflected, uint64_t *passed);

/** Detach from every interface (removing the clsact qdiscs it created) and unload. */
void stamp_kernel_detach(stamp_kernel_t *this);

#endif
