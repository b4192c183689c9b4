/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The ARM REST client: libcurl + jansson, no charon types. One easy handle per
 * request, x-ms-client-request-id on every call, retries with backoff and
 * jitter on 429/5xx/dropped connections for idempotent calls only, the ARM
 * error envelope turned into an arm_error_t, long-running operations followed
 * to their terminal state (arm_lro.h). Tokens live in arm_auth.c alone.
 */
#ifndef ARM_CLIENT_H_
#define ARM_CLIENT_H_

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/** api-version for Microsoft.Network */
#define ARM_API_NETWORK "2024-05-01"
/** api-version for resource groups */
#define ARM_API_RESOURCES "2021-04-01"
/** at most this many auxiliary tenants per call (ARM's limit) */
#define ARM_MAX_AUX 3

typedef struct arm_client_t arm_client_t;

/** Why a call failed; never holds a secret. */
typedef struct {
	/** HTTP status, 0 when no answer came (connection, TLS, timeout) */
	long status;
	/** ARM error code (e.g. "LinkedAuthorizationFailed"), AAD error, or "ConnectionError" */
	char code[128];
	/** ARM message, AADSTS text (first line) or curl's reason */
	char message[1024];
	/** ARM error target, "" if none */
	char target[256];
	/** x-ms-request-id of the failing answer, "" if none */
	char request_id[64];
	/** x-ms-client-request-id crosspeer sent */
	char client_request_id[40];
} arm_error_t;

/** Client settings; zero fields take the defaults. */
typedef struct {
	/** e.g. "https://login.microsoftonline.com" */
	char authority_host[256];
	/** e.g. "https://management.azure.com" */
	char resource_manager[256];
	/** extra CA bundle for TLS verification (never switched off), "" for the system's */
	char ca_file[256];
	/** per-request timeout (default 60000) */
	long timeout_ms;
	/** retries after the first attempt of an idempotent call (default 4) */
	int max_retries;
	/** first backoff and its ceiling (defaults 500 and 30000); jitter is added */
	long backoff_base_ms, backoff_max_ms;
	/** shortest LRO poll interval, and the wait when Retry-After is absent (1000, 60000) */
	long poll_min_ms, poll_default_ms;
	/** Retry-After values above this are clamped (default 600) */
	long retry_after_max_s;
	/** give up on a long-running operation after this (default 90 min) */
	long lro_timeout_ms;
	/** renew tokens this long before they expire (default 300, at most half the lifetime) */
	long token_skew_s;
} arm_client_opts_t;

/** The tenants one call authenticates with. */
typedef struct {
	/** tenant that manages the subscription in the URL */
	const char *tenant;
	/** tenants whose resources the body references (x-ms-authorization-auxiliary) */
	const char *aux[ARM_MAX_AUX];
	size_t n_aux;
} arm_call_t;

/** One answer. */
typedef struct {
	long status;
	/** parsed JSON body (owned), NULL if none */
	json_t *body;
	/** Azure-AsyncOperation and Location headers, "" if absent */
	char async_op[4096];
	char location[4096];
	/** Retry-After seconds, -1 if absent */
	long retry_after;
	char request_id[64];
	/** attempts made (1 + retries) */
	int attempts;
} arm_response_t;

/** Progress of a long-running operation: its state and the seconds since it began. */
typedef void (*arm_progress_cb_t)(void *ctx, const char *state, double elapsed_s);

/**
 * Create a client.
 *
 * @param opts		settings (copied)
 * @return			client, or NULL
 */
arm_client_t *arm_client_create(const arm_client_opts_t *opts);

/** How a tenant's token is obtained (azure-identity's credentials). */
typedef enum {
	/** client credentials with a client secret (ClientSecretCredential) */
	ARM_CRED_SECRET,
	/** client credentials with a signed assertion (ClientCertificateCredential) */
	ARM_CRED_CERTIFICATE,
	/** a federated token file's JWT as client assertion (WorkloadIdentityCredential) */
	ARM_CRED_FEDERATED,
	/** the instance metadata endpoint or IDENTITY_ENDPOINT (ManagedIdentityCredential) */
	ARM_CRED_MANAGED_IDENTITY,
	/** az account get-access-token (AzureCliCredential) */
	ARM_CRED_AZURE_CLI,
} arm_cred_kind_t;

