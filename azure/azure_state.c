/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "azure_state.h"

static int azure_state_write(const char *file, json_t *doc)
{
	char tmp[600];
	int fd, rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	rc = json_dumpfd(doc, fd, JSON_SORT_KEYS | JSON_INDENT(2));
	if (fsync(fd))
		rc = -1;
	if (close(fd))
		rc = -1;
	if (rc || rename(tmp, file))
	{
		unlink(tmp);
		return -1;
	}
	return 0;
}

/** The state file's document, or a new one; called with run->lock held. */
static json_t *azure_state_load(azure_run_t *run)
{
	json_t *doc = json_load_file(run->state_file, 0, NULL), *all;

	if (!json_is_object(doc))
	{
		json_decref(doc);
		doc = json_pack("{s:i,s:s,s:{}}", "version", 1, "profile", run->topo->profile_name,
						"resources");
	}
	all = json_object_get(doc, "resources");
	if (!json_is_object(all))
		json_object_set_new(doc, "resources", json_object());
	return doc;
}

bool azure_state_created(azure_run_t *run, const azure_res_t *res)
{
	json_t *doc;
	bool created;

	if (!run->state_file || !run->state_file[0])
		return false;
	pthread_mutex_lock(&run->lock);
	doc = azure_state_load(run);
	created = json_is_true(json_object_get(json_object_get(json_object_get(doc, "resources"),
													   res->id), "created"));
	json_decref(doc);
	pthread_mutex_unlock(&run->lock);
	return created;
}

int azure_state_record(azure_run_t *run, const azure_res_t *res, const char *state,
					   bool created)
{
	json_t *doc, *all;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (!run->state_file || !run->state_file[0])
		return 0;
	pthread_mutex_lock(&run->lock);
	doc = azure_state_load(run);
	all = json_object_get(doc, "resources");
	created = created || json_is_true(json_object_get(json_object_get(all, res->id),
															"created"));
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (state)
		json_object_set_new(all, res->id, json_pack("{s:s,s:s,s:s,s:b}", "label", res->label,
							"state", state, "time", stamp, "created", created));
	else
		json_object_del(all, res->id);
	rc = azure_state_write(run->state_file, doc);
	json_decref(doc);
	pthread_mutex_unlock(&run->lock);
	return rc;
}
