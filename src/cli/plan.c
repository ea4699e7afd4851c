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

struct plan_args {
	struct rmem_cli_report r;
	struct rmem_cli_boot boot;
};

static int parse_one(void *args, int c, const char *arg)
{
	struct plan_args *a = args;
	int ret = rmem_cli_report_option(&a->r, &rmem_cli_page_plan, c, arg);

	if (ret != RMEM_CLI_NOT_MINE)
		return ret;
	if (c != RMEM_CLI_OPT_LINT)
		return RMEM_EXIT_USAGE;
	a->r.lint = true;
	return 0;
}

static int parse_args(struct plan_args *a, int argc, char **argv)
{
	int ret = rmem_cli_parse(argc, argv, &rmem_cli_page_plan, &a->boot, parse_one, a);

	if (!ret)
		ret = rmem_cli_board_operand(&a->r, argc, argv);
	/* with --lint the devices' problems are findings, not warnings */
	a->boot.opt.lint = a->r.lint;
	return ret;
}

struct report_job {
	struct rmem_ctx *ctx;
	enum rmem_report_format format;
	const struct rmem_check *check;	/* --lint: the findings */
};

static int write_report(void *arg, FILE *out)
{
	struct report_job *job = arg;

	return rmem_report_write_with(job->ctx, job->format, job->check, out);
}

static int run_plan(struct plan_args *a, const struct rmem_profile *p,
		    const struct rmem_dt *dt, const struct rmem_dt *given)
{
	struct report_job job = { .format = a->r.format };
	struct rmem_check *check = NULL;
	int ret;

	ret = rmem_cli_boot(&a->boot, p, dt, a->r.board ? a->r.board : "(built-in example)",
			    &job.ctx);
	if (ret)
		return ret;
	rmem_cli_print_advice(job.ctx);
	if (a->r.lint) {
		ret = rmem_cli_check_run(&a->boot, job.ctx, given, &a->r.select, &check);
		rmem_cli_print_findings(check);
		job.check = check;
	}
	if (!ret)
		ret = rmem_cli_write(a->r.output, write_report, &job);
	if (!ret && a->r.strict && rmem_cli_strict_fails(job.ctx, p, check))
		ret = RMEM_EXIT_STRICT;
	rmem_check_free(check);
	rmem_ctx_destroy(job.ctx);
	return ret;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_args a = { .r.format = RMEM_REPORT_TEXT };
	struct rmem_profile p;
	struct rmem_dt *dt = NULL, *given = NULL;
	int ret;

	ret = parse_args(&a, argc, argv);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	ret = rmem_cli_boot_profile(&a.boot, &p);
	if (!ret)
		ret = rmem_cli_load_board(&a.boot, a.r.board, rmem_example_board,
					  rmem_example_board_size, &dt, a.r.lint ? &given : NULL);
	if (!ret)
		ret = rmem_cli_boot_chain(&a.boot, &p, dt);
	if (!ret)
		ret = run_plan(&a, &p, dt, given);
	rmem_dt_free(given);
	rmem_dt_free(dt);
	return ret;
}
