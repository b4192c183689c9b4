/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * armsim internals shared by the per-resource handlers. Handlers never touch
 * libmicrohttpd: they read an armsim_req_t and fill an armsim_resp_t, with the
 * emulator's lock held.
 */
#ifndef ARMSIM_PRIVATE_H_
#define ARMSIM_PRIVATE_H_

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "armsim.h"

#define ARMSIM_NET_API "2024-05-01"
#define ARMSIM_MAX_SEGS 16
#define ARMSIM_MAX_AUX 3

/** One stored resource. */
typedef struct armsim_res_t {
	/** lower-cased resource id, the lookup key */
	char *key;
	/** the resource as GET returns it (id, name, type, location, tags, properties) */
	json_t *doc;
	/** subscription it lives in (lower case) */
	char sub[64];
	/** monotonic time the running write completes (provisioningState Updating until then) */
	double ready_at;
	/** monotonic time a running delete completes, 0 if not deleting */
	double gone_at;
	/** the running write ends Failed (fault lrofail) */
	bool fail;
	/** connection shared key, never part of doc */
	char *shared_key;
} armsim_res_t;

/** One long-running operation, reachable by both URLs. */
typedef struct {
	char guid[40];
	/** resource key it tracks */
	char *key;
	/** true for a delete */
	bool del;
	/** region the URLs name */
	char location[64];
	char sub[64];
	double done_at;
	bool fail;
	/** status the Location URL answers a finished delete with (204; 200 for a resource group) */
	int deleted_status;
	/** the final answer of a POST action (getikesas), NULL for a resource's write */
	json_t *result;
} armsim_op_t;

/** One fault rule. */
typedef struct {
	/** 429, 500, 503, 0 = drop, -1 = stall, -2 = lrofail */
	int kind;
	unsigned count;
	char method[8];
	char path_part[128];
} armsim_fault_t;

/** One issued access token. */
typedef struct {
	char value[80];
	char tenant[64];
	double expires_at;
} armsim_token_t;

struct armsim_t {
	armsim_opts_t opts;
	struct MHD_Daemon *daemon;
	pthread_mutex_t lock;
	char base_url[96];
	armsim_res_t **res;
	size_t n_res, cap_res;
	armsim_op_t *ops;
	size_t n_ops, cap_ops;
	armsim_fault_t faults[32];
	size_t n_faults;
	armsim_token_t *tokens;
	size_t n_tokens, cap_tokens;
	unsigned n_get, n_put, n_post, n_delete, n_other, n_token;
	unsigned pip_next;
	/** set while stopping, so stalled handlers return early */
	volatile bool stopping;
	/** ARM write/read budgets reported in x-ms-ratelimit-remaining-subscription-* */
	unsigned writes_left, reads_left;
	char *cert_pem, *key_pem;
	/** the request record (opts.record_file), or NULL */
	FILE *record;
	/** the managed identity listener (plain HTTP), NULL if none */
	struct MHD_Daemon *imds;
	/** each connection's IKE SAs as the lab last set them (lower-cased id -> array) */
	json_t *ike_sas;
};

/** A parsed request. */
typedef struct {
	/** request path as received */
	const char *url;
	const char *method;
	/** path segments after the leading '/' (not decoded) */
	char *seg[ARMSIM_MAX_SEGS];
	size_t n_seg;
	const char *api_version;
	/** query arguments a few actions take */
	const char *query_peer;
	/** instance discovery's authorization_endpoint argument */
	const char *query_authorization_endpoint;
	const char *raw_body;
	size_t raw_len;
	/** parsed JSON body, NULL if none or not JSON */
	json_t *body;
	const char *authorization;
	const char *auxiliary;
	/** tenant of the bearer token (after armsim_token_check) */
	char tenant[64];
	/** tenants of valid auxiliary tokens */
	char aux[ARMSIM_MAX_AUX][64];
	size_t n_aux;
} armsim_req_t;

/** What a handler answers. */
typedef struct armsim_resp_t {
	int status;
	/** JSON body (owned), or NULL */
	json_t *body;
	char async_op[512];
	char location[512];
	/** Retry-After seconds, -1 for none */
	int retry_after;
	/** close the connection without an answer */
	bool drop;
	/** answer only after the stall time (fault "stall") */
	bool stall;
} armsim_resp_t;

/* armsim_bgp.c */
bool armsim_bgp_gateway_check(json_t *props, armsim_resp_t *resp);
bool armsim_bgp_gateway(armsim_t *sim, json_t *props, const char *subnet, armsim_resp_t *resp);
bool armsim_bgp_lng(json_t *props, armsim_resp_t *resp);
bool armsim_bgp_connection(armsim_t *sim, json_t *props, armsim_res_t *gw1,
						   armsim_resp_t *resp);

