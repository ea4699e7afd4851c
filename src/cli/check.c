// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check [OPTIONS] [BOARD]: rmem's own findings about a board, beside
 * the kernel's errors; and what `rmem plan --lint` shares with it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <rmem/check.h>
#include <rmem/report.h>

#include "cli.h"

int rmem_cli_check_select(struct rmem_check_options *opt, const char *arg)
{
	char off[RMEM_CHECK_MAX_RULES][48];
	struct rmem_cli_suggest s;

	if (!rmem_check_select(opt, arg))
		return 0;
	rmem_cli_suggest_init(&s, arg, "");
	for (size_t i = 0; rmem_check_rule_at(i) && i < RMEM_CHECK_MAX_RULES; i++) {
		snprintf(off[i], sizeof(off[i]), "no-%s", rmem_check_rule_at(i)->id);
		rmem_cli_suggest_try(&s, rmem_check_rule_at(i)->id);
		rmem_cli_suggest_try(&s, off[i]);
	}
	return rmem_cli_usage_error(&s, "-W '%s': no such check (rmem check --list names them)",
				    arg);
}

int rmem_cli_check_run(const struct rmem_cli_boot *b, struct rmem_ctx *ctx,
		       const struct rmem_dt *given, struct rmem_check_options *opt,
		       struct rmem_check **out)
{
	int ret;

	opt->board = given ? rmem_dt_blob(given) : NULL;
	opt->board_size = given ? rmem_dt_size(given) : 0;
	opt->plan = &b->opt;
	ret = rmem_check_run(ctx, opt, out);
	if (!ret)
		return 0;
	rmem_cli_error("the check failed: %s", strerror(-ret));
	return RMEM_EXIT_INTERNAL;
}

void rmem_cli_print_findings(const struct rmem_check *check)
{
	for (size_t i = 0; i < rmem_check_count(check); i++) {
		rmem_cli_prefix();
		rmem_report_finding_line(rmem_check_finding(check, i), stderr);
	}
}

bool rmem_cli_strict_fails(struct rmem_ctx *ctx, const struct rmem_profile *p,
			   const struct rmem_check *check)
{
	/* a kernel planned as an older one is not the kernel's own answer */
	return rmem_report_kernel_errors(ctx) || !rmem_profile_is_modelled(p) ||
	       rmem_check_count_severity(check, RMEM_SEVERITY_ERROR);
}

/* Whether @name is among the choices "a|b|c" of @page's --format. */
static bool format_offered(const struct rmem_cli_page *page, const char *name)
{
	const struct rmem_cli_option *o = page->options;
	size_t len = strlen(name);

	while (o->key != RMEM_CLI_OPT_FORMAT)
		o++;
	for (const char *c = o->arg; c; c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL)
		if (!strncmp(c, name, len) && (c[len] == '|' || !c[len]))
			return true;
	return false;
}

int rmem_cli_report_option(struct rmem_cli_report *r, const struct rmem_cli_page *page, int c,
			   const char *arg)
{
	switch (c) {
	case RMEM_CLI_OPT_FORMAT:
		if (!format_offered(page, arg) || rmem_report_format_parse(arg, &r->format))
			return rmem_cli_choice_error(page, c, arg);
		return 0;
	case 'o':
		r->output = arg;
		return 0;
	case RMEM_CLI_OPT_STRICT:
		r->strict = true;
		return 0;
	case 'W':
		r->lint = true;
		return rmem_cli_check_select(&r->select, arg);
	default:
		return RMEM_CLI_NOT_MINE;
	}
}

int rmem_cli_board_operand(struct rmem_cli_report *r, int argc, char **argv)
{
	if (argc - optind > 1)
		return rmem_cli_usage_error(NULL, "one BOARD at most, got '%s' too",
					    argv[optind + 1]);
	r->board = optind < argc ? argv[optind] : NULL;
	return 0;
}

struct check_args {
	struct rmem_cli_report r;
	bool list;
	struct rmem_cli_boot boot;
};

static int parse_one(void *args, int c, const char *arg)
{
	struct check_args *a = args;
	int ret = rmem_cli_report_option(&a->r, &rmem_cli_page_check, c, arg);

	if (ret != RMEM_CLI_NOT_MINE)
		return ret;
	if (c != RMEM_CLI_OPT_LIST)
		return RMEM_EXIT_USAGE;
	a->list = true;
	return 0;
}

/* --list: each rule's id, severity and summary, one a line (what -W takes). */
static int list_rules(void)
{
	for (size_t i = 0; rmem_check_rule_at(i); i++) {
		const struct rmem_check_rule *r = rmem_check_rule_at(i);

		printf("%-27s %-8s %s\n", r->id, rmem_severity_name(r->severity), r->summary);
	}
	return RMEM_EXIT_OK;
}

struct check_job {
	struct rmem_ctx *ctx;
	const struct rmem_check *check;
	enum rmem_report_format format;
};

static int write_check(void *arg, FILE *out)
{
	const struct check_job *job = arg;

	return rmem_report_check(job->ctx, job->check, job->format, out);
}

static int run_check(struct check_args *a, const struct rmem_profile *p,
		     const struct rmem_dt *dt, const struct rmem_dt *given)
{
	struct check_job job = { .format = a->r.format };
	struct rmem_ctx *ctx;
	struct rmem_check *check = NULL;
	int ret;

	ret = rmem_cli_boot(&a->boot, p, dt, a->r.board ? a->r.board : "(built-in example)", &ctx);
	if (ret)
		return ret;
	rmem_cli_print_advice(ctx);
	ret = rmem_cli_check_run(&a->boot, ctx, given, &a->r.select, &check);
	job.ctx = ctx;
	job.check = check;
	if (!ret)
		ret = rmem_cli_write(a->r.output, write_check, &job);
	if (!ret && a->r.strict && rmem_cli_strict_fails(ctx, p, check))
		ret = RMEM_EXIT_STRICT;
	rmem_check_free(check);
	rmem_ctx_destroy(ctx);
	return ret;
}

int cmd_check(int argc, char **argv)
{
	struct check_args a = { .r.format = RMEM_REPORT_TEXT };
	struct rmem_profile p;
	struct rmem_dt *dt = NULL, *given = NULL;
	int ret;

	ret = rmem_cli_parse(argc, argv, &rmem_cli_page_check, &a.boot, parse_one, &a);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	if (a.list)
		return list_rules();
	ret = rmem_cli_board_operand(&a.r, argc, argv);
	if (ret)
		return ret;
	/* the devices' problems are findings here, not warnings */
	a.boot.opt.lint = true;
	ret = rmem_cli_boot_profile(&a.boot, &p);
	if (!ret)
		ret = rmem_cli_load_board(&a.boot, a.r.board, rmem_example_board,
					  rmem_example_board_size, &dt, &given);
	if (!ret)
		ret = rmem_cli_boot_chain(&a.boot, &p, dt);
	if (!ret)
		ret = run_check(&a, &p, dt, given);
	rmem_dt_free(given);
	rmem_dt_free(dt);
	return ret;
}
