/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * armsim: the offline Azure Resource Manager emulator (HTTPS, libmicrohttpd).
 *
 * One server answers both the Entra ID token endpoint
 * (POST /{tenant}/oauth2/v2.0/token) and the ARM surface crosspeer uses
 * (resource groups, virtualNetworks + subnets, publicIPAddresses,
 * virtualNetworkGateways, localNetworkGateways, connections + sharedkey) with
 * Azure's validation rules, error envelopes, long-running operations on a
 * scaled clock, and injectable faults. See docs/azure.md.
 */
#ifndef ARMSIM_H_
#define ARMSIM_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define ARMSIM_MAX_TENANTS 4

#define ARMSIM_MAX_FICS 4
#define ARMSIM_MAX_MIS 4
/** audience a federated token must carry unless the record names another */
#define ARMSIM_FIC_AUDIENCE "api://AzureADTokenExchange"

typedef struct armsim_t armsim_t;

/** A federated identity credential of the app: which external tokens it trusts. */
typedef struct {
	/** the token's iss, compared exactly (Entra matches case-sensitively) */
	char issuer[256];
	/** the token's sub */
	char subject[256];
	/** an accepted aud, ARMSIM_FIC_AUDIENCE by default */
	char audience[128];
	/** the issuer's signing key: PEM public key or certificate (its JWKS, offline) */
	char issuer_key[2048];
} armsim_fic_t;

/** A managed identity of the machine whose IMDS armsim plays. */
typedef struct {
	char client_id[64];
	/** the identity IMDS uses when a request names none */
	bool system_assigned;
} armsim_mi_t;

/** One emulated Entra ID tenant with its subscription and one app registration. */
typedef struct {
	/** tenant GUID (or any name) */
	char tenant_id[64];
	/** the subscription this tenant manages */
	char subscription_id[64];
	/** the service principal's application (client) id */
	char client_id[64];
	/** its client secret */
	char client_secret[128];
	/** a certificate registered for the app (PEM), "" for none: client assertions are
	 *  checked against it (x5t / x5t#S256 thumbprint, RS256 / PS256 signature) */
	char client_certificate[4096];
	armsim_fic_t fics[ARMSIM_MAX_FICS];
	size_t n_fics;
	/** managed identities in this tenant, served by the IMDS listener */
	armsim_mi_t mis[ARMSIM_MAX_MIS];
	size_t n_mis;
} armsim_tenant_t;

/** Emulator settings. */
typedef struct {
	/** address to bind, "127.0.0.1" if empty */
	char listen_addr[64];
	/** TCP port, 0 for an ephemeral one (see armsim_port()) */
	uint16_t port;
	/** PEM server certificate and key files */
	char tls_cert_file[256], tls_key_file[256];
	/** seconds a virtual network gateway takes to create or delete (Azure: 27-49 min) */
	double gateway_seconds;
	/** seconds every other write (and every delete) takes */
	double resource_seconds;
	/** Retry-After value (integer seconds) sent with 202s and 429s */
	int retry_after_s;
	/** how long a "stall" fault holds its answer back */
	double stall_seconds;
	/** lifetime of issued tokens (expires_in) */
	int token_seconds;
	/** first "public" address handed to public IPs, e.g. "198.51.100.10" */
	char pip_base[64];
	/** fault rules, see armsim_fault_add(); may be empty */
	char faults[512];
	/** JSON file the state is loaded from at start and saved to at stop; may be empty */
	char state_file[256];
	/** JSON-lines file every request is appended to (method, path, api-version, status,
	 *  body with secrets redacted); may be empty */
	char record_file[256];
	armsim_tenant_t tenants[ARMSIM_MAX_TENANTS];
	size_t n_tenants;
	/** the managed identity listener (plain HTTP, as IMDS): IPv4 address, "" for none;
	 *  serves /metadata/identity/oauth2/token (IMDS) and /msi/token (IDENTITY_ENDPOINT) */
	char imds_addr[64];
	/** its port, 0 for an ephemeral one (see armsim_imds_port()) */
	uint16_t imds_port;
	/** what X-IDENTITY-HEADER must carry on /msi/token (IDENTITY_HEADER); "" refuses all */
	char identity_header[128];
} armsim_opts_t;

/** Fill opts with the defaults (127.0.0.1:0, gateway 30 s, others 1 s, Retry-After 1). */
void armsim_opts_default(armsim_opts_t *opts);