/* armsim_error.c */
void armsim_error(armsim_resp_t *resp, int status, const char *code, const char *target,
				  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void armsim_aad_error(armsim_resp_t *resp, int status, const char *error, int aadsts,
					  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
double armsim_now(void);
void armsim_guid(char out[40]);
bool armsim_streq(const char *a, const char *b);
const char *armsim_enum(const char *value, const char *const *allowed);

/* armsim_token.c */
bool armsim_token_field(const char *body, size_t len, const char *name, char *out,
						size_t outlen);
/** A new bearer token for tenant_id (lock held), NULL when out of memory. */
const armsim_token_t *armsim_token_mint(armsim_t *sim, const char *tenant_id);
void armsim_token_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
bool armsim_token_check(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
const armsim_tenant_t *armsim_tenant_of_sub(armsim_t *sim, const char *sub);

/* armsim_assertion.c: a client assertion (certificate or federated) for t's client */
bool armsim_assertion_check(armsim_t *sim, const armsim_tenant_t *t, armsim_req_t *req,
							const char *type, armsim_resp_t *resp);

/* armsim_imds.c: the managed identity endpoints on their own plain-HTTP listener */
bool armsim_imds_start(armsim_t *sim, char *err, size_t errlen);
void armsim_imds_stop(armsim_t *sim);

/* armsim_store.c */
void armsim_store_tick(armsim_t *sim);
armsim_res_t *armsim_store_get(armsim_t *sim, const char *id);
armsim_res_t *armsim_store_put(armsim_t *sim, const char *id, json_t *doc);
void armsim_store_del(armsim_t *sim, armsim_res_t *r);
bool armsim_store_busy(armsim_t *sim, armsim_res_t *r, armsim_resp_t *resp);
void armsim_store_begin(armsim_t *sim, armsim_res_t *r, double seconds, bool del,
						armsim_resp_t *resp);
const char *armsim_store_state(armsim_res_t *r);
json_t *armsim_store_view(armsim_res_t *r);
int armsim_store_save(armsim_t *sim, const char *file);
int armsim_store_load(armsim_t *sim, const char *file);
void armsim_store_free(armsim_t *sim);

/* armsim_ikesas.c */
void armsim_ikesas_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
void armsim_ikesas_admin(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_ops.c */
void armsim_ops_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_ref.c */
armsim_res_t *armsim_ref(armsim_t *sim, armsim_req_t *req, json_t *obj, const char *what,
						 const char *type, armsim_resp_t *resp);
bool armsim_ref_allowed(armsim_t *sim, armsim_req_t *req, const char *id, const char *action,
						const char *scope, armsim_resp_t *resp);
void armsim_ref_id(char *buf, size_t len, armsim_req_t *req, size_t n_seg);

/* armsim_rg.c */
void armsim_rg_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
bool armsim_rg_exists(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_vnet.c */
void armsim_vnet_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
void armsim_subnet_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_pip.c */
void armsim_pip_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_gateway.c */
void armsim_gateway_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_lng.c */
void armsim_lng_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_connection.c */
void armsim_connection_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
void armsim_sharedkey_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);

/* armsim_resource.c: what every resource type shares */
void armsim_resource_get(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
						 const char *type);
void armsim_resource_list(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
						  const char *type);
void armsim_resource_delete(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
							const char *type, double seconds);
json_t *armsim_resource_new(armsim_t *sim, armsim_req_t *req, const char *type,
							armsim_res_t *old, armsim_resp_t *resp);
void armsim_resource_commit(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
							json_t *doc, bool existed, double seconds);
bool armsim_resource_needs_properties(armsim_req_t *req, armsim_resp_t *resp);
bool armsim_resource_preamble(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
							  const char *type, armsim_res_t **existing);

/* armsim_fault.c */
#define ARMSIM_FAULT_DROP 0
#define ARMSIM_FAULT_STALL -1
#define ARMSIM_FAULT_LROFAIL -2
int armsim_fault_parse(armsim_t *sim, const char *spec);
bool armsim_fault_take(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
bool armsim_fault_lrofail(armsim_t *sim);

/* armsim_api.c */
bool armsim_api_check(armsim_req_t *req, armsim_resp_t *resp, bool network,
					  const char *resource_type);

/* armsim_openid.c */
bool armsim_openid_route(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp);
bool armsim_openid_scope_ok(armsim_t *sim, const char *scope);

/* armsim_record.c */
int armsim_record_open(armsim_t *sim);
void armsim_record(armsim_t *sim, const armsim_req_t *req, const armsim_resp_t *resp,
				   bool token);
void armsim_record_close(armsim_t *sim);

/* armsim_admin.c */
void armsim_admin_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
						 const char *query_id);

#endif
