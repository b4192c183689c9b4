/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bird_run.h"
#include "bird_ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long bird_run_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void bird_run_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int bird_run_files(bird_run_t *run, const char *dir, const bird_conf_t *c, char *err,
						  size_t errlen)
{
	FILE *f;
	int rc;

	if (snprintf(run->conf, sizeof(run->conf), "%s/bird.conf", dir) >= (int)sizeof(run->conf) ||
		snprintf(run->sock, sizeof(run->sock), "%s/bird.ctl", dir) >= (int)sizeof(run->sock) ||
		snprintf(run->pidfile, sizeof(run->pidfile), "%s/bird.pid", dir) >=
			(int)sizeof(run->pidfile) ||
		snprintf(run->log, sizeof(run->log), "%s/bird.log", dir) >= (int)sizeof(run->log))
		return snprintf(err, errlen, "%s: path too long", dir), -1;
	if (!bird_conf_check(c, err, errlen))
		return -1;
	f = fopen(run->conf, "w");
	if (!f)
		return snprintf(err, errlen, "%s: %s", run->conf, strerror(errno)), -1;
	rc = bird_conf_write(c, f);
	if (fclose(f) || rc)
		return snprintf(err, errlen, "%s: could not be written", run->conf), -1;
	return 0;
}

static void bird_run_exec(const bird_run_t *run, const char *netns, const char *bird)
{
	int fd = open(run->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *b = bird ? bird : "bird";
	sigset_t none;

	/* BIRD gets its signals even when the caller blocks them for a sigwait thread, and
	 * dies with the caller: a killed gateway instance takes its BGP speaker along */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (fd >= 0)
	{
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	if (netns)
		execlp("ip", "ip", "netns", "exec", netns, b, "-f", "-c", run->conf, "-s", run->sock,
			   "-P", run->pidfile, (char *)NULL);
	else
		execlp(b, b, "-f", "-c", run->conf, "-s", run->sock, "-P", run->pidfile, (char *)NULL);
	_exit(127);
}

/* BIRD's own complaint, the last line of its log. */
static void bird_run_complaint(const bird_run_t *run, char *err, size_t errlen)
{
	char line[300] = "", last[300] = "no output";
	FILE *f = fopen(run->log, "r");

	while (f && fgets(line, sizeof(line), f))
		snprintf(last, sizeof(last), "%s", line);
	if (f)
		fclose(f);
	last[strcspn(last, "\n")] = '\0';
	snprintf(err, errlen, "bird -c %s exited: %s", run->conf, last);
}

int bird_run_start(bird_run_t *run, const char *dir, const char *netns, const char *bird,
				   const bird_conf_t *c, char *err, size_t errlen)
{
	char reply[128];
	int status;

	memset(run, 0, sizeof(*run));
	if (bird_run_files(run, dir, c, err, errlen))
		return -1;
	run->pid = fork();
	if (run->pid < 0)
		return snprintf(err, errlen, "fork: %s", strerror(errno)), -1;
	if (run->pid == 0)
		bird_run_exec(run, netns, bird);
	for (int waited = 0; waited < 5000; waited += 50)
	{
		if (waitpid(run->pid, &status, WNOHANG) == run->pid)
		{
			run->pid = 0;
			bird_run_complaint(run, err, errlen);
			return -1;
		}
		/* "0013 Daemon is up and running" */
		if (bird_ctl_command(run->sock, "show status", 500, reply, sizeof(reply), err,
							 errlen) == 13)
			return 0;
		bird_run_sleep_ms(50);
	}
	bird_run_stop(run);
	return snprintf(err, errlen, "%s: BIRD did not answer within 5 s", run->sock), -1;
}

long bird_run_wait(const bird_run_t *run, const char *name, bool want, int timeout_ms)
{
	long start = bird_run_now_ms(), now;
	char err[200];

	for (now = start; now - start <= timeout_ms; now = bird_run_now_ms())
	{
		int up = bird_ctl_established(run->sock, name, err, sizeof(err));

		if (up >= 0 && (up == 1) == want)
			return now - start;
		bird_run_sleep_ms(20);
	}
	return -1;
}

void bird_run_stop(bird_run_t *run)
{
	int status;

	if (run->pid <= 0)
		return;
	kill(run->pid, SIGTERM);
	for (int waited = 0; waited < 1000; waited += 20)
	{
		if (waitpid(run->pid, &status, WNOHANG) == run->pid)
		{
			run->pid = 0;
			return;
		}
		bird_run_sleep_ms(20);
	}
	kill(run->pid, SIGKILL);
	waitpid(run->pid, &status, 0);
	run->pid = 0;
}
