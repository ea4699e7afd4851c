/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's log as rmem reproduces it.
 *
 * Every message the simulated kernel code would print is appended here with
 * its log level, verbatim and without a timestamp: users grep for these
 * lines, so they are never reworded.  rmem's own advice to the user (what a
 * value probably meant) is kept apart, as RMEM_LOG_ADVICE, and never mixed
 * into the kernel's lines.
 */
#ifndef RMEM_LOG_H
#define RMEM_LOG_H

#include <pthread.h>

#include <rmem/api.h>
#include <rmem/types.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rmem_loglevel {
	RMEM_LOG_EMERG = 0,
	RMEM_LOG_ALERT,
	RMEM_LOG_CRIT,
	RMEM_LOG_ERR,
	RMEM_LOG_WARNING,
	RMEM_LOG_NOTICE,
	RMEM_LOG_INFO,
	RMEM_LOG_DEBUG,
	RMEM_LOG_ADVICE,	/* rmem's own words, not a kernel line */
};

struct rmem_log_line {
	enum rmem_loglevel level;
	char *text;		/* without the trailing newline */
	bool cont;		/* a further line of the same printk (it had an embedded newline) */
};

/*
 * rmem's own bound on what a log keeps: past either limit a message is not
 * kept but counted (see @dropped below), nor is any later one, and one
 * RMEM_LOG_ADVICE line says so.  pr_debug() lines may take only half of
 * each, so that they never crowd out the lines a console shows.  The kernel bounds its own record of
 * the log too (the printk ring buffer, CONFIG_LOG_BUF_SHIFT); rmem keeps
 * the oldest lines, as a console that printed them all would show them
 * first.
 */
#define RMEM_LOG_MAX_LINES	(1u << 17)
#define RMEM_LOG_MAX_BYTES	(8u << 20)	/* of text, each line's NUL counted */

/*
 * Threads: rmem_log_printf(), rmem_log_cont(), rmem_log_drop(),
 * rmem_log_keeps() and rmem_log_find() may be called from several threads
 * at once, as printk() may: each message's lines are appended together.
 * Reading the fields directly (the reports do) is safe only while no thread
 * logs.
 */
struct rmem_log {
	struct rmem_log_line *lines;
	size_t nr;
	size_t cap;
	bool oom;		/* a line could not be stored */
	size_t record_max;	/* printk's longest record, text only; 0: no limit */
	size_t bytes;		/* text kept, a NUL per line */
	size_t debug_nr;	/* of the lines kept, pr_debug() ones */
	size_t debug_bytes;
	size_t dropped;		/* lines printed but not kept (the bound above) */
	size_t dropped_debug;	/* of which pr_debug() lines */
	bool full;		/* a line was not kept: no later one is */
	bool full_debug;	/* the same, of pr_debug() lines */
	/* pr_cont(): the newest record, while a continuation may join it */
	struct {
		bool open;	/* it did not end with '\n' */
		bool kept;	/* it is lines[nr - 1] */
		size_t len;	/* its text, embedded newlines included */
		pthread_t owner;	/* the printk caller: only its own pr_cont() joins */
	} rec;
	pthread_mutex_t lock;	/* all the above */
};

/**
 * rmem_log_init() - an empty log, cutting no record.
 * Returns 0; -ENOMEM or -EAGAIN when its lock cannot be made (never with
 * glibc).
 */
RMEM_API
int rmem_log_init(struct rmem_log *log);

struct rmem_profile;

/**
 * rmem_log_set_profile() - cut records as the printk of the kernel of @p
 * (a derived profile, rmem_profile_derive(); others are ignored) does: vprintk_store() reserves at most
 * LOG_LINE_MAX (1024 - PREFIX_MAX, 992 bytes: 5.10, 6.1) or
 * PRINTKRB_RECORD_MAX (1024: 6.12) for the formatted text, its level
 * header and a NUL, so a record keeps 989 or 1021 characters of text at
 * most (PREFIX_MAX is 32 without CONFIG_PRINTK_CALLER, as Debian builds).
 */
RMEM_API
void rmem_log_set_profile(struct rmem_log *log, const struct rmem_profile *p);

