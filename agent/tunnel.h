/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The one tunnel of this process: embedded charon plus the peer plugin for a profile.
 * Shared by `up`, `simulate` and `verify`.
 */
#ifndef XP_TUNNEL_H_
#define XP_TUNNEL_H_

#include "charon_embed.h"
#include "profile.h"

#include <jansson.h>

#include <azure_peer.h>
#include <peer_listener.h>
#include <peer_plugin.h>

typedef struct {
	/** subcommand name, for messages */
	const char *cmd;
	/** requested data path */
	datapath_t datapath;
	/** charon log level, 0..2 */
	int log_level;
	/** TRUE to initiate (up), FALSE to respond (simulate) */
	bool initiator;
	/** connection i read from ARM (tunnel_arm_resolve()), NULL for one its profile
	 *  describes: its config and shared key come from the crosspeer-azure plugin */
	const azure_peer_t *arm[PEER_MAX_CONNECTIONS];
	/** with a "bgp" profile: which of its bgp.tunnels this process runs (one charon per
	 *  route-based tunnel) */
	size_t bgp_tunnel;
} tunnel_opts_t;

/**
 * Read the keys, start charon with the peer plugin: one connection per profile (a simulated
 * gateway may terminate several; `up` and `verify` have one).
 *
 * @return		XP_EXIT_PASS, or the exit code of the failure (message printed)
 */
int tunnel_start(const profile_t *const profiles[], size_t n, const tunnel_opts_t *opts);

/** The data path in use (XFRM or libipsec) once started. */
datapath_t tunnel_datapath(void);

/** The listener of the (first) connection. */
peer_listener_t *tunnel_listener(void);

/** The listener of connection i, NULL if there is none. */
peer_listener_t *tunnel_listener_at(size_t i);

/** A connection's IKE state as charon holds it, in the words of Azure's connectionStatus. */
typedef enum {
	/** no IKE_SA with the peer */
	TUNNEL_NOT_CONNECTED,
	/** an IKE_SA is being negotiated, or is up without an installed CHILD_SA */
	TUNNEL_CONNECTING,
	/** a CHILD_SA is installed */
	TUNNEL_CONNECTED,
} tunnel_state_t;

/**
 * Every connection's state and the bytes its installed CHILD_SAs carried (each counter
 * starts again with a new CHILD_SA, e.g. after a rekey), in one pass over charon's IKE_SAs.
 *
 * @param state		one per connection, in profile order
 * @param in, out	bytes received and sent through each tunnel
 */
void tunnel_states(tunnel_state_t state[], uint64_t in[], uint64_t out[]);

/**
 * Connection i's established IKE_SAs and their installed CHILD_SAs, as the gateway's view
 * getikesas reports: [{localEndpoint, remoteEndpoint, ikeProposal, isSaInitiator,
 * initiatorSpi, responderSpi, quickModeSa: [{espProposal, inboundSpi, outboundSpi,
 * inboundBytes, outboundBytes, inboundPackets, outboundPackets}]}] (no key material).
 *
 * @return		new JSON array
 */
json_t *tunnel_sas_at(size_t i);

/** Start initiating connection i without waiting; false if charon refused to. */
bool tunnel_initiate_async(size_t i);

/**
 * Initiate the connection and wait for it.
 *
 * @param timeout_ms	give up after this long
 * @return				XP_EXIT_PASS when up, XP_EXIT_TUNNEL (message printed) otherwise
 */
int tunnel_initiate(int timeout_ms);

/** Delete every IKE_SA (and its CHILD_SAs) with a DELETE to the peer, waiting for it. */
void tunnel_close(void);

/** Stop charon; idempotent. */
void tunnel_stop(void);

#endif
