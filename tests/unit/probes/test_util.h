/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* Shared by the probes tests: a reflector served from a thread on 127.0.0.1. */
#ifndef TEST_UTIL_H_
#define TEST_UTIL_H_

#include <arpa/inet.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "stamp_reflector.h"

typedef struct {
	stamp_reflector_t *r;
	pthread_t thread;
	atomic_int stop;
	int rc;
	probe_err_t err;
} test_reflector_t;

static inline void *test_reflector_main(void *arg)
{
	test_reflector_t *t = arg;

	t->rc = t->r->run(t->r, &t->stop, &t->err);
	return NULL;
}

/** Bind a reflector on 127.0.0.1, ephemeral port, not yet serving (requests queue up);
 *  @return its port, 0 on failure. */
static inline uint16_t test_reflector_bind(test_reflector_t *t, stamp_reflector_opts_t *o)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&o->listen;

	memset(t, 0, sizeof(*t));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	o->listen_len = sizeof(*sin);
	t->r = stamp_reflector_create(o, NULL, &t->err);
	return t->r ? t->r->get_port(t->r) : 0;
}

/** Serve a bound reflector from a thread; @return false on failure. */
static inline bool test_reflector_serve(test_reflector_t *t)
{
	return pthread_create(&t->thread, NULL, test_reflector_main, t) == 0;
}

/** Bind and serve; @return its port, 0 on failure. */
static inline uint16_t test_reflector_start(test_reflector_t *t, stamp_reflector_opts_t *o)
{
	uint16_t port = test_reflector_bind(t, o);

	return port && test_reflector_serve(t) ? port : 0;
}

static inline void test_reflector_stop(test_reflector_t *t, stamp_reflector_counters_t *c)
{
	atomic_store(&t->stop, 1);
	pthread_join(t->thread, NULL);
	if (c)
		t->r->get_counters(t->r, c);
	t->r->destroy(t->r);
}

static inline void test_target(probe_plan_t *p, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&p->target;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin->sin_port = htons(port);
	p->target_len = sizeof(*sin);
}

#endif