/**
 * rmem_log_release() - free every line, leaving @log empty and ready for
 * use, as rmem_log_init() leaves it but for the cut set by
 * rmem_log_set_profile(), which stays.  No other thread may use @log then.
 * Returns as rmem_log_init().
 */
RMEM_API
int rmem_log_release(struct rmem_log *log);

/**
 * rmem_log_printf() - append one message, printk-style: cut at
 * @log->record_max characters as the kernel cuts a record (rmem's own
 * RMEM_LOG_ADVICE lines are not cut), then a trailing
 * newline dropped; a message with embedded newlines becomes several lines,
 * the later ones marked cont, as the console shows them (only the first
 * carries the pr_fmt prefix).  A message that does not end with a newline
 * stays open for rmem_log_cont().  A message past the bound above is
 * counted in @log->dropped and not kept.  A line that cannot be stored
 * sets @log->oom and is dropped; logging never fails the operation it
 * reports.
 */
RMEM_API
void rmem_log_printf(struct rmem_log *log, enum rmem_loglevel level,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * rmem_log_cont() - pr_cont(): the text joins the newest record when that
 * one is open, was printed by the calling thread and has room for it
 * (prb_reserve_in_last() refuses past @log->record_max); otherwise it
 * makes a record of its own, at the default message level, KERN_WARNING
 * (CONFIG_MESSAGE_LOGLEVEL_DEFAULT=4), as vprintk_store() does.  A text
 * ending with '\n' closes the record.  What joins a kept record is kept
 * (the cut bounds it), what joins one past the bound is not.
 */
RMEM_API
void rmem_log_cont(struct rmem_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * rmem_log_cont_fits() - whether a continuation of @add characters (its
 * trailing newline counted) joins an open record of @len characters; for
 * callers that count the records of a long pr_cont() sequence.
 */
RMEM_API
bool rmem_log_cont_fits(const struct rmem_log *log, size_t len, size_t add);

/**
 * rmem_log_keeps() - whether a short message at @level would be kept now;
 * false once a message at that level was not.  A caller about to print
 * many lines at once may then count them with rmem_log_drop() instead.
 */
RMEM_API
bool rmem_log_keeps(const struct rmem_log *log, enum rmem_loglevel level);

/**
 * rmem_log_skip_debug() - before a pr_debug() of one line, ending in '\n',
 * of at most @max_len characters (that '\n' counted; below the record
 * bound): when the log would not keep it whatever its text, it is counted
 * as dropped exactly as rmem_log_printf() would count it, and true says
 * not to print it; false: print it.  A replay of a million events spends
 * most of its time formatting such lines otherwise.
 */
RMEM_API
bool rmem_log_skip_debug(struct rmem_log *log, size_t max_len);

/**
 * rmem_log_drop() - @n lines at @level were printed and are not kept
 * (nor, from now on, any later line at that level).
 */
RMEM_API
void rmem_log_drop(struct rmem_log *log, enum rmem_loglevel level, size_t n);

/**
 * rmem_log_is_reserved_mem_text() - whether a kernel line's text is one of
 * the reserved-memory and CMA lines: it begins with "Reserved memory: ",
 * "OF: reserved mem: " or "cma: ", or it is one of drivers/of/fdt.c's
 * reserved-memory lines ("OF: fdt: Reserved memory: ..."), or the initrd's
 * ("INITRD: ...", arm and riscv dropping it).
 */
RMEM_API
bool rmem_log_is_reserved_mem_text(const char *text);

/**
 * rmem_log_shown() - whether line @i of @log is one of the lines a console
 * shows about reserved memory and CMA (the lines the conformance corpus
 * records, `rmem plan --format log`): its record is above pr_debug() and
 * its first line is rmem_log_is_reserved_mem_text().  A record's further
 * lines go with its first.
 */
RMEM_API
bool rmem_log_shown(const struct rmem_log *log, size_t i);

/** rmem_log_find() - index of the first line containing @needle, or -1. */
RMEM_API
long rmem_log_find(const struct rmem_log *log, const char *needle);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_LOG_H */
