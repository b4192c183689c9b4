/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Azure ipsecPolicies[] <-> strongSwan proposals, and the rules Azure applies
 * to a custom policy. (The profile's top-level "azure_policy" is derived by
 * agent/profile_policy.c; this is the Azure plugin's own copy of the mapping
 * for the azure section's ipsec_policy, so `up` after `apply` offers exactly
 * what was sent to ARM.)
 */
#ifndef AZURE_POLICY_H_
#define AZURE_POLICY_H_

#include <stdbool.h>
#include <stddef.h>

#include "azure_topology.h"

#define AZURE_POLICY_MAX_PROPOSALS 8

/**
 * Check a policy as Azure would: allowed values, GCM in both ipsec fields,
 * lifetime >= 300 s, data size >= 1024 KB.
 *
 * @param field		on failure, the offending field's ARM name
 * @param why		on failure, what Azure expects
 */
bool azure_policy_check(const azure_ipsec_policy_t *p, char *field, size_t flen, char *why,
						size_t wlen);

/**
 * strongSwan proposal strings for a policy, or Azure's defaults for NULL.
 *
 * @return 0, or -1 if the policy holds a value with no strongSwan equivalent
 */
int azure_policy_proposals(const azure_ipsec_policy_t *p,
						   char ike[AZURE_POLICY_MAX_PROPOSALS][128], size_t *n_ike,
						   char esp[AZURE_POLICY_MAX_PROPOSALS][128], size_t *n_esp);

#endif
