/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "bird_conf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool bird_conf_ip(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static bool bird_conf_prefix(const char *s)
{
	char ip[64];
	const char *slash = strchr(s, '/');
	unsigned len;
	char end;

	if (!slash || (size_t)(slash - s) >= sizeof(ip) || sscanf(slash + 1, "%u%c", &len, &end) != 1)
		return false;
	snprintf(ip, sizeof(ip), "%.*s", (int)(slash - s), s);
	return bird_conf_ip(ip) && len <= (strchr(ip, ':') ? 128u : 32u);
}

static bool bird_conf_name(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	for (; *s; s++)
	{
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	}
	return true;
}

bool bird_conf_check(const bird_conf_t *c, char *err, size_t errlen)
{
	struct in_addr id;

	if (inet_pton(AF_INET, c->router_id, &id) != 1)
		return snprintf(err, errlen, "router_id: '%s' is no IPv4 address", c->router_id), false;
	if (c->prefsrc[0] && inet_pton(AF_INET, c->prefsrc, &id) != 1)
		return snprintf(err, errlen, "prefsrc: '%s' is no IPv4 address", c->prefsrc), false;
	if (!c->asn)
		return snprintf(err, errlen, "asn: 0 is no ASN"), false;
	if (!c->n_peers || c->n_peers > BIRD_CONF_MAX_PEERS || c->n_prefixes > BIRD_CONF_MAX_PREFIXES)
		return snprintf(err, errlen, "peers: 1 to %d sessions", BIRD_CONF_MAX_PEERS), false;
	for (size_t i = 0; i < c->n_prefixes; i++)
	{
		if (!bird_conf_prefix(c->prefixes[i]))
			return snprintf(err, errlen, "prefixes[%zu]: '%s' is no prefix", i,
							c->prefixes[i]), false;
	}
	for (size_t i = 0; i < c->n_peers; i++)
	{
		const bird_peer_t *p = &c->peers[i];

		if (!bird_conf_name(p->name))
			return snprintf(err, errlen, "peers[%zu].name: '%s': letters, digits and '_', "
							"a letter first", i, p->name), false;
		if (!bird_conf_ip(p->local_ip) || !bird_conf_ip(p->neighbor_ip))
			return snprintf(err, errlen, "peers[%zu] (%s): local and neighbor must be IP "
							"addresses", i, p->name), false;
		if (!p->neighbor_asn)
			return snprintf(err, errlen, "peers[%zu] (%s): neighbor ASN 0", i, p->name), false;
	}
	return true;
}

static void bird_conf_static(const bird_conf_t *c, FILE *out)
{
	/* the announced prefixes stand in the table as unreachable routes: BIRD announces
	 * them, the kernel protocol (BGP routes only) never installs them */
	fprintf(out, "protocol static announced {\n\tipv4;\n");
	for (size_t i = 0; i < c->n_prefixes; i++)
	{
		if (!strchr(c->prefixes[i], ':'))
			fprintf(out, "\troute %s unreachable;\n", c->prefixes[i]);
	}
	fprintf(out, "}\n\n");
}

static void bird_conf_peer(const bird_conf_t *c, const bird_peer_t *p, FILE *out)
{
	fprintf(out, "protocol bgp %s {\n", p->name);
	fprintf(out, "\tlocal %s as %u;\n\tneighbor %s as %u;\n", p->local_ip, c->asn,
			p->neighbor_ip, p->neighbor_asn);
	/* route-based: the tunnel's inner addresses share a /30 on its interface (VTI or
	 * TUN), so the peer is directly connected and learned routes point at it */
	if (c->hold_s)
		fprintf(out, "\thold time %u;\n\tkeepalive time %u;\n", c->hold_s,
				c->hold_s / 3 ? c->hold_s / 3 : 1);
	if (c->connect_retry_s)
		fprintf(out, "\tconnect retry time %u;\n", c->connect_retry_s);
	fprintf(out, "\tipv4 {\n\t\timport all;\n\t\texport where source = RTS_STATIC%s;\n"
			"\t\tnext hop self;\n\t};\n}\n\n", c->transit ? " || source = RTS_BGP" : "");
}

int bird_conf_write(const bird_conf_t *c, FILE *out)
{
	char err[200];

	if (!bird_conf_check(c, err, sizeof(err)))
		return -1;
	fprintf(out, "# written by crosspeer: BGP over the tunnels\n");
	fprintf(out, "router id %s;\n", c->router_id);
	/* one word, so that `show protocols` parses by columns (bird_ctl.c) */
	fprintf(out, "timeformat protocol \"%%F_%%T\";\n\n");
	fprintf(out, "protocol device {\n\tscan time 5;\n}\n\n");
	/* learned BGP routes into the namespace's table; routes already there are kept */
	fprintf(out, "protocol kernel {\n");
	if (c->kernel_table)
		fprintf(out, "\tkernel table %u;\n", c->kernel_table);
	if (c->prefsrc[0])
		fprintf(out, "\tipv4 {\n\t\timport none;\n\t\texport filter {\n"
				"\t\t\tif source != RTS_BGP then reject;\n\t\t\tkrt_prefsrc = %s;\n"
				"\t\t\taccept;\n\t\t};\n\t};\n", c->prefsrc);
	else
		fprintf(out, "\tipv4 {\n\t\timport none;\n\t\texport where source = RTS_BGP;\n"
				"\t};\n");
	fprintf(out, "\tmerge paths on;\n}\n\n");
	bird_conf_static(c, out);
	for (size_t i = 0; i < c->n_peers; i++)
		bird_conf_peer(c, &c->peers[i], out);
	return ferror(out) ? -1 : 0;
}
