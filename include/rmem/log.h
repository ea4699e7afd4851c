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

#include <rmem/types.h>

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
 * Threads: rmem_log_printf() and rmem_log_find() may be called from several
 * threads at once, as printk() may: each message's lines are appended
 * together.  Reading @lines and @nr directly (the reports do) is safe only
 * while no thread logs.
 */
struct rmem_log {
	struct rmem_log_line *lines;
	size_t nr;
	size_t cap;
	bool oom;		/* a line could not be stored */
	pthread_mutex_t lock;	/* the lines, nr, cap and oom above */
};

/**
 * rmem_log_init() - an empty log.
 * Returns 0; -ENOMEM or -EAGAIN when its lock cannot be made (never with
 * glibc).
 */
int rmem_log_init(struct rmem_log *log);

/**
 * rmem_log_release() - free every line, leaving @log empty and ready for
 * use, as rmem_log_init() leaves it.  No other thread may use @log then.
 * Returns as rmem_log_init().
 */
int rmem_log_release(struct rmem_log *log);

/**
 * rmem_log_printf() - append one message, printk-style: a message with
 * embedded newlines becomes several lines, the later ones marked cont, as
 * the console shows them (only the first carries the pr_fmt prefix).
 * A line that cannot be stored sets @log->oom and is dropped, as a full
 * printk buffer drops lines; logging never fails the operation it reports.
 */
void rmem_log_printf(struct rmem_log *log, enum rmem_loglevel level,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** rmem_log_find() - index of the first line containing @needle, or -1. */
long rmem_log_find(const struct rmem_log *log, const char *needle);

#endif /* RMEM_LOG_H */
