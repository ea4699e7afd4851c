// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem snapshot [--root DIR] DEST: the files rmem inspect reads, copied
 * from the running system into a directory or a tar archive.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <rmem/inspect.h>

#include "cli.h"

struct snapshot_args {
	const char *root;
};

static int parse_one(void *args, int c, const char *arg)
{
	struct snapshot_args *a = args;

	if (c != RMEM_CLI_OPT_ROOT)
		return RMEM_EXIT_USAGE;
	a->root = arg;
	return 0;
}

int cmd_snapshot(int argc, char **argv)
{
	struct snapshot_args a = { .root = "/" };
	struct rmem_cli_boot boot;
	struct rmem_snapshot *s;
	char err[512] = "";
	int ret;

	ret = rmem_cli_parse(argc, argv, &rmem_cli_page_snapshot, &boot, parse_one, &a);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	if (argc == optind)
		return rmem_cli_usage_error(NULL, "expected DIR or FILE.tar");
	if (argc - optind > 1)
		return rmem_cli_usage_error(NULL, "one DIR or FILE.tar, got '%s' too",
					    argv[optind + 1]);
	ret = rmem_snapshot_open(a.root, &s, err, sizeof(err));
	if (ret) {
		rmem_cli_error("%s: %s", a.root, err[0] ? err : strerror(-ret));
		return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
	}
	for (size_t i = 0; rmem_snapshot_problem(s, i); i++)
		rmem_cli_error("not read: %s", rmem_snapshot_problem(s, i));
	ret = rmem_snapshot_write(s, argv[optind], err, sizeof(err));
	if (ret)
		rmem_cli_error("%s", err[0] ? err : strerror(-ret));
	rmem_snapshot_free(s);
	return ret ? RMEM_EXIT_INTERNAL : RMEM_EXIT_OK;
}
