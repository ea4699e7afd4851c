// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem diff [OPTIONS] A -- B: two boards booted, each with its own options,
 * and what changes between them.  Also the two sides of rmem sim --diff.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rmem/diff.h>
#include <rmem/report.h>

#include "cli.h"

/* The options that, given twice without "--", are A's then B's. */
static const int pair_keys[] = { 'k', RMEM_CLI_OPT_CONFIG, RMEM_CLI_OPT_CMDLINE };
static const char *const pair_names[] = { "-k", "--config", "--cmdline" };
#define NR_PAIRS (sizeof(pair_keys) / sizeof(pair_keys[0]))

struct side_parse {
	struct rmem_cli_diff_side *side;	/* the side the options go to */
	bool shorthand;				/* no "--": pairs */
	unsigned int given[NR_PAIRS];
	const char *second[NR_PAIRS];
	int (*fn)(void *arg, int c, const char *value);
	void *arg;
};

static int pair_index(int c)
{
	for (size_t i = 0; i < NR_PAIRS; i++)
		if (pair_keys[i] == c)
			return (int)i;
	return -1;
}

static int side_option(void *arg, int c, const char *value)
{
	struct side_parse *sp = arg;
	int k = sp->shorthand ? pair_index(c) : -1;
	int ret;

	if (k >= 0 && sp->given[k]++) {
		if (sp->given[k] > 2)
			return rmem_cli_usage_error(NULL, "%s given three times: once is both "
						    "sides', twice A's then B's (or A -- B)",
						    pair_names[k]);
		sp->second[k] = value;
		return 0;
	}
	ret = rmem_cli_boot_option(&sp->side->boot, c, value);
	return ret == RMEM_CLI_NOT_MINE ? sp->fn(sp->arg, c, value) : ret;
}

static int take_operands(struct rmem_cli_diff_side *s, int argc, char **argv, size_t max)
{
	if ((size_t)(argc - optind) > max)
		return rmem_cli_usage_error(NULL, "unexpected '%s'", argv[optind + (int)max]);
	while (optind < argc)
		s->operand[s->nr_operands++] = argv[optind++];
	return 0;
}

static int parse_one_side(struct side_parse *sp, int argc, char **argv,
			  const struct rmem_cli_page *page, size_t max_operands)
{
	int ret;

	rmem_cli_boot_init(&sp->side->boot);
	ret = rmem_cli_parse_each(argc, argv, page, side_option, sp);
	return ret ? ret : take_operands(sp->side, argc, argv, max_operands);
}

/* Without "--": B is A but for the options given twice, and A's extra operand. */
static int split_shorthand(struct side_parse *sp, struct rmem_cli_diff_side side[2])
{
	side[1].boot = side[0].boot;
	side[1].boot.opt.reserve = side[1].boot.reserve;
	side[1].nr_operands = 0;
	for (size_t k = 0; k < NR_PAIRS; k++) {
		int ret;

		if (!sp->second[k])
			continue;
		ret = rmem_cli_boot_option(&side[1].boot, pair_keys[k], sp->second[k]);
		if (ret)
			return ret;
	}
	return 0;
}

static int find_dashes(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--"))
			return i;
	return -1;
}

/* --format, -o, --ignore-log; the rest to the command's own handler. */
static int report_option(void *arg, int c, const char *value)
{
	struct rmem_cli_diff *d = arg;
	char choices[64];

	switch (c) {
	case RMEM_CLI_OPT_FORMAT:
		for (const struct rmem_cli_option *o = d->page->options; o->name || o->arg; o++)
			if (o->key == c)
				snprintf(choices, sizeof(choices), "|%s|", o->arg);
		/* a format the library has, and one of this command's */
		if (rmem_report_format_parse(value, &d->format) || !strstr(choices, value))
			return rmem_cli_choice_error(d->page, c, value);
		return 0;
	case 'o':
		d->output = value;
		return 0;
	case RMEM_CLI_OPT_IGNORE_LOG:
		d->opt.ignore_log = true;
		return 0;
	default:
		return RMEM_CLI_NOT_MINE;
	}
}

struct options_of {
	struct rmem_cli_diff *d;
	int (*fn)(void *arg, int c, const char *value);
	void *arg;
};

static int command_option(void *arg, int c, const char *value)
{
	struct options_of *of = arg;
	int ret = report_option(of->d, c, value);

	if (ret != RMEM_CLI_NOT_MINE)
		return ret;
	return of->fn ? of->fn(of->arg, c, value) : RMEM_EXIT_USAGE;
}

