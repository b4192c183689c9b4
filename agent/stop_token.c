/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "stop_token.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

static atomic_int stop_level;
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_changed;
static sigset_t stop_signals;
static bool stop_started;

static void *stop_token_thread(void *arg)
{
	int sig;

	(void)arg;
	while (sigwait(&stop_signals, &sig) == 0)
	{
		pthread_mutex_lock(&stop_lock);
		atomic_fetch_add(&stop_level, 1);
		pthread_cond_broadcast(&stop_changed);
		pthread_mutex_unlock(&stop_lock);
	}
	return NULL;
}

bool stop_token_start(bool hup)
{
	pthread_condattr_t attr;
	pthread_t thread;

	atomic_store(&stop_level, 0);
	if (stop_started)
		return true;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	if (hup)
		sigaddset(&stop_signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&stop_changed, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&thread, NULL, stop_token_thread, NULL) != 0)
		return false;
	pthread_detach(thread);
	stop_started = true;
	return true;
}

atomic_int *stop_token_level(void)
{
	return &stop_level;
}

bool stop_token_requested(void)
{
	return atomic_load(&stop_level) > 0;
}

bool stop_token_wait(int timeout_ms)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L)
	{
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&stop_lock);
	while (!stop_token_requested() && rc == 0)
		rc = timeout_ms < 0 ? pthread_cond_wait(&stop_changed, &stop_lock) :
			 pthread_cond_timedwait(&stop_changed, &stop_lock, &until);
	pthread_mutex_unlock(&stop_lock);
	return stop_token_requested();
}
