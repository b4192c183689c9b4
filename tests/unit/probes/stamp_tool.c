/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * Test helper for the Scapy interop test: drives the library's reflector and sender on
 * 127.0.0.1 without the crosspeer binary (which needs charon).
 *   stamp_tool reflect		serve on an ephemeral port, print "port N", stop at EOF on stdin
 *   stamp_tool send PORT N	send N requests, print "sent S received R rtt_min_us X"
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stamp_reflector.h"
#include "stamp_sender.h"
#include "stats.h"

static atomic_int stamp_tool_stop;

static void *stamp_tool_stdin(void *arg)
{
	char buf[64];

	(void)arg;
	while (fgets(buf, sizeof(buf), stdin))
		;
	atomic_store(&stamp_tool_stop, 1);
	return NULL;
}

static int stamp_tool_reflect(void)
{
	stamp_reflector_opts_t o = { .mode = STAMP_MODE_UNAUTH, .stateful = true };
	probe_err_t err = { 0 };
	stamp_reflector_counters_t c;
	stamp_reflector_t *r;
	pthread_t t;
	socklen_t len;

	probe_addr_parse("127.0.0.1", 0, &o.listen, &len, &err);
	o.listen_len = len;
	r = stamp_reflector_create(&o, NULL, &err);
	if (!r)
	{
		fprintf(stderr, "stamp_tool: %s\n", err.msg);
		return 1;
	}
	printf("port %u\n", r->get_port(r));
	fflush(stdout);
	pthread_create(&t, NULL, stamp_tool_stdin, NULL);
	r->run(r, &stamp_tool_stop, &err);
	pthread_join(t, NULL);
	r->get_counters(r, &c);
	printf("received %llu reflected %llu malformed %llu\n", (unsigned long long)c.received,
		   (unsigned long long)c.reflected, (unsigned long long)c.malformed);
	r->destroy(r);
	return 0;
}

static int stamp_tool_send(const char *port, const char *count)
{
	stamp_sender_opts_t o = { .mode = STAMP_MODE_UNAUTH };
	probe_t *p = stamp_sender_create(&o, NULL);
	probe_samples_t *s = probe_samples_create(0);
	stats_t *st = stats_create();
	probe_err_t err = { 0 };
	stats_summary_t sum;
	probe_plan_t plan;

	probe_plan_init(&plan);
	probe_addr_parse("127.0.0.1", (uint16_t)atoi(port), &plan.target, &plan.target_len, &err);
	plan.count = strtoull(count, NULL, 10);
	plan.rate_pps = 100;
	probe_samples_observe(s, stats_observe, st);
	if (p->run(p, &plan, s, &err))
	{
		fprintf(stderr, "stamp_tool: %s\n", err.msg);
		return 1;
	}
	stats_summarize(st, &sum);
	printf("sent %llu received %llu rtt_min_us %.1f\n", (unsigned long long)sum.sent,
		   (unsigned long long)sum.received, sum.rtt_ms.min * 1000.0);
	p->destroy(p);
	probe_samples_destroy(s);
	stats_destroy(st);
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 2 && !strcmp(argv[1], "reflect"))
		return stamp_tool_reflect();
	if (argc == 4 && !strcmp(argv[1], "send"))
		return stamp_tool_send(argv[2], argv[3]);
	fprintf(stderr, "usage: stamp_tool reflect | send PORT COUNT\n");
	return 2;
}
