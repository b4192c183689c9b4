/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pmtu.h"

/** Rate of the requests of one step. */
#define PMTU_RATE_PPS 20.0

/** ESP transform figures. */
typedef struct {
	uint32_t iv, block, icv;
	bool aead;
} pmtu_alg_t;

/** One step: any reply at this size? Side results in side. */
static int pmtu_try(probe_t *probe, const probe_plan_t *base, const pmtu_opts_t *o,
					uint32_t size, probe_side_t *side, bool *ok, probe_err_t *err)
{
	probe_samples_t *s = probe_samples_create(o->tries);
	probe_plan_t p = *base;
	int rc;

	if (!s)
		return probe_err_set(err, -ENOMEM, "out of memory");
	p.size = size;
	p.count = o->tries;
	p.duration_ms = 0;
	p.rate_pps = PMTU_RATE_PPS;
	p.timeout_ms = o->timeout_ms;
	p.schedule = PROBE_SCHEDULE_PERIODIC;
	p.pmtu_probe = true;
	p.dont_fragment = true;
	p.progress = NULL;
	p.side = side;
	rc = probe->run(probe, &p, s, err);
	*ok = false;
	for (size_t i = 0; i < probe_samples_count(s); i++)
		*ok = *ok || (probe_samples_get(s, i)->flags & PROBE_SAMPLE_RECEIVED);
	probe_samples_destroy(s);
	return rc;
}

static void pmtu_defaults(const probe_plan_t *plan, const pmtu_opts_t *in, pmtu_opts_t *o)
{
	*o = *in;
	if (!o->lo)
		o->lo = plan->target.ss_family == AF_INET6 ? 1280 : 576;
	if (!o->hi)
		o->hi = 1500;
	if (!o->tries)
		o->tries = 3;
	if (!o->timeout_ms)
		o->timeout_ms = 500;
}

static void pmtu_note(pmtu_result_t *res, const probe_side_t *side, uint32_t size)
{
	if (side->icmp_too_big)
		res->icmp_mtu = side->icmp_mtu;
	if (side->emsgsize && (!res->local_refused || size < res->local_refused))
		res->local_refused = size;
}

int pmtu_search(probe_t *probe, const probe_plan_t *plan, const pmtu_opts_t *opts,
				pmtu_result_t *res, probe_err_t *err)
{
	probe_side_t side, fail_side = { 0 };
	uint32_t lo, hi;
	pmtu_opts_t o;
	bool ok;
	int rc;

	memset(res, 0, sizeof(*res));
	pmtu_defaults(plan, opts, &o);
	if (o.lo > o.hi)
		return probe_err_set(err, -EINVAL, "lowest size %u above highest %u", o.lo, o.hi);
	lo = o.lo;
	hi = o.hi;
	for (uint32_t size = lo;; size = hi)
	{
		if ((rc = pmtu_try(probe, plan, &o, size, &side, &ok, err)))
			return rc;
		res->steps++;
		pmtu_note(res, &side, size);
		if (size == lo && !ok)
			return probe_err_set(err, -EHOSTUNREACH, "no reply even at %u bytes", lo);
		if (size == hi || lo == hi)
			break;
	}
	if (ok)
	{
		res->pmtu = hi;
		res->at_upper_bound = true;
		return 0;
	}
	fail_side = side;
	/* invariant: lo answered, hi did not; bounded by log2(hi - lo) steps */
	while (hi - lo > 1 && !(plan->stop && atomic_load(plan->stop)))
	{
		uint32_t mid = lo + (hi - lo) / 2;

		if ((rc = pmtu_try(probe, plan, &o, mid, &side, &ok, err)))
			return rc;
		res->steps++;
		pmtu_note(res, &side, mid);
		if (ok)
			lo = mid;
		else
		{
			hi = mid;
			fail_side = side;
		}
	}
	res->pmtu = lo;
	res->black_hole = !fail_side.icmp_too_big && !fail_side.emsgsize;
	return 0;
}

static uint32_t pmtu_icv_bits(const char *p)
{
	long v = strtol(p, NULL, 10);

	if (v == 8 || v == 12 || v == 16)
		return (uint32_t)v;
	if (v == 64 || v == 96 || v == 128)
		return (uint32_t)v / 8;
	return 16;
}

