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
	const struct rmem_cli_page *page;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
	{ &rmem_cli_page_plan, cmd_plan },
	{ &rmem_cli_page_check, cmd_check },
	{ &rmem_cli_page_sim, cmd_sim },
	{ &rmem_cli_page_profiles, cmd_profiles },
	{ &rmem_cli_page_diff, cmd_diff },
	{ &rmem_cli_page_inspect, cmd_inspect },
	{ &rmem_cli_page_snapshot, cmd_snapshot },
};

/* rmem's version, then the kernels it models: the built-in profiles. */
static int version(void)
{
	struct rmem_profile p;

	printf("rmem %s\nkernel profiles (default %s):\n", rmem_version(), RMEM_PROFILE_DEFAULT);
	for (size_t i = 0; rmem_profile_builtin_name(i); i++) {
		if (rmem_profile_builtin(rmem_profile_builtin_name(i), &p))
			return RMEM_EXIT_INTERNAL;
		printf("  %-17s %s %u.%u, %llu KiB pages\n", p.name, rmem_profile_arch_name(&p),
		       RMEM_KERNEL_MAJOR(p.version), RMEM_KERNEL_MINOR(p.version),
		       (unsigned long long)(rmem_profile_page_size(&p) >> 10));
	}
	return RMEM_EXIT_OK;
}

/* rmem --help, --version, --man PAGE, or an option rmem does not know. */
static int option(int argc, char **argv)
{
	struct option opts[RMEM_CLI_MAX_OPTIONS];
	char shorts[2 * RMEM_CLI_MAX_OPTIONS + 2];
	int c;

	rmem_cli_getopt(&rmem_cli_page_rmem, opts, shorts);
	optind = 1;
	c = getopt_long(argc, argv, shorts, opts, NULL);	/* argv[1]: an option */
	if (c == '?' || c == ':')
		return rmem_cli_option_error(argv, opts);
	if (optind < argc)
		return rmem_cli_usage_error(NULL, "unexpected '%s'", argv[optind]);
	switch (c) {
	case 'h':
		rmem_cli_help(stdout, &rmem_cli_page_rmem);
		return RMEM_EXIT_OK;
	case RMEM_CLI_OPT_VERSION:
		return version();
	case RMEM_CLI_OPT_MAN:
		return rmem_cli_man_command(optarg);
	default:
		return RMEM_EXIT_INTERNAL;
	}
}

int main(int argc, char **argv)
{
	struct rmem_cli_suggest s;

	opterr = 0;	/* rmem words its own option errors (rmem_cli_option_error()) */
	if (argc < 2) {
		rmem_cli_help(stderr, &rmem_cli_page_rmem);
		return RMEM_EXIT_USAGE;
	}
	if (argv[1][0] == '-')
		return rmem_cli_close_stdout(option(argc, argv));
	if (!strcmp(argv[1], "help")) {
		rmem_cli_help(stdout, &rmem_cli_page_rmem);
		return rmem_cli_close_stdout(RMEM_EXIT_OK);
	}
	rmem_cli_suggest_init(&s, argv[1], "");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].page->command)) {
			rmem_cli_set_command(commands[i].page->command);
			return rmem_cli_close_stdout(commands[i].fn(argc - 1, argv + 1));
		}
		rmem_cli_suggest_try(&s, commands[i].page->command);
	}
	return rmem_cli_usage_error(&s, "'%s' is not a command", argv[1]);
}
