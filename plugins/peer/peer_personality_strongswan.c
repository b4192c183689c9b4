/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "peer_personality_table.h"

static const personality_table_t strongswan_table = {
	.name = "strongswan",
};

personality_t *personality_strongswan_create(const profile_t *profile)
{
	return personality_table_create(profile, &strongswan_table);
}
