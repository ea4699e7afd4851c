// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem: the command table and dispatch.
 */
#include <stdio.h>
#include <string.h>

#include <rmem/rmem.h>

#include "cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "plan", cmd_plan, "predict the boot-time reserved-memory and CMA layout of a board" },
	{ "sim", cmd_sim, "replay a trace of driver allocations against a board's layout" },
	{ "profiles", cmd_profiles, "list the built-in kernel profiles and their constants" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: rmem COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\n'rmem COMMAND --help' describes a command.\n"
		     "exit codes: 0 done, 1 kernel errors with --strict, 2 usage,\n"
		     "3 unreadable input, 4 internal failure.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return RMEM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return RMEM_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("rmem %s\n", rmem_version());
		return RMEM_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "rmem: '%s' is not a command; see 'rmem --help'\n", argv[1]);
	return RMEM_EXIT_USAGE;
}
