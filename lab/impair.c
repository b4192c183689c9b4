/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "impair.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct impair_t {
	impair_conf_t conf;
	/** xoshiro256** state */
	uint64_t s[4];
	/** Gilbert-Elliott: in the bad state */
	bool ge_bad;
	/** rate limit: when the link is free again, ns */
	uint64_t link_free_ns;
	/** a spare normal deviate from Box-Muller */
	double spare;
	bool has_spare;
};

static uint64_t impair_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t impair_next(impair_t *this)
{
	uint64_t *s = this->s, result = impair_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = impair_rotl(s[3], 45);
	return result;
}

/** uniform in [0, 1) */
static double impair_uniform(impair_t *this)
{
	return (impair_next(this) >> 11) * 0x1.0p-53;
}

static bool impair_chance(impair_t *this, double pct)
{
	return pct > 0 && impair_uniform(this) * 100.0 < pct;
}

static double impair_normal(impair_t *this)
{
	double u, v, s;

	if (this->has_spare)
	{
		this->has_spare = false;
		return this->spare;
	}
	do
	{
		u = impair_uniform(this) * 2 - 1;
		v = impair_uniform(this) * 2 - 1;
		s = u * u + v * v;
	}
	while (s >= 1 || s == 0);
	s = sqrt(-2 * log(s) / s);
	this->spare = v * s;
	this->has_spare = true;
	return u * s;
}

static void impair_seed(impair_t *this, uint64_t seed)
{
	struct timespec ts;

	if (!seed)
	{
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32);
	}
	/* splitmix64 spreads one seed over the state */
	for (int i = 0; i < 4; i++)
	{
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		this->s[i] = z ^ (z >> 31);
	}
}

impair_t *impair_create(const impair_conf_t *conf)
{
	impair_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->conf = *conf;
	impair_seed(this, conf->seed);
	return this;
}

void impair_set(impair_t *this, const impair_conf_t *conf)
{
	this->conf = *conf;
	this->ge_bad = false;
}

static bool impair_lost(impair_t *this)
{
	const impair_conf_t *c = &this->conf;

	if (c->ge_p > 0)
	{
		/* move the two-state chain, then lose with the state's probability */
		if (this->ge_bad ? impair_chance(this, c->ge_r) : impair_chance(this, c->ge_p))
			this->ge_bad = !this->ge_bad;
		if (impair_chance(this, this->ge_bad ? c->ge_loss_bad_pct : c->ge_loss_good_pct))
			return true;
	}
	return impair_chance(this, c->loss_pct);
}

static double impair_delay_ms(impair_t *this)
{
	const impair_conf_t *c = &this->conf;
	double d = c->delay_ms;

	if (c->jitter_ms > 0)
		d += c->jitter_dist == IMPAIR_JITTER_UNIFORM ?
			 (impair_uniform(this) * 2 - 1) * c->jitter_ms : impair_normal(this) * c->jitter_ms;
	return d > 0 ? d : 0;
}

void impair_decide(impair_t *this, uint64_t now_ns, size_t len, impair_verdict_t *out)
{
	const impair_conf_t *c = &this->conf;
	uint64_t release = now_ns;

	out->drop = impair_lost(this);
	out->duplicate = !out->drop && impair_chance(this, c->duplicate_pct);
	if (!impair_chance(this, c->reorder_pct))
		release += (uint64_t)(impair_delay_ms(this) * 1e6);
	if (c->rate_mbps > 0 && !out->drop)
	{
		/* serialise on a link of that rate: queueing delay when it is busy */
		uint64_t start = release > this->link_free_ns ? release : this->link_free_ns;

		this->link_free_ns = start + (uint64_t)(len * 8 * 1e3 / c->rate_mbps);
		release = this->link_free_ns;
	}
	out->release_ns = release;
}

void impair_destroy(impair_t *this)
{
	free(this);
}

