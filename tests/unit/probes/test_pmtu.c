/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pmtu.h"
#include "stamp_sender.h"
#include "test_util.h"

static void test_esp_overhead_gcm_natt(void **state)
{
	pmtu_esp_t e;

	(void)state;
	/* 1400 inner, aes256gcm16, NAT-T: 20 + 8 + 8 + 8 IV + pad to 4 (1402 -> 1404: 4) + 16 */
	assert_int_equal(pmtu_esp_overhead("aes256gcm16", true, false, 1400, &e, NULL), 0);
	assert_int_equal(e.iv, 8);
	assert_int_equal(e.icv, 16);
	assert_int_equal(e.pad_trailer, 4);
	assert_int_equal(e.overhead, 64);
	/* strongSwan's bit-length spelling means the same */
	assert_int_equal(pmtu_esp_overhead("aes128gcm128-modp2048", true, false, 1400, &e, NULL), 0);
	assert_int_equal(e.overhead, 64);
}

static void test_esp_overhead_cbc_sha256(void **state)
{
	pmtu_esp_t e;

	(void)state;
	/* aes256-sha256, no NAT-T, 1400 inner: 20 + 8 + 16 IV + pad (1402 -> 1408: 8) + 16 */
	assert_int_equal(pmtu_esp_overhead("aes256-sha256", false, false, 1400, &e, NULL), 0);
	assert_int_equal(e.pad_trailer, 8);
	assert_int_equal(e.overhead, 68);
	assert_int_equal(pmtu_esp_overhead("aes128-sha1", false, false, 1400, &e, NULL), 0);
	assert_int_equal(e.icv, 12);
	assert_int_not_equal(pmtu_esp_overhead("rot13-sha1", false, false, 1400, &e, NULL), 0);
}

static void test_inner_mtu_and_mss(void **state)
{
	uint32_t inner;

	(void)state;
	/* outer 1500, aes256gcm16 with NAT-T: 1438 + 62 = 1500 fits; 1439 + 65 does not */
	assert_int_equal(pmtu_esp_inner_mtu("aes256gcm16", true, false, 1500, &inner, NULL), 0);
	assert_int_equal(inner, 1438);
	/* cbc: 16-byte blocks make the answer step */
	assert_int_equal(pmtu_esp_inner_mtu("aes256-sha256", false, false, 1500, &inner, NULL), 0);
	assert_int_equal(inner, 1438);
	assert_int_equal(pmtu_mss(1400, AF_INET), 1360);
	assert_int_equal(pmtu_mss(1400, AF_INET6), 1340);
}

static void test_search_on_loopback_reaches_upper_bound(void **state)
{
	stamp_reflector_opts_t ro = { .mode = STAMP_MODE_UNAUTH };
	stamp_sender_opts_t so = { .mode = STAMP_MODE_UNAUTH };
	pmtu_opts_t o = { .lo = 576, .hi = 1500, .timeout_ms = 200 };
	probe_t *probe = stamp_sender_create(&so, NULL);
	probe_err_t err = { 0 };
	pmtu_result_t res;
	test_reflector_t t;
	probe_plan_t p;

	(void)state;
	probe_plan_init(&p);
	test_target(&p, test_reflector_start(&t, &ro));
	assert_int_equal(pmtu_search(probe, &p, &o, &res, &err), 0);
	/* loopback MTU is 65536: every size up to hi is answered */
	assert_int_equal(res.pmtu, 1500);
	assert_true(res.at_upper_bound);
	assert_false(res.black_hole);
	assert_int_equal(res.steps, 2);
	test_reflector_stop(&t, NULL);
	probe->destroy(probe);
}

static void test_search_without_reflector_fails(void **state)
{
	stamp_sender_opts_t so = { .mode = STAMP_MODE_UNAUTH };
	pmtu_opts_t o = { .lo = 576, .hi = 1500, .timeout_ms = 100, .tries = 1 };
	probe_t *probe = stamp_sender_create(&so, NULL);
	probe_err_t err = { 0 };
	pmtu_result_t res;
	probe_plan_t p;

	(void)state;
	probe_plan_init(&p);
	test_target(&p, 9);		/* discard port: nothing answers STAMP there */
	assert_int_equal(pmtu_search(probe, &p, &o, &res, &err), -EHOSTUNREACH);
	probe->destroy(probe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_esp_overhead_gcm_natt),
		cmocka_unit_test(test_esp_overhead_cbc_sha256),
		cmocka_unit_test(test_inner_mtu_and_mss),
		cmocka_unit_test(test_search_on_loopback_reaches_upper_bound),
		cmocka_unit_test(test_search_without_reflector_fails),
	};
	return cmocka_run_group_tests_name("pmtu", tests, NULL, NULL);
}