int rmem_cli_diff_parse(int argc, char **argv, struct rmem_cli_diff *d,
			int (*fn)(void *arg, int c, const char *value), void *arg)
{
	int dashes = find_dashes(argc, argv);
	struct options_of of = { .d = d, .fn = fn, .arg = arg };
	struct side_parse sp = { .side = &d->side[0], .shorthand = dashes < 0,
				 .fn = command_option, .arg = &of };
	int ret;

	d->dashes = dashes >= 0;
	ret = parse_one_side(&sp, dashes < 0 ? argc : dashes, argv, d->page,
			     RMEM_CLI_DIFF_MAX_OPERANDS);
	if (ret)
		return ret;
	if (dashes < 0)
		return split_shorthand(&sp, d->side);
	/* B's options and operands, after a command name getopt skips */
	argv[dashes] = argv[0];
	sp.side = &d->side[1];
	ret = parse_one_side(&sp, argc - dashes, argv + dashes, d->page,
			     RMEM_CLI_DIFF_MAX_OPERANDS);
	argv[dashes] = "--";
	return ret;
}

static void append(char *buf, size_t len, const char *fmt, const char *v)
{
	size_t used = strlen(buf);

	if (v && used < len)
		snprintf(buf + used, len - used, fmt, v);
}

static void label_side(struct rmem_cli_diff_side *s, const char *board)
{
	const struct rmem_cli_boot *b = &s->boot;

	s->label[0] = '\0';
	append(s->label, sizeof(s->label), "%s", b->kernel);
	append(s->label, sizeof(s->label), " + %s", b->config);
	append(s->label, sizeof(s->label), " %s", board ? board : "(built-in example)");
	append(s->label, sizeof(s->label), " --cmdline '%s'", b->opt.cmdline);
	for (size_t i = 0; i < b->nr_overlays; i++)
		append(s->label, sizeof(s->label), " --overlay %s", b->overlays[i]);
}

bool rmem_cli_wants_diff(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		size_t n = strlen(argv[i]);

		/* getopt_long() takes any unambiguous start: "--d" is --diff */
		if (n >= 3 && !strncmp(argv[i], "--diff", n))
			return true;
	}
	return false;
}

int rmem_cli_diff_boot(struct rmem_cli_diff *d, int i, const void *builtin,
		       size_t builtin_size, struct rmem_ctx **ctx)
{
	struct rmem_cli_boot *b = &d->side[i].boot;
	const char *board = d->board[i];
	struct rmem_profile p;
	struct rmem_dt *dt = NULL;
	int ret = rmem_cli_boot_profile(b, &p);

	label_side(&d->side[i], board);
	d->opt.label[i] = d->side[i].label;
	if (!ret)
		ret = rmem_cli_load_board(b, board, builtin, builtin_size, &dt, NULL);
	if (!ret)
		ret = rmem_cli_boot(b, &p, dt, board ? board : "(built-in example)", ctx);
	if (!ret)
		rmem_cli_print_advice(*ctx);
	rmem_dt_free(dt);
	return ret;
}

/* ---- rmem diff ---- */

/* The boards: with "--", one a side at most; without it, one for both or one each. */
static int boards(struct rmem_cli_diff *d)
{
	struct rmem_cli_diff_side *s = d->side;

	if (s[0].nr_operands > (d->dashes ? 1u : 2u))
		return rmem_cli_usage_error(NULL, "unexpected '%s': one board a side at most%s",
					    s[0].operand[d->dashes ? 1 : 2],
					    d->dashes ? ", A's before --" : "");
	if (s[1].nr_operands > 1)
		return rmem_cli_usage_error(NULL, "unexpected '%s': one board a side at most",
					    s[1].operand[1]);
	d->board[0] = s[0].nr_operands ? s[0].operand[0] : NULL;
	d->board[1] = s[1].nr_operands ? s[1].operand[0] :
		      s[0].nr_operands == 2 ? s[0].operand[1] : d->board[0];
	return 0;
}

struct diff_job {
	struct rmem_cli_diff *d;
	struct rmem_ctx *ctx[2];
	struct rmem_diff *diff;
};

static int write_diff(void *arg, FILE *out)
{
	struct diff_job *job = arg;

	return rmem_report_diff(job->diff, job->ctx[0], job->ctx[1], job->d->format,
				&job->d->opt, out);
}

static int run_diff(struct rmem_cli_diff *d)
{
	struct diff_job job = { .d = d };
	int ret = 0;

	for (int i = 0; !ret && i < 2; i++)
		ret = rmem_cli_diff_boot(d, i, rmem_example_board, rmem_example_board_size,
					 &job.ctx[i]);
	if (!ret && rmem_diff_compare(job.ctx[0], job.ctx[1], &job.diff)) {
		rmem_cli_error("out of memory");
		ret = RMEM_EXIT_INTERNAL;
	}
	if (!ret)
		ret = rmem_cli_write(d->output, write_diff, &job);
	if (!ret && rmem_diff_differs(job.diff, d->opt.ignore_log))
		ret = RMEM_EXIT_STRICT;
	rmem_diff_free(job.diff);
	rmem_ctx_destroy(job.ctx[1]);
	rmem_ctx_destroy(job.ctx[0]);
	return ret;
}

int cmd_diff(int argc, char **argv)
{
	struct rmem_cli_diff d = { .page = &rmem_cli_page_diff, .format = RMEM_REPORT_TEXT };
	int ret = rmem_cli_diff_parse(argc, argv, &d, NULL, NULL);

	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	ret = boards(&d);
	return ret ? ret : run_diff(&d);
}
