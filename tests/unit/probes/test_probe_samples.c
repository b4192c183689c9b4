/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probe_samples.h"

static void count_cb(void *ctx, const probe_sample_t *s)
{
	(*(uint64_t *)ctx) += s->seq;
}

static void test_keep_is_bounded_and_observers_see_all(void **state)
{
	probe_samples_t *s = probe_samples_create(100);
	uint64_t seqsum = 0;

	(void)state;
	assert_int_equal(probe_samples_observe(s, count_cb, &seqsum), 0);
	for (uint32_t i = 0; i < 1000; i++)
		probe_samples_add(s, &(probe_sample_t){ .seq = i });
	assert_int_equal(probe_samples_count(s), 100);
	assert_int_equal(probe_samples_total(s), 1000);
	assert_int_equal(seqsum, 999 * 1000 / 2);
	assert_int_equal(probe_samples_get(s, 99)->seq, 99);
	assert_null(probe_samples_get(s, 100));
	probe_samples_destroy(s);
}

static void test_csv_line(void **state)
{
	probe_sample_t r = { .seq = 3, .flags = PROBE_SAMPLE_RECEIVED | PROBE_SAMPLE_REFLECTED |
						 PROBE_SAMPLE_KERNEL_RX, .tx_ns = 10, .rx_ns = 30, .rtt_ns = 20,
						 .fwd_ns = 9, .back_ns = 11, .reflector_seq = 2, .size = 72, .ttl = 64,
						 .sender_ttl = 63 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	probe_samples_csv_line(f, "10.2.0.1", &r);
	r.flags = 0;
	probe_samples_csv_line(f, "10.2.0.1", &r);
	fclose(f);
	assert_string_equal(buf, "10.2.0.1,3,ok,10,30,20,9,11,2,72,64,63,1,0,0\n"
						"10.2.0.1,3,lost,10,30,20,,,,72,64,63,0,0,0\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keep_is_bounded_and_observers_see_all),
		cmocka_unit_test(test_csv_line),
	};
	return cmocka_run_group_tests_name("probe_samples", tests, NULL, NULL);
}
