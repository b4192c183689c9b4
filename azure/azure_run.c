/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* What plan, apply, status and destroy share: the run, its calls, failures, events. */

#include <pthread.h>
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

/** One resource, for a thread. */
typedef struct {
	azure_run_t *run;
	const azure_res_t *res;
	azure_run_op_t op;
	int rc;
} azure_run_item_t;

static void *azure_run_item(void *arg)
{
	azure_run_item_t *item = arg;

	item->rc = item->op(item->run, item->res);
	return NULL;
}

int azure_run_each(azure_run_t *run, const azure_res_t *res, size_t n, azure_kind_t kind,
				   bool reverse, azure_run_op_t op)
{
	azure_run_item_t items[AZURE_MAX_RESOURCES];
	pthread_t threads[AZURE_MAX_RESOURCES];
	bool started[AZURE_MAX_RESOURCES] = { false };
	int rc = 0;

	for (size_t k = 0; k < n; k++)
	{
		size_t i = reverse ? n - 1 - k : k;

		if (res[i].kind != kind)
			continue;
		items[i] = (azure_run_item_t){ .run = run, .res = &res[i], .op = op };
		if (run->parallel == 1 || pthread_create(&threads[i], NULL, azure_run_item, &items[i]))
			azure_run_item(&items[i]);
		else
			started[i] = true;
	}
	for (size_t i = 0; i < n; i++)
	{
		if (res[i].kind != kind)
			continue;
		if (started[i])
			pthread_join(threads[i], NULL);
		rc = rc ? rc : items[i].rc;
	}
	return rc;
}
