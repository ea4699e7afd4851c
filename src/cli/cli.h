/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rmem command: one file per subcommand, one table in rmem.c.
 *
 * Exit codes every subcommand uses:
 *   0  done (the kernel may still report errors for the layout; see --strict)
 *   1  --strict and the kernel would report an error, or rmem check an error finding
 *   2  usage error (unknown option, missing argument)
 *   3  an input rmem cannot read (missing file, not a device tree, bad trace)
 *   4  an internal failure (out of memory), or the output cannot be written
 *      (ENOSPC, EIO, a directory rmem may not write in)
 */
#ifndef RMEM_CLI_H
#define RMEM_CLI_H

#include <getopt.h>
#include <stdio.h>

#include <rmem/bootchain.h>
#include <rmem/dt.h>
#include <rmem/plan.h>
#include <rmem/report.h>

enum {
	RMEM_EXIT_OK = 0,
	RMEM_EXIT_STRICT = 1,
	RMEM_EXIT_USAGE = 2,
	RMEM_EXIT_INPUT = 3,
	RMEM_EXIT_INTERNAL = 4,
};

/* examples/example-board.dts, built in: the board of plan and check when none is given */
extern const unsigned char rmem_example_board[];
extern const size_t rmem_example_board_size;

int cmd_profiles(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_sim(int argc, char **argv);
int cmd_diff(int argc, char **argv);
/* rmem sim --diff (sim_diff.c) */
int cmd_sim_diff(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);

/*
 * Messages (message.c).  Every error and warning of a subcommand starts
 * "rmem SUBCOMMAND: " (main() names the subcommand; "rmem: " before one is
 * chosen) and is one line.
 */
void rmem_cli_set_command(const char *name);
/** The prefix alone, "rmem SUBCOMMAND: ", on stderr. */
void rmem_cli_prefix(void);
/** The prefix, the message, a newline, on stderr. */
void rmem_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The nearest of some candidates to a word the user typed. */
struct rmem_cli_suggest {
	const char *word;
	const char *prefix;		/* printed before a suggestion: "--" for options */
	size_t dist;
	unsigned int nbest;
	const char *best[2];
};

void rmem_cli_suggest_init(struct rmem_cli_suggest *s, const char *word, const char *prefix);
/** Keeps @candidate (not copied) if it is among the nearest so far, and near enough. */
void rmem_cli_suggest_try(struct rmem_cli_suggest *s, const char *candidate);
/**
 * rmem_cli_usage_error() - the message, then "; did you mean 'X'?" when @s
 * found something near, else "; see 'rmem CMD --help'".  Returns
 * RMEM_EXIT_USAGE.
 */
int rmem_cli_usage_error(const struct rmem_cli_suggest *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/**
 * rmem_cli_option_error() - after getopt_long() (with opterr 0) returned '?'
 * or ':' for @argv: the unknown, ambiguous or incomplete option in words,
 * with the nearest of @opts.  Returns RMEM_EXIT_USAGE.
 */
int rmem_cli_option_error(char **argv, const struct option *opts);

/*
 * The pages (pages.c): what each command is, its options and exit codes,
 * the one source of --help, of the getopt_long() tables of plan and sim,
 * and of the man pages (help.c renders them).
 */
struct rmem_cli_option {
	const char *name;	/* the long option, "kernel"; NULL: an operand */
	int key;		/* getopt_long()'s value; a letter is the short option too */
	const char *arg;	/* the value ("FILE", "text|json": the choices), an operand's name; NULL: none */
	const char *help;	/* one paragraph; "@PROFILES@": the built-in profiles' names */
};

struct rmem_cli_exit {
	int code;		/* -1 ends the list */
	const char *when;
};

struct rmem_cli_page {
	const char *name;			/* the man page's: "rmem-plan" */
	const char *command;			/* "plan"; NULL for rmem itself */
	const char *summary;			/* one line */
	const char *const *synopsis;		/* after "rmem ", one usage each; NULL-ended */
	const char *const *description;		/* paragraphs; --help shows the first; NULL-ended */
	const struct rmem_cli_option *options;	/* ended by a row of zeroes */
	const struct rmem_cli_exit *exits;
	const char *const *examples;		/* a command line, then what it does; NULL-ended */
	const char *see_also;
};

/* getopt_long() values of the long-only options */
enum {
	RMEM_CLI_OPT_CONFIG = 0x100,
	RMEM_CLI_OPT_CMDLINE,
	RMEM_CLI_OPT_RESERVE,
	RMEM_CLI_OPT_FDT_ADDR,
	RMEM_CLI_OPT_FORMAT,
	RMEM_CLI_OPT_STRICT,
	RMEM_CLI_OPT_MIN_CMA,
	RMEM_CLI_OPT_VERSION,
	RMEM_CLI_OPT_MAN,
	RMEM_CLI_OPT_MEMORY,
	RMEM_CLI_OPT_OVERLAY,
	RMEM_CLI_OPT_LINT,
	RMEM_CLI_OPT_LIST,
	RMEM_CLI_OPT_IGNORE_LOG,
	RMEM_CLI_OPT_DIFF,
	RMEM_CLI_OPT_ROOT,
	RMEM_CLI_OPT_BOOTARGS,
	RMEM_CLI_OPT_BITMAP,
	RMEM_CLI_OPT_KERNEL_IMAGE,
	RMEM_CLI_OPT_UBOOT_ENV,
	RMEM_CLI_OPT_INITRD,
	RMEM_CLI_OPT_FTRACE,
};

extern const struct rmem_cli_page rmem_cli_page_rmem, rmem_cli_page_plan, rmem_cli_page_check,
	rmem_cli_page_sim, rmem_cli_page_profiles, rmem_cli_page_diff, rmem_cli_page_inspect,
	rmem_cli_page_snapshot;
/* Every page, rmem(1) first; NULL-ended. */
extern const struct rmem_cli_page *const rmem_cli_pages[];

/**
 * rmem_cli_choice_error() - "--format '@arg': expected text, log or json":
 * the choices of @page's option @key (its arg, "text|log|json"), with the
 * nearest.  Returns RMEM_EXIT_USAGE.
 */
int rmem_cli_choice_error(const struct rmem_cli_page *page, int key, const char *arg);
/** `rmem CMD --help`: the synopsis, the first paragraph, the options, the exit codes. */
void rmem_cli_help(FILE *out, const struct rmem_cli_page *page);
/** The man page in roff. */
void rmem_cli_man(FILE *out, const struct rmem_cli_page *page);
/** `rmem --man PAGE`: writes it on standard output; returns an exit code. */
int rmem_cli_man_command(const char *name);

#define RMEM_CLI_MAX_OPTIONS 32

/**
 * rmem_cli_getopt() - the getopt_long() table of @page's options in @opts
 * (RMEM_CLI_MAX_OPTIONS), ended by zeroes, and in @shorts the short
 * options, after a ':' (a missing value is told apart).
 */
void rmem_cli_getopt(const struct rmem_cli_page *page, struct option *opts, char *shorts);

/*
 * The options of the commands that boot a board (plan, sim): -k, --config,
 * --cmdline, --reserve, --fdt-addr; rmem_cli_parse() hands them to
 * rmem_cli_boot_option().
 */
#define RMEM_CLI_MAX_RESERVE 64
#define RMEM_CLI_MAX_LIST 64		/* -I and --overlay options */

struct rmem_cli_boot {
	const char *kernel;
	bool kernel_given;		/* -k: a --config of another kernel is an error */
	const char *config;
	struct rmem_plan_options opt;
	struct rmem_reservation reserve[RMEM_CLI_MAX_RESERVE];
	const char *include_dirs[RMEM_CLI_MAX_LIST];	/* -I */
	size_t nr_include_dirs;
	const char *overlays[RMEM_CLI_MAX_LIST];	/* --overlay */
	size_t nr_overlays;
	struct rmem_dt_bank memory[RMEM_DT_MAX_BANKS];	/* --memory */
	size_t nr_memory;
	const char *kernel_image;	/* --kernel-image */
	const char *uboot_env;		/* --uboot-env */
	struct rmem_boot_chain chain;	/* what they gave (bootchain.c) */
};

/**
 * rmem_cli_load_board() - @board (a file, a directory, "-"), or the blob
 * @builtin of @builtin_size bytes when @board is NULL, as the bootloader
 * hands it over: -I, then each --overlay, then --memory.  @given, unless
 * NULL, receives the tree before --memory rewrote it (NULL without
 * --memory), for rmem check.  Errors are printed; returns 0 or an exit
 * code.
 */
int rmem_cli_load_board(const struct rmem_cli_boot *b, const char *board, const void *builtin,
			size_t builtin_size, struct rmem_dt **dt, struct rmem_dt **given);

/**
 * rmem_cli_boot_chain() - with --kernel-image or --uboot-env, the early
 * reservations and the DTB address they give for @p on @dt, merged into
 * @b's options (--reserve and --fdt-addr win, with a warning when they
 * differ).  Prints its own error; returns 0 or an exit code.
 */
int rmem_cli_boot_chain(struct rmem_cli_boot *b, const struct rmem_profile *p,
			const struct rmem_dt *dt);

#define RMEM_CLI_NOT_MINE (-1)

void rmem_cli_boot_init(struct rmem_cli_boot *b);
/** Returns 0 when @c was a boot option and is taken, RMEM_CLI_NOT_MINE, or an exit code. */
int rmem_cli_boot_option(struct rmem_cli_boot *b, int c, const char *arg);
/**
 * rmem_cli_parse() - getopt_long() over @argv with @page's options: -h
 * prints @page's help and returns -1; the boot options go to @boot; every
 * other option to @fn.  Returns 0, -1, or an exit code.
 */
int rmem_cli_parse(int argc, char **argv, const struct rmem_cli_page *page,
		   struct rmem_cli_boot *boot,
		   int (*fn)(void *arg, int c, const char *value), void *arg);
/**
 * rmem_cli_parse_each() - getopt_long() over @argv with @page's options:
 * -h prints @page's help and returns -1; every other option goes to @fn.
 * Returns 0, -1, or an exit code.
 */
int rmem_cli_parse_each(int argc, char **argv, const struct rmem_cli_page *page,
			int (*fn)(void *arg, int c, const char *value), void *arg);

/*
 * rmem diff and rmem sim --diff (diff.c): two sides, A and B, each a board
 * booted with its own options.  "A -- B": the options and operands before
 * "--" are A's, those after it B's (B's board, when it has none, is A's);
 * without "--", an option given once is both sides', -k, --config and
 * --cmdline given twice are A's then B's, and a second board is B's.
 */
#define RMEM_CLI_DIFF_MAX_OPERANDS 4

struct rmem_cli_diff_side {
	struct rmem_cli_boot boot;
	char *operand[RMEM_CLI_DIFF_MAX_OPERANDS];
	size_t nr_operands;
	char label[512];		/* what the side is, for the report */
};

/* What rmem diff and rmem sim --diff take: the two sides, --format, -o, --ignore-log. */
struct rmem_cli_diff {
	const struct rmem_cli_page *page;
	const char *output;		/* NULL: stdout */
	enum rmem_report_format format;
	struct rmem_report_diff_options opt;
	struct rmem_cli_diff_side side[2];
	const char *board[2];		/* NULL: the built-in example */
	bool dashes;			/* "A -- B" */
};

/**
 * rmem_cli_diff_parse() - @argv into @d's sides with @d->page's options:
 * --format (one of the page's choices), -o and --ignore-log are @d's, the
 * boot options the sides', any other goes to @fn (NULL: none).  Returns 0,
 * -1 (--help), or an exit code.
 */
int rmem_cli_diff_parse(int argc, char **argv, struct rmem_cli_diff *d,
			int (*fn)(void *arg, int c, const char *value), void *arg);
/**
 * rmem_cli_diff_boot() - side @i of @d booted on @d->board[i] (@builtin
 * when NULL, as rmem_cli_load_board() takes it), its advice printed, its
 * label set.  Prints its own error; returns 0 or an exit code.
 */
int rmem_cli_diff_boot(struct rmem_cli_diff *d, int i, const void *builtin,
		       size_t builtin_size, struct rmem_ctx **ctx);
/** Whether @argv (before a "--") asks for --diff: rmem sim hands it to cmd_sim_diff(). */
bool rmem_cli_wants_diff(int argc, char **argv);

/** "unknown kernel profile", with the nearest names; returns RMEM_EXIT_USAGE. */
int rmem_cli_profile_error(const char *name);
/** The profile -k and --config give; prints its own error and returns an exit code. */
int rmem_cli_boot_profile(const struct rmem_cli_boot *b, struct rmem_profile *p);
/* rmem's advice about values the kernel read in its own way: "rmem CMD: warning: ..." on stderr. */
void rmem_cli_print_advice(struct rmem_ctx *ctx);
/** A machine booted on @dt; prints its own error (naming @board) and returns an exit code. */
int rmem_cli_boot(const struct rmem_cli_boot *b, const struct rmem_profile *p,
		  const struct rmem_dt *dt, const char *board, struct rmem_ctx **ctx);

/*
 * What plan and check share besides the boot options (check.c): the board,
 * the report's format and file, --strict, -W.
 */
struct rmem_cli_report {
	const char *board;		/* NULL: the built-in example */
	const char *output;		/* NULL: stdout */
	enum rmem_report_format format;
	bool strict;
	bool lint;			/* rmem check's rules too */
	struct rmem_check_options select;
};

/**
 * rmem_cli_report_option() - --format (one of @page's choices), -o,
 * --strict and -W (which turns @r->lint on).  Returns 0, an exit code, or
 * RMEM_CLI_NOT_MINE for another option.
 */
int rmem_cli_report_option(struct rmem_cli_report *r, const struct rmem_cli_page *page, int c,
			   const char *arg);
/** The BOARD operand after the options: one at most. Returns 0 or an exit code. */
int rmem_cli_board_operand(struct rmem_cli_report *r, int argc, char **argv);

/*
 * rmem check's rules, for `rmem check` and `rmem plan --lint` (check.c).
 */
/** -W @arg: "ID" or "no-ID" (or "all"); an unknown id is a usage error with the nearest ids. */
int rmem_cli_check_select(struct rmem_check_options *opt, const char *arg);
/**
 * rmem_cli_check_run() - the rules @opt selects on @ctx, booted from @b
 * (its early reservations) and @given (the tree before --memory, or NULL).
 * Prints its own error; returns 0 or an exit code.
 */
int rmem_cli_check_run(const struct rmem_cli_boot *b, struct rmem_ctx *ctx,
		       const struct rmem_dt *given, struct rmem_check_options *opt,
		       struct rmem_check **out);
/** Each finding on one line of stderr, after "rmem COMMAND: " (plan --lint). */
void rmem_cli_print_findings(const struct rmem_check *check);
/**
 * What --strict fails on: the kernel would report an error or crash, the
 * kernel was planned as an older one, or (with @check) rmem found an error.
 */
bool rmem_cli_strict_fails(struct rmem_ctx *ctx, const struct rmem_profile *p,
			   const struct rmem_check *check);

/**
 * rmem_cli_write() - call @fn to write to @path (NULL: standard output),
 * every write checked.  A regular file (or a new one) is replaced whole or
 * not at all: a temporary file beside it, renamed into place, with the old
 * file's mode.  A device or a FIFO is written in place.  Symbolic links are
 * followed.  @fn returns 0 or a negative errno.  Prints its own error;
 * returns an exit code (RMEM_EXIT_INTERNAL on ENOSPC, EIO, ...).
 */
int rmem_cli_write(const char *path, int (*fn)(void *arg, FILE *out), void *arg);
/** Flushes standard output (what printf() wrote): @ret, or 4 when that fails. */
int rmem_cli_close_stdout(int ret);

#endif /* RMEM_CLI_H */
