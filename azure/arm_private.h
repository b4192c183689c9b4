/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/** Internals shared by arm_client.c, arm_auth.c and arm_lro.c. */
#ifndef ARM_PRIVATE_H_
#define ARM_PRIVATE_H_

#include <pthread.h>

#include <curl/curl.h>

#include "arm_client.h"

#define ARM_MAX_TENANTS 8

/** One tenant's credential and its cached token (arm_auth.c only). */
typedef struct {
	char tenant[64];
	char client_id[64];
	/** short name for messages, "" if none */
	char name[32];
	arm_cred_kind_t kind;
	/** see arm_cred_t; secret is wiped on destroy */
	char *source, *secret, *path, *endpoint, *mi_client_id, *program;
	char *token;
	/** monotonic time after which the token is renewed */
	double renew_at;
} arm_tenant_t;

struct arm_client_t {
	arm_client_opts_t opts;
	/** guards tenants (tokens) and counters */
	pthread_mutex_t lock;
	arm_tenant_t tenants[ARM_MAX_TENANTS];
	size_t n_tenants;
	unsigned token_fetches;
};

/** A raw HTTP exchange: headers and body prepared by the caller. */
typedef struct {
	const char *method;
	const char *url;
	/** extra headers (borrowed) */
	struct curl_slist *headers;
	const char *body;
	size_t body_len;
	/** retried on 429/5xx/dropped connections */
	bool idempotent;
	/** plain http allowed and no proxy (the managed identity endpoints) */
	bool local_http;
} arm_http_t;

/* arm_client.c */
int arm_client_http(arm_client_t *c, const arm_http_t *req, arm_response_t *resp,
					arm_error_t *err);
int arm_client_fail(arm_error_t *err, long status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
double arm_client_now(void);
void arm_client_sleep_ms(long ms);

/* arm_auth.c */
int arm_auth_headers(arm_client_t *c, const arm_call_t *call, struct curl_slist **hdrs,
					 arm_error_t *err);
void arm_auth_free_headers(struct curl_slist *hdrs);
void arm_auth_wipe(arm_client_t *c);
void arm_auth_free_str(char **s);

/* arm_cred_mi.c, arm_cred_cli.c: a token (malloc'd) and its lifetime in seconds */
int arm_cred_mi_fetch(arm_client_t *c, const arm_tenant_t *t, char **token, long *life_s,
					  arm_error_t *err);
int arm_cred_cli_fetch(arm_client_t *c, const arm_tenant_t *t, char **token, long *life_s,
					   arm_error_t *err);

#endif
