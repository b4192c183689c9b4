/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <stdio.h>

#include "commands.h"
#include "exit_codes.h"

/* Not built yet: see the open issue that delivers 'azure'. */
int cmd_azure(int argc, char *argv[])
{
	(void)argc;
	fprintf(stderr, "crosspeer %s: not implemented in this build\n", argv[0]);
	return XP_EXIT_USAGE;
}