/**
 * Start the emulator on its own threads.
 *
 * @param opts		settings (copied)
 * @param err		filled with the reason on failure
 * @param errlen	size of err
 * @return			emulator, or NULL
 */
armsim_t *armsim_start(const armsim_opts_t *opts, char *err, size_t errlen);

/** @return the TCP port the emulator listens on */
uint16_t armsim_port(armsim_t *sim);

/** @return the TCP port of the managed identity listener, 0 if none */
uint16_t armsim_imds_port(armsim_t *sim);

/**
 * Read the credentials a tenants-file entry registers: "client_certificate"
 * (PEM, inline or a file), "federated_credentials" [{issuer, subject,
 * audience?, issuer_key (PEM, inline or a file)}], "managed_identities"
 * [{client_id, system_assigned?}].
 *
 * @param entry		the tenant's JSON object
 * @param dir		directory relative file names are read from
 * @param t			filled
 * @return			0, or -1 with err naming the key at fault
 */
int armsim_tenant_creds(json_t *entry, const char *dir, armsim_tenant_t *t, char *err,
						size_t errlen);

/**
 * Add fault rules, comma separated: KIND[:COUNT][@METHOD][~PATHPART].
 * KIND is 403 (AuthorizationFailed: the client lacks the role), 429 (with Retry-After),
 * 500, 503, drop (connection closed without a
 * response), stall (answer only after stall_seconds, default 30) or lrofail (the
 * next long-running operation ends Failed). COUNT defaults to 1. Faults never
 * hit /_armsim/ admin paths.
 *
 * @return 0, or -1 if a rule does not parse
 */
int armsim_fault_add(armsim_t *sim, const char *spec);

/** Do fault rules parse (kinds, counts, HTTP methods), without an emulator? */
bool armsim_faults_valid(const char *spec);

/** Drop every pending fault rule. */
void armsim_fault_clear(armsim_t *sim);

/**
 * Requests received, by HTTP method ("GET", "PUT", "POST", "DELETE"), or all
 * of them for NULL. Token requests and admin requests are not counted here.
 */
unsigned armsim_requests(armsim_t *sim, const char *method);

/** Requests that reached the token endpoint. */
unsigned armsim_token_requests(armsim_t *sim);

/** Reset all request counters to zero. */
void armsim_requests_reset(armsim_t *sim);

/**
 * Set the IKE SAs getikesas reports for a connection (the lab: the simulated gateway's
 * charon state). The final answer of POST .../getikesas is then the string
 * {"Status":"Successful","Data":sas}.
 *
 * @param sas		JSON array (a reference is taken)
 * @return			0, -1 without such a connection or for a non-array
 */
int armsim_set_ike_sas(armsim_t *sim, const char *id, json_t *sas);

/**
 * Set what GET on a connection reports (the lab calls this with a simulated
 * gateway's real IKE state).
 *
 * @param id		the connection's ARM resource id (case-insensitive)
 * @param status	Unknown, Connecting, Connected or NotConnected
 * @param ingress	ingressBytesTransferred
 * @param egress	egressBytesTransferred
 * @return			0, -ENOENT without such a connection, -EINVAL for another status
 */
int armsim_set_connection_status(armsim_t *sim, const char *id, const char *status,
								 uint64_t ingress, uint64_t egress);

/**
 * A copy of a resource as GET would return it (plus, for a connection,
 * "properties.sharedKey"), so a simulated gateway can be configured from ARM:
 * connection sharedKey and ipsecPolicies, LNG gatewayIpAddress and prefixes,
 * public IP ipAddress, VNet addressPrefixes.
 *
 * @param id		ARM resource id (case-insensitive)
 * @return			new reference the caller json_decref()s, or NULL
 */
json_t *armsim_get_resource(armsim_t *sim, const char *id);

/**
 * Store a resource as it is, skipping every validation (to seed states Azure
 * no longer lets a client create, e.g. an NSG already on a GatewaySubnet).
 *
 * @param id		ARM resource id
 * @param doc		resource JSON (borrowed), "properties" included
 * @return			0, or -EINVAL if the id does not parse
 */
int armsim_put_raw(armsim_t *sim, const char *id, json_t *doc);

/** Stop serving, save the state file if one is set, free everything. */
void armsim_stop(armsim_t *sim);

/**
 * Generate a throwaway CA and a server certificate for 127.0.0.1/localhost,
 * writing ca.pem, cert.pem and key.pem (mode 0600) into dir.
 *
 * @return 0, or -1 with err filled
 */
int armsim_tls_generate(const char *dir, char *err, size_t errlen);

#endif