static int pmtu_cipher(const char *t, pmtu_alg_t *a)
{
	const char *m;

	if (!strncmp(t, "aes", 3) && ((m = strstr(t, "gcm")) || (m = strstr(t, "ccm"))))
		*a = (pmtu_alg_t){ .iv = 8, .block = 4, .icv = pmtu_icv_bits(m + 3), .aead = true };
	else if (!strcmp(t, "chacha20poly1305"))
		*a = (pmtu_alg_t){ .iv = 8, .block = 4, .icv = 16, .aead = true };
	else if (!strncmp(t, "aes", 3) && strstr(t, "ctr"))
		*a = (pmtu_alg_t){ .iv = 8, .block = 4 };
	else if (!strcmp(t, "aes") || !strcmp(t, "aes128") || !strcmp(t, "aes192") ||
			 !strcmp(t, "aes256") || !strncmp(t, "camellia", 8))
		*a = (pmtu_alg_t){ .iv = 16, .block = 16 };
	else if (!strcmp(t, "3des") || !strcmp(t, "des"))
		*a = (pmtu_alg_t){ .iv = 8, .block = 8 };
	else if (!strcmp(t, "null"))
		*a = (pmtu_alg_t){ .iv = 0, .block = 4 };
	else
		return -EINVAL;
	return 0;
}

static void pmtu_integrity(const char *t, pmtu_alg_t *a)
{
	if (a->aead)
		return;
	if (!strcmp(t, "sha1") || !strcmp(t, "sha") || !strcmp(t, "md5") ||
		!strcmp(t, "aesxcbc") || !strcmp(t, "sha256_96"))
		a->icv = 12;
	else if (!strcmp(t, "sha256") || !strcmp(t, "sha2_256"))
		a->icv = 16;
	else if (!strcmp(t, "sha384") || !strcmp(t, "sha2_384"))
		a->icv = 24;
	else if (!strcmp(t, "sha512") || !strcmp(t, "sha2_512"))
		a->icv = 32;
}

static int pmtu_parse(const char *proposal, pmtu_alg_t *a, probe_err_t *err)
{
	char buf[128], *save = NULL, *tok;
	size_t n = strlen(proposal);

	if (!n || n >= sizeof(buf))
		return probe_err_set(err, -EINVAL, "empty or too long ESP proposal");
	for (size_t i = 0; i <= n; i++)
		buf[i] = (char)tolower((unsigned char)proposal[i]);
	tok = strtok_r(buf, "-", &save);
	if (!tok || pmtu_cipher(tok, a))
		return probe_err_set(err, -EINVAL, "unknown ESP cipher in '%s'", proposal);
	while ((tok = strtok_r(NULL, "-", &save)))
		pmtu_integrity(tok, a);
	return 0;
}

static void pmtu_fill(const pmtu_alg_t *a, bool natt, bool ipv6, uint32_t inner, pmtu_esp_t *o)
{
	uint32_t padded = (inner + 2 + a->block - 1) / a->block * a->block;

	*o = (pmtu_esp_t){ .outer_ip = ipv6 ? 40 : 20, .udp = natt ? 8 : 0, .esp_hdr = 8,
					   .iv = a->iv, .pad_trailer = padded - inner, .icv = a->icv };
	o->overhead = o->outer_ip + o->udp + o->esp_hdr + o->iv + o->pad_trailer + o->icv;
}

int pmtu_esp_overhead(const char *proposal, bool natt, bool ipv6, uint32_t inner,
					  pmtu_esp_t *out, probe_err_t *err)
{
	pmtu_alg_t a;
	int rc = pmtu_parse(proposal, &a, err);

	if (rc)
		return rc;
	pmtu_fill(&a, natt, ipv6, inner, out);
	return 0;
}

int pmtu_esp_inner_mtu(const char *proposal, bool natt, bool ipv6, uint32_t outer_mtu,
					   uint32_t *inner, probe_err_t *err)
{
	pmtu_esp_t e;
	pmtu_alg_t a;
	int rc = pmtu_parse(proposal, &a, err);

	if (rc)
		return rc;
	for (uint32_t x = outer_mtu; x > 0; x--)
	{
		pmtu_fill(&a, natt, ipv6, x, &e);
		if (x + e.overhead <= outer_mtu)
		{
			*inner = x;
			return 0;
		}
	}
	return probe_err_set(err, -EINVAL, "outer MTU %u leaves no room", outer_mtu);
}

uint32_t pmtu_mss(uint32_t inner_pmtu, int family)
{
	uint32_t hdr = family == AF_INET6 ? 60 : 40;

	return inner_pmtu > hdr ? inner_pmtu - hdr : 0;
}
