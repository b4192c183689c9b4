/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * @defgroup peer_listener peer_listener
 * Times one tunnel's IKE and CHILD_SA events and hands the outcome to the agent.
 *
 * @{ @ingroup peer
 */
#ifndef PEER_LISTENER_H_
#define PEER_LISTENER_H_

#include <bus/listeners/listener.h>

typedef struct peer_listener_t peer_listener_t;
typedef struct peer_event_t peer_event_t;

/**
 * Where the tunnel stands.
 */
typedef enum {
	/** nothing decided yet */
	PEER_OUTCOME_PENDING,
	/** the CHILD_SA is installed */
	PEER_OUTCOME_UP,
	/** negotiation failed, or an established tunnel went down; see get_failure() */
	PEER_OUTCOME_FAILED,
} peer_outcome_t;

/**
 * Why an established tunnel went down, as charon reported it (not read from log text).
 */
typedef enum {
	/** the tunnel has not gone down since it last came up */
	PEER_DOWN_NONE,
	/** dead peer detection: the peer answered none of the DPD requests within the timeout */
	PEER_DOWN_DPD_TIMEOUT,
	/** another request (rekey, delete) went unanswered within the retransmit timeout */
	PEER_DOWN_REQUEST_TIMEOUT,
	/** the IKE_SA went down otherwise, e.g. the peer deleted it */
	PEER_DOWN_DELETED,
} peer_down_t;

/**
 * Keyword of a peer_down_t for reports: "none", "dpd_timeout", "request_timeout", "deleted".
 */
const char *peer_down_name(peer_down_t down);

/**
 * For an event that is an IKE message: which way it went.
 */
typedef enum {
	/** not a message (state change, CHILD_SA up, failure, ...) */
	PEER_MSG_NONE,
	/** we sent a request */
	PEER_MSG_REQUEST_SENT,
	/** the peer sent us a request */
	PEER_MSG_REQUEST_RECEIVED,
	/** we answered a request */
	PEER_MSG_RESPONSE_SENT,
	/** the peer answered our request */
	PEER_MSG_RESPONSE_RECEIVED,
} peer_message_t;

/**
 * The algorithms of a negotiated proposal, as strongSwan proposal keywords (e.g.
 * "aes256gcm16", "sha256", "prfsha256", "modp2048"); "" where the proposal has none of
 * that kind or the algorithm is not one of the common gateway algorithms named here.
 */
typedef struct {
	/** encryption (or AEAD) algorithm with its key size */
	char encryption[24];
	/** integrity algorithm */
	char integrity[24];
	/** pseudo-random function (IKE only) */
	char prf[24];
	/** Diffie-Hellman group (IKE, or ESP with PFS) */
	char dh[24];
} peer_algorithms_t;

/**
 * What happened to an established tunnel, counted.
 */
typedef struct {
	/** DPD requests we sent, and the ones the peer answered */
	unsigned dpd_sent, dpd_answered;
	/** IKE_SA and CHILD_SA rekeys */
	unsigned ike_rekeys, child_rekeys;
} peer_counts_t;

/**
 * One timestamped event, relative to the listener's creation.
 */
struct peer_event_t {
	/** ms since the listener was created */
	double offset_ms;
	/** short name, e.g. "IKE_SA_INIT", "CHILD_SA_UP", "DPD", "REKEY" */
	char name[24];
	/** one line for humans: direction, proposal, reason */
	char detail[200];
	/** for a message (IKE_SA_INIT, IKE_AUTH, DPD, ...), which way it went */
	peer_message_t message;
};

/**
 * Implements listener_t; all methods are safe to call from any thread.
 */
struct peer_listener_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Wait while the outcome is still `from`, at most timeout_ms.
	 *
	 * @param from			outcome to wait out, e.g. PEER_OUTCOME_PENDING
	 * @param timeout_ms	most to wait
	 * @return				outcome after the wait
	 */
	peer_outcome_t (*wait)(peer_listener_t *this, peer_outcome_t from, int timeout_ms);

	/**
	 * @return				current outcome, without waiting
	 */
	peer_outcome_t (*get_outcome)(peer_listener_t *this);

	/**
	 * Why the tunnel failed, e.g. "authentication failed (pre-shared key mismatch?)".
	 *
	 * @param buf			receives the reason, "" if none
	 */
	void (*get_failure)(peer_listener_t *this, char *buf, size_t len);

	/**
	 * Why and when the established tunnel went down; cleared when a CHILD_SA comes up.
	 *
	 * @param offset_ms		receives when (ms since the listener's creation), or NULL
	 * @return				the cause, PEER_DOWN_NONE if it is up or never was
	 */
	peer_down_t (*get_down)(peer_listener_t *this, double *offset_ms);

	/**
	 * @return				ms from the start of the attempt to CHILD_SA installed, -1 if not
	 */
	double (*get_setup_ms)(peer_listener_t *this);

	/**
	 * The negotiated proposals of the last tunnel that came up.
	 */
	void (*get_proposals)(peer_listener_t *this, char *ike, size_t ike_len,
						  char *esp, size_t esp_len);

	/**
	 * The negotiated algorithms of the last tunnel that came up, typed.
	 *
	 * @param ike			receives the IKE_SA's, all "" if none came up
	 * @param esp			receives the CHILD_SA's
	 */
	void (*get_algorithms)(peer_listener_t *this, peer_algorithms_t *ike,
						   peer_algorithms_t *esp);
	/**
	 * DPD exchanges and rekeys so far.
	 */
	void (*get_counts)(peer_listener_t *this, peer_counts_t *out);
	/**
	 * Copy the recorded events.
	 *
	 * @param out			array to fill
	 * @param max			its size
	 * @return				number of events copied
	 */
	size_t (*get_events)(peer_listener_t *this, peer_event_t *out, size_t max);

	/**
	 * @return				IKE retransmissions sent so far
	 */
	unsigned (*get_retransmits)(peer_listener_t *this);

	/**
	 * @return				wall-clock time (ms since the Unix epoch) event offsets count from
	 */
	double (*get_epoch_ms)(peer_listener_t *this);

	/**
	 * Start a new attempt: the outcome goes back to pending and setup time counts from now.
	 */
	void (*reset)(peer_listener_t *this);

	/**
	 * Destroy a peer_listener_t.
	 */
	void (*destroy)(peer_listener_t *this);
};

/**
 * Create a listener.
 *
 * @param initiator		TRUE when we start the exchange (words the failures from our side)
 * @param hint			what the peer is likely to accept, quoted on NO_PROPOSAL_CHOSEN, or NULL
 * @param peer			only IKE_SAs with this peer address count, NULL for all (one peer)
 */
peer_listener_t *peer_listener_create(bool initiator, const char *hint, const char *peer);

#endif /** PEER_LISTENER_H_ @}*/
