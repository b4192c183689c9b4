/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * The only copy of crosspeer's exit codes (DESIGN.md contract). Only the subcommands pick one:
 * agent/, and lab/scenarios/ for `crosspeer lab`.
 */
#ifndef XP_EXIT_CODES_H_
#define XP_EXIT_CODES_H_

enum xp_exit {
	/** verification passed, or the command did what it was asked */
	XP_EXIT_PASS = 0,
	/** verification ran and a threshold failed */
	XP_EXIT_THRESHOLD = 1,
	/** usage or profile error */
	XP_EXIT_USAGE = 2,
	/** the tunnel could not be established */
	XP_EXIT_TUNNEL = 3,
	/** cloud (ARM) API error */
	XP_EXIT_CLOUD = 4,
	/** environment error: not root, no TUN, missing tool, ... */
	XP_EXIT_ENV = 5,
};

#endif
