/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* crosspeer armsim: run the ARM emulator (lab/armsim) until SIGINT/SIGTERM. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "armsim.h"
#include "commands.h"
#include "exit_codes.h"
#include "stop_token.h"

static void cmd_armsim_usage(FILE *out)
{
	fprintf(out, "Usage: crosspeer armsim --tenants FILE (--tls-cert F --tls-key F | --tls-dir DIR)\n"
		"                        [--listen 127.0.0.1:PORT] [options]\n"
		"The offline Azure Resource Manager emulator: Entra ID token endpoint and ARM over HTTPS.\n\n"
		"  --tenants FILE         JSON (mode 0600): [{\"tenant_id\",\"subscription_id\",\n"
		"                         \"client_id\",\"client_secret\"}, ...] (at most 4); optional\n"
		"                         \"client_certificate\", \"federated_credentials\",\n"
		"                         \"managed_identities\" (docs/azure.md)\n"
		"  --tls-cert F --tls-key F  server certificate and key (PEM)\n"
		"  --tls-dir DIR          generate a throwaway CA + certificate there (ca.pem for clients)\n"
		"  --listen ADDR:PORT     default 127.0.0.1:0 (ephemeral; see --port-file)\n"
		"  --port-file F          write the bound port to F once listening\n"
		"  --gateway-seconds N    gateway create time (default 30; Azure: 27-49 min)\n"
		"  --resource-seconds N   every other write and delete (default 1)\n"
		"  --retry-after N        Retry-After on 202/429 (default 1)\n"
		"  --token-seconds N      token lifetime (default 3599)\n"
		"  --stall-seconds N      how long a 'stall' fault holds an answer (default 30)\n"
		"  --pip-base IP          first public IP handed out (default 198.51.100.10)\n"
		"  --state FILE           load state at start, save it at exit\n"
		"  --record FILE          append one JSON line per request (method, path, api-version,\n"
		"                         status, body with keys and secrets redacted)\n"
		"  --imds-listen ADDR:PORT  managed identity endpoints over plain HTTP (IMDS\n"
		"                         /metadata/identity/oauth2/token, App Service /msi/token)\n"
		"  --imds-port-file F     write the IMDS listener's port to F\n"
		"  --identity-header-file F  the IDENTITY_HEADER value /msi/token requires (mode 0600)\n"
		"  --fault SPEC           KIND[:COUNT][@METHOD][~PATH], KIND 429|500|503|drop|stall|lrofail;\n"
		"                         repeatable; ARMSIM_FAULTS adds more\n\n"
		"Admin (not counted, never faulted): GET /_armsim/stats, PUT /_armsim/connectionStatus\n"
		"{\"id\",\"connectionStatus\",\"ingressBytesTransferred\",\"egressBytesTransferred\"},\n"
		"POST /_armsim/faults, GET|PUT /_armsim/resource?id=ID.\n"
		"Exit: 0 stopped by a signal, 2 usage, 5 cannot listen or read files.\n");
}

/** The registered credentials besides the secret, files relative to the tenants file. */
static bool cmd_armsim_creds(const char *file, json_t *t, size_t i, armsim_tenant_t *d)
{
	char dir[512], err[768];
	const char *slash = strrchr(file, '/');

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - file) : 1, slash ? file : ".");
	if (!armsim_tenant_creds(t, dir, d, err, sizeof(err)))
		return true;
	fprintf(stderr, "crosspeer armsim: %s: [%zu].%s\n", file, i, err);
	return false;
}

