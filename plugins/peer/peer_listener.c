/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_listener.h"

#include <stdio.h>
#include <time.h>

#include <daemon.h>
#include <threading/condvar.h>
#include <threading/mutex.h>

/* Hours of DPD traffic must not grow memory: keep the first events, count the rest. */
#define PEER_MAX_EVENTS 512

typedef struct private_peer_listener_t private_peer_listener_t;

/**
 * Private data of a peer_listener_t object.
 */
struct private_peer_listener_t {

	/**
	 * Public peer_listener_t interface.
	 */
	peer_listener_t public;

	/**
	 * TRUE if we initiate; decides how failures are worded.
	 */
	bool initiator;

	/**
	 * What the peer probably accepts, quoted on NO_PROPOSAL_CHOSEN (may be NULL).
	 */
	char *hint;

	/**
	 * The peer this listener is about, NULL for any (a process with one connection).
	 */
	host_t *peer;

	/**
	 * Protects everything below; the bus calls us from charon's threads.
	 */
	mutex_t *mutex;

	/**
	 * Signalled whenever the outcome changes.
	 */
	condvar_t *changed;

	/**
	 * When the listener was created; event offsets count from here.
	 */
	struct timespec created;

	/**
	 * The same instant on the wall clock, ms since the epoch.
	 */
	double epoch_ms;

	/**
	 * When the current attempt started (reset() or first IKE_SA_INIT seen), in ms.
	 */
	double attempt_ms;

	/**
	 * Where the tunnel stands, and why it failed.
	 */
	peer_outcome_t outcome;
	char failure[512];

	/**
	 * Why and when the established tunnel went down (PEER_DOWN_NONE while up).
	 */
	peer_down_t down;
	double down_ms;

	/**
	 * TRUE if the last request we sent was a DPD (an empty INFORMATIONAL).
	 */
	bool last_request_dpd;

	/**
	 * Unique id of the IKE_SA that carries the tunnel while it is up, 0 if none. A peer
	 * that restarts without INITIAL_CONTACT leaves a stale IKE_SA to the same address
	 * beside the live one: only the live one's death takes the tunnel down.
	 */
	uint32_t live_ike;

	/**
	 * Setup time of the current attempt, -1 while not up.
	 */
	double setup_ms;

	/**
	 * Negotiated proposals of the last tunnel that came up.
	 */
	char ike_proposal[128], esp_proposal[128];

	/**
	 * The same, typed.
	 */
	peer_algorithms_t ike_algorithms, esp_algorithms;

	/**
	 * DPD exchanges and rekeys.
	 */
	peer_counts_t counts;

	/**
	 * Recorded events, and how many did not fit.
	 */
	peer_event_t *events;
	size_t n_events, dropped;
	/**
	 * Room in events: grows as needed up to PEER_MAX_EVENTS, so that a gateway with
	 * hundreds of connections pays only for the events it saw.
	 */
	size_t cap_events;

	/**
	 * IKE retransmissions sent.
	 */
	unsigned retransmits;
};

static double now_ms(private_peer_listener_t *this)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - this->created.tv_sec) * 1e3 + (ts.tv_nsec - this->created.tv_nsec) / 1e6;
}

/* charon's printf hooks (%P proposals, %R selectors) are registered with glibc at runtime,
 * so the compiler's format check does not know them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static void format_proposal(char *buf, size_t len, proposal_t *proposal)
{
	snprintf(buf, len, "%P", proposal);
}

static void format_proposals(char *buf, size_t len, linked_list_t *list)
{
	enumerator_t *enumerator;
	proposal_t *proposal;
	size_t used = 0;

	buf[0] = '\0';
	if (!list)
		return;
	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &proposal) && used < len)
		used += snprintf(buf + used, len - used, "%s%P", used ? ", " : "", proposal);
	enumerator->destroy(enumerator);
}

static void format_selectors(char *buf, size_t len, linked_list_t *list)
{
	snprintf(buf, len, "%#R", list);
}

static void format_child_ts(char *buf, size_t len, child_sa_t *child_sa)
{
	linked_list_t *local, *remote;

	local = linked_list_create_from_enumerator(child_sa->create_ts_enumerator(child_sa, TRUE));
	remote = linked_list_create_from_enumerator(child_sa->create_ts_enumerator(child_sa, FALSE));
	snprintf(buf, len, "%#R === %#R", local, remote);
	local->destroy(local);
	remote->destroy(remote);
}
#pragma GCC diagnostic pop

/* strongSwan's proposal keywords for the algorithms gateways commonly negotiate (key size 0:
 * any). */
