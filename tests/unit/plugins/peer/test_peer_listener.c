/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* peer_listener: the outcome the agent waits for, from the bus events charon would raise,
 * fed with real IKE_SA/CHILD_SA objects created in-process. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <daemon.h>

#include "peer_config.h"
#include "peer_fixture.h"
#include "peer_listener.h"

/* listener_t.alert takes a va_list, as the bus passes it */
static void raise_alert(peer_listener_t *l, ike_sa_t *ike_sa, alert_t alert, ...)
{
	va_list args;

	va_start(args, alert);
	l->listener.alert(&l->listener, ike_sa, alert, args);
	va_end(args);
}

/* the SAs keep a clone of the proposal they are given */
static void set_ike_proposal(ike_sa_t *ike_sa, const char *s)
{
	proposal_t *proposal = proposal_create_from_string(PROTO_IKE, (char*)s);

	ike_sa->set_proposal(ike_sa, proposal);
	proposal->destroy(proposal);
}

static void set_esp_proposal(child_sa_t *child_sa, const char *s)
{
	proposal_t *proposal = proposal_create_from_string(PROTO_ESP, (char*)s);

	child_sa->set_proposal(child_sa, proposal);
	proposal->destroy(proposal);
}

static bool has_event(peer_listener_t *l, const char *name)
{
	peer_event_t events[32];
	size_t n = l->get_events(l, events, 32);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(events[i].name, name))
			return true;
	return false;
}

static void test_pending_until_decided(void **state)
{
	peer_listener_t *l = peer_listener_create(TRUE, NULL, NULL);
	char why[512];

	(void)state;
	assert_int_equal(l->get_outcome(l), PEER_OUTCOME_PENDING);
	assert_true(l->get_setup_ms(l) < 0);
	/* nothing happens: wait gives up after its timeout, still pending */
	assert_int_equal(l->wait(l, PEER_OUTCOME_PENDING, 20), PEER_OUTCOME_PENDING);
	l->get_failure(l, why, sizeof(why));
	assert_string_equal(why, "");
	l->destroy(l);
}

static void test_auth_failure_first_reason_wins(void **state)
{
	peer_listener_t *l = peer_listener_create(TRUE, NULL, NULL);
	char why[512];

	(void)state;
	raise_alert(l, NULL, ALERT_LOCAL_AUTH_FAILED);
	raise_alert(l, NULL, ALERT_HALF_OPEN_TIMEOUT);
	assert_int_equal(l->wait(l, PEER_OUTCOME_PENDING, 1000), PEER_OUTCOME_FAILED);
	l->get_failure(l, why, sizeof(why));
	assert_non_null(strstr(why, "authentication failed: the peer rejected our AUTH payload"));
	assert_true(has_event(l, "AUTH_FAILED"));
	l->destroy(l);
}

static void test_no_proposal_names_both_sides(void **state)
{
	peer_listener_t *l = peer_listener_create(TRUE, "Azure accepts aes256-sha1-modp1024", NULL);
	linked_list_t *offered = linked_list_create_with_items(
		proposal_create_from_string(PROTO_IKE, "aes128-sha256-ecp256"), NULL);
	char why[512];

	(void)state;
	raise_alert(l, NULL, ALERT_PROPOSAL_MISMATCH_IKE, offered);
	assert_int_equal(l->get_outcome(l), PEER_OUTCOME_FAILED);
	l->get_failure(l, why, sizeof(why));
	assert_non_null(strstr(why, "NO_PROPOSAL_CHOSEN for IKE: we offered "
						   "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256"));
	assert_non_null(strstr(why, "Azure accepts aes256-sha1-modp1024"));
	assert_true(has_event(l, "NO_PROPOSAL"));
	offered->destroy_offset(offered, offsetof(proposal_t, destroy));
	l->destroy(l);
}

static void test_retransmits_counted(void **state)
{
	peer_listener_t *l = peer_listener_create(TRUE, NULL, NULL);

	(void)state;
	raise_alert(l, NULL, ALERT_RETRANSMIT_SEND);
	raise_alert(l, NULL, ALERT_RETRANSMIT_SEND);
	assert_int_equal(l->get_retransmits(l), 2);
	assert_int_equal(l->get_outcome(l), PEER_OUTCOME_PENDING);
	l->destroy(l);
}

/* A CHILD_SA coming up makes the outcome UP with the negotiated proposals (text and typed);
 * rekeys are counted; the IKE_SA going down afterwards fails the tunnel. */
