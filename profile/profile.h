/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The crosspeer profile (DESIGN.md contract, "version": 1): loading and validation.
 * profile.c is the only parser; every error names the JSON path at fault.
 */
#ifndef XP_PROFILE_H_
#define XP_PROFILE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define PROFILE_MAX_SUBNETS 16
#define PROFILE_MAX_PROPOSALS 16
#define PROFILE_MAX_TARGETS 16
/** BGP tunnels of one side: one per instance of an active-active gateway */
#define PROFILE_MAX_BGP_TUNNELS 2

/** Where and why a profile was refused. */
typedef struct {
	/** the profile file */
	char file[256];
	/** 1-based line and column of the JSON token at fault, 0 when not known */
	int line, column;
	/** JSON path of the field at fault, e.g. "ike.proposals[1]"; "" for the whole file */
	char path[128];
	/** what was expected, e.g. "expected an IPv4 or IPv6 address" */
	char text[256];
} profile_err_t;

/** One end of the tunnel. */
typedef struct {
	/** outer (public) address */
	char address[64];
	/** IKE identity; defaults to the address */
	char id[256];
	/** inner subnets, CIDR */
	char subnets[PROFILE_MAX_SUBNETS][64];
	size_t n_subnets;
} profile_end_t;

/** One probe target. */
typedef struct {
	/** address to probe, usually inside the remote subnets */
	char address[64];
	/** "stamp", "icmp" or "tcp" */
	char kind[8];
	/** UDP/TCP port; 862 for stamp unless set */
	unsigned port;
} profile_target_t;

/** An Azure ipsecPolicies[] object, field names as in the ARM API. */
typedef struct {
	char ike_encryption[16], ike_integrity[16], dh_group[16];
	char ipsec_encryption[16], ipsec_integrity[16], pfs_group[16];
	uint32_t sa_lifetime_s;
	uint32_t sa_data_size_kb;
} profile_azure_policy_t;

/**
 * "route_based": the tunnel is route-based, as an Azure route-based gateway's is: its
 * CHILD_SA carries any-to-any selectors, bound to a tunnel interface of its own (an XFRM
 * interface by if_id, or a VTI by mark), and routes through that interface decide what
 * enters it. Several such tunnels may have overlapping selectors.
 */
typedef struct {
	/** the section is there */
	bool on;
	/** "auto" (an XFRM interface, else a VTI), "xfrmi" or "vti" */
	char interface[8];
	/** interface name; "" = "xp-" and the connection's name (route_iface_default_name()) */
	char name[16];
	/** if_id (XFRM interface) or key and mark (VTI); 0 = derived from the name */
	uint32_t id;
	/** address/prefix length set on the interface (e.g. BGP over APIPA), "" for none */
	char inner_address[64];
	/** the interface's MTU */
	uint32_t mtu;
	/** the file listed "routes" (maybe empty: routes come from elsewhere, e.g. BGP); when
	 *  not, the routes are remote.subnets */
	bool has_routes;
	/** prefixes routed through the interface */
	char routes[PROFILE_MAX_SUBNETS][64];
	size_t n_routes;
} profile_route_t;

/** One tunnel carrying a BGP session: the gateway instance and the tunnel's inner addresses. */
typedef struct {
	/** the gateway instance's public IP (the tunnel's remote end) */
	char remote_address[64];
	/** this side's and the peer's inner (APIPA) address: the BGP session's ends, on a /30 */
	char local_ip[64], peer_ip[64];
} profile_bgp_tunnel_t;

/** "bgp": BGP over route-based tunnels, driven through BIRD (docs/bgp.md). */
typedef struct {
	uint32_t asn, peer_asn;
	/** BGP hold time in seconds (keepalive a third of it) */
	unsigned hold_s;
	profile_bgp_tunnel_t tunnels[PROFILE_MAX_BGP_TUNNELS];
	size_t n_tunnels;
} profile_bgp_t;