/** Read the tenants file (refused when group/others may read it). */
static int cmd_armsim_tenants(const char *file, armsim_opts_t *o)
{
	struct stat st;
	json_error_t jerr;
	json_t *all, *t;
	size_t i;

	if (stat(file, &st))
		return fprintf(stderr, "crosspeer armsim: %s: %s\n", file, strerror(errno)), XP_EXIT_ENV;
	if (st.st_mode & 077)
		return fprintf(stderr, "crosspeer armsim: %s: readable by group or others; run "
					   "'chmod 600 %s'\n", file, file), XP_EXIT_USAGE;
	/* jansson's own text may quote the file, and the file holds client secrets: only
	 * the position of a syntax error is shown */
	all = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (!all)
		return fprintf(stderr, "crosspeer armsim: %s:%d:%d: not valid JSON; expected an "
					   "array of 1 to %d tenants\n", file, jerr.line, jerr.column,
					   ARMSIM_MAX_TENANTS), XP_EXIT_USAGE;
	if (!json_is_array(all) || !json_array_size(all) || json_array_size(all) > ARMSIM_MAX_TENANTS)
	{
		fprintf(stderr, "crosspeer armsim: %s: expected an array of 1 to %d tenants\n",
				file, ARMSIM_MAX_TENANTS);
		json_decref(all);
		return XP_EXIT_USAGE;
	}
	json_array_foreach(all, i, t)
	{
		armsim_tenant_t *d = &o->tenants[i];
		const char *v[4];

		if (json_unpack(t, "{s:s,s:s,s:s,s:s}", "tenant_id", &v[0], "subscription_id", &v[1],
						"client_id", &v[2], "client_secret", &v[3]))
		{
			fprintf(stderr, "crosspeer armsim: %s: [%zu]: needs tenant_id, subscription_id, "
					"client_id and client_secret strings\n", file, i);
			json_decref(all);
			return XP_EXIT_USAGE;
		}
		snprintf(d->tenant_id, sizeof(d->tenant_id), "%s", v[0]);
		snprintf(d->subscription_id, sizeof(d->subscription_id), "%s", v[1]);
		snprintf(d->client_id, sizeof(d->client_id), "%s", v[2]);
		snprintf(d->client_secret, sizeof(d->client_secret), "%s", v[3]);
		if (!cmd_armsim_creds(file, t, i, d))
		{
			json_decref(all);
			return XP_EXIT_USAGE;
		}
	}
	o->n_tenants = json_array_size(all);
	json_decref(all);
	return XP_EXIT_PASS;
}

static bool cmd_armsim_addr(const char *arg, char addr[64], uint16_t *port_out)
{
	const char *colon = strrchr(arg, ':');
	char *end;
	long port;

	if (!colon || colon - arg >= 64)
		return false;
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return false;
	snprintf(addr, 64, "%.*s", (int)(colon - arg), arg);
	*port_out = (uint16_t)port;
	return true;
}

static bool cmd_armsim_listen(const char *arg, armsim_opts_t *o)
{
	return cmd_armsim_addr(arg, o->listen_addr, &o->port);
}

/** The IDENTITY_HEADER value from a 0600 file (it is a secret). */
static bool cmd_armsim_identity_header(const char *file, armsim_opts_t *o)
{
	struct stat st;
	FILE *f;
	size_t n = 0;

	if (stat(file, &st) || !(f = fopen(file, "re")))
		return fprintf(stderr, "crosspeer armsim: --identity-header-file: %s: %s\n", file,
					   strerror(errno)), false;
	if (st.st_mode & 077)
	{
		fclose(f);
		return fprintf(stderr, "crosspeer armsim: --identity-header-file: %s: readable by "
					   "group or others; run 'chmod 600 %s'\n", file, file), false;
	}
	n = fread(o->identity_header, 1, sizeof(o->identity_header) - 1, f);
	fclose(f);
	while (n && (o->identity_header[n - 1] == '\n' || o->identity_header[n - 1] == '\r'))
		n--;
	o->identity_header[n] = '\0';
	if (!n)
		return fprintf(stderr, "crosspeer armsim: --identity-header-file: %s: empty\n", file),
			false;
	return true;
}

static bool cmd_armsim_num(const char *name, const char *arg, double max, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (*end || v < 0 || v > max)
	{
		fprintf(stderr, "crosspeer armsim: %s: expected a number from 0 to %g\n", name, max);
		return false;
	}
	*out = v;
	return true;
}

