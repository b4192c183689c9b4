/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* The credentials a tenants-file entry registers besides the client secret. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "armsim.h"

/** PEM text inline ("-----BEGIN ...") or read from a file (relative to dir) into out. */
static int armsim_creds_pem(const char *value, const char *dir, char *out, size_t len,
							const char *what, char *err, size_t errlen)
{
	char path[512];
	FILE *f;
	size_t n;

	if (!strncmp(value, "-----BEGIN ", 11))
	{
		if (strlen(value) >= len)
			return snprintf(err, errlen, "%s: longer than %zu bytes", what, len - 1), -1;
		snprintf(out, len, "%s", value);
		return 0;
	}
	snprintf(path, sizeof(path), "%s%s%s", value[0] == '/' || !dir ? "" : dir,
			 value[0] == '/' || !dir ? "" : "/", value);
	if (!(f = fopen(path, "re")))
		return snprintf(err, errlen, "%s: %s: %s", what, path, strerror(errno)), -1;
	n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	if (n == len - 1 && fgetc(f) != EOF)
		n = 0;
	fclose(f);
	if (!n || !strstr(out, "-----BEGIN "))
		return snprintf(err, errlen, "%s: %s: expected PEM text of at most %zu bytes", what,
						path, len - 1), -1;
	return 0;
}

static int armsim_creds_fics(json_t *list, const char *dir, armsim_tenant_t *t, char *err,
							 size_t errlen)
{
	json_t *v;
	size_t i;

	if (!json_is_array(list) || json_array_size(list) > ARMSIM_MAX_FICS)
		return snprintf(err, errlen, "federated_credentials: expected an array of at most %d",
						ARMSIM_MAX_FICS), -1;
	json_array_foreach(list, i, v)
	{
		armsim_fic_t *f = &t->fics[i];
		const char *iss, *sub, *key, *aud = ARMSIM_FIC_AUDIENCE;
		char what[64];

		snprintf(what, sizeof(what), "federated_credentials[%zu].issuer_key", i);
		if (json_unpack(v, "{s:s,s:s,s:s,s?:s}", "issuer", &iss, "subject", &sub,
						"issuer_key", &key, "audience", &aud) ||
			strlen(iss) >= sizeof(f->issuer) || strlen(sub) >= sizeof(f->subject) ||
			strlen(aud) >= sizeof(f->audience))
			return snprintf(err, errlen, "federated_credentials[%zu]: needs issuer, subject and "
							"issuer_key strings (audience optional)", i), -1;
		snprintf(f->issuer, sizeof(f->issuer), "%s", iss);
		snprintf(f->subject, sizeof(f->subject), "%s", sub);
		snprintf(f->audience, sizeof(f->audience), "%s", aud);
		if (armsim_creds_pem(key, dir, f->issuer_key, sizeof(f->issuer_key), what, err, errlen))
			return -1;
	}
	t->n_fics = json_array_size(list);
	return 0;
}

static int armsim_creds_mis(json_t *list, armsim_tenant_t *t, char *err, size_t errlen)
{
	json_t *v;
	size_t i;

	if (!json_is_array(list) || json_array_size(list) > ARMSIM_MAX_MIS)
		return snprintf(err, errlen, "managed_identities: expected an array of at most %d",
						ARMSIM_MAX_MIS), -1;
	json_array_foreach(list, i, v)
	{
		const char *id;
		int sys = 0;

		if (json_unpack(v, "{s:s,s?:b}", "client_id", &id, "system_assigned", &sys) ||
			strlen(id) >= sizeof(t->mis[i].client_id))
			return snprintf(err, errlen, "managed_identities[%zu]: needs a client_id string "
							"(system_assigned optional)", i), -1;
		snprintf(t->mis[i].client_id, sizeof(t->mis[i].client_id), "%s", id);
		t->mis[i].system_assigned = sys;
	}
	t->n_mis = json_array_size(list);
	return 0;
}

int armsim_tenant_creds(json_t *entry, const char *dir, armsim_tenant_t *t, char *err,
						size_t errlen)
{
	json_t *cert = json_object_get(entry, "client_certificate");
	json_t *fics = json_object_get(entry, "federated_credentials");
	json_t *mis = json_object_get(entry, "managed_identities");

	if (cert && (!json_is_string(cert) ||
				 armsim_creds_pem(json_string_value(cert), dir, t->client_certificate,
								  sizeof(t->client_certificate), "client_certificate", err,
								  errlen)))
	{
		if (!json_is_string(cert))
			snprintf(err, errlen, "client_certificate: expected PEM text or a file name");
		return -1;
	}
	if (fics && armsim_creds_fics(fics, dir, t, err, errlen))
		return -1;
	return mis ? armsim_creds_mis(mis, t, err, errlen) : 0;
}
