/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* What plan, apply, status and destroy share: the run, its calls, failures, events. */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "azure_run.h"

static double azure_run_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void azure_run_init(azure_run_t *run, const azure_topology_t *topo, arm_client_t *client)
{
	memset(run, 0, sizeof(*run));
	run->topo = topo;
	run->client = client;
	run->parallel = 2;
	run->start = azure_run_now();
	pthread_mutex_init(&run->lock, NULL);
}

void azure_run_clear(azure_run_t *run)
{
	pthread_mutex_destroy(&run->lock);
}

int azure_run_fail(azure_run_t *run, const char *object, const arm_error_t *err)
{
	pthread_mutex_lock(&run->lock);
	if (!run->err_object[0])
	{
		run->err = *err;
		snprintf(run->err_object, sizeof(run->err_object), "%s", object);
	}
	pthread_mutex_unlock(&run->lock);
	return -1;
}

void azure_run_event(azure_run_t *run, const char *label, const char *state)
{
	if (run->cb)
		run->cb(run->ctx, label, state, azure_run_now() - run->start);
}

arm_call_t azure_run_call(const azure_run_t *run, size_t tenant, int cross)
{
	arm_call_t call = { .tenant = run->topo->tenants[tenant].tenant_id };

	if (cross >= 0 && (size_t)cross < run->topo->n_tenants && (size_t)cross != tenant)
	{
		call.aux[0] = run->topo->tenants[cross].tenant_id;
		call.n_aux = 1;
	}
	return call;
}
