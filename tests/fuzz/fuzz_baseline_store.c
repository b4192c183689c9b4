/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * libFuzzer target: the baseline store (agent/baseline_store.c), a JSON file kept for weeks,
 * copied between machines and sometimes edited by hand. baseline_store_load() reads from a
 * path only, so each input goes through one temporary file; a store that loads is then
 * compared with a fixed current run, the way `crosspeer baseline compare` uses it.
 */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline_compare.h"
#include "baseline_store.h"
#include "result.h"

static char fuzz_store_path[64];
static xp_result_t *fuzz_store_current;
static FILE *fuzz_store_null;

/** The current run: one STAMP target with a few hundred replies and a little loss. */
static xp_result_t *fuzz_store_run(void)
{
	xp_result_t *r = xp_result_create("fuzz", "0.1.0");
	xp_probe_result_t *p = r ? xp_result_add_probe(r, "10.1.0.4", "stamp") : NULL;

	if (!p)
		abort();
	r->tunnel.established = true;
	r->tunnel.setup_ms = 5.5;
	r->pmtu.inner = 1400;
	r->throughput_mbps.up = 90;
	r->throughput_mbps.down = 80;
	for (int i = 0; i < 300; i++)
		xp_probe_result_add_sample(p, i * 10.0, i % 50 == 7 ? NAN : 0.4 + (i % 13) * 0.03);
	p->sent = 300;
	p->received = 294;
	xp_probe_result_compute(p);
	return r;
}

static int fuzz_store_init(void)
{
	int fd;

	snprintf(fuzz_store_path, sizeof(fuzz_store_path), "/tmp/crosspeer-fuzz-store-XXXXXX");
	fd = mkstemp(fuzz_store_path);
	if (fd < 0)
		return -1;
	close(fd);
	fuzz_store_current = fuzz_store_run();
	fuzz_store_null = fopen("/dev/null", "w");
	return fuzz_store_null ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	baseline_opts_t o = baseline_compare_defaults();
	baseline_row_t *rows = NULL;
	size_t n = 0;
	char err[512];
	json_t *store;
	FILE *f;

	if (!fuzz_store_path[0] && fuzz_store_init() < 0)
		abort();
	f = fopen(fuzz_store_path, "wb");
	if (!f)
		abort();
	if (fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	store = baseline_store_load(fuzz_store_path, false, err, sizeof(err));
	if (!store)
		return 0;
	o.iterations = 64;
	o.max_pool = 2000;
	if (baseline_compare_run(store, fuzz_store_current, &o, &rows, &n, err, sizeof(err)) == 0)
	{
		baseline_compare_print(fuzz_store_null, rows, n, &o);
		(void)baseline_compare_regressions(rows, n);
	}
	free(rows);
	json_decref(store);
	return 0;
}
