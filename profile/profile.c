/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "profile.h"
#include "profile_bgp.h"
#include "profile_check.h"
#include "profile_impairment.h"
#include "profile_policy.h"
#include "profile_route.h"

#include <ctype.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool profile_name(json_t *root, profile_t *p, profile_err_t *err)
{
	if (!check_string(root, "name", "", true, p->name, sizeof(p->name), err))
		return false;
	for (const char *c = p->name; *c; c++)
	{
		if (!isalnum((unsigned char)*c) && !strchr("._-", *c))
			return check_fail(err, "name", "use letters, digits, '.', '_' and '-' only");
	}
	return true;
}

static bool profile_subnets(json_t *end, const char *path, profile_end_t *out,
							profile_err_t *err)
{
	char where[128];

	check_path(where, sizeof(where), path, "subnets", 0);
	return check_prefixes(json_object_get(end, "subnets"), where, 1, PROFILE_MAX_SUBNETS,
						  out->subnets, &out->n_subnets, err);
}

static bool profile_end(json_t *root, const char *key, bool need, profile_end_t *out,
						bool *has, profile_err_t *err)
{
	static const char *const keys[] = { "address", "id", "subnets", NULL };
	char where[128];
	json_t *end;

	if (!check_object(root, key, "", need, &end, err))
		return false;
	if (!(*has = end != NULL))
		return true;
	if (!check_keys(end, key, keys, err) ||
		!check_string(end, "address", key, true, out->address, sizeof(out->address), err))
		return false;
	check_path(where, sizeof(where), key, "address", 0);
	if (!check_is_address(out->address))
		return check_fail(err, where, "'%s' is not an IPv4 or IPv6 address", out->address);
	snprintf(out->id, sizeof(out->id), "%s", out->address);
	return check_string(end, "id", key, false, out->id, sizeof(out->id), err) &&
		   profile_subnets(end, key, out, err);
}

/* The guidance: the networks joined by a connection must not overlap. */
static bool profile_no_overlap(profile_t *p, profile_err_t *err)
{
	char where[128];

	for (size_t i = 0; i < p->local.n_subnets; i++)
	{
		for (size_t j = 0; j < p->remote.n_subnets; j++)
		{
			if (!check_cidr_overlap(p->local.subnets[i], p->remote.subnets[j]))
				continue;
			snprintf(where, sizeof(where), "remote.subnets[%zu]", j);
			return check_fail(err, where, "%s overlaps local.subnets[%zu] %s; connected "
							  "networks must not overlap", p->remote.subnets[j], i,
							  p->local.subnets[i]);
		}
	}
	return true;
}

static bool profile_auth(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "psk_file", "psk_env", NULL };
	char file[256] = "";
	json_t *auth;

	if (!check_object(root, "auth", "", !p->has_arm_connection, &auth, err))
		return false;
	if (!(p->has_auth = auth != NULL))
		return true;
	if (!check_keys(auth, "auth", keys, err) ||
		!check_string(auth, "psk_file", "auth", false, file, sizeof(file), err) ||
		!check_string(auth, "psk_env", "auth", false, p->psk_env, sizeof(p->psk_env), err))
		return false;
	if (!*file == !*p->psk_env)
		return check_fail(err, "auth", "set exactly one of psk_file and psk_env");
	if (*file == '/' || !*file)
		snprintf(p->psk_file, sizeof(p->psk_file), "%s", file);
	else if ((size_t)snprintf(p->psk_file, sizeof(p->psk_file), "%s/%s", p->dir, file) >=
			 sizeof(p->psk_file))
		return check_fail(err, "auth.psk_file", "path too long");
	return true;
}

static bool profile_proposals(json_t *sect, const char *path, bool ike,
							  char out[][128], size_t *n, profile_err_t *err)
{
	char where[128], why[128];
	json_t *list = json_object_get(sect, "proposals"), *v;
	size_t i;

	if (!list)
		return true;
	check_path(where, sizeof(where), path, "proposals", 0);
	if (!json_is_array(list) || json_array_size(list) == 0 ||
		json_array_size(list) > PROFILE_MAX_PROPOSALS)
		return check_fail(err, where, "expected an array of 1 to %d proposal strings",
						  PROFILE_MAX_PROPOSALS);
	json_array_foreach(list, i, v)
	{
		char item[128];

		check_path(item, sizeof(item), where, NULL, (int)i);
		if (!json_is_string(v))
			return check_fail(err, item, "expected a proposal string");
		if (!profile_policy_check_proposal(json_string_value(v), ike, why, sizeof(why)))
			return check_fail(err, item, "%s", why);
		strcpy(out[i], json_string_value(v));
	}
	*n = json_array_size(list);
	return true;
}

