/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machinery behind rmem_cmdline_parse(): the kernel's command-line
 * tokenizer (lib/cmdline.c next_arg()), its name comparison (kernel/params.c
 * parameq()), the early-parameter walk (parse_args() + do_early_param()),
 * and the handlers of the parameters rmem models.
 */
#ifndef RMEM_CMDLINE_EARLY_PARAM_H
#define RMEM_CMDLINE_EARLY_PARAM_H

#include <rmem/cmdline.h>

#include "profile/facts.h"

/* What a handler works on: the kernel's globals live in @cl. */
struct rmem_early_ctx {
	struct rmem_cmdline *cl;
	const struct rmem_profile *p;
	struct rmem_log *log;
	/*
	 * Set by a handler (negative errno) where the kernel would crash:
	 * the walk stops there.
	 */
	int fatal;
	void *arg;		/* for tables other than the built-in one */
};

/*
 * A handler, like an early_param()'s setup function: @val is NULL for a
 * word without '='.  Returns 0, or non-zero for "Malformed early option".
 */
typedef int (*rmem_early_setup_fn)(struct rmem_early_ctx *ec, const char *val);

struct rmem_early_param {
	const char *name;
	/*
	 * The Kconfig option the handler is built with, or NULL when always
	 * built; @built tells whether this profile has it.
	 */
	const char *config;
	bool (*built)(const struct rmem_profile *p);
	rmem_early_setup_fn setup;
};

/* The kernel's isspace() (lib/ctype.c): also 0xa0, Latin-1's no-break space. */
bool rmem_kernel_isspace(char c);

/* skip_spaces() */
char *rmem_skip_spaces(char *s);

/*
 * next_arg(): cut the first word off @args in place.  *@param gets its
 * name, *@val its value (NULL without '='), quotes removed as the kernel
 * removes them.  Returns the rest, blanks skipped.
 */
char *rmem_next_arg(char *args, char **param, char **val);

/* parameq(): names equal when '-' and '_' are taken as the same. */
bool rmem_parameq(const char *a, const char *b);

/**
 * rmem_parse_early_options() - parse_args("early options", ...) with
 * do_early_param() as the handler of every word.
 * @args:  the command line, modified in place
 * @table: the early parameters; every entry whose name matches is called
 * @n:     entries in @table
 * @ec:    passed to the handlers; @ec->log receives the kernel's lines
 *
 * Returns what follows a "--" word (the arguments for init), or NULL when
 * the walk reached the end.  Stops early when a handler sets @ec->fatal.
 */
char *rmem_parse_early_options(char *args, const struct rmem_early_param *table,
			       size_t n, struct rmem_early_ctx *ec);

/* Log one RMEM_LOG_ADVICE line and count it in @ec->cl. */
void rmem_cmdline_advise(struct rmem_early_ctx *ec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* How one memparse() field of a value reads, for the handlers' advice. */
struct rmem_cmdline_field {
	const char *text;	/* where the field starts */
	const char *end;	/* where memparse() stopped */
	uint64_t val;		/* what the kernel got */
	bool empty;		/* nothing at all: reads as 0 */
	bool suffix;		/* memparse() took a K, M, G, T, P or E */
	bool odd;		/* one of the field advice lines was logged */
	bool explained;		/* ... and it named the text the kernel ignores */
};

/**
 * rmem_cmdline_read_field() - memparse() @text into @f and advise on the
 * ways the kernel reads it that a user may not expect: a sign, no number,
 * "0x" without a hex digit, a leading 0 (octal), overflow.  An empty field
 * is only flagged (f->empty): what it means depends on the parameter.
 * @ec:    for the log
 * @name:  the parameter ("cma"), for the advice's "name=value:" start
 * @value: the whole value, for the same
 * @what:  the field's name in the advice ("size", "base", ...)
 * @text:  where the field starts
 * @next:  the separators that may follow the field ("@", "-" or ""): the
 *         field is empty when one of them comes first
 */
void rmem_cmdline_read_field(struct rmem_early_ctx *ec, const char *name,
			     const char *value, const char *what, const char *text,
			     const char *next, struct rmem_cmdline_field *f);

/*
 * Advise on the text the kernel ignored after field @f; @allowed says what
 * may stand there.  Nothing when the field's own advice said it already.
 */
void rmem_cmdline_advise_rest(struct rmem_early_ctx *ec, const char *name,
			      const char *value, const char *what,
			      const struct rmem_cmdline_field *f, const char *allowed);

/* The largest phys_addr_t: 32 bits on arm without LPAE. */
rmem_phys_t rmem_cmdline_phys_max(const struct rmem_profile *p);

/* kernel/dma/contiguous.c early_cma() */
int rmem_early_cma(struct rmem_early_ctx *ec, const char *val);

/* arch/arm64/mm/init.c or arch/arm/kernel/setup.c early_mem(), by arch */
int rmem_early_mem(struct rmem_early_ctx *ec, const char *val);

#endif /* RMEM_CMDLINE_EARLY_PARAM_H */
