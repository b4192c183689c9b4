/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "lab_status.h"
#include "atomic_file.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

/** How often the files are read, ms; simulate rewrites them on every change. */
#define LAB_STATUS_POLL_MS 200
/** States kept per connection for the history line. */
#define LAB_STATUS_HISTORY 8

/** What ARM was last told of one connection. */
typedef struct {
	const lab_cloud_conn_t *conn;
	char states[LAB_STATUS_HISTORY][16];
	size_t n_states;
	uint64_t in, out;
} lab_status_conn_t;

struct lab_status_t {
	const lab_options_t *lab;
	lab_cloud_t *cloud;
	const lab_cloud_gateway_t *gw;
	size_t n_gw;
	lab_status_conn_t conns[2][2];
	pthread_t thread;
	atomic_int stop;
};

/* One entry of a status file: tell ARM when its state or counters moved. */
static void lab_status_apply(lab_status_t *this, lab_status_conn_t *c, json_t *entry)
{
	const char *state = json_string_value(json_object_get(entry, "connection_status"));
	json_int_t in = json_integer_value(json_object_get(entry, "ingress_bytes"));
	json_int_t out = json_integer_value(json_object_get(entry, "egress_bytes"));
	const char *last = c->n_states ? c->states[c->n_states - 1] : "";

	if (!state || (!strcmp(state, last) && (uint64_t)in == c->in && (uint64_t)out == c->out))
		return;
	lab_cloud_status(this->cloud, c->conn->id, state, (uint64_t)in, (uint64_t)out);
	c->in = (uint64_t)in;
	c->out = (uint64_t)out;
	if (strcmp(state, last) && c->n_states < LAB_STATUS_HISTORY)
		snprintf(c->states[c->n_states++], sizeof(c->states[0]), "%s", state);
}

/* Gateway t's file: each connection is named "lab-<connection name>" by lab_demo.c. */
static void lab_status_read(lab_status_t *this, size_t t)
{
	char name[64], path[512];
	json_t *doc, *list, *entry;
	char *text;
	size_t i;

	snprintf(name, sizeof(name), "gw-%c.status.json", 'a' + (int)t);
	lab_path(path, sizeof(path), this->lab, name);
	/* simulate replaces the file by rename: what is read is always whole */
	if (!(text = atomic_file_read(path, NULL)))
		return;
	doc = json_loads(text, 0, NULL);
	free(text);
	list = json_object_get(doc, "connections");
	json_array_foreach(list, i, entry)
	{
		const char *conn = json_string_value(json_object_get(entry, "name"));

		for (size_t k = 0; conn && k < this->gw[t].n_conns; k++)
		{
			if (!strncmp(conn, "lab-", 4) && !strcmp(conn + 4, this->gw[t].conns[k].name))
			{
				lab_status_apply(this, &this->conns[t][k], entry);
				/* what getikesas answers: the gateway's SAs as charon holds them */
				lab_cloud_ike_sas(this->cloud, this->gw[t].conns[k].id,
								  json_object_get(entry, "ike_sas"));
			}
		}
	}
	json_decref(doc);
}

static void *lab_status_main(void *arg)
{
	lab_status_t *this = arg;
	struct timespec pause = { 0, LAB_STATUS_POLL_MS * 1000000L };

	/* bounded by the demo: it stops the thread when its runs are done */
	while (!atomic_load(&this->stop))
	{
		for (size_t t = 0; t < this->n_gw; t++)
			lab_status_read(this, t);
		nanosleep(&pause, NULL);
	}
	return NULL;
}

lab_status_t *lab_status_start(const lab_options_t *lab, lab_cloud_t *cloud,
							   const lab_cloud_gateway_t *gw, size_t n)
{
	lab_status_t *this = calloc(1, sizeof(*this));

	if (!this)
		return NULL;
	this->lab = lab;
	this->cloud = cloud;
	this->gw = gw;
	this->n_gw = n < 2 ? n : 2;
	for (size_t t = 0; t < this->n_gw; t++)
		for (size_t k = 0; k < gw[t].n_conns && k < 2; k++)
			this->conns[t][k].conn = &gw[t].conns[k];
	if (pthread_create(&this->thread, NULL, lab_status_main, this))
	{
		free(this);
		return NULL;
	}
	return this;
}

void lab_status_stop(lab_status_t *this)
{
	if (!this || atomic_exchange(&this->stop, 1))
		return;
	pthread_join(this->thread, NULL);
	for (size_t t = 0; t < this->n_gw; t++)
		lab_status_read(this, t);
}

void lab_status_print_history(const lab_status_t *this)
{
	for (size_t t = 0; this && t < this->n_gw; t++)
	{
		for (size_t k = 0; k < this->gw[t].n_conns && k < 2; k++)
		{
			const lab_status_conn_t *c = &this->conns[t][k];
			const char *slash = strrchr(c->conn->id, '/');
			char line[200] = "", label[600];

			for (size_t s = 0; s < c->n_states; s++)
				snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s",
						 s ? " > " : "", c->states[s]);
			/* the layout of `crosspeer azure status`, whose lines stand just above */
			snprintf(label, sizeof(label), "%c: connections/%s", 'a' + (int)t,
					 slash ? slash + 1 : c->conn->id);
			printf("  %-56s %s\n", label, c->n_states ? line : "(no state seen)");
		}
	}
}

void lab_status_destroy(lab_status_t *this)
{
	lab_status_stop(this);
	free(this);
}
