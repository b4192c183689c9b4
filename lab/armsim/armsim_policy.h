/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#ifndef ARMSIM_POLICY_H_
#define ARMSIM_POLICY_H_

#include <stdbool.h>

#include <jansson.h>

typedef struct armsim_resp_t armsim_resp_t;

/**
 * Validate a connection's ipsecPolicies[] in place (canonical enum spellings).
 *
 * @return true, or false with resp holding the 400 error
 */
bool armsim_policy_validate(json_t *policies, armsim_resp_t *resp);

#endif
