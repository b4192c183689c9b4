/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture_esp.h"
#include "test_util.h"

static void inner(capture_esp_opts_t *o, const char *a, const char *b)
{
	socklen_t len;

	probe_addr_parse(a, 0, &o->inner[0], &len, NULL);
	probe_addr_parse(b, 0, &o->inner[1], &len, NULL);
	o->n_inner = 2;
}

static void ipv4(uint8_t *p, uint8_t proto, const char *src, const char *dst)
{
	memset(p, 0, 60);
	p[0] = 0x45;
	p[9] = proto;
	inet_pton(AF_INET, src, p + 12);
	inet_pton(AF_INET, dst, p + 16);
}

static void test_classify(void **state)
{
	capture_esp_opts_t o = { .iface = "lo" };
	capture_esp_counts_t c = { 0 };
	uint8_t p[60];

	(void)state;
	inner(&o, "10.1.0.1", "10.2.0.1");
	ipv4(p, 50, "192.0.2.1", "192.0.2.2");						/* ESP */
	capture_esp_classify(&o, p, 60, &c);
	ipv4(p, 17, "192.0.2.1", "192.0.2.2");						/* NAT-T ESP */
	p[22] = 0x11; p[23] = 0x94;									/* dport 4500 */
	p[28] = 0xde;												/* SPI, not zero */
	capture_esp_classify(&o, p, 60, &c);
	p[28] = 0;													/* non-ESP marker: IKE */
	capture_esp_classify(&o, p, 60, &c);
	ipv4(p, 17, "10.1.0.1", "10.2.0.1");						/* inner addresses in clear */
	capture_esp_classify(&o, p, 60, &c);
	ipv4(p, 17, "10.1.0.1", "192.0.2.9");						/* only one inner address */
	capture_esp_classify(&o, p, 60, &c);
	assert_int_equal(c.esp_packets, 1);
	assert_int_equal(c.natt_packets, 1);
	assert_int_equal(c.ike_packets, 1);
	assert_int_equal(c.plaintext_leaks, 1);
	assert_int_equal(c.captured, 5);
}

/* Live: UDP between two loopback addresses chosen as "inner" must show up as leaks. */
static void test_live_leak_on_loopback(void **state)
{
	capture_esp_opts_t o = { .iface = "lo" };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct sockaddr_in from = { .sin_family = AF_INET };
	capture_esp_counts_t c;
	probe_err_t err = { 0 };
	capture_esp_t *cap;
	int fd;

	(void)state;
	inner(&o, "127.0.0.1", "127.0.0.2");
	cap = capture_esp_start(&o, &err);
	if (!cap && err.code == -EPERM)
	{
		printf("SKIP: capture needs root or CAP_NET_RAW: %s\n", err.msg);
		skip();
	}
	assert_non_null(cap);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, "127.0.0.1", &from.sin_addr);
	inet_pton(AF_INET, "127.0.0.2", &to.sin_addr);
	bind(fd, (struct sockaddr *)&from, sizeof(from));
	usleep(200000);
	for (int i = 0; i < 5; i++)
		sendto(fd, "leak", 4, 0, (struct sockaddr *)&to, sizeof(to));
	usleep(300000);
	cap->stop(cap);
	cap->get_counts(cap, &c);
	cap->destroy(cap);
	close(fd);
	assert_true(c.plaintext_leaks >= 5);
	assert_int_equal(c.esp_packets, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_live_leak_on_loopback),
	};
	return cmocka_run_group_tests_name("capture_esp", tests, NULL, NULL);
}
