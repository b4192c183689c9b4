/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "tunnel.h"
#include "tunnel_route.h"
#include "exit_codes.h"
#include "secret.h"

#include <endian.h>
#include <errno.h>
#include <time.h>
#include <stdio.h>

#include <azure_plugin.h>
#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <peer_plugin.h>

static peer_setup_t setup;
static azure_setup_t azure_setup = { .peer = &setup };
static datapath_t datapath_used;
/** The subcommand that started the tunnel, first word of its messages ("up", "verify"). */
static const char *tunnel_cmd = "up";

static plugin_feature_t features[] = {
	PLUGIN_CALLBACK(peer_plugin_register, &setup),
		PLUGIN_PROVIDE(CUSTOM, "crosspeer-peer"),
			PLUGIN_DEPENDS(CUSTOM, "kernel-ipsec"),
			PLUGIN_DEPENDS(CUSTOM, "socket"),
	PLUGIN_CALLBACK(azure_plugin_register, &azure_setup),
		PLUGIN_PROVIDE(CUSTOM, "crosspeer-azure"),
			PLUGIN_DEPENDS(CUSTOM, "crosspeer-peer"),
};

/* Read every connection's key; on failure wipe what was read. */
static bool tunnel_load_keys(const tunnel_opts_t *opts, unsigned char psk[][SECRET_MAX])
{
	char err[400];

	for (size_t i = 0; i < setup.n; i++)
	{
		const profile_t *p = setup.profiles[i];

		setup.psks[i].ptr = psk[i];
		if (setup.external[i])
			continue;
		if (!secret_load(p->psk_file, p->psk_env, psk[i], &setup.psks[i].len, err,
						 sizeof(err)))
		{
			/* a profile error like any other: the file, the field, the reason */
			fprintf(stderr, "crosspeer %s: %s: %s: %s\n", opts->cmd, p->path,
					p->psk_file[0] ? "auth.psk_file" : "auth.psk_env", err);
			return false;
		}
	}
	return true;
}

/** Tables for libipsec's selector routes of route-based tunnels: this plus the tunnel. */
#define TUNNEL_ROUTE_TABLE_BASE 22000

/* A "bgp" profile: one route-based tunnel, its inner address on the TUN device. */
static bool tunnel_route_based(const profile_t *p, const tunnel_opts_t *opts, datapath_t dp,
							   charon_embed_opts_t *copts, char *err, size_t errlen)
{
	if (!p->has_bgp)
		return true;
	if (dp != DATAPATH_LIBIPSEC)
		return snprintf(err, errlen, "%s: bgp: route-based tunnels run on the libipsec data "
						"path (--datapath libipsec); XFRM interfaces are not supported yet",
						p->path), false;
	copts->route_based = true;
	copts->fixed_ports = !opts->initiator;
	copts->route_table = TUNNEL_ROUTE_TABLE_BASE + (uint32_t)opts->bgp_tunnel;
	copts->tun_address = p->bgp.tunnels[opts->bgp_tunnel].local_ip;
	copts->tun_prefix = 30;
	return true;
}

