/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Azure ipsecPolicies[] objects and strongSwan proposal strings.
 */
#ifndef XP_PROFILE_POLICY_H_
#define XP_PROFILE_POLICY_H_

#include "profile.h"

/**
 * Read an Azure ipsecPolicies[] object into p->azure_policy and derive p's IKE and ESP
 * proposals and lifetimes from it.
 *
 * @param obj		the policy object
 * @param path		its JSON path, for errors
 */
bool profile_policy_parse(json_t *obj, const char *path, profile_t *p, profile_err_t *err);

/**
 * Check that every keyword of a proposal string is one this build knows.
 *
 * @param s			e.g. "aes256-sha256-modp2048"
 * @param ike		IKE (needs a DH group) or ESP (may carry esn/noesn)
 * @param why		on failure, the offending keyword
 */
bool profile_policy_check_proposal(const char *s, bool ike, char *why, size_t len);

#endif
