/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The hour-of-week window of a comparison (docs/baseline.md): UTC, Monday 00h is hour 0. */

#include "baseline_source.h"

#include <stdio.h>

int baseline_week_hour(int64_t unix_s)
{
	int64_t days = unix_s >= 0 ? unix_s / 86400 : (unix_s - 86399) / 86400;
	int64_t hour = (unix_s - days * 86400) / 3600;
	/* 1970-01-01 was a Thursday, day 3 of a week starting on Monday */
	int64_t weekday = ((days % 7) + 7 + 3) % 7;

	return (int)(weekday * 24 + hour);
}

bool baseline_week_near(int hour, int centre)
{
	int d = ((hour - centre) % BASELINE_WEEK_HOURS + BASELINE_WEEK_HOURS) % BASELINE_WEEK_HOURS;

	return d <= BASELINE_WEEK_SPREAD || d >= BASELINE_WEEK_HOURS - BASELINE_WEEK_SPREAD;
}

void baseline_week_window_text(int centre, char *buf, size_t len)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	int first = (centre - BASELINE_WEEK_SPREAD + BASELINE_WEEK_HOURS) % BASELINE_WEEK_HOURS;
	int last = (centre + BASELINE_WEEK_SPREAD) % BASELINE_WEEK_HOURS;

	snprintf(buf, len, "%s %02d:00-%s%s%02d:59 UTC", days[first / 24], first % 24,
			 first / 24 == last / 24 ? "" : days[last / 24], first / 24 == last / 24 ? "" : " ",
			 last % 24);
}
