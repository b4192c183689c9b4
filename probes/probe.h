/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Types shared by every probe engine: errors, the injectable clock, the plan a probe runs,
 * addresses and prefixes, and the probe_t interface. No strongSwan type appears here; the
 * agent converts at the boundary.
 */
#ifndef PROBE_H_
#define PROBE_H_

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "probe_samples.h"

/** Error detail of every probes/ call: negative errno plus one line of text. */
typedef struct {
	/** negative errno, 0 when no error */
	int code;
	/** what failed, e.g. "socket(SOCK_RAW): Operation not permitted" */
	char msg[256];
} probe_err_t;

/** The clock engines read; tests inject a fake one. */
typedef struct probe_clock_t probe_clock_t;
struct probe_clock_t {
	/** @return	monotonic time in ns (round trips, schedules) */
	uint64_t (*mono_ns)(const probe_clock_t *this);
	/** @return	wall-clock time in ns since the Unix epoch (STAMP timestamps) */
	uint64_t (*real_ns)(const probe_clock_t *this);
	/** free for the implementation */
	void *ctx;
};

/** Send schedule of a probe run. */
typedef enum {
	/** fixed interval 1/rate */
	PROBE_SCHEDULE_PERIODIC,
	/** exponential intervals of mean 1/rate (RFC 3432 vs RFC 2330 Poisson sampling) */
	PROBE_SCHEDULE_POISSON,
} probe_schedule_t;

/** Progress callback: called at most about 10 times a second, never from a signal handler. */
typedef void (*probe_progress_cb_t)(void *ctx, uint64_t sent, uint64_t received);

/** Side results of a datagram run: errors the replies do not show (path-MTU uses them). */
typedef struct {
	/** requests sent */
	uint64_t sent;
	/** sends refused locally with EMSGSIZE (larger than the interface MTU) */
	uint64_t emsgsize;
	/** other send errors */
	uint64_t send_errors;
	/** ICMP "fragmentation needed" / "packet too big" received */
	uint64_t icmp_too_big;
	/** MTU announced by the last such ICMP error */
	uint32_t icmp_mtu;
	/** other ICMP errors (unreachable, ...) */
	uint64_t icmp_errors;
	/** replies that failed to parse or authenticate */
	uint64_t malformed;
} probe_side_t;

/** What one probe run does. */
typedef struct {
	/** target address and port (port ignored by ICMP) */
	struct sockaddr_storage target;
	/** length of target */
	socklen_t target_len;
	/** packets to send; 0 = bounded by duration_ms only */
	uint64_t count;
	/** stop sending after this many ms; 0 = bounded by count only */
	uint64_t duration_ms;
	/** packets per second, > 0 */
	double rate_pps;
	/** IP packet size in bytes (IP header included); 0 = the kind's minimum */
	uint32_t size;
	/** DSCP 0-63 for the IP header */
	uint8_t dscp;
	/** send schedule */
	probe_schedule_t schedule;
	/** a reply later than this many ms after its request counts as lost (and late) */
	uint32_t timeout_ms;
	/** set the DF bit (IPv4) / do not fragment locally (IPv6) */
	bool dont_fragment;
	/** seed for the Poisson schedule, 0 = from the clock */
	uint64_t seed;
	/** optional progress callback and its context */
	probe_progress_cb_t progress;
	/** context passed to progress */
	void *progress_ctx;
	/** optional: the run ends early when this becomes non-zero (2 = also skip the drain) */
	atomic_int *stop;
	/** path-MTU search: DF set, the cached path MTU ignored (IP_PMTUDISC_PROBE) */
	bool pmtu_probe;
	/** optional: receives the side results of the run */
	probe_side_t *side;
} probe_plan_t;

typedef struct probe_t probe_t;

/** One probe kind (stamp, icmp, tcp); same shape as a strongSwan interface, plain C11. */
struct probe_t {
	/**
	 * Run the plan, appending one record per packet to out.
	 *
	 * @param plan		what to send
	 * @param out		receives the records
	 * @param err		filled on failure
	 * @return			0, or -errno with err->msg set
	 */
	int (*run)(probe_t *this, const probe_plan_t *plan, probe_samples_t *out, probe_err_t *err);
	/** Destroy a probe_t. */
	void (*destroy)(probe_t *this);
};

/** An address prefix, for allow lists. */
typedef struct {
	/** AF_INET or AF_INET6 */
	int family;
	/** network address bytes (4 or 16 used) */
	uint8_t addr[16];
	/** prefix length in bits */
	unsigned len;
} probe_prefix_t;

/**
 * Set err and return its code.
 *
 * @param code		negative errno
 * @return			code
 */
int probe_err_set(probe_err_t *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** @return	the system clock (CLOCK_MONOTONIC, CLOCK_REALTIME) */
const probe_clock_t *probe_clock_system(void);

/** Fill plan with defaults: 10 pps, 10 packets, periodic, 1000 ms timeout. */
void probe_plan_init(probe_plan_t *plan);

/**
 * Parse "ADDR", "ADDR:PORT", "[V6ADDR]:PORT" or a bare IPv6 address (numeric only).
 *
 * @param text		address text
 * @param port		port used when text has none
 * @param ss		receives the address
 * @param len		receives its length
 * @return			0 or -EINVAL with err set
 */
int probe_addr_parse(const char *text, uint16_t port, struct sockaddr_storage *ss,
					 socklen_t *len, probe_err_t *err);

/** Format an address as "ADDR" (no port) into buf. */
void probe_addr_format(const struct sockaddr *sa, char *buf, size_t len);

/** @return	the port of sa (host order) */
uint16_t probe_addr_port(const struct sockaddr *sa);

/** Parse "ADDR/LEN" (or a bare address = host prefix); 0 or -EINVAL with err set. */
int probe_prefix_parse(const char *text, probe_prefix_t *p, probe_err_t *err);

/** @return	true when sa lies inside p (IPv4-mapped IPv6 addresses match IPv4 prefixes) */
bool probe_prefix_match(const probe_prefix_t *p, const struct sockaddr *sa);

/**
 * Next send interval of a schedule.
 *
 * @param schedule	periodic or poisson
 * @param rate_pps	mean rate
 * @param rng		xorshift state, updated
 * @return			interval in ns
 */
uint64_t probe_schedule_next_ns(probe_schedule_t schedule, double rate_pps, uint64_t *rng);

/** Largest UDP GSO datagram probe_send_gso() builds, bytes (the kernel's limit is 64 KiB). */
#define PROBE_GSO_MAX 60000u

/**
 * Send n datagrams of one length to one destination as a single UDP GSO datagram
 * (UDP_SEGMENT): the stack is crossed once and the kernel cuts it into the n datagrams at
 * the device, back to back as sendmmsg would have sent them.
 *
 * @param to		destination, NULL on a connected socket
 * @param iov		the datagrams, one each
 * @param gso		set to false when the path has no UDP GSO (a device without checksum
 *					offload such as libipsec's TUN, an XFRM route, an old kernel): the
 *					caller sends one by one from then on
 * @return			true when sent; false (nothing sent) for the caller to send them
 */
bool probe_send_gso(int fd, const struct sockaddr *to, socklen_t to_len,
					const struct iovec *iov, size_t n, bool *gso);

#endif
