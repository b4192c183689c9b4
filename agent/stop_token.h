/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The one stop token of a crosspeer process, as irtt's context is: SIGINT and SIGTERM (and
 * SIGHUP where asked) raise its level, every loop polls it. Level 1 asks to stop after the
 * current step (stop sending, finish the cycle), 2 and above to stop at once.
 *
 * The signals are blocked in the calling thread and received by one thread of the token's
 * own (sigwait), so no handler interrupts a system call and every thread started after
 * stop_token_start() inherits the block: call it before any thread is started.
 */
#ifndef XP_STOP_TOKEN_H_
#define XP_STOP_TOKEN_H_

#include <stdatomic.h>
#include <stdbool.h>

/**
 * Start watching the signals; the level starts at 0.
 *
 * @param hup		SIGHUP stops too (the tunnel subcommands); otherwise it keeps its default
 * @return			false if the watching thread could not be started
 */
bool stop_token_start(bool hup);

/** The level, for the probes library's `atomic_int *stop` parameters. */
atomic_int *stop_token_level(void);

/** @return		true once a stop was asked for */
bool stop_token_requested(void);

/**
 * Wait until a stop is asked for, at most timeout_ms (< 0: without limit).
 *
 * @return		true if a stop was asked for
 */
bool stop_token_wait(int timeout_ms);

#endif
