/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "lab_cloud.h"
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <armsim.h>
#include <lab_run.h>

#define TENANT_A "11111111-aaaa-4aaa-8aaa-111111111111"
#define TENANT_B "22222222-bbbb-4bbb-8bbb-222222222222"
#define SUB_A "aaaaaaaa-0000-4000-8000-00000000000a"
#define SUB_B "bbbbbbbb-0000-4000-8000-00000000000b"

struct lab_cloud_t {
	armsim_t *sim;
	char dir[256];
	char profile[300];
};

static const struct {
	const char *name, *tenant, *sub, *rg, *other;
} lab_tenants[] = {
	{ "a", TENANT_A, SUB_A, "rg-xt-a", "b" },
	{ "b", TENANT_B, SUB_B, "rg-xt-b", "a" },
};

static bool lab_cloud_random(char *out, size_t len)
{
	unsigned char raw[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, raw, sizeof(raw)) == (ssize_t)sizeof(raw);

	if (fd >= 0)
		close(fd);
	for (size_t i = 0; ok && i < sizeof(raw) && 2 * i + 2 < len; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	secret_wipe(raw, sizeof(raw));
	return ok;
}

static bool lab_cloud_write(const char *dir, const char *name, const char *text)
{
	char path[512];
	int fd;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	if (fd >= 0)
		close(fd);
	return ok;
}

/* The lab's two tenants: ids, and client secrets that only armsim and the 0600 files see. */
static bool lab_cloud_tenants(lab_cloud_t *this, armsim_opts_t *opts)
{
	for (size_t t = 0; t < 2; t++)
	{
		armsim_tenant_t *d = &opts->tenants[t];
		char name[32];

		snprintf(d->tenant_id, sizeof(d->tenant_id), "%s", lab_tenants[t].tenant);
		snprintf(d->subscription_id, sizeof(d->subscription_id), "%s", lab_tenants[t].sub);
		snprintf(d->client_id, sizeof(d->client_id), "app-%s", lab_tenants[t].name);
		snprintf(name, sizeof(name), "secret-%s.txt", lab_tenants[t].name);
		if (!lab_cloud_random(d->client_secret, sizeof(d->client_secret)) ||
			!lab_cloud_write(this->dir, name, d->client_secret))
			return false;
	}
	opts->n_tenants = 2;
	return true;
}

static bool lab_cloud_profile(lab_cloud_t *this)
{
	char key[64], text[3000];
	uint16_t port = armsim_port(this->sim);

	if (!lab_cloud_random(key, sizeof(key)) || !lab_cloud_write(this->dir, "shared-key.txt", key))
		return false;
	secret_wipe(key, sizeof(key));
	snprintf(text, sizeof(text),
		"{ \"version\": 1, \"name\": \"lab-azure\",\n"
		"  \"local\": { \"address\": \"203.0.113.10\", \"subnets\": [\"10.9.0.0/24\"] },\n"
		"  \"remote\": { \"address\": \"198.51.100.10\", \"subnets\": [\"10.1.0.0/16\"] },\n"
		"  \"auth\": { \"psk_file\": \"shared-key.txt\" },\n"
		"  \"azure\": { \"authority_host\": \"https://127.0.0.1:%u\",\n"
		"    \"resource_manager\": \"https://127.0.0.1:%u\", \"ca_file\": \"tls/ca.pem\",\n"
		"    \"pattern\": \"s2s\", \"shared_key\": { \"file\": \"shared-key.txt\" },\n"
		"    \"tenants\": [\n"
		"      { \"name\": \"a\", \"tenant_id\": \"%s\", \"subscription_id\": \"%s\",\n"
		"        \"client_id\": \"app-a\", \"client_secret_file\": \"secret-a.txt\",\n"
		"        \"resource_group\": \"rg-xt-a\", \"location\": \"westeurope\",\n"
		"        \"vnet\": { \"name\": \"vnet-a\", \"address_space\": [\"10.1.0.0/16\"],\n"
		"                  \"gateway_subnet\": \"10.1.255.0/27\" } },\n"
		"      { \"name\": \"b\", \"tenant_id\": \"%s\", \"subscription_id\": \"%s\",\n"
		"        \"client_id\": \"app-b\", \"client_secret_file\": \"secret-b.txt\",\n"
		"        \"resource_group\": \"rg-xt-b\", \"location\": \"westeurope\",\n"
		"        \"vnet\": { \"name\": \"vnet-b\", \"address_space\": [\"10.2.0.0/16\"],\n"
		"                  \"gateway_subnet\": \"10.2.255.0/27\" } } ],\n"
		"    \"onprem\": { \"public_ip\": \"203.0.113.10\", \"subnets\": [\"10.9.0.0/24\"],\n"
		"                \"connect_to\": \"a\" } } }\n",
		port, port, TENANT_A, SUB_A, TENANT_B, SUB_B);
	snprintf(this->profile, sizeof(this->profile), "%s/azure.json", this->dir);
	return lab_cloud_write(this->dir, "azure.json", text);
}

/* This thread into namespace ns; returns the namespace to go back to, -1 on failure. */
static int lab_cloud_enter(const char *ns)
{
	char path[300];
	int old = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC), fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (old < 0 || fd < 0 || setns(fd, CLONE_NEWNET) != 0)
	{
		if (old >= 0)
			close(old);
		old = -1;
	}
	if (fd >= 0)
		close(fd);
	return old;
}