typedef struct profile_t {
	/** the file it was read from and its directory (relative paths start there) */
	char path[256], dir[256];
	char name[64];
	profile_end_t local, remote;
	/** exactly one of psk_file (resolved against dir) and psk_env is set */
	char psk_file[256], psk_env[64];
	/** strongSwan proposal strings, derived from azure_policy when that is set */
	char ike_proposals[PROFILE_MAX_PROPOSALS][128];
	size_t n_ike_proposals;
	char esp_proposals[PROFILE_MAX_PROPOSALS][128];
	size_t n_esp_proposals;
	uint32_t ike_lifetime_s, esp_lifetime_s;
	uint64_t esp_life_kb;
	uint32_t dpd_delay_s, dpd_timeout_s;
	bool has_azure_policy;
	profile_azure_policy_t azure_policy;
	/** "azure" or "strongswan" (plain, whatever the profile offers) */
	char personality[16];
	/** Azure's connectionMode for `simulate`: "Default" and "InitiatorOnly" initiate too,
	 *  "ResponderOnly" (the default here) only answers */
	char connection_mode[16];
	/** route-based tunnel (off unless the profile has "route_based") */
	profile_route_t route;
	profile_target_t targets[PROFILE_MAX_TARGETS];
	size_t n_targets;
	double rate_pps;
	uint32_t count;
	uint32_t size;
	/** thresholds; NAN where the profile sets none */
	double rtt_p99_ms, loss_pct, jitter_ms, min_pmtu, min_throughput_mbps;
	/** failover (a "bgp" profile's verify): the longest outage allowed, ms; NAN none */
	double max_failover_ms;
	/** `baseline compare`: a significant change smaller than this (% of the baseline) is
	 *  not a regression; NAN = the command's default */
	double baseline_tolerance_pct;
	/** the raw "azure" section (owned), validated by the Azure code that reads it */
	json_t *azure;
	/** lab profiles only: the WAN impairment as a lab/impair.h spec, "" for none */
	char impairment[256];
	/** the file had a "probe" / "thresholds" section (the lab keeps its defaults else) */
	bool has_probe, has_thresholds;
	/** "azure_connection": the tunnel is configured from this ARM connection (the
	 *  profile's azure section holds credentials and endpoints) */
	bool has_arm_connection;
	/** its tenant's name in azure.tenants ("" with an id: the tenant whose
	 *  subscription_id the id names) */
	char arm_tenant[64];
	/** its name in that tenant's resource group, or "" */
	char arm_connection[80];
	/** its resource ID, or "" */
	char arm_connection_id[600];
	/** "bgp": the tunnels are route-based (any-to-any selectors) and carry BGP sessions */
	bool has_bgp;
	profile_bgp_t bgp;
	/** what the file set itself; with azure_connection the rest comes from ARM, and what
	 *  is set must agree with it */
	bool has_local, has_remote, has_auth, has_dpd_timeout, has_connection_mode,
		 has_esp_lifetime;
} profile_t;

/**
 * Read and validate a profile file.
 *
 * @param path		JSON file
 * @param err		filled on failure
 * @return			profile, or NULL with err set
 */
profile_t *profile_load(const char *path, profile_err_t *err);

/**
 * Read and validate a lab profile (`crosspeer lab --profile`): name, impairment, probe and
 * thresholds only, since the lab sets addresses, keys and proposals itself.
 *
 * @param path		JSON file
 * @param err		filled on failure
 * @return			profile, or NULL with err set
 */
profile_t *profile_load_lab(const char *path, profile_err_t *err);

/**
 * Parse and validate a profile held in memory (the fuzzer and tests use this).
 *
 * @param text		JSON text
 * @param dir		directory relative paths are resolved against
 * @param err		filled on failure
 */
profile_t *profile_parse(const char *text, const char *dir, profile_err_t *err);

/** profile_parse() for a lab profile (see profile_load_lab()). */
profile_t *profile_parse_lab(const char *text, const char *dir, profile_err_t *err);

/** Does a simulated gateway initiate this connection (connection_mode)? */
bool profile_initiates(const profile_t *p);

/** Format err as one line: "file:line:col: path: text". */
void profile_err_format(const profile_err_t *err, char *buf, size_t len);

void profile_destroy(profile_t *p);

#endif
