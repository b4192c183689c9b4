/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * What verify measured, turned into the report's xp_result_t: the tunnel from the peer
 * listener (the probes come from probe_result.c, shared with `probe --json`).
 */

#include "verify_result.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void verify_result_tunnel(xp_result_t *r, peer_listener_t *listener, double offset_ms)
{
	static peer_event_t events[XP_RESULT_MAX_EVENTS];
	size_t n = listener->get_events(listener, events, XP_RESULT_MAX_EVENTS);
	xp_tunnel_result_t *t = &r->tunnel;

	t->established = listener->get_setup_ms(listener) >= 0;
	t->setup_ms = t->established ? listener->get_setup_ms(listener) : NAN;
	listener->get_proposals(listener, t->ike_proposal, sizeof(t->ike_proposal),
							t->esp_proposal, sizeof(t->esp_proposal));
	listener->get_failure(listener, t->reason, sizeof(t->reason));
	t->retransmits = listener->get_retransmits(listener);
	t->n_events = 0;
	t->events_dropped = 0;
	for (size_t i = 0; i < n; i++)
	{
		/* state changes are in the daemon log; the timeline keeps the exchanges */
		if (!strcmp(events[i].name, "IKE_STATE"))
			continue;
		xp_result_add_event(r, events[i].offset_ms + offset_ms, events[i].name,
							events[i].detail);
	}
}
