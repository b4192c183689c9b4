/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * One function per subcommand, one file each (cmd_<name>.c). Each gets argv with
 * argv[0] = the subcommand's name and returns an enum xp_exit value.
 */
#ifndef XP_COMMANDS_H_
#define XP_COMMANDS_H_

int cmd_up(int argc, char *argv[]);
int cmd_simulate(int argc, char *argv[]);
int cmd_reflect(int argc, char *argv[]);
int cmd_probe(int argc, char *argv[]);
int cmd_verify(int argc, char *argv[]);
int cmd_azure(int argc, char *argv[]);
int cmd_armsim(int argc, char *argv[]);
int cmd_lab(int argc, char *argv[]);
int cmd_baseline(int argc, char *argv[]);

#endif
