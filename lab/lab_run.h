/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Running the lab's helper programs (ip, ping, crosspeer itself) without a shell.
 */
#ifndef XP_LAB_RUN_H_
#define XP_LAB_RUN_H_

#include <stdbool.h>
#include <sys/types.h>

/**
 * Run argv to completion.
 *
 * @param argv		NULL-terminated; argv[0] is looked up in PATH
 * @param output	file to receive stdout and stderr, NULL for /dev/null
 * @return			exit status, or -1 if it could not run or was killed
 */
int lab_run(const char *const argv[], const char *output);

/**
 * Run argv to completion with its stdout on ours and its stderr (the daemon log) in a file.
 *
 * @return			exit status, or -1 if it could not run or was killed
 */
int lab_run_logged(const char *const argv[], const char *log);

/**
 * Start argv in the background.
 *
 * @param output	file to receive stdout and stderr (truncated), NULL for /dev/null
 * @return			pid, or -1
 */
pid_t lab_spawn(const char *const argv[], const char *output);

/**
 * Stop and wait for every child lab_spawn() started that nobody waited for yet (lab_stop()
 * on each), so none is left as a zombie: a process that returns must have reaped them.
 *
 * @param grace_ms	per child, from SIGTERM to SIGKILL
 */
void lab_reap(int grace_ms);

/**
 * Wait until a file contains a string.
 *
 * @param timeout_ms	most to wait
 * @return				true once it does
 */
bool lab_wait_for(const char *file, const char *needle, int timeout_ms);

/**
 * Print the lines of a file that contain needle (all lines when needle is "") on stdout.
 *
 * @return			number of lines printed
 */
int lab_print_lines(const char *file, const char *needle);

/**
 * Stop a background process: SIGTERM, then SIGKILL after grace_ms.
 *
 * @return			its exit status, or -1 if it had to be killed
 */
int lab_stop(pid_t pid, int grace_ms);

#endif
