/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * xp_result_t: everything one verify run measured, as plain C data (no charon types, no
 * secrets). The verify command fills it, xp_result_evaluate() adds the verdict, and the
 * report writers (report.h) and baselines read it. Optional figures are double and NAN
 * when not measured; they appear as JSON null in report.json.
 */
#ifndef XP_RESULT_H_
#define XP_RESULT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** report.json "schema_version" (docs/report.md); bumped only for a change that breaks readers */
#define XP_RESULT_SCHEMA_VERSION 1
/** most IKE timeline events kept; later ones only count in events_dropped */
#define XP_RESULT_MAX_EVENTS 256
/** Disagreements between Azure's view and ours kept at most. */
#define XP_RESULT_MAX_DISAGREEMENTS 6
/** most (t, rtt) samples kept per probe target; beyond it the series is decimated */
#define XP_RESULT_MAX_SERIES 4096
/** most quantile points of a probe's RTT distribution (CDF) */
#define XP_RESULT_MAX_QUANTILES 64

/** One IKE timeline event. */
typedef struct {
	/** milliseconds since the run started */
	double offset_ms;
	/** IKE_SA_INIT, IKE_AUTH, CHILD_SA_UP, FIRST_REPLY, REKEY, DPD, RETRANSMIT, DOWN, ... */
	char name[32];
	/** free text for people, e.g. "aes256-sha256-modp1024" or "retransmit 2" (never a secret) */
	char detail[160];
} xp_event_t;

/** The tunnel: how (and whether) it came up. */
typedef struct {
	/** a CHILD_SA was installed */
	bool established;
	/** ms from IKE_SA_INIT sent to CHILD_SA installed, NAN if not up */
	double setup_ms;
	/** negotiated proposals as strongSwan prints them, "" if unknown */
	char ike_proposal[128], esp_proposal[128];
	/** why it did not come up, "" when established */
	char reason[256];
	/** ms from run start to the first probe reply, NAN if none */
	double first_reply_ms;
	/** ms from run start to when the established tunnel went down during the run, NAN if
	 * it did not */
	double lost_ms;
	/** why it went down, as charon told the peer listener: "dpd_timeout",
	 * "request_timeout", "deleted"; "" if it did not */
	char lost_cause[24];
	/** IKE retransmits during the run */
	uint32_t retransmits;
	/** timeline, in the order added (offsets need not be sorted) */
	xp_event_t events[XP_RESULT_MAX_EVENTS];
	size_t n_events;
	/** events not kept because the timeline was full */
	size_t events_dropped;
} xp_tunnel_result_t;

/** RTT statistics of one target, milliseconds; NAN when no reply arrived. */
typedef struct {
	double min, p50, p90, p99, p999, max, mean, stddev;
} xp_rtt_stats_t;

/** One point of the RTT distribution: quantile q (0..1) is at rtt_ms. */
typedef struct {
	double q, rtt_ms;
} xp_quantile_t;

/** One-way delay statistics, ms (STAMP; the two hosts' clocks, so offsets included unless
 * synchronised). */
typedef struct {
	/** the probe kind measures one-way delays (STAMP) and a reply came back */
	bool measured;
	/** both ends said their clocks are synchronised (STAMP's S bit) */
	bool clock_synced;
	/** min, max, mean and stddev are set; the percentiles stay NAN */
	xp_rtt_stats_t forward, backward;
	/** RFC 3550 jitter of each direction, ms */
	double jitter_forward_ms, jitter_backward_ms;
} xp_owd_result_t;

/** One target's path MTU search. */
typedef struct {
	/** the search ran and found a size */
	bool measured;
	/** largest unfragmented IP packet, the TCP MSS it allows, the ICMP-reported MTU (0 if
	 * none came), search steps */
	uint32_t pmtu, mss, icmp_mtu, steps;
	/** no ICMP answered the sizes that vanished; the search hit its upper bound */
	bool black_hole, at_upper_bound;
	/** ESP overhead at that size for the negotiated proposal, NAN if not known */
	double esp_overhead;
} xp_pmtu_result_t;

/** One target's throughput test. */
typedef struct {
	/** the test ran */
	bool measured;
	double up_mbps, down_mbps;
	uint32_t streams;
	uint64_t up_bytes;
	/** UDP mode: datagrams sent, received and lost (NAN loss in TCP mode) */
	uint64_t udp_sent, udp_received;
	double udp_loss_pct;
} xp_throughput_result_t;

