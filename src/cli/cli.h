/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rmem command: one file per subcommand, one table in rmem.c.
 *
 * Exit codes every subcommand uses:
 *   0  done (the kernel may still report errors for the layout; see --strict)
 *   1  --strict and the kernel would report an error
 *   2  usage error (unknown option, missing argument)
 *   3  an input rmem cannot read (missing file, not a device tree, bad trace)
 *   4  an internal failure (out of memory), or the output cannot be written
 *      (ENOSPC, EIO, a directory rmem may not write in)
 */
#ifndef RMEM_CLI_H
#define RMEM_CLI_H

#include <getopt.h>
#include <stdio.h>

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

int cmd_profiles(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_sim(int argc, char **argv);

/*
 * Messages (message.c).  Every error and warning of a subcommand starts
 * "rmem SUBCOMMAND: " (main() names the subcommand; "rmem: " before one is
 * chosen) and is one line.
 */
void rmem_cli_set_command(const char *name);
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
/** "--format '@arg': expected A, B or C", with the nearest of @formats (NULL-ended). */
int rmem_cli_format_error(const char *arg, const char *const *formats);

/*
 * The options of the commands that boot a board (plan, sim): -k, --config,
 * --cmdline, --reserve, --fdt-addr.  Put RMEM_CLI_BOOT_OPTIONS in the
 * getopt_long() table and hand every option to rmem_cli_boot_option().
 */
#define RMEM_CLI_MAX_RESERVE 64

enum {
	RMEM_CLI_OPT_CONFIG = 0x100,
	RMEM_CLI_OPT_CMDLINE,
	RMEM_CLI_OPT_RESERVE,
	RMEM_CLI_OPT_FDT_ADDR,
	RMEM_CLI_OPT_FIRST_FREE,	/* where a command's own long options start */
};

#define RMEM_CLI_BOOT_OPTIONS							\
	{ "kernel", required_argument, NULL, 'k' },				\
	{ "config", required_argument, NULL, RMEM_CLI_OPT_CONFIG },		\
	{ "cmdline", required_argument, NULL, RMEM_CLI_OPT_CMDLINE },		\
	{ "reserve", required_argument, NULL, RMEM_CLI_OPT_RESERVE },		\
	{ "fdt-addr", required_argument, NULL, RMEM_CLI_OPT_FDT_ADDR }

#define RMEM_CLI_BOOT_HELP							\
	"  -k, --kernel P     arm64-5.10 | arm64-6.1 | arm64-6.12 | arm64-6.12-16k |\n" \
	"                     armhf-6.1 (default " RMEM_PROFILE_DEFAULT ")\n"	\
	"      --config FILE  a kernel .config; its values override the profile's\n" \
	"      --cmdline S    the kernel command line (default: /chosen/bootargs)\n" \
	"      --reserve R    an early reservation the kernel has made before it reads\n" \
	"                     /reserved-memory (kernel image, initrd, firmware):\n" \
	"                     BASE-END (END exclusive) or BASE+SIZE; repeatable\n"	\
	"      --fdt-addr A   where the bootloader placed the DTB\n"

struct rmem_cli_boot {
	const char *kernel;
	bool kernel_given;		/* -k: a --config of another kernel is an error */
	const char *config;
	struct rmem_plan_options opt;
	struct rmem_reservation reserve[RMEM_CLI_MAX_RESERVE];
};

#define RMEM_CLI_NOT_MINE (-1)

void rmem_cli_boot_init(struct rmem_cli_boot *b);
/** Returns 0 when @c was a boot option and is taken, RMEM_CLI_NOT_MINE, or an exit code. */
int rmem_cli_boot_option(struct rmem_cli_boot *b, int c, const char *arg);
/**
 * rmem_cli_parse() - getopt_long() over @argv with @opts ("-k", "-o", "-h"
 * short options): -h prints @usage and returns -1; the boot options go to
 * @boot; every other option to @fn.  Returns 0, -1, or an exit code.
 */
int rmem_cli_parse(int argc, char **argv, const struct option *opts, const char *usage,
		   struct rmem_cli_boot *boot,
		   int (*fn)(void *arg, int c, const char *optarg), void *arg);
/** "unknown kernel profile", with the nearest names; returns RMEM_EXIT_USAGE. */
int rmem_cli_profile_error(const char *name);
/** The profile -k and --config give; prints its own error and returns an exit code. */
int rmem_cli_boot_profile(const struct rmem_cli_boot *b, struct rmem_profile *p);
/* rmem's advice about values the kernel read in its own way: "rmem CMD: warning: ..." on stderr. */
void rmem_cli_print_advice(struct rmem_ctx *ctx);
/** A machine booted on @dt; prints its own error (naming @board) and returns an exit code. */
int rmem_cli_boot(const struct rmem_cli_boot *b, const struct rmem_profile *p,
		  const struct rmem_dt *dt, const char *board, struct rmem_ctx **ctx);

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
