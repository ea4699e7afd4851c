/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rmem command: one file per subcommand, one table in rmem.c.
 *
 * Exit codes every subcommand uses:
 *   0  done (the kernel may still report errors for the layout; see --strict)
 *   1  --strict and the kernel would report an error
 *   2  usage error (unknown option, missing argument)
 *   3  an input rmem cannot read (missing file, not a device tree, bad trace)
 *   4  an internal failure (out of memory, an output file cannot be written)
 */
#ifndef RMEM_CLI_H
#define RMEM_CLI_H

#include <rmem/report.h>

enum {
	RMEM_EXIT_OK = 0,
	RMEM_EXIT_STRICT = 1,
	RMEM_EXIT_USAGE = 2,
	RMEM_EXIT_INPUT = 3,
	RMEM_EXIT_INTERNAL = 4,
};

int cmd_profiles(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_sim(int argc, char **argv);

/**
 * rmem_cli_write_output() - @ctx's report in @format to @path (NULL:
 * standard output), atomically.  Prints its own error; returns an exit code.
 */
int rmem_cli_write_output(const char *path, struct rmem_ctx *ctx, enum rmem_report_format format);

#endif /* RMEM_CLI_H */