static bool cmd_armsim_pip_base(armsim_opts_t *o, const char *ip)
{
	struct in_addr a;

	if (inet_pton(AF_INET, ip, &a) != 1)
	{
		fprintf(stderr, "crosspeer armsim: --pip-base: '%s' is not an IPv4 address\n", ip);
		return false;
	}
	snprintf(o->pip_base, sizeof(o->pip_base), "%s", ip);
	return true;
}

static bool cmd_armsim_fault(armsim_opts_t *o, const char *spec)
{
	size_t len = strlen(o->faults);

	if (!armsim_faults_valid(spec))
	{
		fprintf(stderr, "crosspeer armsim: --fault: '%s' does not parse; expected "
				"KIND[:COUNT][@METHOD][~PATH] with KIND 429|500|503|drop|stall|lrofail and "
				"METHOD GET|PUT|POST|DELETE|PATCH|HEAD\n", spec);
		return false;
	}

	if (len + strlen(spec) + 2 > sizeof(o->faults))
		return false;
	snprintf(o->faults + len, sizeof(o->faults) - len, "%s%s", len ? "," : "", spec);
	return true;
}

/* A usage error: the usage on stderr, exit 2. */
static int cmd_armsim_bad(void)
{
	cmd_armsim_usage(stderr);
	return XP_EXIT_USAGE;
}

/** Options into o. @return -1 to go on, else the exit code (help printed, or usage error) */
static int cmd_armsim_parse(int argc, char *argv[], armsim_opts_t *o, const char **tenants,
							const char **tls_dir, const char *port_file[2])
{
	static const struct option longs[] = {
		{ "tenants", 1, NULL, 'T' }, { "tls-cert", 1, NULL, 'c' }, { "tls-key", 1, NULL, 'k' },
		{ "tls-dir", 1, NULL, 'd' }, { "listen", 1, NULL, 'l' }, { "port-file", 1, NULL, 'P' },
		{ "gateway-seconds", 1, NULL, 'g' }, { "resource-seconds", 1, NULL, 'r' },
		{ "retry-after", 1, NULL, 'a' }, { "token-seconds", 1, NULL, 't' },
		{ "stall-seconds", 1, NULL, 'S' }, { "pip-base", 1, NULL, 'b' },
		{ "state", 1, NULL, 's' }, { "fault", 1, NULL, 'f' }, { "help", 0, NULL, 'h' },
		{ "record", 1, NULL, 'R' },
		{ "imds-listen", 1, NULL, 'I' }, { "imds-port-file", 1, NULL, 'i' },
		{ "identity-header-file", 1, NULL, 'H' },
		{ NULL, 0, NULL, 0 } };
	double v = 0;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1)
	{
		bool ok = true;

		switch (c)
		{
			case 'T': *tenants = optarg; break;
			case 'd': *tls_dir = optarg; break;
			case 'P': port_file[0] = optarg; break;
			case 'i': port_file[1] = optarg; break;
			case 'I': ok = cmd_armsim_addr(optarg, o->imds_addr, &o->imds_port); break;
			case 'H':
				if (!cmd_armsim_identity_header(optarg, o))
					return cmd_armsim_bad();
				break;
			case 'c': snprintf(o->tls_cert_file, sizeof(o->tls_cert_file), "%s", optarg); break;
			case 'k': snprintf(o->tls_key_file, sizeof(o->tls_key_file), "%s", optarg); break;
			case 's': snprintf(o->state_file, sizeof(o->state_file), "%s", optarg); break;
			case 'R': snprintf(o->record_file, sizeof(o->record_file), "%s", optarg); break;
			case 'b': if (!cmd_armsim_pip_base(o, optarg)) return cmd_armsim_bad(); break;
			case 'l': ok = cmd_armsim_listen(optarg, o); break;
			case 'f': if (!cmd_armsim_fault(o, optarg)) return cmd_armsim_bad(); break;
			case 'g': ok = cmd_armsim_num("--gateway-seconds", optarg, 86400, &o->gateway_seconds); break;
			case 'r': ok = cmd_armsim_num("--resource-seconds", optarg, 3600, &o->resource_seconds); break;
			case 'S': ok = cmd_armsim_num("--stall-seconds", optarg, 3600, &o->stall_seconds); break;
			case 'a': ok = cmd_armsim_num("--retry-after", optarg, 600, &v); o->retry_after_s = (int)v; break;
			case 't': ok = cmd_armsim_num("--token-seconds", optarg, 86400, &v); o->token_seconds = (int)v; break;
			case 'h': cmd_armsim_usage(stdout); return XP_EXIT_PASS;
			default:
				fprintf(stderr, "crosspeer armsim: %s: unknown option or missing value\n",
						argv[optind - 1]);
				return cmd_armsim_bad();
		}
		if (!ok)
			return fprintf(stderr, "crosspeer armsim: %s: invalid value\n", argv[optind - 1]),
				   cmd_armsim_bad();
	}
	if (optind < argc || !*tenants || (!*tls_dir && (!o->tls_cert_file[0] || !o->tls_key_file[0])))
		return fprintf(stderr, "crosspeer armsim: need --tenants FILE and --tls-cert/--tls-key "
					   "or --tls-dir\n"), cmd_armsim_bad();
	return -1;
}