int tunnel_start(const profile_t *const profiles[], size_t n, const tunnel_opts_t *opts)
{
	static unsigned char psk[PEER_MAX_CONNECTIONS][SECRET_MAX];
	char err[400] = "";
	datapath_t dp = opts->datapath;
	charon_embed_opts_t copts = {
		.datapath = opts->datapath,
		.log_level = opts->log_level,
		.dpd_timeout_s = profiles[0]->dpd_timeout_s,
		.dpd_delay_s = profiles[0]->dpd_delay_s,
		.features = features,
		.n_features = countof(features),
	};
	bool ok;
	int rc;

	tunnel_cmd = opts->cmd ? opts->cmd : "up";

	if (dp == DATAPATH_AUTO)
		dp = charon_embed_kernel_has_esp() ? DATAPATH_XFRM : DATAPATH_LIBIPSEC;
	if (!charon_embed_check_env(dp, err, sizeof(err)) ||
		!tunnel_route_based(profiles[0], opts, dp, &copts, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer %s: %s\n", opts->cmd, err);
		return XP_EXIT_ENV;
	}
	setup.n = n < PEER_MAX_CONNECTIONS ? n : PEER_MAX_CONNECTIONS;
	setup.initiator = opts->initiator;
	for (size_t i = 0; i < setup.n; i++)
	{
		setup.profiles[i] = profiles[i];
		azure_setup.arm[i] = opts->arm[i];
		setup.external[i] = opts->arm[i] != NULL;
	}
	/* the interfaces first: the CHILD_SA configs carry the if_id or mark of the kind the
	 * kernel offered */
	rc = tunnel_route_up(profiles, setup.n, dp, opts->cmd, setup.routes);
	if (rc != XP_EXIT_PASS)
		return rc;
	copts.no_routes = tunnel_route_active();
	ok = tunnel_load_keys(opts, psk);
	if (ok)
		ok = charon_embed_start(&copts, &datapath_used, err, sizeof(err));
	/* only the entries read: the rest were never touched (and would cost RSS) */
	secret_wipe(psk, setup.n * sizeof(psk[0]));
	memset(setup.psks, 0, sizeof(setup.psks));
	/* the credential sets hold copies of the ARM keys; the caller wipes its own */
	memset(azure_setup.arm, 0, sizeof(azure_setup.arm));
	if (!err[0] && !ok)
	{
		tunnel_route_down();
		return XP_EXIT_USAGE;
	}
	if (!ok || !setup.listeners[0])
	{
		fprintf(stderr, "crosspeer %s: %s\n", opts->cmd,
				ok ? "the profile could not be turned into a connection" : err);
		tunnel_stop();
		return ok ? XP_EXIT_USAGE : XP_EXIT_ENV;
	}
	return XP_EXIT_PASS;
}

datapath_t tunnel_datapath(void)
{
	return datapath_used;
}

peer_listener_t *tunnel_listener(void)
{
	return setup.listeners[0];
}

peer_listener_t *tunnel_listener_at(size_t i)
{
	return i < setup.n ? setup.listeners[i] : NULL;
}

bool tunnel_initiate_async(size_t i)
{
	if (i >= setup.n || !setup.configs[i])
		return false;
	setup.listeners[i]->reset(setup.listeners[i]);
	return charon->controller->initiate(charon->controller,
					setup.configs[i]->get_peer_cfg(setup.configs[i]),
					setup.configs[i]->get_child_cfg(setup.configs[i]), NULL, NULL, 0,
					FALSE) == SUCCESS;
}

/* The CHILD_SAs of one IKE_SA: any installed one makes the connection Connected. */
static tunnel_state_t tunnel_children(ike_sa_t *ike_sa, uint64_t *in, uint64_t *out)
{
	enumerator_t *children = ike_sa->create_child_sa_enumerator(ike_sa);
	tunnel_state_t state = TUNNEL_CONNECTING;
	child_sa_t *child;

	while (children->enumerate(children, &child))
	{
		uint64_t bytes;

		if (child->get_state(child) != CHILD_INSTALLED)
			continue;
		state = TUNNEL_CONNECTED;
		child->get_usestats(child, TRUE, NULL, &bytes, NULL);
		*in += bytes;
		child->get_usestats(child, FALSE, NULL, &bytes, NULL);
		*out += bytes;
	}
	children->destroy(children);
	return state;
}

/* Index of each connection by its peer_cfg name, so one pass over the IKE_SAs serves all. */
static hashtable_t *tunnel_index_create(void)
{
	hashtable_t *index = hashtable_create(hashtable_hash_str, hashtable_equals_str, setup.n);

	for (size_t i = 0; i < setup.n; i++)
	{
		peer_cfg_t *cfg = setup.configs[i] ? setup.configs[i]->get_peer_cfg(setup.configs[i]) :
											 NULL;

		/* the key is the name the connection's own reference keeps alive */
		if (cfg)
			index->put(index, (void *)cfg->get_name(cfg), (void *)(uintptr_t)(i + 1));
		DESTROY_IF(cfg);
	}
	return index;
}

void tunnel_states(tunnel_state_t state[], uint64_t in[], uint64_t out[])
{
	hashtable_t *index = tunnel_index_create();
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;

	for (size_t i = 0; i < setup.n; i++)
	{
		state[i] = TUNNEL_NOT_CONNECTED;
		in[i] = out[i] = 0;
	}
	/* waiting for an IKE_SA busy in an exchange (a few ms): skipping it would show the
	 * connection down for a moment */
	enumerator = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg_t *cfg = ike_sa->get_peer_cfg(ike_sa);
		ike_sa_state_t ike = ike_sa->get_state(ike_sa);
		uintptr_t at = cfg ? (uintptr_t)index->get(index, cfg->get_name(cfg)) : 0;
		tunnel_state_t now;

		if (!at || ike == IKE_DELETING || ike == IKE_DESTROYING)
			continue;
		now = tunnel_children(ike_sa, &in[at - 1], &out[at - 1]);
		state[at - 1] = now > state[at - 1] ? now : state[at - 1];
	}
	enumerator->destroy(enumerator);
	/* the keys are the peer_cfgs' own names: nothing to free */
	index->destroy(index);
}