/** One tenant's credential; every string is copied, secrets wiped on destroy. */
typedef struct {
	arm_cred_kind_t kind;
	/** the tenant's short name for messages ("a"), or NULL */
	const char *name;
	/** application (client) id: SECRET, CERTIFICATE, FEDERATED */
	const char *client_id;
	/** where it comes from, for messages: a variable or file name, never a value */
	const char *source;
	/** SECRET: the secret; CERTIFICATE: the key's password or NULL;
	 *  MANAGED_IDENTITY: IDENTITY_HEADER (App Service flavour), else NULL */
	const char *secret;
	/** CERTIFICATE: PEM file with certificate and key (read for each assertion);
	 *  FEDERATED: the token file (read again for each token, as the SDK does) */
	const char *path;
	/** MANAGED_IDENTITY: IMDS base URL ("http://169.254.169.254"), or the
	 *  IDENTITY_ENDPOINT URL when secret (IDENTITY_HEADER) is set */
	const char *endpoint;
	/** MANAGED_IDENTITY: a user-assigned identity's client id, NULL for system-assigned */
	const char *mi_client_id;
	/** AZURE_CLI: the program, looked up on PATH (default "az") */
	const char *program;
} arm_cred_t;

/**
 * Add the service principal of a tenant (client-credentials flow).
 *
 * @param secret	client secret, copied and wiped on destroy
 * @return			0, or -1 if no room or out of memory
 */
int arm_client_add_tenant(arm_client_t *c, const char *tenant, const char *client_id,
						  const char *secret);

/**
 * Add a tenant with any credential kind.
 *
 * @param tenant	tenant id (the token's tenant, the key calls name)
 * @param cred		the credential (copied)
 * @return			0, or -1 if no room or out of memory
 */
int arm_client_add_credential(arm_client_t *c, const char *tenant, const arm_cred_t *cred);

/** "client secret", "client certificate", ... for messages. */
const char *arm_cred_kind_name(arm_cred_kind_t kind);

/**
 * One REST call, without following a long-running operation.
 *
 * @param call		tenants to authenticate with
 * @param method	GET, PUT, DELETE (idempotent: retried) or POST (never retried)
 * @param path		path below resource_manager ("/subscriptions/...") or an absolute URL
 * @param api		api-version, or NULL when path already carries one
 * @param body		JSON body (borrowed), or NULL
 * @param resp		filled on success (status < 400); clear with arm_response_clear()
 * @param err		filled on failure
 * @return			0, or -1
 */
int arm_client_request(arm_client_t *c, const arm_call_t *call, const char *method,
					   const char *path, const char *api, json_t *body, arm_response_t *resp,
					   arm_error_t *err);

/**
 * Same as arm_client_request(), then follow the long-running operation to its
 * terminal state; resp is the final resource (PUT), or empty (DELETE).
 *
 * @param cb		progress callback or NULL
 */
int arm_client_call(arm_client_t *c, const arm_call_t *call, const char *method,
					const char *path, const char *api, json_t *body, arm_response_t *resp,
					arm_progress_cb_t cb, void *ctx, arm_error_t *err);

/** Free what resp holds and zero it. */
void arm_response_clear(arm_response_t *resp);

/** Token requests made so far (tests check the cache with it). */
unsigned arm_client_token_fetches(arm_client_t *c);

/**
 * One line for an error: "code: message (target t, x-ms-request-id r)".
 */
void arm_error_format(const arm_error_t *err, char *buf, size_t len);

/** Wipe tokens and secrets, free the client. */
void arm_client_destroy(arm_client_t *c);

#endif
