/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "tunnel.h"
#include "exit_codes.h"
#include "secret.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>

#include <daemon.h>
#include <peer_plugin.h>

static peer_setup_t setup;
static datapath_t datapath_used;

static plugin_feature_t features[] = {
	PLUGIN_CALLBACK(peer_plugin_register, &setup),
		PLUGIN_PROVIDE(CUSTOM, "crosspeer-peer"),
			PLUGIN_DEPENDS(CUSTOM, "kernel-ipsec"),
			PLUGIN_DEPENDS(CUSTOM, "socket"),
};

int tunnel_start(const profile_t *p, const tunnel_opts_t *opts)
{
	unsigned char psk[SECRET_MAX];
	char err[400];
	datapath_t dp = opts->datapath;
	charon_embed_opts_t copts = {
		.datapath = opts->datapath,
		.log_level = opts->log_level,
		.dpd_timeout_s = p->dpd_timeout_s,
		.features = features,
		.n_features = countof(features),
	};
	bool ok;

	if (dp == DATAPATH_AUTO)
		dp = charon_embed_kernel_has_esp() ? DATAPATH_XFRM : DATAPATH_LIBIPSEC;
	if (!charon_embed_check_env(dp, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer %s: %s\n", opts->cmd, err);
		return XP_EXIT_ENV;
	}
	if (!secret_load(p->psk_file, p->psk_env, psk, &setup.psk.len, err, sizeof(err)))
	{
		fprintf(stderr, "crosspeer %s: pre-shared key: %s\n", opts->cmd, err);
		return XP_EXIT_USAGE;
	}
	setup.profile = p;
	setup.psk.ptr = psk;
	setup.initiator = opts->initiator;
	ok = charon_embed_start(&copts, &datapath_used, err, sizeof(err));
	secret_wipe(psk, sizeof(psk));
	setup.psk = chunk_empty;
	if (!ok || !setup.listener)
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
	return setup.listener;
}

static void tunnel_explain_timeout(int timeout_ms, char *why, size_t len)
{
	peer_event_t events[64];
	size_t n = setup.listener->get_events(setup.listener, events, countof(events));
	bool answered = false;

	for (size_t i = 0; i < n && !answered; i++)
		answered = strstr(events[i].detail, "response received") != NULL;
	if (answered)
		snprintf(why, len, "not established within %d s (the peer answered, then stopped)",
				 timeout_ms / 1000);
	else
		snprintf(why, len, "peer unreachable: no answer from %s to IKE_SA_INIT within %d s "
				 "(%u retransmits; address right? UDP 500/4500 open?)",
				 setup.profile->remote.address, timeout_ms / 1000,
				 setup.listener->get_retransmits(setup.listener));
}

int tunnel_initiate(int timeout_ms)
{
	peer_listener_t *listener = setup.listener;
	char why[512];
	status_t status;

	listener->reset(listener);
	status = charon->controller->initiate(charon->controller,
					setup.config->get_peer_cfg(setup.config),
					setup.config->get_child_cfg(setup.config), NULL, NULL, 0, FALSE);
	if (status != SUCCESS)
	{
		fprintf(stderr, "crosspeer up: could not start the IKE_SA\n");
		return XP_EXIT_TUNNEL;
	}
	if (listener->wait(listener, PEER_OUTCOME_PENDING, timeout_ms) == PEER_OUTCOME_UP)
		return XP_EXIT_PASS;
	listener->get_failure(listener, why, sizeof(why));
	if (!why[0])
		tunnel_explain_timeout(timeout_ms, why, sizeof(why));
	fprintf(stderr, "crosspeer up: tunnel to %s: %s\n", setup.profile->remote.address, why);
	return XP_EXIT_TUNNEL;
}

void tunnel_close(void)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	uint32_t ids[64];
	size_t n = 0;

	if (!setup.listener)
		return;
	enumerator = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	while (n < countof(ids) && enumerator->enumerate(enumerator, &ike_sa))
		ids[n++] = ike_sa->get_unique_id(ike_sa);
	enumerator->destroy(enumerator);
	/* with a callback the call waits for the DELETE exchange, at most 3 s per SA */
	for (size_t i = 0; i < n; i++)
		charon->controller->terminate_ike(charon->controller, ids[i], FALSE,
										  controller_cb_empty, NULL, 3000);
}

void tunnel_stop(void)
{
	charon_embed_stop();
	setup.listener = NULL;
	setup.config = NULL;
}

int tunnel_wait_signal(int timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sig = sigtimedwait(&set, NULL, &ts);
	return sig < 0 ? 0 : sig;
}
