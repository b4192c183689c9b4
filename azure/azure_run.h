/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * plan / apply / status / destroy of a topology over an arm_client_t.
 * plan only reads; apply is idempotent (a second run writes nothing), creates
 * both tenants' gateways concurrently, records what it created in a state
 * file and converges when run again after being killed at any point.
 */
#ifndef AZURE_RUN_H_
#define AZURE_RUN_H_

#include <pthread.h>

#include "arm_client.h"
#include "azure_topology.h"

typedef enum {
	/** exists as wanted */
	AZURE_SAME,
	/** absent: PUT */
	AZURE_CREATE,
	/** differs: PUT (or sharedkey PUT) */
	AZURE_UPDATE,
	/** an operation on it is still running: wait */
	AZURE_WAIT,
} azure_action_t;

/** One line of a plan. */
typedef struct {
	azure_res_t res;
	azure_action_t action;
	/** what differs, or why it waits; never a secret */
	char detail[256];
	/** provisioningState now, "absent" if none */
	char state[32];
} azure_change_t;

/** Progress: resource label, its state, seconds since the run began. */
typedef void (*azure_event_cb_t)(void *ctx, const char *label, const char *state,
								 double elapsed_s);

/** One run. */
typedef struct {
	const azure_topology_t *topo;
	arm_client_t *client;
	/** shared key for connections (apply), NULL for plan/status/destroy */
	const char *shared_key;
	/** local state file, NULL for none */
	const char *state_file;
	/** 1: one tenant after the other; otherwise both tenants at once */
	int parallel;
	/** progress callback (may be called from several threads at once), or NULL */
	azure_event_cb_t cb;
	void *ctx;
	/** out: PUT/DELETE/POST requests this run sent */
	unsigned writes;
	/** out: existing resources destroy left because this profile did not create them */
	unsigned kept;
	/** out: the first failure and the resource it concerns */
	arm_error_t err;
	char err_object[160];
	/** internal */
	pthread_mutex_t lock;
	double start;
} azure_run_t;

/** Prepare a run (zeroes the outputs). */
void azure_run_init(azure_run_t *run, const azure_topology_t *topo, arm_client_t *client);

/** Free what azure_run_init() set up. */
void azure_run_clear(azure_run_t *run);

/**
 * What apply would do, from GETs only.
 *
 * @param out		AZURE_MAX_RESOURCES entries
 * @param n			entries filled
 * @return			0, or -1 with run->err set
 */
int azure_plan(azure_run_t *run, azure_change_t *out, size_t *n);

/** Create or update everything; 0, or -1 with run->err / run->err_object set. */
int azure_apply(azure_run_t *run);

/**
 * Current state of every resource: [{resource, id, provisioningState,
 * connectionStatus, tunnelConnectionStatus, ingressBytesTransferred,
 * egressBytesTransferred}] (absent resources: provisioningState "absent").
 *
 * @return new JSON array, or NULL with run->err set
 */
json_t *azure_status(azure_run_t *run);

/**
 * Delete, in reverse order, the resources this profile created: tagged
 * crosspeer=<profile> and recorded as created in run->state_file (without a
 * state file nothing is deleted). The others are kept, counted in run->kept and
 * named in an event each.
 *
 * @return 0 or -1
 */
int azure_destroy(azure_run_t *run);

/** Record a failure in run (first one wins); returns -1. */
int azure_run_fail(azure_run_t *run, const char *object, const arm_error_t *err);

/** Emit a progress event. */
void azure_run_event(azure_run_t *run, const char *label, const char *state);

/** One operation on one resource (apply or delete it); 0 or -1. */
typedef int (*azure_run_op_t)(azure_run_t *run, const azure_res_t *res);

/**
 * Run op on every resource of one kind, concurrently unless run->parallel is 1.
 *
 * @param reverse	start them from the last one (destroy undoes in reverse)
 * @return			0, or the first failure in resource order
 */
int azure_run_each(azure_run_t *run, const azure_res_t *res, size_t n, azure_kind_t kind,
				   bool reverse, azure_run_op_t op);

/** @return the call for a tenant, with the peer tenant as auxiliary when cross is set */
arm_call_t azure_run_call(const azure_run_t *run, size_t tenant, int cross);

/** @return "create", "update", "unchanged", "wait" */
const char *azure_action_name(azure_action_t a);

/**
 * GET one resource and decide what apply must do.
 *
 * @param actual	set to the resource's JSON (new reference) or NULL if absent
 * @return			0, or -1 with run->err set (anything but 404)
 */
int azure_plan_one(azure_run_t *run, const azure_res_t *res, azure_change_t *ch,
				   json_t **actual);

/** Public IP address of a tenant's gateway (GET), "" if it has none yet; 0 or -1. */
int azure_plan_peer_ip(azure_run_t *run, size_t tenant, char *buf, size_t len);

#endif