static void tunnel_explain_timeout(int timeout_ms, char *why, size_t len)
{
	peer_event_t events[64];
	peer_listener_t *listener = setup.listeners[0];
	size_t n = listener->get_events(listener, events, countof(events));
	bool answered = false;

	for (size_t i = 0; i < n && !answered; i++)
		answered = events[i].message == PEER_MSG_RESPONSE_RECEIVED;
	if (answered)
		snprintf(why, len, "not established within %d s (the peer answered, then stopped)",
				 timeout_ms / 1000);
	else
		snprintf(why, len, "peer unreachable: no answer from %s to IKE_SA_INIT within %d s "
				 "(%u retransmits; address right? UDP 500/4500 open?)",
				 setup.profiles[0]->remote.address, timeout_ms / 1000,
				 listener->get_retransmits(listener));
}

int tunnel_initiate(int timeout_ms)
{
	peer_listener_t *listener = setup.listeners[0];
	char why[512];

	if (!tunnel_initiate_async(0))
	{
		fprintf(stderr, "crosspeer %s: could not start the IKE_SA\n", tunnel_cmd);
		return XP_EXIT_TUNNEL;
	}
	if (listener->wait(listener, PEER_OUTCOME_PENDING, timeout_ms) == PEER_OUTCOME_UP)
		return XP_EXIT_PASS;
	listener->get_failure(listener, why, sizeof(why));
	if (!why[0])
		tunnel_explain_timeout(timeout_ms, why, sizeof(why));
	fprintf(stderr, "crosspeer %s: tunnel to %s: %s\n", tunnel_cmd,
			setup.profiles[0]->remote.address, why);
	return XP_EXIT_TUNNEL;
}

/* Wait (bounded) until charon holds no IKE_SA. charon 5.9.8's shutdown flush() deadlocks
 * when a worker destroys an IKE_SA while it waits (it does not count itself as a waiter),
 * e.g. the SA of an attempt that failed an instant ago; so nothing may be in flight when
 * tunnel_stop() runs. */
static bool tunnel_settle(int timeout_ms)
{
	struct timespec pause = { 0, 10 * 1000000L };

	for (int waited = 0; waited < timeout_ms; waited += 10)
	{
		if (charon->ike_sa_manager->get_count(charon->ike_sa_manager) == 0)
			return true;
		nanosleep(&pause, NULL);
	}
	return false;
}

void tunnel_close(void)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	array_t *ids;
	uint32_t id;

	if (!setup.listeners[0])
		return;
	/* an attempt that just failed is still being torn down by a worker */
	if (setup.listeners[0]->get_outcome(setup.listeners[0]) != PEER_OUTCOME_UP)
		tunnel_settle(500);
	ids = array_create(sizeof(uint32_t), 0);
	enumerator = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		id = ike_sa->get_unique_id(ike_sa);
		array_insert(ids, ARRAY_TAIL, &id);
	}
	enumerator->destroy(enumerator);
	/* one DELETE exchange each, all at once (a gateway may hold hundreds), then wait for
	 * them together: 3 s, as long as one used to get */
	while (array_remove(ids, ARRAY_HEAD, &id))
		charon->controller->terminate_ike(charon->controller, id, FALSE, NULL, NULL, 0);
	array_destroy(ids);
	if (!tunnel_settle(3000))
		DBG1(DBG_DMN, "crosspeer: IKE_SAs still busy after 3 s; stopping anyway");
}

