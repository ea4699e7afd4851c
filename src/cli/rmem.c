// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem: the command table and dispatch.
 */
#include <getopt.h>
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

/* rmem's version, then the kernels it models: the built-in profiles. */
static int version(void)
{
	struct rmem_profile p;

	printf("rmem %s\nkernel profiles (default %s):\n", rmem_version(), RMEM_PROFILE_DEFAULT);
	for (size_t i = 0; rmem_profile_builtin_name(i); i++) {
		if (rmem_profile_builtin(rmem_profile_builtin_name(i), &p))
			return RMEM_EXIT_INTERNAL;
		printf("  %-16s %s %u.%u, %llu KiB pages\n", p.name, rmem_profile_arch_name(&p),
		       RMEM_KERNEL_MAJOR(p.version), RMEM_KERNEL_MINOR(p.version),
		       (unsigned long long)(rmem_profile_page_size(&p) >> 10));
	}
	return RMEM_EXIT_OK;
}

static int unknown(const char *word)
{
	static const char *const options[] = { "--help", "--version" };
	struct rmem_cli_suggest s;

	rmem_cli_suggest_init(&s, word, "");
	if (word[0] == '-') {
		for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
			rmem_cli_suggest_try(&s, options[i]);
		return rmem_cli_usage_error(&s, "unknown option '%s'", word);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		rmem_cli_suggest_try(&s, commands[i].name);
	return rmem_cli_usage_error(&s, "'%s' is not a command", word);
}

int main(int argc, char **argv)
{
	opterr = 0;	/* rmem words its own option errors (rmem_cli_option_error()) */
	if (argc < 2) {
		usage(stderr);
		return RMEM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return rmem_cli_close_stdout(RMEM_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version"))
		return rmem_cli_close_stdout(version());
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			rmem_cli_set_command(commands[i].name);
			return rmem_cli_close_stdout(commands[i].fn(argc - 1, argv + 1));
		}
	}
	return unknown(argv[1]);
}
