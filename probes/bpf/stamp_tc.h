/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Shared by the kernel reflector (stamp_tc.bpf.c) and its loader (stamp_kernel.c). */
#ifndef STAMP_TC_H_
#define STAMP_TC_H_

#include <linux/types.h>

/** Unauthenticated STAMP base packet, octets. */
#define STAMP_TC_BASE_LEN 44
/** Interfaces one reflector attaches to at most. */
#define STAMP_TC_MAX_IFACES 64
/** TTL of a reply (the stack's default for UDP). */
#define STAMP_TC_TTL 64

/** Per-CPU counters. */
enum {
	/** answered in the kernel */
	STAMP_TC_REFLECTED,
	/** to the reflector's address and port but left to the stack (too short, not whole) */
	STAMP_TC_PASSED,
	STAMP_TC_COUNTERS,
};

/** What the loader tells the program (array map, one entry). */
struct stamp_tc_config {
	/** the reflector's address and UDP port, network order */
	__be32 addr;
	__be16 port;
	/** our error estimate, network order */
	__be16 error_estimate;
	/** CLOCK_TAI - CLOCK_REALTIME, ns */
	__u64 tai_minus_utc_ns;
};

#endif
