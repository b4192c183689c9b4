/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Glue from the probes library's figures (probes/) into an xp_result_t, so verify fills a
 * report in a few calls. Kept out of xpreport so the report writers need no probes library.
 */
#ifndef XP_RESULT_PROBES_H_
#define XP_RESULT_PROBES_H_

#include <stdbool.h>
#include <stdint.h>

#include "capture_esp.h"
#include "pmtu.h"
#include "probe_samples.h"
#include "stats.h"
#include "throughput.h"
#include "result.h"

/**
 * Add one probe target: figures from the stats summary, the chart series (and CDF) from the
 * kept samples' primary records.
 *
 * @param sum		stats_summarize() of the target
 * @param samples	the target's kept records, NULL if none were kept (no series, no CDF)
 * @param start_ns	monotonic time the run started (tx_ns - start_ns = series t_ms)
 * @return			the entry, NULL on allocation failure
 */
xp_probe_result_t *result_probes_add(xp_result_t *r, const char *target, const char *kind,
									 const stats_summary_t *sum,
									 const probe_samples_t *samples, uint64_t start_ns);

/** Set one target's path MTU search (and the ESP overhead at its size, esp may be NULL). */
void result_probes_set_target_pmtu(xp_probe_result_t *p, const pmtu_result_t *res,
								   const pmtu_esp_t *esp, bool ipv6);

/** Set one target's throughput test. */
void result_probes_set_target_throughput(xp_probe_result_t *p, const throughput_result_t *t);

/**
 * Set pmtu.{inner, esp_overhead, mss} from a path MTU search and the ESP overhead of the
 * negotiated proposal (esp may be NULL). MSS is inner - 40 (IPv4) or - 60 (IPv6).
 */
void result_probes_set_pmtu(xp_result_t *r, const pmtu_result_t *res, const pmtu_esp_t *esp,
							bool ipv6);

/** Set throughput_mbps; a direction that carried no bytes stays unmeasured (NAN). */
void result_probes_set_throughput(xp_result_t *r, const throughput_result_t *t);

/** Set encapsulation from the capture: ESP and NAT-T ESP packets, IKE, plaintext leaks. */
void result_probes_set_capture(xp_result_t *r, const capture_esp_counts_t *c);

#endif