/** One probe target's figures. */
typedef struct {
	/** probed address */
	char target[64];
	/** "stamp", "icmp" or "tcp" */
	char kind[8];
	/** destination port, 0 for icmp */
	uint16_t port;
	/** probes sent and replies received (duplicates not counted twice) */
	uint64_t sent, received;
	/** 100 * (sent - received) / sent */
	double loss_pct;
	/** the probe kind tells the directions of a loss apart (STAMP) */
	bool loss_split;
	/** one-way losses, counted, when loss_split */
	uint64_t loss_forward, loss_backward;
	/** one-way loss when the probe kind can tell (STAMP), else NAN */
	double loss_forward_pct, loss_backward_pct;
	xp_rtt_stats_t rtt_ms;
	/** RFC 3550 interarrival jitter and mean |IPDV| (RFC 5481), ms; NAN if not known */
	double jitter_ms, ipdv_ms;
	/** consecutive reply pairs behind ipdv_ms, and the IPDV range, ms (NAN if none) */
	uint64_t ipdv_pairs;
	double ipdv_min_ms, ipdv_max_ms;
	uint64_t reordered, duplicates, late;
	/** TCP probes answered by a reset */
	uint64_t refused;
	xp_owd_result_t owd;
	xp_pmtu_result_t pmtu;
	xp_throughput_result_t throughput;
	/** why the target's probe run failed, "" when it ran */
	char error[300];
	/** where timestamps come from, as the probes library names it
	 * ("kernel-sw-rx+tx", "kernel-sw-rx", "userspace"), "" if unknown */
	char timestamp_source[24];
	/** (t_ms, rtt_ms) samples, rtt NAN = lost; at most XP_RESULT_MAX_SERIES kept */
	double *series_t_ms, *series_rtt_ms;
	size_t n_series;
	/** samples offered to the series; kept are those whose index is a multiple of stride */
	uint64_t series_offered;
	uint32_t series_stride;
	/** RTT distribution as quantile points, ascending q */
	xp_quantile_t cdf[XP_RESULT_MAX_QUANTILES];
	size_t n_cdf;
} xp_probe_result_t;

/** One evaluated check or threshold. */
typedef struct {
	/** "tunnel_established", "rtt_p99_ms", "loss_pct", "jitter_ms", "min_pmtu", ... */
	char check[32];
	/** probe target the check applies to, "" when it is run-wide */
	char target[64];
	/** measured value, NAN if it could not be measured */
	double measured;
	/** the limit */
	double allowed;
	/** "<=" or ">=": how measured must relate to allowed */
	char comparison[3];
	/** unit of measured and allowed: "ms", "%", "bytes", "Mbit/s", "packets", "bool" */
	char unit[16];
	bool pass;
	/** one line stating measured vs. allowed */
	char message[384];
} xp_check_t;

/** Thresholds from the profile, NAN = not set (same fields as profile_t). */
typedef struct {
	double rtt_p99_ms, loss_pct, jitter_ms, min_pmtu, min_throughput_mbps;
} xp_thresholds_t;

/** The whole run. */
typedef struct {
	/** run metadata */
	struct {
		char profile[64];
		char crosspeer_version[32];
		/** Unix time in ms when the run started, 0 if unknown */
		int64_t started_ms;
		/** wall-clock duration of the run, ms */
		double duration_ms;
	} run;
	xp_tunnel_result_t tunnel;
	xp_probe_result_t *probes;
	size_t n_probes;
	/** path MTU (inner, bytes), ESP overhead (bytes), resulting TCP MSS; NAN if not measured */
	struct {
		double inner, esp_overhead, mss;
	} pmtu;
	/** iperf-style throughput through the tunnel, Mbit/s; NAN if not measured */
	struct {
		double up, down;
	} throughput_mbps;
	/** proof that probe traffic crossed as ESP (libpcap) */
	struct {
		/** the capture ran; counters are meaningless otherwise */
		bool checked;
		/** ESP packets out (raw and in UDP 4500), plaintext leaks */
		uint64_t esp_packets, plaintext_leaks;
		/** of esp_packets, those in UDP 4500; IKE packets; everything captured */
		uint64_t esp_in_udp, ike_packets, captured;
	} encapsulation;
	/** Azure's own view of the same tunnel (profiles with azure_connection), read from ARM
	 *  after the probes: beside ours, never part of the verdict */
	struct {
		/** ARM was asked; the rest is meaningful only then */
		bool read;
		/** why it could not be read, "" when it was */
		char error[256];
		/** the connection's resource ID */
		char connection[600];
		/** connectionStatus, tunnelConnectionStatus[0].connectionStatus */
		char connection_status[24], tunnel_status[24];
		/** ingress/egressBytesTransferred before the probes and after them */
		uint64_t ingress_before, egress_before, ingress_bytes, egress_bytes;
		/** getikesas: IKE SAs the gateway reports, and the first one's proposals and ESP
		 *  counters */
		size_t n_ike_sas;
		char ike_proposal[160], esp_proposal[160];
		uint64_t esp_in_bytes, esp_out_bytes;
		/** where Azure's view and ours disagree, one sentence each */
		char disagreements[XP_RESULT_MAX_DISAGREEMENTS][200];
		size_t n_disagreements;
	} azure;
	/** a failover measured (verify with a "bgp" profile, failover.h), NULL none; the
	 *  caller's, not freed with the result */
	const struct xp_failover_t *failover;
	/** filled by xp_result_evaluate() */
	struct {
		bool evaluated;
		bool pass;
		xp_check_t *checks;
		size_t n_checks;
	} verdict;
} xp_result_t;