static void test_up_then_down(void **state)
{
	profile_t *p = peer_fixture_profile(",\"personality\":\"strongswan\"");
	personality_t *pers = personality_create(p, FALSE);
	peer_config_t *config = peer_config_create(p, pers, TRUE, NULL);
	peer_listener_t *l = peer_listener_create(TRUE, NULL, NULL);
	ike_sa_id_t *id = ike_sa_id_create(IKEV2, 1, 2, TRUE);
	ike_sa_t *ike_sa = ike_sa_create(id, TRUE, IKEV2);
	host_t *me = host_create_from_string("192.0.2.1", 500);
	host_t *other = host_create_from_string("192.0.2.2", 500);
	child_cfg_t *child_cfg = config->get_child_cfg(config);
	child_sa_create_t data = {};
	child_sa_t *child_sa;
	proposal_t *proposal;
	peer_algorithms_t ike_algs, esp_algs;
	peer_counts_t counts;
	char ike[128], esp[128], why[512];

	(void)state;
	assert_non_null(ike_sa);
	/* both keep a clone of the proposal they are given */
	proposal = proposal_create_from_string(PROTO_IKE, "aes256-sha256-modp2048");
	ike_sa->set_proposal(ike_sa, proposal);
	proposal->destroy(proposal);
	child_sa = child_sa_create(me, other, child_cfg, &data);
	proposal = proposal_create_from_string(PROTO_ESP, "aes256gcm16");
	child_sa->set_proposal(child_sa, proposal);
	proposal->destroy(proposal);

	l->listener.child_updown(&l->listener, ike_sa, child_sa, TRUE);
	assert_int_equal(l->wait(l, PEER_OUTCOME_PENDING, 1000), PEER_OUTCOME_UP);
	assert_true(l->get_setup_ms(l) >= 0);
	l->get_proposals(l, ike, sizeof(ike), esp, sizeof(esp));
	assert_string_equal(ike, "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048");
	assert_string_equal(esp, "ESP:AES_GCM_16_256/NO_EXT_SEQ");
	assert_true(has_event(l, "CHILD_SA_UP"));
	/* the same, typed as proposal keywords */
	l->get_algorithms(l, &ike_algs, &esp_algs);
	assert_string_equal(ike_algs.encryption, "aes256");
	assert_string_equal(ike_algs.integrity, "sha256");
	assert_string_equal(ike_algs.prf, "prfsha256");
	assert_string_equal(ike_algs.dh, "modp2048");
	assert_string_equal(esp_algs.encryption, "aes256gcm16");
	assert_string_equal(esp_algs.integrity, "");
	assert_string_equal(esp_algs.dh, "");

	/* rekeys, counted */
	l->listener.child_rekey(&l->listener, ike_sa, child_sa, child_sa);
	l->listener.ike_rekey(&l->listener, ike_sa, ike_sa);
	l->listener.child_rekey(&l->listener, ike_sa, child_sa, child_sa);
	l->get_counts(l, &counts);
	assert_int_equal(counts.child_rekeys, 2);
	assert_int_equal(counts.ike_rekeys, 1);
	assert_true(has_event(l, "IKE_REKEY"));

	l->listener.ike_updown(&l->listener, ike_sa, FALSE);
	assert_int_equal(l->get_outcome(l), PEER_OUTCOME_FAILED);
	l->get_failure(l, why, sizeof(why));
	assert_string_equal(why, "the tunnel went down (the peer deleted its IKE_SA)");

	child_sa->destroy(child_sa);
	child_cfg->destroy(child_cfg);
	ike_sa->destroy(ike_sa);
	id->destroy(id);
	me->destroy(me);
	other->destroy(other);
	l->destroy(l);
	config->destroy(config);
	pers->destroy(pers);
	profile_destroy(p);
}

/* An empty INFORMATIONAL is a DPD: requests sent and answers received are counted, and the
 * answer is an event typed as a response received. */
