/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "rate_limit.h"

/** One tracked source. */
typedef struct {
	/** address bytes (IPv4 in the first 4) and family; family 0 = free */
	uint8_t addr[16];
	int family;
	/** tokens left and when they were last refilled */
	double tokens;
	uint64_t last_ns;
} rate_limit_slot_t;

struct rate_limit_t {
	double rate, burst;
	unsigned used;
	rate_limit_slot_t slots[RATE_LIMIT_SLOTS];
};

rate_limit_t *rate_limit_create(double rate, double burst)
{
	rate_limit_t *this;

	if (!(rate > 0) || !(burst >= 1))
		return NULL;
	this = calloc(1, sizeof(*this));
	if (!this)
		return NULL;
	this->rate = rate;
	this->burst = burst;
	return this;
}

static size_t rate_limit_key(const struct sockaddr *src, uint8_t *addr)
{
	memset(addr, 0, 16);
	if (src->sa_family == AF_INET6)
	{
		memcpy(addr, &((const struct sockaddr_in6 *)src)->sin6_addr, 16);
		return 16;
	}
	memcpy(addr, &((const struct sockaddr_in *)src)->sin_addr, 4);
	return 4;
}

/** Probes RATE_LIMIT_PROBE slots from the address hash; evicts the stalest of them. */
#define RATE_LIMIT_PROBE 8

static unsigned rate_limit_hash(const uint8_t *addr)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 16777619u;
	return h;
}

static rate_limit_slot_t *rate_limit_find(rate_limit_t *this, const uint8_t *addr, int family)
{
	unsigned h = rate_limit_hash(addr);
	rate_limit_slot_t *victim = NULL;

	for (unsigned i = 0; i < RATE_LIMIT_PROBE; i++)
	{
		rate_limit_slot_t *s = &this->slots[(h + i) % RATE_LIMIT_SLOTS];

		if (s->family == family && !memcmp(s->addr, addr, 16))
			return s;
		if (!victim || (victim->family && (!s->family || s->last_ns < victim->last_ns)))
			victim = s;
	}
	if (!victim->family)
		this->used++;
	memcpy(victim->addr, addr, 16);
	victim->family = family;
	victim->tokens = this->burst;
	victim->last_ns = 0;
	return victim;
}

bool rate_limit_allow(rate_limit_t *this, const struct sockaddr *src, uint64_t now_ns)
{
	uint8_t addr[16];
	rate_limit_slot_t *s;

	rate_limit_key(src, addr);
	s = rate_limit_find(this, addr, src->sa_family);
	if (s->last_ns && now_ns > s->last_ns)
	{
		s->tokens += (double)(now_ns - s->last_ns) / 1e9 * this->rate;
		if (s->tokens > this->burst)
			s->tokens = this->burst;
	}
	if (!s->last_ns || now_ns > s->last_ns)
		s->last_ns = now_ns;
	if (s->tokens < 1.0)
		return false;
	s->tokens -= 1.0;
	return true;
}

unsigned rate_limit_sources(const rate_limit_t *this)
{
	return this->used;
}

void rate_limit_destroy(rate_limit_t *this)
{
	free(this);
}