/* "20ms" / "20" -> 20; "1%" / "1" -> 1; "10mbit" -> 10 */
static bool impair_number(const char *value, const char *unit, double max, double *out)
{
	char *end;
	double v = strtod(value, &end);

	if (end == value || (*end && strcmp(end, unit)) || !(v >= 0) || v > max)
		return false;
	*out = v;
	return true;
}

static bool impair_ge(const char *value, impair_conf_t *c)
{
	return sscanf(value, "%lf/%lf/%lf/%lf", &c->ge_p, &c->ge_r, &c->ge_loss_bad_pct,
				  &c->ge_loss_good_pct) == 4 && c->ge_p >= 0 && c->ge_p <= 100 &&
		   c->ge_r > 0 && c->ge_r <= 100 && c->ge_loss_bad_pct >= 0 &&
		   c->ge_loss_bad_pct <= 100 && c->ge_loss_good_pct >= 0 && c->ge_loss_good_pct <= 100;
}

static bool impair_pair(const char *key, const char *value, impair_conf_t *c)
{
	if (!strcmp(key, "delay"))
		return impair_number(value, "ms", 60000, &c->delay_ms);
	if (!strcmp(key, "jitter"))
		return impair_number(value, "ms", 60000, &c->jitter_ms);
	if (!strcmp(key, "loss"))
		return impair_number(value, "%", 100, &c->loss_pct);
	if (!strcmp(key, "reorder"))
		return impair_number(value, "%", 100, &c->reorder_pct);
	if (!strcmp(key, "duplicate"))
		return impair_number(value, "%", 100, &c->duplicate_pct);
	if (!strcmp(key, "rate"))
		return impair_number(value, "mbit", 100000, &c->rate_mbps);
	if (!strcmp(key, "ge"))
		return impair_ge(value, c);
	if (!strcmp(key, "dist"))
	{
		c->jitter_dist = !strcmp(value, "uniform") ? IMPAIR_JITTER_UNIFORM : IMPAIR_JITTER_NORMAL;
		return !strcmp(value, "uniform") || !strcmp(value, "normal");
	}
	if (!strcmp(key, "seed"))
	{
		char *end;

		c->seed = strtoull(value, &end, 10);
		return *value && !*end;
	}
	return false;
}

bool impair_parse(const char *spec, impair_conf_t *out, char *err, size_t errlen)
{
	char copy[512], *save = NULL;

	memset(out, 0, sizeof(*out));
	if (!spec || !*spec || !strcmp(spec, "none"))
		return true;
	if (strlen(spec) >= sizeof(copy))
	{
		snprintf(err, errlen, "impairment spec too long");
		return false;
	}
	strcpy(copy, spec);
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save))
	{
		char *eq = strchr(item, '=');

		if (eq)
			*eq = '\0';
		if (!eq || !impair_pair(item, eq + 1, out))
		{
			snprintf(err, errlen, "'%s%s%s': expected delay=MS, jitter=MS, dist=normal|uniform, "
					 "loss=PCT, ge=P/R/BAD/GOOD, reorder=PCT, duplicate=PCT, rate=MBIT or "
					 "seed=N", item, eq ? "=" : "", eq ? eq + 1 : "");
			return false;
		}
	}
	return true;
}

void impair_format(const impair_conf_t *c, char *buf, size_t len)
{
	snprintf(buf, len, "delay=%gms,jitter=%gms,dist=%s,loss=%g%%,ge=%g/%g/%g/%g,reorder=%g%%,"
			 "duplicate=%g%%,rate=%gmbit", c->delay_ms, c->jitter_ms,
			 c->jitter_dist == IMPAIR_JITTER_UNIFORM ? "uniform" : "normal", c->loss_pct,
			 c->ge_p, c->ge_r, c->ge_loss_bad_pct, c->ge_loss_good_pct, c->reorder_pct,
			 c->duplicate_pct, c->rate_mbps);
}
