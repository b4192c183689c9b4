/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * libstrongswan and libcharon in-process, as agent/charon_embed.c starts them (an empty
 * in-memory settings file, no plugins, no sockets, no kernel): enough for the peer plugin's
 * objects, never a network.
 */
#ifndef PEER_FIXTURE_H_
#define PEER_FIXTURE_H_

#include <profile.h>

/** cmocka group setup: library_init() + libcharon_init(); 0 on success. */
int peer_fixture_setup(void **state);

/** cmocka group teardown. */
int peer_fixture_teardown(void **state);

/**
 * A profile from the JSON of its members after "version" and "name" (asserts it parses):
 * local 192.0.2.1 with 10.1.0.0/24, remote 192.0.2.2 "gw-b" with 10.2.0.0/24, then extra.
 *
 * @param extra		",\"ike\":{...}" and the like, or ""
 */
profile_t *peer_fixture_profile(const char *extra);

#endif