static bool profile_ike(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "proposals", "lifetime_s", "dpd_delay_s",
		"dpd_timeout_s", NULL };
	uint64_t life = 28800, delay = 10, timeout = 45;
	json_t *ike;

	if (!check_object(root, "ike", "", false, &ike, err))
		return false;
	if (ike && (!check_keys(ike, "ike", keys, err) ||
				!profile_proposals(ike, "ike", true, p->ike_proposals, &p->n_ike_proposals,
								   err) ||
				!check_uint(ike, "lifetime_s", "ike", false, 10, 86400 * 7, &life, err) ||
				!check_uint(ike, "dpd_delay_s", "ike", false, 0, 3600, &delay, err) ||
				/* Azure's range for the DPD timeout */
				!check_uint(ike, "dpd_timeout_s", "ike", false, 9, 3600, &timeout, err)))
		return false;
	p->has_dpd_timeout = json_object_get(ike, "dpd_timeout_s") != NULL;
	p->ike_lifetime_s = (uint32_t)life;
	p->dpd_delay_s = (uint32_t)delay;
	p->dpd_timeout_s = (uint32_t)timeout;
	return true;
}

static bool profile_esp(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "proposals", "lifetime_s", "life_kb", NULL };
	uint64_t life = 27000, kb = 102400000;
	json_t *esp;

	if (!check_object(root, "esp", "", false, &esp, err))
		return false;
	if (esp && (!check_keys(esp, "esp", keys, err) ||
				!profile_proposals(esp, "esp", false, p->esp_proposals, &p->n_esp_proposals,
								   err) ||
				!check_uint(esp, "lifetime_s", "esp", false, 10, 86400 * 7, &life, err) ||
				!check_uint(esp, "life_kb", "esp", false, 1024, UINT32_MAX, &kb, err)))
		return false;
	p->has_esp_lifetime = json_object_get(esp, "lifetime_s") != NULL;
	p->esp_lifetime_s = (uint32_t)life;
	p->esp_life_kb = kb;
	return true;
}

/* azure_policy replaces the explicit proposals, so the two can never disagree. */
static bool profile_azure_policy(json_t *root, profile_t *p, profile_err_t *err)
{
	json_t *pol;

	if (!check_object(root, "azure_policy", "", false, &pol, err))
		return false;
	if (!pol)
		return true;
	if (p->n_ike_proposals || p->n_esp_proposals)
		return check_fail(err, p->n_ike_proposals ? "ike.proposals" : "esp.proposals",
						  "remove it: with azure_policy set, the proposals are derived "
						  "from the policy");
	return profile_policy_parse(pol, "azure_policy", p, err);
}

static bool profile_personality(json_t *root, profile_t *p, profile_err_t *err)
{
	strcpy(p->personality, "azure");
	if (!check_string(root, "personality", "", false, p->personality,
					  sizeof(p->personality), err))
		return false;
	if (strcmp(p->personality, "azure") && strcmp(p->personality, "strongswan"))
		return check_fail(err, "personality", "expected \"azure\" or \"strongswan\"");
	return true;
}

/* Azure's enum, matched case-insensitively as Azure does */
static bool profile_connection_mode(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const modes[] = { "Default", "InitiatorOnly", "ResponderOnly" };

	strcpy(p->connection_mode, "ResponderOnly");
	p->has_connection_mode = json_object_get(root, "connection_mode") != NULL;
	if (!check_string(root, "connection_mode", "", false, p->connection_mode,
					  sizeof(p->connection_mode), err))
		return false;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
	{
		if (!strcasecmp(p->connection_mode, modes[i]))
		{
			strcpy(p->connection_mode, modes[i]);
			return true;
		}
	}
	return check_fail(err, "connection_mode", "expected Default, InitiatorOnly or ResponderOnly");
}

bool profile_initiates(const profile_t *p)
{
	return strcmp(p->connection_mode, "ResponderOnly") != 0;
}

