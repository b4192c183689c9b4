/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "metrics_web_config.h"

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

/** PEM files larger than this are refused. */
#define METRICS_WEB_MAX_PEM (1024 * 1024)

typedef struct {
	const char *path;
	/** the file's folder, for relative paths */
	char dir[512];
	yaml_document_t doc;
	char *err;
	size_t errlen;
} web_ctx_t;

static bool web_fail(web_ctx_t *ctx, const char *key, const char *fmt, const char *arg)
{
	char reason[1400];

	snprintf(reason, sizeof(reason), fmt, arg ? arg : "");
	snprintf(ctx->err, ctx->errlen, "%s: %s%s%s", ctx->path, key ? key : "", key ? ": " : "",
			 reason);
	return false;
}

static const char *web_scalar(web_ctx_t *ctx, yaml_node_t *node)
{
	(void)ctx;
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value
												  : NULL;
}

/* A PEM file named by key, relative to the config's folder. */
static bool web_read_pem(web_ctx_t *ctx, const char *key, const char *name, char **out)
{
	char path[1024];
	struct stat st;
	size_t n;
	FILE *f;

	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", ctx->dir, name);
	f = fopen(path, "re");
	if (!f)
	{
		char why[1200];

		snprintf(why, sizeof(why), "cannot read %s: %s", path, strerror(errno));
		return web_fail(ctx, key, "%s", why);
	}
	if (fstat(fileno(f), &st) < 0 || st.st_size <= 0 || st.st_size > METRICS_WEB_MAX_PEM)
	{
		fclose(f);
		return web_fail(ctx, key, "%s: empty, or larger than 1 MiB", path);
	}
	*out = calloc(1, (size_t)st.st_size + 1);
	n = *out ? fread(*out, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (n != (size_t)st.st_size)
		return web_fail(ctx, key, "%s: short read", path);
	if (!strstr(*out, "-----BEGIN "))
		return web_fail(ctx, key, "%s: not a PEM file", path);
	return true;
}

static bool web_min_version(web_ctx_t *ctx, metrics_web_config_t *c, const char *v)
{
	static const struct {
		const char *name, *priorities;
	} versions[] = {
		{ "TLS10", "NORMAL" },
		{ "TLS11", "NORMAL:-VERS-TLS1.0" },
		{ "TLS12", "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1" },
		{ "TLS13", "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1:-VERS-TLS1.2" },
	};

	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
	{
		if (!strcmp(v, versions[i].name))
		{
			snprintf(c->priorities, sizeof(c->priorities), "%s", versions[i].priorities);
			return true;
		}
	}
	return web_fail(ctx, "tls_server_config.min_version", "expected TLS10, TLS11, TLS12 or "
					"TLS13, got '%s'", v);
}

/* One key of tls_server_config. */
static bool web_tls_key(web_ctx_t *ctx, metrics_web_config_t *c, const char *k, const char *v,
						bool *verify_clients)
{
	if (!strcmp(k, "cert_file"))
		return web_read_pem(ctx, "tls_server_config.cert_file", v, &c->cert_pem);
	if (!strcmp(k, "key_file"))
		return web_read_pem(ctx, "tls_server_config.key_file", v, &c->key_pem);
	if (!strcmp(k, "client_ca_file"))
		return web_read_pem(ctx, "tls_server_config.client_ca_file", v, &c->client_ca_pem);
	if (!strcmp(k, "min_version"))
		return web_min_version(ctx, c, v);
	if (!strcmp(k, "client_auth_type"))
	{
		if (!strcmp(v, "RequireAndVerifyClientCert"))
			*verify_clients = true;
		else if (strcmp(v, "NoClientCert"))
			return web_fail(ctx, "tls_server_config.client_auth_type", "expected "
							"NoClientCert or RequireAndVerifyClientCert (the others are not "
							"implemented), got '%s'", v);
		return true;
	}
	return web_fail(ctx, "tls_server_config", "%s: not implemented by crosspeer; known: "
					"cert_file, key_file, client_auth_type, client_ca_file, min_version", k);
}

static bool web_tls(web_ctx_t *ctx, metrics_web_config_t *c, yaml_node_t *map)
{
	bool verify_clients = false;

	if (map->type != YAML_MAPPING_NODE)
		return web_fail(ctx, "tls_server_config", "expected a mapping", NULL);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
		 p++)
	{
		const char *k = web_scalar(ctx, yaml_document_get_node(&ctx->doc, p->key));
		const char *v = web_scalar(ctx, yaml_document_get_node(&ctx->doc, p->value));

		if (!k || !v)
			return web_fail(ctx, "tls_server_config", "expected key: value pairs of "
							"strings", NULL);
		if (!web_tls_key(ctx, c, k, v, &verify_clients))
			return false;
	}
	if (!c->cert_pem || !c->key_pem)
		return web_fail(ctx, "tls_server_config", "needs both cert_file and key_file", NULL);
	if (verify_clients != (c->client_ca_pem != NULL))
		return web_fail(ctx, "tls_server_config", "client_ca_file goes with "
						"client_auth_type: RequireAndVerifyClientCert, and back", NULL);
	return true;
}

