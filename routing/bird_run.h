/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Run BIRD 2 for one side: `bird -f -c CONF -s SOCK -P PID` in a run directory of the
 * caller's (never a fixed system path), optionally inside a network namespace, and stop it.
 */
#ifndef BIRD_RUN_H_
#define BIRD_RUN_H_

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "bird_conf.h"

/** One running BIRD. */
typedef struct {
	pid_t pid;
	/** DIR/bird.conf, DIR/bird.ctl (control socket), DIR/bird.pid, DIR/bird.log */
	char conf[256], sock[256], pidfile[256], log[256];
} bird_run_t;

/**
 * Write DIR/bird.conf from c, start BIRD on it and wait (bounded) until its control socket
 * answers.
 *
 * @param netns		network namespace to run in (`ip netns exec`), NULL for this one
 * @param bird		the bird executable, NULL for "bird" on PATH
 * @return			0, or -1 with err naming the file, the command or BIRD's complaint
 */
int bird_run_start(bird_run_t *run, const char *dir, const char *netns, const char *bird,
				   const bird_conf_t *c, char *err, size_t errlen);

/**
 * Wait until BGP protocol name is Established (want) or not (!want), polling the socket.
 *
 * @return			ms waited, or -1 when the timeout passed first
 */
long bird_run_wait(const bird_run_t *run, const char *name, bool want, int timeout_ms);

/** SIGTERM, then SIGKILL after a second; reaps the process. Idempotent. */
void bird_run_stop(bird_run_t *run);

#endif
