/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* peer_creds: the PSK, found through libstrongswan's credential manager by the profile's
 * two identities, as charon looks it up during IKE_AUTH. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <daemon.h>

#include "peer_creds.h"
#include "peer_fixture.h"

static shared_key_t *lookup(const char *me, const char *other)
{
	identification_t *a = identification_create_from_string((char*)me);
	identification_t *b = identification_create_from_string((char*)other);
	shared_key_t *key = lib->credmgr->get_shared(lib->credmgr, SHARED_IKE, a, b);

	a->destroy(a);
	b->destroy(b);
	return key;
}

static void test_psk_by_identity(void **state)
{
	profile_t *p = peer_fixture_profile("");
	char secret[] = "not-a-real-key-0123456789";
	peer_creds_t *creds = peer_creds_create(p, chunk_from_str(secret), "test");
	shared_key_t *key;

	(void)state;
	/* the set holds a clone: the caller may wipe its copy at once */
	memwipe(secret, sizeof(secret));
	lib->credmgr->add_set(lib->credmgr, creds->get_set(creds));

	key = lookup("192.0.2.1", "gw-b");
	assert_non_null(key);
	assert_int_equal(key->get_type(key), SHARED_IKE);
	assert_int_equal(key->get_key(key).len, strlen("not-a-real-key-0123456789"));
	assert_memory_equal(key->get_key(key).ptr, "not-a-real-key-0123456789",
						key->get_key(key).len);
	key->destroy(key);

	/* libstrongswan's best-match rule: one matching owner is enough (the peer_cfg's remote
	 * identity rule is what turns away a peer with another identity) */
	key = lookup("192.0.2.1", "gw-x");
	assert_non_null(key);
	key->destroy(key);
	/* neither identity ours: nothing */
	assert_null(lookup("198.51.100.9", "gw-x"));

	lib->credmgr->remove_set(lib->credmgr, creds->get_set(creds));
	assert_null(lookup("192.0.2.1", "gw-b"));
	creds->destroy(creds);
	profile_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psk_by_identity),
	};

	return cmocka_run_group_tests(tests, peer_fixture_setup, peer_fixture_teardown);
}