/**
 * Create an empty result: nothing measured (NAN), tunnel down, no verdict.
 *
 * @param profile	profile name (may be NULL)
 * @param version	crosspeer version (may be NULL)
 * @return			result, NULL on allocation failure
 */
xp_result_t *xp_result_create(const char *profile, const char *version);

/** Free a result and everything it owns; NULL is fine. */
void xp_result_destroy(xp_result_t *r);

/** Set run.started_ms from the wall clock. */
void xp_result_start_clock(xp_result_t *r);

/** Set run.duration_ms from run.started_ms and the wall clock. */
void xp_result_stop_clock(xp_result_t *r);

/**
 * Append an IKE timeline event (counted in events_dropped when full).
 *
 * @param offset_ms	ms since the run started
 * @param name		event name, e.g. "IKE_AUTH"
 * @param detail	free text, may be NULL
 */
void xp_result_add_event(xp_result_t *r, double offset_ms, const char *name, const char *detail);

/**
 * Add a probe target; its figures start unmeasured (NAN/0).
 *
 * @return			the new entry (valid until the next add_probe), NULL on allocation failure
 */
xp_probe_result_t *xp_result_add_probe(xp_result_t *r, const char *target, const char *kind);

/**
 * Offer one probe's outcome to the bounded series. When XP_RESULT_MAX_SERIES are kept,
 * every second one is dropped and the stride doubles, so the series stays evenly spread.
 *
 * @param t_ms		send time, ms since the run started
 * @param rtt_ms	round-trip time, NAN when the probe was lost
 */
void xp_probe_result_add_sample(xp_probe_result_t *p, double t_ms, double rtt_ms);

/** Append a quantile point (q in 0..1) to the distribution; ignored when full. */
void xp_probe_result_add_quantile(xp_probe_result_t *p, double q, double rtt_ms);

/**
 * Derive sent/received/loss, RTT statistics, jitter, IPDV and the CDF from the kept series,
 * for callers that have raw samples but no statistics of their own. Exact while at most
 * XP_RESULT_MAX_SERIES samples were offered; beyond that the figures are those of the evenly
 * spread samples kept (sent and received count kept samples).
 */
void xp_probe_result_compute(xp_probe_result_t *p);

/**
 * Derive only the CDF from the kept series, for callers whose statistics come from elsewhere
 * (the probes library's histogram).
 */
void xp_probe_result_compute_cdf(xp_probe_result_t *p);

/** Thresholds with nothing set (all NAN). */
xp_thresholds_t xp_thresholds_none(void);

/**
 * Evaluate the checks (tunnel established, replies, encapsulation) and the thresholds,
 * replacing any earlier verdict. A threshold whose figure was not measured fails.
 *
 * @return			true if every check passed, false otherwise (or on allocation failure)
 */
bool xp_result_evaluate(xp_result_t *r, const xp_thresholds_t *t);

/** Number of failed checks in the verdict. */
size_t xp_result_failures(const xp_result_t *r);

/**
 * Add a check of a caller's own after xp_result_evaluate() (e.g. the failover's), and
 * update the verdict.
 *
 * @param at_most	measured must be <= allowed (else >=)
 * @return			false when out of memory
 */
bool xp_result_add_check(xp_result_t *r, const char *check, const char *target,
						 double measured, double allowed, bool at_most, const char *unit);

#endif
