/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The Prometheus endpoint of continuous verify: GET /metrics on a loopback address serves
 * the metrics.prom text of the latest cycle (libmicrohttpd).
 */
#ifndef XP_METRICS_HTTP_H_
#define XP_METRICS_HTTP_H_

#include "metrics_web_config.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct metrics_http_t metrics_http_t;

/**
 * Listen on ADDR:PORT (IPv4). Without a web config that sets up both TLS and basic auth,
 * only on loopback.
 *
 * @param web		TLS and basic auth (kept, not copied: it must outlive the server), or NULL
 * @param err		why not
 * @return			server, or NULL
 */
metrics_http_t *metrics_http_start(const char *listen, const metrics_web_config_t *web,
								   char *err, size_t errlen);

/** Replace the served text; takes ownership of text (malloc'ed). */
void metrics_http_set(metrics_http_t *this, char *text);

/** Stop serving and free (NULL is fine). */
void metrics_http_stop(metrics_http_t *this);

#endif