/* ARM is where on-prem reaches it: armsim listens on 127.0.0.1 inside the on-prem namespace,
 * so `azure apply` and a `verify` configured from ARM run there, as an on-prem admin's do.
 * The emulator's threads keep that namespace; this one goes back. */
static armsim_t *lab_cloud_start_onprem(const armsim_opts_t *opts, char *err, size_t len)
{
	int home = lab_cloud_enter(NS_ONPREM);
	armsim_t *sim;

	if (home < 0)
	{
		snprintf(err, len, "cannot enter %s: %s", NS_ONPREM, strerror(errno));
		return NULL;
	}
	sim = armsim_start(opts, err, len);
	if (setns(home, CLONE_NEWNET) != 0)
	{
		snprintf(err, len, "cannot leave %s: %s", NS_ONPREM, strerror(errno));
		armsim_stop(sim);
		sim = NULL;
	}
	close(home);
	return sim;
}

static bool lab_cloud_start(lab_cloud_t *this)
{
	armsim_opts_t opts;
	char tls[200], err[300];

	armsim_opts_default(&opts);
	/* Azure takes 27-49 minutes per gateway; the lab's clock runs faster */
	opts.gateway_seconds = 2;
	opts.resource_seconds = 0.1;
	snprintf(opts.pip_base, sizeof(opts.pip_base), "198.51.100.10");
	snprintf(tls, sizeof(tls), "%.180s/tls", this->dir);
	mkdir(tls, 0700);
	if (armsim_tls_generate(tls, err, sizeof(err)) != 0 || !lab_cloud_tenants(this, &opts))
	{
		fprintf(stderr, "crosspeer lab: ARM emulator set-up: %s\n", err);
		return false;
	}
	snprintf(opts.tls_cert_file, sizeof(opts.tls_cert_file), "%s/cert.pem", tls);
	snprintf(opts.tls_key_file, sizeof(opts.tls_key_file), "%s/key.pem", tls);
	this->sim = lab_cloud_start_onprem(&opts, err, sizeof(err));
	for (size_t t = 0; t < opts.n_tenants; t++)
		secret_wipe(opts.tenants[t].client_secret, sizeof(opts.tenants[t].client_secret));
	if (!this->sim)
		fprintf(stderr, "crosspeer lab: ARM emulator: %s\n", err);
	return this->sim != NULL;
}

lab_cloud_t *lab_cloud_apply(const lab_options_t *lab, const char *self)
{
	lab_cloud_t *this = calloc(1, sizeof(*this));
	char log[512];
	int rc;

	if (!this)
		return NULL;
	snprintf(this->dir, sizeof(this->dir), "%s", lab->dir);
	if (!lab_cloud_start(this) || !lab_cloud_profile(this))
	{
		lab_cloud_destroy(this);
		return NULL;
	}
	printf("lab demo: ARM emulator on 127.0.0.1:%u, tenants A and B; crosspeer azure apply\n",
		   armsim_port(this->sim));
	snprintf(log, sizeof(log), "%s/azure-apply.log", lab->dir);
	rc = lab_run((const char *[]){ "ip", "netns", "exec", NS_ONPREM, self, "azure", "apply",
							   "--profile", this->profile, NULL }, log);
	if (rc != 0)
	{
		fprintf(stderr, "crosspeer lab: azure apply exited %d; see %s\n", rc, log);
		lab_cloud_destroy(this);
		return NULL;
	}
	lab_print_lines(log, "apply:");
	return this;
}

static json_t *lab_cloud_get(lab_cloud_t *this, const char *id)
{
	return id ? armsim_get_resource(this->sim, id) : NULL;
}

static const char *lab_cloud_str(json_t *doc, const char *path)
{
	char copy[200], *save = NULL;
	json_t *v = doc;

	snprintf(copy, sizeof(copy), "%s", path);
	for (char *k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	return json_string_value(v);
}

static size_t lab_cloud_prefixes(json_t *list, char out[][64])
{
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		if (n < LAB_CLOUD_MAX_PREFIXES && json_is_string(v))
			snprintf(out[n++], 64, "%s", json_string_value(v));
	}
	return n;
}