static bool web_users(web_ctx_t *ctx, metrics_web_config_t *c, yaml_node_t *map)
{
	if (map->type != YAML_MAPPING_NODE)
		return web_fail(ctx, "basic_auth_users", "expected a mapping of user: bcrypt hash",
						NULL);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
		 p++)
	{
		const char *k = web_scalar(ctx, yaml_document_get_node(&ctx->doc, p->key));
		const char *v = web_scalar(ctx, yaml_document_get_node(&ctx->doc, p->value));
		metrics_web_user_t *u = &c->users[c->n_users];

		if (!k || !v || !*k)
			return web_fail(ctx, "basic_auth_users", "expected user: bcrypt hash pairs", NULL);
		if (c->n_users == METRICS_WEB_MAX_USERS)
			return web_fail(ctx, "basic_auth_users", "at most 16 users", NULL);
		/* the hash itself is never echoed */
		if (strncmp(v, "$2a$", 4) && strncmp(v, "$2b$", 4) && strncmp(v, "$2y$", 4))
			return web_fail(ctx, "basic_auth_users", "%s: expected a bcrypt hash ($2a$, $2b$ "
							"or $2y$), as htpasswd -B makes", k);
		if (strlen(k) >= sizeof(u->name) || strlen(v) >= sizeof(u->hash))
			return web_fail(ctx, "basic_auth_users", "%s: name or hash too long", k);
		snprintf(u->name, sizeof(u->name), "%s", k);
		snprintf(u->hash, sizeof(u->hash), "%s", v);
		c->n_users++;
	}
	return true;
}

static bool web_top(web_ctx_t *ctx, metrics_web_config_t *c)
{
	yaml_node_t *root = yaml_document_get_root_node(&ctx->doc);

	if (!root)
		return web_fail(ctx, NULL, "empty; expected tls_server_config and/or "
						"basic_auth_users", NULL);
	if (root->type != YAML_MAPPING_NODE)
		return web_fail(ctx, NULL, "expected a mapping at the top level", NULL);
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
		 p < root->data.mapping.pairs.top; p++)
	{
		const char *k = web_scalar(ctx, yaml_document_get_node(&ctx->doc, p->key));
		yaml_node_t *v = yaml_document_get_node(&ctx->doc, p->value);

		if (k && !strcmp(k, "tls_server_config"))
		{
			if (!web_tls(ctx, c, v))
				return false;
		}
		else if (k && !strcmp(k, "basic_auth_users"))
		{
			if (!web_users(ctx, c, v))
				return false;
		}
		else
			return web_fail(ctx, k ? k : "?", "unknown or not implemented key; expected "
							"tls_server_config, basic_auth_users", NULL);
	}
	return true;
}

static bool web_parse(web_ctx_t *ctx, metrics_web_config_t *c)
{
	yaml_parser_t parser;
	FILE *f = fopen(ctx->path, "re");
	bool ok;

	if (!f)
		return web_fail(ctx, NULL, "cannot open: %s", strerror(errno));
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &ctx->doc))
	{
		char why[200];

		snprintf(why, sizeof(why), "%zu:%zu: not valid YAML: %s", parser.problem_mark.line + 1,
				 parser.problem_mark.column + 1, parser.problem ? parser.problem : "?");
		yaml_parser_delete(&parser);
		fclose(f);
		return web_fail(ctx, NULL, "%s", why);
	}
	ok = web_top(ctx, c);
	yaml_document_delete(&ctx->doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return ok;
}

metrics_web_config_t *metrics_web_config_load(const char *path, char *err, size_t errlen)
{
	web_ctx_t ctx = { .path = path, .err = err, .errlen = errlen };
	metrics_web_config_t *c = calloc(1, sizeof(*c));
	const char *slash = strrchr(path, '/');

	if (!c)
		return NULL;
	if (slash)
		snprintf(ctx.dir, sizeof(ctx.dir), "%.*s", (int)(slash - path), path);
	else
		snprintf(ctx.dir, sizeof(ctx.dir), ".");
	if (!ctx.dir[0])
		snprintf(ctx.dir, sizeof(ctx.dir), "/");
	snprintf(c->priorities, sizeof(c->priorities), "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1");
	if (!web_parse(&ctx, c))
	{
		metrics_web_config_free(c);
		return NULL;
	}
	return c;
}

bool metrics_web_config_check(const metrics_web_config_t *this, const char *user,
							  const char *password)
{
	struct crypt_data data;
	bool ok = false;

	if (!user || !password)
		return false;
	for (size_t i = 0; i < this->n_users; i++)
	{
		const char *hash;
		size_t len = strlen(this->users[i].hash);
		unsigned char diff = 0;

		if (strcmp(this->users[i].name, user))
			continue;
		memset(&data, 0, sizeof(data));
		hash = crypt_r(password, this->users[i].hash, &data);
		if (!hash || strlen(hash) != len)
			break;
		for (size_t j = 0; j < len; j++)
			diff |= (unsigned char)(hash[j] ^ this->users[i].hash[j]);
		ok = diff == 0;
		break;
	}
	explicit_bzero(&data, sizeof(data));
	return ok;
}

void metrics_web_config_free(metrics_web_config_t *this)
{
	if (!this)
		return;
	if (this->key_pem)
		explicit_bzero(this->key_pem, strlen(this->key_pem));
	free(this->key_pem);
	free(this->cert_pem);
	free(this->client_ca_pem);
	free(this);
}
