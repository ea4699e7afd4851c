// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem inspect [OPTIONS] [SNAPSHOT]: the running system, or a snapshot of
 * it, beside the plan made from what it booted with.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <rmem/inspect.h>

#include "cli.h"

struct inspect_args {
	struct rmem_cli_report r;
	struct rmem_cli_boot boot;
	const char *root;		/* --root, or the SNAPSHOT operand */
	bool bootargs;
};

static int parse_one(void *args, int c, const char *arg)
{
	struct inspect_args *a = args;
	int ret = rmem_cli_report_option(&a->r, &rmem_cli_page_inspect, c, arg);

	if (ret != RMEM_CLI_NOT_MINE)
		return ret;
	switch (c) {
	case RMEM_CLI_OPT_ROOT:
		a->root = arg;
		return 0;
	case RMEM_CLI_OPT_BOOTARGS:
		a->bootargs = true;
		return 0;
	default:
		return RMEM_EXIT_USAGE;
	}
}

static int parse_args(struct inspect_args *a, int argc, char **argv)
{
	int ret = rmem_cli_parse(argc, argv, &rmem_cli_page_inspect, &a->boot, parse_one, a);

	if (ret)
		return ret;
	if (argc - optind > 1)
		return rmem_cli_usage_error(NULL, "one SNAPSHOT at most, got '%s' too",
					    argv[optind + 1]);
	if (optind < argc && a->root)
		return rmem_cli_usage_error(NULL, "--root '%s' and SNAPSHOT '%s': give one",
					    a->root, argv[optind]);
	if (optind < argc)
		a->root = argv[optind];
	return 0;
}

struct inspect_job {
	const struct rmem_inspect *in;
	enum rmem_report_format format;
};

static int write_inspect(void *arg, FILE *out)
{
	const struct inspect_job *job = arg;

	return rmem_report_inspect(job->in, job->format, out);
}

static int run(struct inspect_args *a, const struct rmem_snapshot *s, const char *what)
{
	struct rmem_inspect_options opt = {
		.profile = a->boot.kernel_given ? a->boot.kernel : NULL,
		.follow_bootargs = a->bootargs,
	};
	struct inspect_job job = { .format = a->r.format };
	struct rmem_inspect *in;
	int ret = rmem_inspect_run(s, &opt, &in);

	if (ret == -EINVAL)
		return rmem_cli_profile_error(a->boot.kernel);
	if (ret) {
		rmem_cli_error("%s: %s", what, strerror(-ret));
		return RMEM_EXIT_INTERNAL;
	}
	for (size_t i = 0; i < in->nr_problems; i++)
		rmem_cli_error("%s: %s", what, in->problems[i]);
	job.in = in;
	ret = rmem_cli_write(a->r.output, write_inspect, &job);
	if (!ret && !in->ctx)
		ret = RMEM_EXIT_INPUT;	/* nothing to compare: the input is the problem */
	else if (!ret && a->r.strict && in->nr_drift)
		ret = RMEM_EXIT_STRICT;
	rmem_inspect_free(in);
	return ret;
}

int cmd_inspect(int argc, char **argv)
{
	struct inspect_args a = { .r.format = RMEM_REPORT_TEXT };
	struct rmem_snapshot *s;
	char err[256] = "";
	const char *what;
	int ret;

	ret = parse_args(&a, argc, argv);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	what = a.root ? a.root : "/";
	ret = rmem_snapshot_open(what, &s, err, sizeof(err));
	if (ret == -ENOMEM)
		return rmem_cli_error("%s: out of memory", what), RMEM_EXIT_INTERNAL;
	if (ret) {
		rmem_cli_error("%s: %s", what, err[0] ? err : strerror(-ret));
		return RMEM_EXIT_INPUT;
	}
	ret = run(&a, s, what);
	rmem_snapshot_free(s);
	return ret;
}