static bool profile_target(json_t *v, const char *path, profile_target_t *t,
						   profile_err_t *err)
{
	static const char *const keys[] = { "address", "kind", "port", NULL };
	uint64_t port = 0;
	char where[128];

	if (!json_is_object(v))
		return check_fail(err, path, "expected an object {address, kind, port}");
	strcpy(t->kind, "stamp");
	if (!check_keys(v, path, keys, err) ||
		!check_string(v, "address", path, true, t->address, sizeof(t->address), err) ||
		!check_string(v, "kind", path, false, t->kind, sizeof(t->kind), err) ||
		!check_uint(v, "port", path, false, 1, 65535, &port, err))
		return false;
	check_path(where, sizeof(where), path, "address", 0);
	if (!check_is_address(t->address))
		return check_fail(err, where, "'%s' is not an IPv4 or IPv6 address", t->address);
	check_path(where, sizeof(where), path, "kind", 0);
	if (strcmp(t->kind, "stamp") && strcmp(t->kind, "icmp") && strcmp(t->kind, "tcp"))
		return check_fail(err, where, "expected \"stamp\", \"icmp\" or \"tcp\"");
	check_path(where, sizeof(where), path, "port", 0);
	if (!strcmp(t->kind, "tcp") && !port)
		return check_fail(err, where, "a tcp probe needs a port, e.g. 22 or 443");
	t->port = port ? (unsigned)port : !strcmp(t->kind, "stamp") ? 862 : 0;
	return true;
}

static bool profile_probe(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "targets", "rate_pps", "count", "size", NULL };
	uint64_t count = 1000, size = 64;
	json_t *probe, *list, *v;
	size_t i;

	p->rate_pps = 100;
	if (!check_object(root, "probe", "", false, &probe, err))
		return false;
	if (!probe)
		return true;
	p->has_probe = true;
	if (!check_keys(probe, "probe", keys, err) ||
		!check_number(probe, "rate_pps", "probe", 0.1, 100000, &p->rate_pps, err) ||
		!check_uint(probe, "count", "probe", false, 1, 10000000, &count, err) ||
		/* 44 bytes is the smallest unauthenticated STAMP test packet */
		!check_uint(probe, "size", "probe", false, 44, 9000, &size, err))
		return false;
	p->count = (uint32_t)count;
	p->size = (uint32_t)size;
	list = json_object_get(probe, "targets");
	if (!list)
		return true;
	if (!json_is_array(list) || json_array_size(list) > PROFILE_MAX_TARGETS)
		return check_fail(err, "probe.targets", "expected an array of at most %d targets",
						  PROFILE_MAX_TARGETS);
	json_array_foreach(list, i, v)
	{
		char where[128];

		check_path(where, sizeof(where), "probe.targets", NULL, (int)i);
		if (!profile_target(v, where, &p->targets[i], err))
			return false;
	}
	p->n_targets = json_array_size(list);
	return true;
}

static bool profile_thresholds(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "rtt_p99_ms", "loss_pct", "jitter_ms", "min_pmtu",
		"min_throughput_mbps", "baseline_tolerance_pct", "max_failover_ms", NULL };
	json_t *t;

	p->rtt_p99_ms = p->loss_pct = p->jitter_ms = p->min_pmtu = p->min_throughput_mbps = NAN;
	p->baseline_tolerance_pct = p->max_failover_ms = NAN;
	if (!check_object(root, "thresholds", "", false, &t, err))
		return false;
	p->has_thresholds = t != NULL;
	return !t || (check_keys(t, "thresholds", keys, err) &&
				  check_number(t, "rtt_p99_ms", "thresholds", 0, 1e6, &p->rtt_p99_ms, err) &&
				  check_number(t, "loss_pct", "thresholds", 0, 100, &p->loss_pct, err) &&
				  check_number(t, "jitter_ms", "thresholds", 0, 1e6, &p->jitter_ms, err) &&
				  check_number(t, "min_pmtu", "thresholds", 68, 65535, &p->min_pmtu, err) &&
				  check_number(t, "min_throughput_mbps", "thresholds", 0, 1e6,
							   &p->min_throughput_mbps, err) &&
				  check_number(t, "baseline_tolerance_pct", "thresholds", 0, 1000,
							   &p->baseline_tolerance_pct, err) &&
				  check_number(t, "max_failover_ms", "thresholds", 0, 3.6e6,
							   &p->max_failover_ms, err));
}

