/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * A lab profile's "impairment" section: the WAN the lab's relay imitates, read into the
 * relay's own spec form (lab/impair.h) so that the command line and the profile say it the
 * same way and one parser in the relay applies both.
 */
#ifndef XP_PROFILE_IMPAIRMENT_H_
#define XP_PROFILE_IMPAIRMENT_H_

#include "profile.h"

/**
 * Read root's "impairment" object (absent: no impairment) into p->impairment.
 *
 * @return		false with err naming the field at fault
 */
bool profile_impairment(json_t *root, profile_t *p, profile_err_t *err);

#endif
