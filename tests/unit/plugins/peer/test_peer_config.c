/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* peer_config: the peer_cfg_t and child_cfg_t a profile becomes, read back through
 * libcharon's own getters. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <daemon.h>

#include "peer_config.h"
#include "peer_fixture.h"

/* Item i of a list, NULL past its end. */
static void *nth(linked_list_t *list, int i)
{
	enumerator_t *enumerator = list->create_enumerator(list);
	void *item, *found = NULL;

	while (!found && enumerator->enumerate(enumerator, &item))
		if (i-- == 0)
			found = item;
	enumerator->destroy(enumerator);
	return found;
}

/* The proposal at index i of a list equals the one charon parses from text. */
static void assert_proposal(linked_list_t *list, int i, protocol_id_t proto, const char *text)
{
	proposal_t *want = proposal_create_from_string(proto, (char*)text);
	proposal_t *got = nth(list, i);

	assert_non_null(want);
	assert_non_null(got);
	assert_true(want->equals(want, got));
	want->destroy(want);
}

static void assert_identity(peer_cfg_t *peer_cfg, bool local, const char *id)
{
	enumerator_t *enumerator = peer_cfg->create_auth_cfg_enumerator(peer_cfg, local);
	identification_t *want = identification_create_from_string((char*)id);
	auth_cfg_t *auth;

	assert_true(enumerator->enumerate(enumerator, &auth));
	assert_int_equal((uintptr_t)auth->get(auth, AUTH_RULE_AUTH_CLASS), AUTH_CLASS_PSK);
	assert_true(want->equals(want, auth->get(auth, AUTH_RULE_IDENTITY)));
	assert_false(enumerator->enumerate(enumerator, &auth));
	enumerator->destroy(enumerator);
	want->destroy(want);
}

static void assert_selectors(child_cfg_t *child_cfg, bool local, const char *const *cidrs,
							 int n)
{
	linked_list_t *list = child_cfg->get_traffic_selectors(child_cfg, local, NULL, NULL, FALSE);
	assert_int_equal(list->get_count(list), n);
	for (int i = 0; i < n; i++)
	{
		traffic_selector_t *want = traffic_selector_create_from_cidr((char*)cidrs[i], 0, 0,
																	 65535);
		traffic_selector_t *ts = nth(list, i);

		assert_non_null(ts);
		assert_true(want->equals(want, ts));
		want->destroy(want);
	}
	list->destroy_offset(list, offsetof(traffic_selector_t, destroy));
}

/* `up` with a strongswan personality: the profile's proposals, selectors, DPD, lifetimes. */
static void test_initiator_from_profile(void **state)
{
	static const char *const local[] = { "10.1.0.0/24" };
	static const char *const remote[] = { "10.2.0.0/24", "10.3.0.0/16" };
	profile_t *p = peer_fixture_profile(",\"personality\":\"strongswan\","
		"\"ike\":{\"proposals\":[\"aes256-sha256-modp2048\",\"aes128-sha1-modp1024\"],"
		"\"lifetime_s\":3600,\"dpd_delay_s\":7,\"dpd_timeout_s\":30},"
		"\"esp\":{\"proposals\":[\"aes256gcm16-modp2048\"],\"lifetime_s\":1800}");
	personality_t *pers = personality_create(p, FALSE);
	peer_config_t *config = peer_config_create(p, pers, TRUE, NULL);
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	ike_cfg_t *ike_cfg;
	lifetime_cfg_t *life;
	linked_list_t *list;

	(void)state;
	assert_non_null(config);
	peer_cfg = config->get_peer_cfg(config);
	child_cfg = config->get_child_cfg(config);
	ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);

	assert_string_equal(peer_cfg->get_name(peer_cfg), "onprem-to-b");
	assert_string_equal(ike_cfg->get_my_addr(ike_cfg), "192.0.2.1");
	assert_string_equal(ike_cfg->get_other_addr(ike_cfg), "192.0.2.2");
	list = ike_cfg->get_proposals(ike_cfg);
	assert_int_equal(list->get_count(list), 2);
	assert_proposal(list, 0, PROTO_IKE, "aes256-sha256-modp2048");
	assert_proposal(list, 1, PROTO_IKE, "aes128-sha1-modp1024");
	list->destroy_offset(list, offsetof(proposal_t, destroy));
	list = child_cfg->get_proposals(child_cfg, FALSE);
	assert_int_equal(list->get_count(list), 1);
	assert_proposal(list, 0, PROTO_ESP, "aes256gcm16-modp2048");
	list->destroy_offset(list, offsetof(proposal_t, destroy));

	assert_identity(peer_cfg, TRUE, "192.0.2.1");
	assert_identity(peer_cfg, FALSE, "gw-b");
	assert_selectors(child_cfg, TRUE, local, 1);
	assert_selectors(child_cfg, FALSE, remote, 2);

	/* DPD every 7 s; IKE rekeys at 90% with 5% jitter, ESP the same */
	assert_int_equal(peer_cfg->get_dpd(peer_cfg), 7);
	assert_int_equal(peer_cfg->get_rekey_time(peer_cfg, FALSE), 3600 - 360);
	assert_int_equal(peer_cfg->get_over_time(peer_cfg), 360);
	life = child_cfg->get_lifetime(child_cfg, FALSE);
	assert_int_equal(life->time.life, 1800);
	assert_int_equal(life->time.rekey, 1800 - 180);
	free(life);
	/* the on-prem side keeps its tunnel: retries for ever, restarts after a dead peer */
	assert_int_equal(peer_cfg->get_keyingtries(peer_cfg), 0);
	assert_int_equal(child_cfg->get_dpd_action(child_cfg), ACTION_START);

	child_cfg->destroy(child_cfg);
	peer_cfg->destroy(peer_cfg);
	config->destroy(config);
	pers->destroy(pers);
	profile_destroy(p);
}