static const struct {
	transform_type_t type;
	uint16_t alg, key_size;
	const char *keyword;
} peer_keywords[] = {
	{ ENCRYPTION_ALGORITHM, ENCR_AES_GCM_ICV16, 128, "aes128gcm16" },
	{ ENCRYPTION_ALGORITHM, ENCR_AES_GCM_ICV16, 192, "aes192gcm16" },
	{ ENCRYPTION_ALGORITHM, ENCR_AES_GCM_ICV16, 256, "aes256gcm16" },
	{ ENCRYPTION_ALGORITHM, ENCR_AES_CBC, 128, "aes128" },
	{ ENCRYPTION_ALGORITHM, ENCR_AES_CBC, 192, "aes192" },
	{ ENCRYPTION_ALGORITHM, ENCR_AES_CBC, 256, "aes256" },
	{ ENCRYPTION_ALGORITHM, ENCR_3DES, 0, "3des" },
	{ ENCRYPTION_ALGORITHM, ENCR_DES, 0, "des" },
	{ INTEGRITY_ALGORITHM, AUTH_HMAC_SHA2_256_128, 0, "sha256" },
	{ INTEGRITY_ALGORITHM, AUTH_HMAC_SHA2_384_192, 0, "sha384" },
	{ INTEGRITY_ALGORITHM, AUTH_HMAC_SHA2_512_256, 0, "sha512" },
	{ INTEGRITY_ALGORITHM, AUTH_HMAC_SHA1_96, 0, "sha1" },
	{ INTEGRITY_ALGORITHM, AUTH_HMAC_MD5_96, 0, "md5" },
	{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_SHA2_256, 0, "prfsha256" },
	{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_SHA2_384, 0, "prfsha384" },
	{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_SHA2_512, 0, "prfsha512" },
	{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_SHA1, 0, "prfsha1" },
	{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_MD5, 0, "prfmd5" },
	{ KEY_EXCHANGE_METHOD, MODP_768_BIT, 0, "modp768" },
	{ KEY_EXCHANGE_METHOD, MODP_1024_BIT, 0, "modp1024" },
	{ KEY_EXCHANGE_METHOD, MODP_1536_BIT, 0, "modp1536" },
	{ KEY_EXCHANGE_METHOD, MODP_2048_BIT, 0, "modp2048" },
	{ KEY_EXCHANGE_METHOD, MODP_3072_BIT, 0, "modp3072" },
	{ KEY_EXCHANGE_METHOD, MODP_4096_BIT, 0, "modp4096" },
	{ KEY_EXCHANGE_METHOD, MODP_2048_256, 0, "modp2048s256" },
	{ KEY_EXCHANGE_METHOD, ECP_256_BIT, 0, "ecp256" },
	{ KEY_EXCHANGE_METHOD, ECP_384_BIT, 0, "ecp384" },
	{ KEY_EXCHANGE_METHOD, ECP_521_BIT, 0, "ecp521" },
	{ KEY_EXCHANGE_METHOD, CURVE_25519, 0, "curve25519" },
	{ KEY_EXCHANGE_METHOD, CURVE_448, 0, "curve448" },
};

/* The keyword of a proposal's (first) algorithm of one kind, "" if none or not listed. */
static void keyword_of(proposal_t *proposal, transform_type_t type, char *buf, size_t len)
{
	uint16_t alg, key_size;

	buf[0] = '\0';
	if (!proposal || !proposal->get_algorithm(proposal, type, &alg, &key_size))
		return;
	for (size_t i = 0; i < countof(peer_keywords); i++)
	{
		if (peer_keywords[i].type == type && peer_keywords[i].alg == alg &&
			(!peer_keywords[i].key_size || peer_keywords[i].key_size == key_size))
		{
			snprintf(buf, len, "%s", peer_keywords[i].keyword);
			return;
		}
	}
}