/* The top level's keys, the version and the name; the sections a file may hold depend on
 * whether it describes a tunnel end or the lab. */
static bool profile_head(json_t *root, profile_t *p, bool lab, profile_err_t *err)
{
	static const char *const keys[] = { "version", "name", "local", "remote", "auth", "ike",
		"esp", "azure_policy", "personality", "connection_mode", "probe", "thresholds", "azure",
		"azure_connection", "route_based", "bgp", NULL };
	static const char *const lab_keys[] = { "version", "name", "impairment", "probe",
		"thresholds", NULL };
	uint64_t version = 0;

	if (!json_is_object(root))
		return check_fail(err, "", "expected a JSON object at the top level");
	if (!lab && json_object_get(root, "impairment"))
		return check_fail(err, "impairment", "only a lab profile (crosspeer lab --profile) "
						  "takes an impairment: the lab's relay applies it");
	for (int i = 0; lab && keys[i]; i++)
	{
		bool lab_key = false;

		for (int j = 0; lab_keys[j]; j++)
			lab_key = lab_key || !strcmp(keys[i], lab_keys[j]);
		if (!lab_key && json_object_get(root, keys[i]))
			return check_fail(err, keys[i], "remove it: the lab sets addresses, keys and "
							  "proposals itself; a lab profile holds name, impairment, probe "
							  "and thresholds");
	}
	if (!check_keys(root, "", lab ? lab_keys : keys, err) ||
		!check_uint(root, "version", "", true, 0, INT32_MAX, &version, err))
		return false;
	if (version != 1)
		return check_fail(err, "version", "this crosspeer reads profile version 1");
	return profile_name(root, p, err);
}

static bool profile_lab_root(json_t *root, profile_t *p, profile_err_t *err)
{
	return profile_head(root, p, true, err) && profile_impairment(root, p, err) &&
		   profile_probe(root, p, err) && profile_thresholds(root, p, err);
}

/* "azure_connection": {"tenant", "name"} or {"id"[, "tenant"]}; needs the azure section. */
static bool profile_arm_connection(json_t *root, profile_t *p, profile_err_t *err)
{
	static const char *const keys[] = { "tenant", "name", "id", NULL };
	json_t *c;

	if (!check_object(root, "azure_connection", "", false, &c, err))
		return false;
	if (!(p->has_arm_connection = c != NULL))
		return true;
	if (!check_keys(c, "azure_connection", keys, err) ||
		!check_string(c, "tenant", "azure_connection", false, p->arm_tenant,
					  sizeof(p->arm_tenant), err) ||
		!check_string(c, "name", "azure_connection", false, p->arm_connection,
					  sizeof(p->arm_connection), err) ||
		!check_string(c, "id", "azure_connection", false, p->arm_connection_id,
					  sizeof(p->arm_connection_id), err))
		return false;
	if (!p->arm_connection[0] == !p->arm_connection_id[0])
		return check_fail(err, "azure_connection", "set either tenant and name, e.g. "
						  "{\"tenant\": \"a\", \"name\": \"conn-to-onprem\"}, or id (the "
						  "connection's resource ID)");
	if (p->arm_connection[0] && !p->arm_tenant[0])
		return check_fail(err, "azure_connection.tenant", "name the tenant (one of "
						  "azure.tenants[].name) whose resource group holds the connection");
	if (p->arm_connection_id[0] && !strstr(p->arm_connection_id, "/connections/"))
		return check_fail(err, "azure_connection.id", "expected a connection's resource ID, "
						  "/subscriptions/.../providers/Microsoft.Network/connections/NAME");
	if (!json_object_get(root, "azure"))
		return check_fail(err, "azure_connection", "needs the profile's azure section "
						  "(endpoints and the tenant's credentials) to read it from ARM");
	return true;
}

