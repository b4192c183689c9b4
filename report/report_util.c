/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "report_util.h"
#include <stdbool.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int report_util_begin(report_util_text_t *t)
{
	t->buf = NULL;
	t->len = 0;
	t->f = open_memstream(&t->buf, &t->len);
	return t->f != NULL;
}

char *report_util_end(report_util_text_t *t)
{
	int failed = ferror(t->f);

	if (fclose(t->f) != 0 || failed)
	{
		free(t->buf);
		return NULL;
	}
	return t->buf;
}

void report_util_utc(int64_t ms, char *buf, size_t len)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	char day[32];

	buf[0] = '\0';
	if (ms <= 0 || !gmtime_r(&secs, &tm))
		return;
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03dZ", day, (int)(ms % 1000));
}

int64_t report_util_parse_utc(const char *s)
{
	struct tm tm = {0};
	int ms = 0;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
					 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

void report_util_xml(FILE *f, const char *s)
{
	for (; *s; s++)
	{
		unsigned char c = (unsigned char)*s;

		switch (c)
		{
			case '&':
				fputs("&amp;", f);
				break;
			case '<':
				fputs("&lt;", f);
				break;
			case '>':
				fputs("&gt;", f);
				break;
			case '"':
				fputs("&quot;", f);
				break;
			case '\'':
				fputs("&#39;", f);
				break;
			default:
				fputc(c < 0x20 && c != '\t' && c != '\n' ? '?' : c, f);
				break;
		}
	}
}

void report_util_num(char *buf, size_t len, double v, int decimals)
{
	size_t n;

	if (!isfinite(v))
	{
		snprintf(buf, len, "n/a");
		return;
	}
	snprintf(buf, len, "%.*f", decimals, v);
	if (!strchr(buf, '.'))
		return;
	n = strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[n - 1] = '\0';
	if (!strcmp(buf, "-0"))
		snprintf(buf, len, "0");
}

void report_util_json_error(const json_error_t *jerr, char *buf, size_t len)
{
	const char *near = strstr(jerr->text, " near '");
	const char *tok = near ? near + strlen(" near '") : NULL;
	bool safe = tok && (tok[0] == '"' || (tok[0] && strchr("{}[]:,", tok[0]) && tok[1] == '\''));
	int keep = near && !safe ? (int)(near - jerr->text) : (int)strlen(jerr->text);

	snprintf(buf, len, "%d:%d: not valid JSON: %.*s", jerr->line > 0 ? jerr->line : 0,
			 jerr->column > 0 ? jerr->column : 0, keep, jerr->text);
}