static void algorithms_of(proposal_t *proposal, peer_algorithms_t *out)
{
	keyword_of(proposal, ENCRYPTION_ALGORITHM, out->encryption, sizeof(out->encryption));
	keyword_of(proposal, INTEGRITY_ALGORITHM, out->integrity, sizeof(out->integrity));
	keyword_of(proposal, PSEUDO_RANDOM_FUNCTION, out->prf, sizeof(out->prf));
	keyword_of(proposal, KEY_EXCHANGE_METHOD, out->dh, sizeof(out->dh));
}

/* Call with the mutex held. @return the event, NULL if it did not fit */
static peer_event_t *add_event(private_peer_listener_t *this, const char *name,
							   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static peer_event_t *add_event(private_peer_listener_t *this, const char *name,
							   const char *fmt, ...)
{
	peer_event_t *event;
	va_list args;

	if (this->n_events == this->cap_events)
	{
		size_t cap = this->cap_events ? 2 * this->cap_events : 16;
		peer_event_t *more;

		more = cap <= PEER_MAX_EVENTS ? realloc(this->events, cap * sizeof(*more)) : NULL;
		if (!more)
		{
			this->dropped++;
			return NULL;
		}
		this->events = more;
		this->cap_events = cap;
	}
	event = &this->events[this->n_events++];
	event->offset_ms = now_ms(this);
	snprintf(event->name, sizeof(event->name), "%s", name);
	event->message = PEER_MSG_NONE;
	va_start(args, fmt);
	vsnprintf(event->detail, sizeof(event->detail), fmt, args);
	va_end(args);
	return event;
}

/* Call with the mutex held. The first reason given wins: it is the cause, later ones are
 * consequences (e.g. AUTHENTICATION_FAILED, then the IKE_SA going down). */
static void set_failed(private_peer_listener_t *this, const char *reason)
{
	if (this->outcome != PEER_OUTCOME_FAILED || !this->failure[0])
		snprintf(this->failure, sizeof(this->failure), "%s", reason);
	this->outcome = PEER_OUTCOME_FAILED;
	this->changed->broadcast(this->changed);
}

/* Call with the mutex held, while the tunnel is still up: the first cause is kept. */
static void set_down(private_peer_listener_t *this, peer_down_t down)
{
	if (this->down != PEER_DOWN_NONE)
		return;
	this->down = down;
	this->down_ms = now_ms(this);
}

/* An agent with several connections has one listener per peer: each keeps to its own. */
static bool mine(private_peer_listener_t *this, ike_sa_t *ike_sa)
{
	if (!this->peer)
		return TRUE;
	return ike_sa && ike_sa->get_other_host(ike_sa) &&
		   this->peer->ip_equals(this->peer, ike_sa->get_other_host(ike_sa));
}

/* Call with the mutex held. TRUE when the tunnel is up on another IKE_SA than this one:
 * this one's death (a stale SA's delete timing out, say) does not take the tunnel down. */
static bool stale(private_peer_listener_t *this, ike_sa_t *ike_sa)
{
	return this->outcome == PEER_OUTCOME_UP && this->live_ike && ike_sa &&
		   ike_sa->get_unique_id(ike_sa) != this->live_ike;
}

static bool is_dpd(message_t *message)
{
	enumerator_t *enumerator = message->create_payload_enumerator(message);
	payload_t *payload;
	bool empty = !enumerator->enumerate(enumerator, &payload);

	enumerator->destroy(enumerator);
	return message->get_exchange_type(message) == INFORMATIONAL && empty;
}

/* Call with the mutex held. The responder answered our CHILD_SA request with
 * TS_UNACCEPTABLE: it does not take (or narrow) the selectors we proposed. */
static void ts_refused(private_peer_listener_t *this)
{
	const char *reason = this->initiator ?
		"traffic selectors refused: the peer answered TS_UNACCEPTABLE to our subnets "
		"(check local/remote subnets on both sides)" :
		"traffic selectors refused: the peer answered TS_UNACCEPTABLE to the any-to-any "
		"selectors (0.0.0.0/0 both ways) a route-based Azure gateway proposes; it must "
		"narrow them to its subnets (libreswan: narrowing=yes) or be route-based itself";

	add_event(this, "TS_UNACCEPTABLE", "%s", reason);
	set_failed(this, reason);
}

METHOD(listener_t, message_hook, bool,
	private_peer_listener_t *this, ike_sa_t *ike_sa, message_t *message, bool incoming,
	bool plain)
{
	exchange_type_t type = message->get_exchange_type(message);
	bool request = message->get_request(message);
	peer_event_t *event;
	bool dpd;

	/* the message knows its peer even before the IKE_SA does (responder) */
	if (!plain || (this->peer && !this->peer->ip_equals(this->peer,
			incoming ? message->get_source(message) : message->get_destination(message))))
		return TRUE;
	dpd = is_dpd(message);
	this->mutex->lock(this->mutex);
	/* a responder's attempt starts with the request; so does an initiator's new attempt
	 * after a failure (DPD restart), which no reset() announced */
	if (type == IKE_SA_INIT && request &&
		(incoming ? this->attempt_ms < 0 : this->outcome == PEER_OUTCOME_FAILED))
		this->attempt_ms = now_ms(this);
	if (request && !incoming && !stale(this, ike_sa))
		this->last_request_dpd = dpd;
	event = add_event(this, dpd ? "DPD" : enum_to_name(exchange_type_names, type), "%s %s",
					  request ? "request" : "response", incoming ? "received" : "sent");
	if (event)
		event->message = request ? (incoming ? PEER_MSG_REQUEST_RECEIVED : PEER_MSG_REQUEST_SENT)
								 : (incoming ? PEER_MSG_RESPONSE_RECEIVED : PEER_MSG_RESPONSE_SENT);
	if (dpd && request && !incoming)
		this->counts.dpd_sent++;
	else if (dpd && !request && incoming)
		this->counts.dpd_answered++;
	if (incoming && !request && message->get_notify(message, TS_UNACCEPTABLE))
		ts_refused(this);
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_peer_listener_t *this, ike_sa_t *ike_sa, ike_sa_state_t state)
{
	if (!mine(this, ike_sa))
		return TRUE;
	this->mutex->lock(this->mutex);
	add_event(this, "IKE_STATE", "IKE_SA %s[%u] %s", ike_sa->get_name(ike_sa),
			  ike_sa->get_unique_id(ike_sa), enum_to_name(ike_sa_state_names, state));
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(listener_t, child_updown, bool,
	private_peer_listener_t *this, ike_sa_t *ike_sa, child_sa_t *child_sa, bool up)
{
	char ts[200];

	if (!mine(this, ike_sa))
		return TRUE;
	this->mutex->lock(this->mutex);
	if (up)
	{
		format_proposal(this->ike_proposal, sizeof(this->ike_proposal),
						ike_sa->get_proposal(ike_sa));
		format_proposal(this->esp_proposal, sizeof(this->esp_proposal),
						child_sa->get_proposal(child_sa));
		algorithms_of(ike_sa->get_proposal(ike_sa), &this->ike_algorithms);
		algorithms_of(child_sa->get_proposal(child_sa), &this->esp_algorithms);
		format_child_ts(ts, sizeof(ts), child_sa);
		this->setup_ms = now_ms(this) - (this->attempt_ms < 0 ? 0 : this->attempt_ms);
		add_event(this, "CHILD_SA_UP", "%s %s, %s", child_sa->get_name(child_sa), ts,
				  this->esp_proposal);
		this->outcome = PEER_OUTCOME_UP;
		this->live_ike = ike_sa->get_unique_id(ike_sa);
		this->failure[0] = '\0';
		this->down = PEER_DOWN_NONE;
		this->changed->broadcast(this->changed);
	}
	else
		add_event(this, "CHILD_SA_DOWN", "%s", child_sa->get_name(child_sa));
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(listener_t, ike_updown, bool,
	private_peer_listener_t *this, ike_sa_t *ike_sa, bool up)
{
	if (!mine(this, ike_sa))
		return TRUE;
	this->mutex->lock(this->mutex);
	add_event(this, up ? "IKE_SA_UP" : "IKE_SA_DOWN", "%s[%u]", ike_sa->get_name(ike_sa),
			  ike_sa->get_unique_id(ike_sa));
	if (!up && this->outcome == PEER_OUTCOME_UP && !stale(this, ike_sa))
	{
		set_down(this, PEER_DOWN_DELETED);
		set_failed(this, "the tunnel went down (the peer deleted its IKE_SA)");
	}
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(listener_t, ike_rekey, bool,
	private_peer_listener_t *this, ike_sa_t *old, ike_sa_t *new)
{
	if (!mine(this, old))
		return TRUE;
	this->mutex->lock(this->mutex);
	this->counts.ike_rekeys++;
	add_event(this, "IKE_REKEY", "IKE_SA %s[%u] replaced by [%u]", old->get_name(old),
			  old->get_unique_id(old), new->get_unique_id(new));
	if (this->live_ike == old->get_unique_id(old))
		this->live_ike = new->get_unique_id(new);
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(listener_t, child_rekey, bool,
	private_peer_listener_t *this, ike_sa_t *ike_sa, child_sa_t *old, child_sa_t *new)
{
	if (!mine(this, ike_sa))
		return TRUE;
	this->mutex->lock(this->mutex);
	this->counts.child_rekeys++;
	add_event(this, "CHILD_REKEY", "CHILD_SA %s{%u} replaced by {%u}", old->get_name(old),
			  old->get_unique_id(old), new->get_unique_id(new));
	this->mutex->unlock(this->mutex);
	return TRUE;
}

static void proposal_mismatch(private_peer_listener_t *this, const char *what,
							  linked_list_t *list)
{
	char offered[300], reason[400];

	format_proposals(offered, sizeof(offered), list);
	if (this->initiator)
		snprintf(reason, sizeof(reason), "NO_PROPOSAL_CHOSEN for %s: we offered %s; the "
				 "peer accepts none of them%s%s", what, offered,
				 this->hint ? "; " : "", this->hint ?: "");
	else
		snprintf(reason, sizeof(reason), "NO_PROPOSAL_CHOSEN for %s: the peer offered %s; "
				 "we accept %s", what, offered, this->hint ?: "other proposals");
	add_event(this, "NO_PROPOSAL", "%s", reason);
	set_failed(this, reason);
}

static void ts_mismatch(private_peer_listener_t *this, va_list args)
{
	linked_list_t *tsi = va_arg(args, linked_list_t*);
	linked_list_t *tsr = va_arg(args, linked_list_t*);
	char a[150], b[150], reason[512];

	format_selectors(a, sizeof(a), tsi);
	format_selectors(b, sizeof(b), tsr);
	snprintf(reason, sizeof(reason), "traffic selectors unacceptable: proposed %s === %s "
			 "does not fit the %s subnets (check local/remote subnets on both sides)", a, b,
			 this->initiator ? "peer's" : "configured");
	add_event(this, "TS_UNACCEPTABLE", "%s", reason);
	set_failed(this, reason);
}

static void unreachable(private_peer_listener_t *this, ike_sa_t *ike_sa)
{
	char reason[300];
	host_t *other = ike_sa ? ike_sa->get_other_host(ike_sa) : NULL;
	bool was_up = this->outcome == PEER_OUTCOME_UP;

	if (stale(this, ike_sa))
	{
		add_event(this, "STALE_SA_GONE", "IKE_SA [%u] got no answer; the tunnel is up on "
				  "IKE_SA [%u], which the peer answers", ike_sa->get_unique_id(ike_sa),
				  this->live_ike);
		return;
	}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
	if (was_up)
		set_down(this, this->last_request_dpd ? PEER_DOWN_DPD_TIMEOUT :
											   PEER_DOWN_REQUEST_TIMEOUT);
	if (was_up && this->last_request_dpd)
		snprintf(reason, sizeof(reason), "peer %H declared dead: no answer to dead peer "
				 "detection (DPD timeout)", other);
	else if (was_up)
		snprintf(reason, sizeof(reason), "peer %H declared dead: no answer to retransmitted "
				 "requests", other);
	else
		snprintf(reason, sizeof(reason), "peer unreachable: no answer from %H to "
				 "IKE_SA_INIT (address, UDP 500/4500 filtered, or no IKE daemon there)",
				 other);
#pragma GCC diagnostic pop
	add_event(this, was_up ? "PEER_DEAD" : "UNREACHABLE", "%s", reason);
	set_failed(this, reason);
}

METHOD(listener_t, alert, bool,
	private_peer_listener_t *this, ike_sa_t *ike_sa, alert_t alert, va_list args)
{
	if (!mine(this, ike_sa))
		return TRUE;
	this->mutex->lock(this->mutex);
	switch (alert)
	{
		case ALERT_LOCAL_AUTH_FAILED:
			add_event(this, "AUTH_FAILED", "our authentication was rejected");
			set_failed(this, "authentication failed: the peer rejected our AUTH payload "
					   "(pre-shared key mismatch? identity not known to the peer?)");
			break;
		case ALERT_PEER_AUTH_FAILED:
			add_event(this, "AUTH_FAILED", "the peer's AUTH payload did not verify");
			set_failed(this, "authentication failed: the peer's AUTH payload does not "
					   "verify with our pre-shared key (pre-shared key mismatch?)");
			break;
		case ALERT_PROPOSAL_MISMATCH_IKE:
			proposal_mismatch(this, "IKE", va_arg(args, linked_list_t*));
			break;
		case ALERT_PROPOSAL_MISMATCH_CHILD:
			proposal_mismatch(this, "ESP", va_arg(args, linked_list_t*));
			break;
		case ALERT_TS_MISMATCH:
			ts_mismatch(this, args);
			break;
		case ALERT_RETRANSMIT_SEND:
			this->retransmits++;
			add_event(this, "RETRANSMIT", "retransmitting a request");
			break;
		case ALERT_PEER_INIT_UNREACHABLE:
		case ALERT_RETRANSMIT_SEND_TIMEOUT:
			unreachable(this, ike_sa);
			break;
		case ALERT_INSTALL_CHILD_SA_FAILED:
		case ALERT_INSTALL_CHILD_POLICY_FAILED:
			set_failed(this, "installing the CHILD_SA failed in the kernel (try "
					   "--datapath libipsec if this kernel has no ESP)");
			break;
		case ALERT_HALF_OPEN_TIMEOUT:
			if (stale(this, ike_sa))
				break;
			set_failed(this, "the IKE_SA stayed half-open: the peer stopped answering");
			break;
		default:
			break;
	}
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(peer_listener_t, wait_, peer_outcome_t,
	private_peer_listener_t *this, peer_outcome_t from, int timeout_ms)
{
	timeval_t deadline;
	peer_outcome_t outcome;

	time_monotonic(&deadline);
	timeval_add_ms(&deadline, timeout_ms);
	this->mutex->lock(this->mutex);
	while (this->outcome == from)
	{
		if (this->changed->timed_wait_abs(this->changed, this->mutex, deadline))
			break;
	}
	outcome = this->outcome;
	this->mutex->unlock(this->mutex);
	return outcome;
}

METHOD(peer_listener_t, get_outcome, peer_outcome_t,
	private_peer_listener_t *this)
{
	peer_outcome_t outcome;

	this->mutex->lock(this->mutex);
	outcome = this->outcome;
	this->mutex->unlock(this->mutex);
	return outcome;
}

METHOD(peer_listener_t, get_failure, void,
	private_peer_listener_t *this, char *buf, size_t len)
{
	this->mutex->lock(this->mutex);
	snprintf(buf, len, "%s", this->failure);
	this->mutex->unlock(this->mutex);
}

METHOD(peer_listener_t, get_down, peer_down_t,
	private_peer_listener_t *this, double *offset_ms)
{
	peer_down_t down;

	this->mutex->lock(this->mutex);
	down = this->down;
	if (offset_ms)
		*offset_ms = this->down_ms;
	this->mutex->unlock(this->mutex);
	return down;
}

const char *peer_down_name(peer_down_t down)
{
	switch (down)
	{
		case PEER_DOWN_DPD_TIMEOUT:
			return "dpd_timeout";
		case PEER_DOWN_REQUEST_TIMEOUT:
			return "request_timeout";
		case PEER_DOWN_DELETED:
			return "deleted";
		case PEER_DOWN_NONE:
		default:
			return "none";
	}
}

METHOD(peer_listener_t, get_setup_ms, double,
	private_peer_listener_t *this)
{
	double ms;

	this->mutex->lock(this->mutex);
	ms = this->setup_ms;
	this->mutex->unlock(this->mutex);
	return ms;
}

METHOD(peer_listener_t, get_algorithms, void,
	private_peer_listener_t *this, peer_algorithms_t *ike, peer_algorithms_t *esp)
{
	this->mutex->lock(this->mutex);
	*ike = this->ike_algorithms;
	*esp = this->esp_algorithms;
	this->mutex->unlock(this->mutex);
}

METHOD(peer_listener_t, get_counts, void,
	private_peer_listener_t *this, peer_counts_t *out)
{
	this->mutex->lock(this->mutex);
	*out = this->counts;
	this->mutex->unlock(this->mutex);
}

METHOD(peer_listener_t, get_proposals, void,
	private_peer_listener_t *this, char *ike, size_t ike_len, char *esp, size_t esp_len)
{
	this->mutex->lock(this->mutex);
	snprintf(ike, ike_len, "%s", this->ike_proposal);
	snprintf(esp, esp_len, "%s", this->esp_proposal);
	this->mutex->unlock(this->mutex);
}

METHOD(peer_listener_t, get_events, size_t,
	private_peer_listener_t *this, peer_event_t *out, size_t max)
{
	size_t n;

	this->mutex->lock(this->mutex);
	n = this->n_events < max ? this->n_events : max;
	if (n)
		memcpy(out, this->events, n * sizeof(*out));
	this->mutex->unlock(this->mutex);
	return n;
}

METHOD(peer_listener_t, get_retransmits, unsigned,
	private_peer_listener_t *this)
{
	unsigned n;

	this->mutex->lock(this->mutex);
	n = this->retransmits;
	this->mutex->unlock(this->mutex);
	return n;
}

METHOD(peer_listener_t, get_epoch_ms, double,
	private_peer_listener_t *this)
{
	return this->epoch_ms;
}

METHOD(peer_listener_t, reset, void,
	private_peer_listener_t *this)
{
	this->mutex->lock(this->mutex);
	this->outcome = PEER_OUTCOME_PENDING;
	this->failure[0] = '\0';
	this->down = PEER_DOWN_NONE;
	this->setup_ms = -1;
	this->attempt_ms = now_ms(this);
	this->mutex->unlock(this->mutex);
}

METHOD(peer_listener_t, destroy, void,
	private_peer_listener_t *this)
{
	this->changed->destroy(this->changed);
	this->mutex->destroy(this->mutex);
	DESTROY_IF(this->peer);
	free(this->hint);
	free(this->events);
	free(this);
}

peer_listener_t *peer_listener_create(bool initiator, const char *hint, const char *peer)
{
	private_peer_listener_t *this;
	struct timespec wall;

	INIT(this,
		.public = {
			.listener = {
				.message = _message_hook,
				.ike_state_change = _ike_state_change,
				.child_updown = _child_updown,
				.ike_updown = _ike_updown,
				.ike_rekey = _ike_rekey,
				.child_rekey = _child_rekey,
				.alert = _alert,
			},
			.wait = _wait_,
			.get_outcome = _get_outcome,
			.get_failure = _get_failure,
			.get_down = _get_down,
			.get_setup_ms = _get_setup_ms,
			.get_proposals = _get_proposals,
			.get_algorithms = _get_algorithms,
			.get_counts = _get_counts,
			.get_events = _get_events,
			.get_retransmits = _get_retransmits,
			.get_epoch_ms = _get_epoch_ms,
			.reset = _reset,
			.destroy = _destroy,
		},
		.initiator = initiator,
		.hint = hint ? strdup(hint) : NULL,
		.peer = peer ? host_create_from_string((char*)peer, 0) : NULL,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.changed = condvar_create(CONDVAR_TYPE_DEFAULT),
		.outcome = PEER_OUTCOME_PENDING,
		.setup_ms = -1,
		.attempt_ms = -1,
	);
	clock_gettime(CLOCK_REALTIME, &wall);
	clock_gettime(CLOCK_MONOTONIC, &this->created);
	this->epoch_ms = wall.tv_sec * 1e3 + wall.tv_nsec / 1e6;
	return &this->public;
}
