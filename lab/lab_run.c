/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "lab_run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/** Background children not yet waited for; lab_reap() collects them. */
#define LAB_MAX_SPAWNED 32
static pid_t lab_spawned[LAB_MAX_SPAWNED];

static void lab_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* In the child: stdout to out (NULL: keep ours), stderr to err, then exec. */
static void lab_exec(const char *const argv[], const char *out, const char *err)
{
	sigset_t none;
	int fd;

	if (out)
	{
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
	}
	/* one open file description when both go to the same file, so they share an offset */
	if (out && !strcmp(out, err))
		dup2(STDOUT_FILENO, STDERR_FILENO);
	else if ((fd = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) >= 0)
		dup2(fd, STDERR_FILENO);
	/* the agent blocks these for sigtimedwait; children must see them again */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Remember a background child, or forget one that was waited for (pid 0 frees a slot). */
static void lab_track(pid_t old, pid_t pid)
{
	for (size_t i = 0; i < LAB_MAX_SPAWNED; i++)
	{
		if (lab_spawned[i] == old)
		{
			lab_spawned[i] = pid;
			return;
		}
	}
}

pid_t lab_spawn(const char *const argv[], const char *output)
{
	pid_t pid = fork();

	if (pid == 0)
		lab_exec(argv, output ? output : "/dev/null", output ? output : "/dev/null");
	if (pid > 0)
		lab_track(0, pid);
	return pid;
}

void lab_reap(int grace_ms)
{
	for (size_t i = 0; i < LAB_MAX_SPAWNED; i++)
	{
		if (lab_spawned[i] > 0)
			lab_stop(lab_spawned[i], grace_ms);
	}
}

static int lab_wait(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	lab_track(pid, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int lab_run_logged(const char *const argv[], const char *log)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		lab_exec(argv, NULL, log);
	return lab_wait(pid);
}

int lab_run(const char *const argv[], const char *output)
{
	return lab_wait(lab_spawn(argv, output));
}

bool lab_wait_for(const char *file, const char *needle, int timeout_ms)
{
	char buf[8192];

	for (int waited = 0; waited <= timeout_ms; waited += 50)
	{
		FILE *f = fopen(file, "r");

		if (f)
		{
			while (fgets(buf, sizeof(buf), f))
			{
				if (strstr(buf, needle))
				{
					fclose(f);
					return true;
				}
			}
			fclose(f);
		}
		lab_sleep_ms(50);
	}
	return false;
}

int lab_print_lines(const char *file, const char *needle)
{
	char buf[4096];
	int n = 0;
	FILE *f = fopen(file, "r");

	if (!f)
		return 0;
	while (fgets(buf, sizeof(buf), f))
	{
		if (strstr(buf, needle))
		{
			fputs(buf, stdout);
			n++;
		}
	}
	fclose(f);
	fflush(stdout);
	return n;
}

int lab_stop(pid_t pid, int grace_ms)
{
	int status;

	if (pid <= 0)
		return -1;
	kill(pid, SIGTERM);
	for (int waited = 0; waited < grace_ms; waited += 20)
	{
		if (waitpid(pid, &status, WNOHANG) == pid)
		{
			lab_track(pid, 0);
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		lab_sleep_ms(20);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	lab_track(pid, 0);
	return -1;
}