static void test_dpd_answers(void **state)
{
	peer_listener_t *l = peer_listener_create(TRUE, NULL, NULL);
	ike_sa_id_t *id = ike_sa_id_create(IKEV2, 3, 4, TRUE);
	ike_sa_t *ike_sa = ike_sa_create(id, TRUE, IKEV2);
	message_t *dpd = message_create(IKEV2_MAJOR_VERSION, IKEV2_MINOR_VERSION);
	peer_event_t events[8];
	peer_counts_t counts;
	size_t n;

	(void)state;
	dpd->set_exchange_type(dpd, INFORMATIONAL);
	dpd->set_request(dpd, TRUE);
	l->listener.message(&l->listener, ike_sa, dpd, FALSE, TRUE);
	l->listener.message(&l->listener, ike_sa, dpd, FALSE, TRUE);
	dpd->set_request(dpd, FALSE);
	l->listener.message(&l->listener, ike_sa, dpd, TRUE, TRUE);
	/* the encrypted form of the same message is not counted again */
	l->listener.message(&l->listener, ike_sa, dpd, TRUE, FALSE);

	l->get_counts(l, &counts);
	assert_int_equal(counts.dpd_sent, 2);
	assert_int_equal(counts.dpd_answered, 1);
	n = l->get_events(l, events, 8);
	assert_int_equal(n, 3);
	assert_string_equal(events[0].name, "DPD");
	assert_int_equal(events[0].message, PEER_MSG_REQUEST_SENT);
	assert_int_equal(events[2].message, PEER_MSG_RESPONSE_RECEIVED);
	assert_string_equal(events[2].detail, "response received");

	dpd->destroy(dpd);
	ike_sa->destroy(ike_sa);
	id->destroy(id);
	l->destroy(l);
}

/* A peer that restarts without INITIAL_CONTACT: the tunnel is up on a second IKE_SA while
 * the first, stale one is deleted and its DELETE times out. That must not take the live
 * tunnel down; the live IKE_SA's own death still does. */
static void test_stale_ike_sa_does_not_take_the_tunnel_down(void **state)
{
	profile_t *p = peer_fixture_profile(",\"personality\":\"strongswan\"");
	personality_t *pers = personality_create(p, TRUE);
	peer_config_t *config = peer_config_create(p, pers, FALSE, NULL);
	peer_listener_t *l = peer_listener_create(FALSE, NULL, NULL);
	ike_sa_id_t *id1 = ike_sa_id_create(IKEV2, 1, 2, FALSE);
	ike_sa_id_t *id2 = ike_sa_id_create(IKEV2, 3, 4, FALSE);
	ike_sa_t *stale = ike_sa_create(id1, FALSE, IKEV2);
	ike_sa_t *live = ike_sa_create(id2, FALSE, IKEV2);
	host_t *me = host_create_from_string("192.0.2.2", 500);
	host_t *other = host_create_from_string("192.0.2.1", 500);
	child_cfg_t *child_cfg = config->get_child_cfg(config);
	child_sa_create_t data = {};
	child_sa_t *child1, *child2;
	char why[512];

	(void)state;
	assert_int_not_equal(stale->get_unique_id(stale), live->get_unique_id(live));
	stale->set_other_host(stale, other->clone(other));
	live->set_other_host(live, other->clone(other));
	set_ike_proposal(stale, "aes256-sha256-modp2048");
	set_ike_proposal(live, "aes256-sha256-modp2048");
	child1 = child_sa_create(me, other, child_cfg, &data);
	child2 = child_sa_create(me, other, child_cfg, &data);
	set_esp_proposal(child1, "aes256gcm16");
	set_esp_proposal(child2, "aes256gcm16");
	l->listener.child_updown(&l->listener, stale, child1, TRUE);
	l->listener.child_updown(&l->listener, live, child2, TRUE);
	assert_int_equal(l->get_outcome(l), PEER_OUTCOME_UP);

	raise_alert(l, stale, ALERT_RETRANSMIT_SEND_TIMEOUT, NULL);
	l->listener.ike_updown(&l->listener, stale, FALSE);
	assert_int_equal(l->get_outcome(l), PEER_OUTCOME_UP);
	assert_true(has_event(l, "STALE_SA_GONE"));

	l->listener.ike_updown(&l->listener, live, FALSE);
	assert_int_equal(l->get_outcome(l), PEER_OUTCOME_FAILED);
	l->get_failure(l, why, sizeof(why));
	assert_string_equal(why, "the tunnel went down (the peer deleted its IKE_SA)");

	child1->destroy(child1);
	child2->destroy(child2);
	child_cfg->destroy(child_cfg);
	stale->destroy(stale);
	live->destroy(live);
	id1->destroy(id1);
	id2->destroy(id2);
	me->destroy(me);
	other->destroy(other);
	l->destroy(l);
	config->destroy(config);
	pers->destroy(pers);
	profile_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pending_until_decided),
		cmocka_unit_test(test_auth_failure_first_reason_wins),
		cmocka_unit_test(test_no_proposal_names_both_sides),
		cmocka_unit_test(test_retransmits_counted),
		cmocka_unit_test(test_up_then_down),
		cmocka_unit_test(test_dpd_answers),
		cmocka_unit_test(test_stale_ike_sa_does_not_take_the_tunnel_down),
	};

	return cmocka_run_group_tests(tests, peer_fixture_setup, peer_fixture_teardown);
}
