// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem plan [OPTIONS] [BOARD]: the boot-time layout the kernel will make.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/plan.h>
#include <rmem/report.h>

#include "cli.h"

extern const unsigned char rmem_example_board[];
extern const size_t rmem_example_board_size;

struct plan_args {
	const char *board;		/* NULL: the built-in example */
	const char *output;		/* NULL: stdout */
	enum rmem_report_format format;
	bool strict;
	struct rmem_cli_boot boot;
};

static int parse_one(void *args, int c, const char *arg)
{
	struct plan_args *a = args;

	switch (c) {
	case RMEM_CLI_OPT_FORMAT:
		if (rmem_report_format_parse(arg, &a->format))
			return rmem_cli_choice_error(&rmem_cli_page_plan, c, arg);
		return 0;
	case 'o':
		a->output = arg;
		return 0;
	case RMEM_CLI_OPT_STRICT:
		a->strict = true;
		return 0;
	default:
		return RMEM_EXIT_USAGE;
	}
}

static int parse_args(struct plan_args *a, int argc, char **argv)
{
	int ret = rmem_cli_parse(argc, argv, &rmem_cli_page_plan, &a->boot, parse_one, a);

	if (ret)
		return ret;
	if (argc - optind > 1)
		return rmem_cli_usage_error(NULL, "one BOARD at most, got '%s' too",
					    argv[optind + 1]);
	a->board = optind < argc ? argv[optind] : NULL;
	return 0;
}


struct report_job {
	struct rmem_ctx *ctx;
	enum rmem_report_format format;
};

static int write_report(void *arg, FILE *out)
{
	struct report_job *job = arg;

	return rmem_report_write(job->ctx, job->format, out);
}

static int run_plan(const struct plan_args *a, const struct rmem_profile *p,
		    const struct rmem_dt *dt)
{
	struct report_job job = { .format = a->format };
	int ret;

	ret = rmem_cli_boot(&a->boot, p, dt, a->board ? a->board : "(built-in example)",
			    &job.ctx);
	if (ret)
		return ret;
	rmem_cli_print_advice(job.ctx);
	ret = rmem_cli_write(a->output, write_report, &job);
	/* a kernel planned as an older one is not the kernel's own answer */
	if (!ret && a->strict && (rmem_report_kernel_errors(job.ctx) ||
				  !rmem_profile_is_modelled(p)))
		ret = RMEM_EXIT_STRICT;
	rmem_ctx_destroy(job.ctx);
	return ret;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_args a = { .format = RMEM_REPORT_TEXT };
	struct rmem_profile p;
	struct rmem_dt *dt = NULL;
	int ret;

	ret = parse_args(&a, argc, argv);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	ret = rmem_cli_boot_profile(&a.boot, &p);
	if (!ret)
		ret = rmem_cli_load_board(&a.boot, a.board, rmem_example_board,
					  rmem_example_board_size, &dt);
	if (!ret)
		ret = run_plan(&a, &p, dt);
	rmem_dt_free(dt);
	return ret;
}
