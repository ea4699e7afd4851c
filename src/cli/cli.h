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

enum {
	RMEM_EXIT_OK = 0,
	RMEM_EXIT_STRICT = 1,
	RMEM_EXIT_USAGE = 2,
	RMEM_EXIT_INPUT = 3,
	RMEM_EXIT_INTERNAL = 4,
};

int cmd_profiles(int argc, char **argv);

#endif /* RMEM_CLI_H */