void tunnel_stop(void)
{
	charon_embed_stop();
	/* after charon: its SAs and policies are gone, the interfaces and routes go now */
	tunnel_route_down();
	memset(setup.listeners, 0, sizeof(setup.listeners));
	memset(setup.configs, 0, sizeof(setup.configs));
}
/* charon's printf hooks (%P proposals) are registered with glibc at runtime, so the
 * compiler's format check does not know them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static json_t *tunnel_proposal(proposal_t *proposal)
{
	char buf[160] = "";

	if (proposal)
		snprintf(buf, sizeof(buf), "%P", proposal);
	return json_string(buf);
}

static json_t *tunnel_host(host_t *host)
{
	char buf[64] = "";

	if (host)
		snprintf(buf, sizeof(buf), "%H", host);
	return json_string(buf);
}
#pragma GCC diagnostic pop

/* One installed CHILD_SA, in the words getikesas uses for a quick-mode SA. */
static json_t *tunnel_child_json(child_sa_t *child)
{
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
	char spi_in[16], spi_out[16];

	child->get_usestats(child, TRUE, NULL, &bytes_in, &packets_in);
	child->get_usestats(child, FALSE, NULL, &bytes_out, &packets_out);
	snprintf(spi_in, sizeof(spi_in), "%08x", ntohl(child->get_spi(child, TRUE)));
	snprintf(spi_out, sizeof(spi_out), "%08x", ntohl(child->get_spi(child, FALSE)));
	return json_pack("{s:o,s:s,s:s,s:I,s:I,s:I,s:I}", "espProposal",
					 tunnel_proposal(child->get_proposal(child)), "inboundSpi", spi_in,
					 "outboundSpi", spi_out, "inboundBytes", (json_int_t)bytes_in,
					 "outboundBytes", (json_int_t)bytes_out, "inboundPackets",
					 (json_int_t)packets_in, "outboundPackets", (json_int_t)packets_out);
}

static json_t *tunnel_ike_json(ike_sa_t *ike_sa)
{
	ike_sa_id_t *id = ike_sa->get_id(ike_sa);
	enumerator_t *children = ike_sa->create_child_sa_enumerator(ike_sa);
	json_t *quick = json_array();
	child_sa_t *child;
	char spi_i[20], spi_r[20];

	while (children->enumerate(children, &child))
	{
		if (child->get_state(child) == CHILD_INSTALLED)
			json_array_append_new(quick, tunnel_child_json(child));
	}
	children->destroy(children);
	snprintf(spi_i, sizeof(spi_i), "%016llx", (unsigned long long)be64toh(
			 id->get_initiator_spi(id)));
	snprintf(spi_r, sizeof(spi_r), "%016llx", (unsigned long long)be64toh(
			 id->get_responder_spi(id)));
	return json_pack("{s:o,s:o,s:o,s:b,s:s,s:s,s:o}", "localEndpoint",
					 tunnel_host(ike_sa->get_my_host(ike_sa)), "remoteEndpoint",
					 tunnel_host(ike_sa->get_other_host(ike_sa)), "ikeProposal",
					 tunnel_proposal(ike_sa->get_proposal(ike_sa)), "isSaInitiator",
					 id->is_initiator(id), "initiatorSpi", spi_i, "responderSpi", spi_r,
					 "quickModeSa", quick);
}

json_t *tunnel_sas_at(size_t i)
{
	json_t *list = json_array();
	enumerator_t *enumerator;
	peer_cfg_t *mine;
	ike_sa_t *ike_sa;

	if (i >= setup.n || !setup.configs[i])
		return list;
	mine = setup.configs[i]->get_peer_cfg(setup.configs[i]);
	enumerator = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg_t *cfg = ike_sa->get_peer_cfg(ike_sa);

		if (cfg && streq(cfg->get_name(cfg), mine->get_name(mine)) &&
			ike_sa->get_state(ike_sa) == IKE_ESTABLISHED)
			json_array_append_new(list, tunnel_ike_json(ike_sa));
	}
	enumerator->destroy(enumerator);
	mine->destroy(mine);
	return list;
}