/** Write a port number to a file, if one is named. */
static void cmd_armsim_port_file(const char *file, unsigned port)
{
	FILE *f;

	if (file && (f = fopen(file, "w")))
	{
		fprintf(f, "%u\n", port);
		fclose(f);
	}
}

static int cmd_armsim_run(armsim_opts_t *o, const char *tls_dir, const char *port_file[2])
{
	char err[512];
	armsim_t *sim;

	if (tls_dir)
	{
		if (armsim_tls_generate(tls_dir, err, sizeof(err)))
			return fprintf(stderr, "crosspeer armsim: %s: %s\n", tls_dir, err), XP_EXIT_ENV;
		snprintf(o->tls_cert_file, sizeof(o->tls_cert_file), "%s/cert.pem", tls_dir);
		snprintf(o->tls_key_file, sizeof(o->tls_key_file), "%s/key.pem", tls_dir);
	}
	/* before the server's threads, so they inherit the blocked signals */
	if (!stop_token_start(false))
		return fprintf(stderr, "crosspeer armsim: signals: cannot start the thread that waits "
					   "for them\n"), XP_EXIT_ENV;
	if (!(sim = armsim_start(o, err, sizeof(err))))
		return fprintf(stderr, "crosspeer armsim: %s: %s\n", o->listen_addr, err), XP_EXIT_ENV;
	printf("armsim: listening on https://%s:%u, %zu tenant(s), gateway %.1f s\n",
		   o->listen_addr, armsim_port(sim), o->n_tenants, o->gateway_seconds);
	if (armsim_imds_port(sim))
		printf("armsim: managed identity endpoints on http://%s:%u\n", o->imds_addr,
			   armsim_imds_port(sim));
	fflush(stdout);
	cmd_armsim_port_file(port_file[1], armsim_imds_port(sim));
	cmd_armsim_port_file(port_file[0], armsim_port(sim));
	stop_token_wait(-1);
	armsim_stop(sim);
	printf("armsim: stopped\n");
	return XP_EXIT_PASS;
}

int cmd_armsim(int argc, char *argv[])
{
	const char *tenants = NULL, *tls_dir = NULL, *port_file[2] = { NULL, NULL }, *env;
	armsim_opts_t o;
	int rc;

	armsim_opts_default(&o);
	rc = cmd_armsim_parse(argc, argv, &o, &tenants, &tls_dir, port_file);
	if (rc >= 0)
		return rc;
	if ((env = getenv("ARMSIM_FAULTS")) && *env && !cmd_armsim_fault(&o, env))
		return fprintf(stderr, "crosspeer armsim: ARMSIM_FAULTS: too long\n"), XP_EXIT_USAGE;
	if ((rc = cmd_armsim_tenants(tenants, &o)) != XP_EXIT_PASS)
		return rc;
	rc = cmd_armsim_run(&o, tls_dir, port_file);
	memset(o.tenants, 0, sizeof(o.tenants));
	memset(o.identity_header, 0, sizeof(o.identity_header));
	return rc;
}