/* `simulate` as an Azure responder: Azure's IKE defaults, one try, no restart. */
static void test_azure_responder_defaults(void **state)
{
	profile_t *p = peer_fixture_profile("");
	personality_t *pers = personality_create(p, TRUE);
	peer_config_t *config = peer_config_create(p, pers, FALSE, NULL);
	backend_t *backend;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	ike_cfg_t *ike_cfg;
	linked_list_t *list;

	(void)state;
	assert_non_null(config);
	assert_string_equal(pers->get_name(pers), "azure");
	peer_cfg = config->get_peer_cfg(config);
	child_cfg = config->get_child_cfg(config);
	ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	list = ike_cfg->get_proposals(ike_cfg);
	assert_int_equal(list->get_count(list), 6);
	assert_proposal(list, 0, PROTO_IKE, "aes256-sha1-modp1024");
	assert_proposal(list, 5, PROTO_IKE, "3des-sha256-modp1024");
	list->destroy_offset(list, offsetof(proposal_t, destroy));
	list = child_cfg->get_proposals(child_cfg, FALSE);
	assert_proposal(list, 0, PROTO_ESP, "aes256gcm16");
	list->destroy_offset(list, offsetof(proposal_t, destroy));
	assert_int_equal(peer_cfg->get_keyingtries(peer_cfg), 1);
	assert_int_equal(child_cfg->get_dpd_action(child_cfg), ACTION_NONE);

	/* the backend answers for its one connection by name, and for no other */
	backend = &config->backend;
	peer_cfg->destroy(peer_cfg);
	peer_cfg = backend->get_peer_cfg_by_name(backend, "onprem-to-b");
	assert_non_null(peer_cfg);
	peer_cfg->destroy(peer_cfg);
	assert_null(backend->get_peer_cfg_by_name(backend, "other"));

	child_cfg->destroy(child_cfg);
	config->destroy(config);
	pers->destroy(pers);
	profile_destroy(p);
}

/* `simulate` as a route-based Azure gateway initiates with any-to-any selectors, while as
 * responder it still accepts only the profile's subnets (the peer_cfg's child). */
static void test_azure_initiates_any_to_any(void **state)
{
	static const char *const any[] = { "0.0.0.0/0" };
	static const char *const local[] = { "10.1.0.0/24" };
	static const char *const remote[] = { "10.2.0.0/24", "10.3.0.0/16" };
	profile_t *p = peer_fixture_profile(",\"connection_mode\":\"InitiatorOnly\"");
	personality_t *pers = personality_create(p, TRUE);
	peer_config_t *config = peer_config_create(p, pers, FALSE, NULL);
	child_cfg_t *initiate, *respond;
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;

	(void)state;
	assert_non_null(config);
	assert_true(pers->initiates_any(pers));
	initiate = config->get_child_cfg(config);
	assert_selectors(initiate, TRUE, any, 1);
	assert_selectors(initiate, FALSE, any, 1);
	peer_cfg = config->get_peer_cfg(config);
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	assert_true(enumerator->enumerate(enumerator, &respond));
	assert_true(respond != initiate);
	assert_selectors(respond, TRUE, local, 1);
	assert_selectors(respond, FALSE, remote, 2);
	assert_false(enumerator->enumerate(enumerator, &respond));
	enumerator->destroy(enumerator);

	initiate->destroy(initiate);
	peer_cfg->destroy(peer_cfg);
	config->destroy(config);
	pers->destroy(pers);
	profile_destroy(p);
}

/* Route-based: one child_cfg proposes and accepts 0/0 both ways, bound to its XFRM
 * interface by if_id (or to its VTI by mark), on the peer_cfg and for initiating alike. */
static void assert_route_bound(const peer_route_t *route, uint32_t if_id, uint32_t mark)
{
	static const char *const any[] = { "0.0.0.0/0" };
	profile_t *p = peer_fixture_profile(",\"route_based\":{}");
	personality_t *pers = personality_create(p, TRUE);
	peer_config_t *config = peer_config_create(p, pers, FALSE, route);
	child_cfg_t *initiate, *respond;
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;

	assert_non_null(config);
	initiate = config->get_child_cfg(config);
	peer_cfg = config->get_peer_cfg(config);
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	assert_true(enumerator->enumerate(enumerator, &respond));
	enumerator->destroy(enumerator);
	assert_ptr_equal(respond, initiate);
	assert_selectors(respond, TRUE, any, 1);
	assert_selectors(respond, FALSE, any, 1);
	for (int in = 0; in < 2; in++)
	{
		mark_t m = respond->get_mark(respond, in);

		assert_int_equal(respond->get_if_id(respond, in), if_id);
		assert_int_equal(m.value, mark);
		assert_int_equal(m.mask, mark ? 0xffffffff : 0);
	}
	initiate->destroy(initiate);
	peer_cfg->destroy(peer_cfg);
	config->destroy(config);
	pers->destroy(pers);
	profile_destroy(p);
}

static void test_route_based_xfrmi_and_vti(void **state)
{
	(void)state;
	assert_route_bound(&(peer_route_t){ .if_id = 0x78701234 }, 0x78701234, 0);
	assert_route_bound(&(peer_route_t){ .mark = 42 }, 0, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_azure_initiates_any_to_any),
		cmocka_unit_test(test_initiator_from_profile),
		cmocka_unit_test(test_azure_responder_defaults),
		cmocka_unit_test(test_route_based_xfrmi_and_vti),
	};

	return cmocka_run_group_tests(tests, peer_fixture_setup, peer_fixture_teardown);
}