/* gateway -> its public IP's address, and (through the GatewaySubnet) its VNet's prefixes */
static bool lab_cloud_gateway_ends(lab_cloud_t *this, const char *gw_id, lab_cloud_gateway_t *out)
{
	json_t *gw = lab_cloud_get(this, gw_id), *pip, *vnet;
	char vnet_id[512] = "";
	const char *subnet;
	bool ok;

	pip = lab_cloud_get(this, lab_cloud_str(gw,
						"properties.ipConfigurations.0.properties.publicIPAddress.id"));
	subnet = lab_cloud_str(gw, "properties.ipConfigurations.0.properties.subnet.id");
	if (subnet && strstr(subnet, "/subnets/"))
		snprintf(vnet_id, sizeof(vnet_id), "%.*s", (int)(strstr(subnet, "/subnets/") - subnet),
				 subnet);
	vnet = lab_cloud_get(this, vnet_id[0] ? vnet_id : NULL);
	ok = lab_cloud_str(pip, "properties.ipAddress") && vnet;
	if (ok)
	{
		snprintf(out->address, sizeof(out->address), "%s",
				 lab_cloud_str(pip, "properties.ipAddress"));
		out->n_vnet = lab_cloud_prefixes(json_object_get(json_object_get(json_object_get(vnet,
							"properties"), "addressSpace"), "addressPrefixes"), out->vnet);
	}
	json_decref(gw);
	json_decref(pip);
	json_decref(vnet);
	return ok;
}

static bool lab_cloud_conn(lab_cloud_t *this, size_t t, const char *to, lab_cloud_conn_t *c,
						   char *gw_id, size_t gw_len)
{
	json_t *conn, *lng, *policies;
	const char *key;
	bool ok;

	snprintf(c->id, sizeof(c->id), "/subscriptions/%s/resourceGroups/%s/providers/"
			 "Microsoft.Network/connections/conn-to-%s", lab_tenants[t].sub, lab_tenants[t].rg, to);
	snprintf(c->name, sizeof(c->name), "%s-%s", lab_tenants[t].name, to);
	conn = lab_cloud_get(this, c->id);
	lng = lab_cloud_get(this, lab_cloud_str(conn, "properties.localNetworkGateway2.id"));
	key = lab_cloud_str(conn, "properties.sharedKey");
	ok = key && lab_cloud_str(lng, "properties.gatewayIpAddress");
	if (ok)
	{
		snprintf(c->key, sizeof(c->key), "%s", key);
		snprintf(c->peer, sizeof(c->peer), "%s", lab_cloud_str(lng, "properties.gatewayIpAddress"));
		c->n_peer_nets = lab_cloud_prefixes(json_object_get(json_object_get(json_object_get(lng,
							"properties"), "localNetworkAddressSpace"), "addressPrefixes"),
							c->peer_nets);
		snprintf(gw_id, gw_len, "%s", lab_cloud_str(conn, "properties.virtualNetworkGateway1.id")
				 ?: "");
		policies = json_object_get(json_object_get(conn, "properties"), "ipsecPolicies");
		c->policy[0] = '\0';
		if (json_array_size(policies))
		{
			char *text = json_dumps(json_array_get(policies, 0), JSON_COMPACT);

			snprintf(c->policy, sizeof(c->policy), "%s", text ?: "");
			free(text);
		}
	}
	json_decref(conn);
	json_decref(lng);
	return ok;
}

bool lab_cloud_gateway(lab_cloud_t *this, size_t t, lab_cloud_gateway_t *out)
{
	char gw_id[512] = "";

	memset(out, 0, sizeof(*out));
	/* tenant A has the on-prem connection and the one to B; B has the one to A */
	if (t == 0 && lab_cloud_conn(this, t, "onprem", &out->conns[out->n_conns], gw_id,
								 sizeof(gw_id)))
		out->n_conns++;
	if (lab_cloud_conn(this, t, lab_tenants[t].other, &out->conns[out->n_conns], gw_id,
					   sizeof(gw_id)))
		out->n_conns++;
	if (!out->n_conns || !lab_cloud_gateway_ends(this, gw_id, out))
	{
		fprintf(stderr, "crosspeer lab: tenant %s: the ARM resources apply made are missing\n",
				lab_tenants[t].name);
		return false;
	}
	return true;
}

void lab_cloud_status(lab_cloud_t *this, const char *id, const char *status, uint64_t in,
					  uint64_t out)
{
	armsim_set_connection_status(this->sim, id, status, in, out);
}

void lab_cloud_ike_sas(lab_cloud_t *this, const char *id, json_t *sas)
{
	if (json_is_array(sas))
		armsim_set_ike_sas(this->sim, id, sas);
}

void lab_cloud_show_status(lab_cloud_t *this, const char *self)
{
	char log[512];

	snprintf(log, sizeof(log), "%s/azure-status.log", this->dir);
	lab_run((const char *[]){ "ip", "netns", "exec", NS_ONPREM, self, "azure", "status",
							  "--profile", this->profile, NULL }, log);
	lab_print_lines(log, "onnect");
}

void lab_cloud_destroy(lab_cloud_t *this)
{
	if (!this)
		return;
	if (this->sim)
		armsim_stop(this->sim);
	free(this);
}