static bool profile_root(json_t *root, profile_t *p, profile_err_t *err)
{
	bool arm;
	json_t *azure;

	if (!profile_head(root, p, false, err) || !profile_arm_connection(root, p, err))
		return false;
	arm = p->has_arm_connection;
	if (!profile_end(root, "local", !arm, &p->local, &p->has_local, err) ||
		!profile_end(root, "remote", !arm, &p->remote, &p->has_remote, err) ||
		!profile_no_overlap(p, err) ||
		!profile_auth(root, p, err) || !profile_ike(root, p, err) ||
		!profile_esp(root, p, err) || !profile_azure_policy(root, p, err) ||
		!profile_personality(root, p, err) || !profile_connection_mode(root, p, err) ||
		!profile_route(root, p, err) || !profile_probe(root, p, err) ||
		!profile_thresholds(root, p, err) || !profile_bgp(root, p, err) ||
		!check_object(root, "azure", "", false, &azure, err))
		return false;
	p->azure = azure ? json_incref(azure) : NULL;
	return true;
}

static profile_t *profile_from_json(json_t *root, const char *dir, bool lab,
									profile_err_t *err)
{
	profile_t *p = calloc(1, sizeof(*p));

	if (!p)
	{
		check_fail(err, "", "out of memory");
		return NULL;
	}
	snprintf(p->dir, sizeof(p->dir), "%s", dir);
	if (!(lab ? profile_lab_root(root, p, err) : profile_root(root, p, err)))
	{
		profile_destroy(p);
		return NULL;
	}
	return p;
}

/**
 * jansson's text may end in " near '<token>'". Keep the token only when it is JSON
 * punctuation or a quoted string: a bare word or number may be the start of a key file
 * given as the profile by mistake, and a key never appears in a message.
 */
static void profile_json_error(const json_error_t *jerr, profile_err_t *err)
{
	const char *near = strstr(jerr->text, " near '");
	const char *tok = near ? near + strlen(" near '") : NULL;
	bool safe = tok && (tok[0] == '"' || (tok[0] && strchr("{}[]:,", tok[0]) && tok[1] == '\''));
	int keep = near && !safe ? (int)(near - jerr->text) : (int)strlen(jerr->text);

	err->line = jerr->line > 0 ? jerr->line : 0;
	err->column = jerr->column > 0 ? jerr->column : 0;
	check_fail(err, "", "not valid JSON: %.*s", keep, jerr->text);
}

static profile_t *profile_parse_text(const char *text, const char *dir, bool lab,
									 profile_err_t *err)
{
	json_error_t jerr;
	json_t *root;
	profile_t *p;

	memset(err, 0, sizeof(*err));
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
	{
		profile_json_error(&jerr, err);
		return NULL;
	}
	p = profile_from_json(root, dir, lab, err);
	json_decref(root);
	return p;
}

static profile_t *profile_read(const char *path, bool lab, profile_err_t *err)
{
	char copy[256], dir[256];
	json_error_t jerr;
	struct stat st;
	json_t *root;
	profile_t *p;
	FILE *f;

	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", path);
	f = fopen(path, "r");
	if (!f)
	{
		check_fail(err, "", "cannot open: %m");
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode))
	{
		fclose(f);
		check_fail(err, "", "not a regular file; --profile names a profile file, e.g. site.json");
		return NULL;
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!root)
	{
		profile_json_error(&jerr, err);
		return NULL;
	}
	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(dir, sizeof(dir), "%s", dirname(copy));
	p = profile_from_json(root, dir, lab, err);
	json_decref(root);
	if (p)
		snprintf(p->path, sizeof(p->path), "%s", path);
	return p;
}

profile_t *profile_parse(const char *text, const char *dir, profile_err_t *err)
{
	return profile_parse_text(text, dir, false, err);
}

profile_t *profile_parse_lab(const char *text, const char *dir, profile_err_t *err)
{
	return profile_parse_text(text, dir, true, err);
}

profile_t *profile_load(const char *path, profile_err_t *err)
{
	return profile_read(path, false, err);
}

profile_t *profile_load_lab(const char *path, profile_err_t *err)
{
	return profile_read(path, true, err);
}

void profile_err_format(const profile_err_t *err, char *buf, size_t len)
{
	char where[300] = "";

	if (err->line)
		snprintf(where, sizeof(where), "%s:%d:%d: ", err->file, err->line, err->column);
	else if (err->file[0])
		snprintf(where, sizeof(where), "%s: ", err->file);
	snprintf(buf, len, "%s%s%s%s", where, err->path, err->path[0] ? ": " : "", err->text);
}

void profile_destroy(profile_t *p)
{
	if (!p)
		return;
	json_decref(p->azure);
	free(p);
}
