// SPDX-License-Identifier: GPL-2.0-only
/*
 * The collected kernel log.  Lines are stored, not printed, so that a
 * caller can compare them with a real boot or render them in any format.
 *
 * printk's own limits are reproduced: a record is cut where vprintk_store()
 * cuts it, and pr_cont() joins the newest record only while it has room
 * (prb_reserve_in_last()).  rmem's bound (RMEM_LOG_MAX_LINES and
 * RMEM_LOG_MAX_BYTES) keeps a log's memory independent of how long the
 * simulated kernel goes on printing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/log.h>
#include <rmem/profile.h>

#include "printk/printk.h"
#include "profile/facts.h"

/* 5.10, 6.1: LOG_LINE_MAX is 1024 - PREFIX_MAX; 6.12: PRINTKRB_RECORD_MAX */
#define LOG_LINE_MAX		(1024 - 32)
#define PRINTKRB_RECORD_MAX	1024
/* what the reservation holds besides the text: "\001" and the level digit, the NUL */
#define RESERVE_EXTRA		3

int rmem_log_init(struct rmem_log *log)
{
	memset(log, 0, sizeof(*log));
	return -pthread_mutex_init(&log->lock, NULL);
}

void rmem_log_set_profile(struct rmem_log *log, const struct rmem_profile *p)
{
	size_t max;

	if (!p->facts)
		return;
	max = p->facts->printk.record_max_ringbuffer ? PRINTKRB_RECORD_MAX : LOG_LINE_MAX;

	log->record_max = max - RESERVE_EXTRA;
}

/*
 * Callers empty a log by releasing it and go on logging: the lock is made
 * anew, so that a released log is exactly as rmem_log_init() leaves it,
 * but for the kernel's cut.
 */
int rmem_log_release(struct rmem_log *log)
{
	size_t record_max = log->record_max;
	int ret;

	for (size_t i = 0; i < log->nr; i++)
		free(log->lines[i].text);
	free(log->lines);
	pthread_mutex_destroy(&log->lock);
	ret = rmem_log_init(log);
	log->record_max = record_max;
	return ret;
}

/*
 * The lock is not part of what a reader sees: a const log is still locked
 * against writers (every log is made writable by rmem_log_init()).
 */
static pthread_mutex_t *log_lock(const struct rmem_log *log)
{
	return (pthread_mutex_t *)&log->lock;
}

static bool log_grow(struct rmem_log *log)
{
	size_t cap = log->cap ? log->cap * 2 : 64;
	struct rmem_log_line *lines;

	lines = realloc(log->lines, cap * sizeof(*lines));
	if (!lines)
		return false;
	log->lines = lines;
	log->cap = cap;
	return true;
}

static bool log_append(struct rmem_log *log, enum rmem_loglevel level, const char *text,
		       size_t len, bool cont)
{
	char *copy;

	if (log->nr == log->cap && !log_grow(log))
		return false;
	copy = strndup(text, len);
	if (!copy)
		return false;
	log->lines[log->nr++] = (struct rmem_log_line){ level, copy, cont };
	return true;
}

/* A line could not be stored: the open record ends there (lock held). */
static void log_oom(struct rmem_log *log)
{
	log->oom = true;
	log->rec.open = false;
}

/* Whether @lines lines of @bytes (NULs included) stay within the total bound. */
static bool log_total_fits(const struct rmem_log *log, size_t lines, size_t bytes)
{
	return log->nr + lines <= RMEM_LOG_MAX_LINES && log->bytes + bytes <= RMEM_LOG_MAX_BYTES;
}

/*
 * Whether such a message at @level is kept; lock held.  Once one was not,
 * no later one of its kind is: the log keeps its first lines, a clean cut.
 */
static bool log_room(const struct rmem_log *log, enum rmem_loglevel level, size_t lines,
		     size_t bytes)
{
	if (log->full || !log_total_fits(log, lines, bytes))
		return false;
	if (level != RMEM_LOG_DEBUG)
		return true;
	return !log->full_debug && log->debug_nr + lines <= RMEM_LOG_MAX_LINES / 2 &&
	       log->debug_bytes + bytes <= RMEM_LOG_MAX_BYTES / 2;
}

static void log_account(struct rmem_log *log, enum rmem_loglevel level, size_t bytes)
{
	log->bytes += bytes;
	if (level == RMEM_LOG_DEBUG)
		log->debug_bytes += bytes;
}

/* The one line that says the bound was reached: outside the bound itself. */
static void log_notice(struct rmem_log *log, bool debug)
{
	char text[160];
	int n;

	if (debug)
		n = snprintf(text, sizeof(text), "kernel log: rmem keeps its first %u pr_debug() lines or %u MiB of them; the later ones are counted, not kept",
			     RMEM_LOG_MAX_LINES / 2, RMEM_LOG_MAX_BYTES / 2 >> 20);
	else
		n = snprintf(text, sizeof(text), "kernel log: rmem keeps its first %u lines or %u MiB; the later ones are counted, not kept",
			     RMEM_LOG_MAX_LINES, RMEM_LOG_MAX_BYTES >> 20);
	if (!log_append(log, RMEM_LOG_ADVICE, text, (size_t)n, false))
		log->oom = true;
	else
		log_account(log, RMEM_LOG_ADVICE, (size_t)n + 1);
}

/*
 * @n lines at @level not kept (@all: past the total bound, else past the
 * pr_debug() half): none of their kind is from now on; lock held.
 */
static void log_dropped(struct rmem_log *log, enum rmem_loglevel level, size_t n, bool all)
{
	bool debug = level == RMEM_LOG_DEBUG;

	if (!n)
		return;
	log->dropped += n;
	if (debug)
		log->dropped_debug += n;
	if (all && !log->full) {
		log->full = true;
		log_notice(log, false);
	}
	if (debug && !log->full_debug) {
		log->full_debug = true;
		if (!all)
			log_notice(log, true);
	}
}

static size_t count_newlines(const char *text, size_t len)
{
	size_t n = 0;

	for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
		n++;
	return n;
}

/* Appends @text's lines, the first one with @cont; false when out of memory. */
static bool log_lines(struct rmem_log *log, enum rmem_loglevel level, const char *text,
		      size_t len, bool cont)
{
	const char *end = text + len;

	for (const char *p = text;; cont = true) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!log_append(log, level, p, (size_t)((nl ? nl : end) - p), cont))
			return false;
		if (!nl)
			return true;
		p = nl + 1;
	}
}

/*
 * Appends @text (@len chars, already cut): one record, its lines kept
 * together or not at all; lock held.
 */
static void log_store(struct rmem_log *log, enum rmem_loglevel level, char *text, size_t len)
{
	bool open = level != RMEM_LOG_ADVICE && !(len && text[len - 1] == '\n');
	size_t lines;

	/* printk callers end messages with '\n'; a stored line carries none */
	if (len && text[len - 1] == '\n')
		len--;
	lines = 1 + count_newlines(text, len);
	log->rec.open = open;
	log->rec.kept = false;
	log->rec.len = len;
	log->rec.owner = pthread_self();
	if (!log_room(log, level, lines, len + 1)) {
		log_dropped(log, level, lines, log->full || !log_total_fits(log, lines, len + 1));
		return;
	}
	if (!log_lines(log, level, text, len, false)) {
		log_oom(log);
		return;
	}
	if (level == RMEM_LOG_DEBUG)
		log->debug_nr += lines;
	log_account(log, level, len + 1);
	log->rec.kept = true;
}

/* The kernel's cut: the text a record keeps, of @len formatted characters. */
static size_t log_cut(const struct rmem_log *log, enum rmem_loglevel level, size_t len)
{
	if (level == RMEM_LOG_ADVICE || !log->record_max || len <= log->record_max)
		return len;
	return log->record_max;
}

/*
 * Formats into @buf, or into a malloc'd string when @buf is too short;
 * *@text is the one used.  Returns the length, or -1 out of memory.
 */
static int log_vformat(char *buf, size_t size, char **text, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	*text = buf;
	n = vsnprintf(buf, size, fmt, ap);
	if (n >= (int)size && vasprintf(text, fmt, again) < 0) {
		*text = buf;
		n = -1;
	}
	va_end(again);
	return n;
}

void rmem_log_printf(struct rmem_log *log, enum rmem_loglevel level, const char *fmt, ...)
{
	char buf[256], *text;
	va_list ap;
	int n;

	if (!log)
		return;
	va_start(ap, fmt);
	n = log_vformat(buf, sizeof(buf), &text, fmt, ap);
	va_end(ap);
	/* one message's lines stay together, as printk keeps a record whole */
	pthread_mutex_lock(&log->lock);
	if (n < 0)
		log_oom(log);
	else
		log_store(log, level, text, log_cut(log, level, (size_t)n));
	pthread_mutex_unlock(&log->lock);
	if (text != buf)
		free(text);
}

bool rmem_log_cont_fits(const struct rmem_log *log, size_t len, size_t add)
{
	if (!log->record_max)
		return true;
	return len + (add < log->record_max ? add : log->record_max) <= log->record_max;
}

/* Joins @text (@len chars, cut) to the open record; lock held. */
static void log_join(struct rmem_log *log, char *text, size_t len)
{
	struct rmem_log_line *last = &log->lines[log->nr - 1];
	enum rmem_loglevel level = last->level;
	bool closes = len && text[len - 1] == '\n';
	const char *nl;
	size_t have, first;
	char *grown;

	if (closes)
		len--;
	log->rec.open = !closes;
	log->rec.len += len;
	if (!log->rec.kept) {
		/* a record not kept: its further lines are not either */
		log->dropped += count_newlines(text, len);
		if (level == RMEM_LOG_DEBUG)
			log->dropped_debug += count_newlines(text, len);
		return;
	}
	nl = memchr(text, '\n', len);
	first = nl ? (size_t)(nl - text) : len;
	have = strlen(last->text);
	grown = realloc(last->text, have + first + 1);
	if (!grown) {
		log_oom(log);
		return;
	}
	memcpy(grown + have, text, first);
	grown[have + first] = '\0';
	last->text = grown;
	log_account(log, level, first);
	if (!nl)
		return;
	if (!log_lines(log, level, nl + 1, len - first - 1, true)) {
		log_oom(log);
		return;
	}
	if (level == RMEM_LOG_DEBUG)
		log->debug_nr += count_newlines(text, len);
	log_account(log, level, len - first);
}

void rmem_log_cont(struct rmem_log *log, const char *fmt, ...)
{
	char buf[256], *text;
	va_list ap;
	size_t len;
	int n;

	if (!log)
		return;
	va_start(ap, fmt);
	n = log_vformat(buf, sizeof(buf), &text, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&log->lock);
	if (n < 0) {
		log_oom(log);
	} else {
		len = log_cut(log, RMEM_LOG_WARNING, (size_t)n);
		if (log->rec.open && pthread_equal(log->rec.owner, pthread_self()) &&
		    rmem_log_cont_fits(log, log->rec.len, len))
			log_join(log, text, len);
		else
			/* vprintk_store(): a KERN_CONT record of its own has the default level */
			log_store(log, RMEM_LOG_WARNING, text, len);
	}
	pthread_mutex_unlock(&log->lock);
	if (text != buf)
		free(text);
}

bool rmem_log_skip_debug(struct rmem_log *log, size_t max_len)
{
	bool skip;

	if (log->record_max && max_len > log->record_max)
		return false;	/* the cut could take the '\n' and leave the record open */
	pthread_mutex_lock(&log->lock);
	/*
	 * Dropped whatever the text: the log is full, or the pr_debug() share
	 * is spent while the total bound has room for the line, so that
	 * log_store() would not mark the log full for it either.
	 */
	skip = log->full ||
	       (!log_room(log, RMEM_LOG_DEBUG, 1, 1) && log_total_fits(log, 1, max_len));
	if (skip) {
		log->rec.open = false;	/* as log_store() leaves a record ending in '\n' */
		log_dropped(log, RMEM_LOG_DEBUG, 1, log->full);
	}
	pthread_mutex_unlock(&log->lock);
	return skip;
}

bool rmem_log_keeps(const struct rmem_log *log, enum rmem_loglevel level)
{
	bool room;

	pthread_mutex_lock(log_lock(log));
	room = log_room(log, level, 1, 1);
	pthread_mutex_unlock(log_lock(log));
	return room;
}

void rmem_log_drop(struct rmem_log *log, enum rmem_loglevel level, size_t n)
{
	pthread_mutex_lock(&log->lock);
	/* those were records: the newest one is final now */
	if (n)
		log->rec.open = false;
	log_dropped(log, level, n, level != RMEM_LOG_DEBUG || log->full);
	pthread_mutex_unlock(&log->lock);
}

long rmem_log_find(const struct rmem_log *log, const char *needle)
{
	long found = -1;

	pthread_mutex_lock(log_lock(log));
	for (size_t i = 0; i < log->nr && found < 0; i++)
		if (strstr(log->lines[i].text, needle))
			found = (long)i;
	pthread_mutex_unlock(log_lock(log));
	return found;
}

bool rmem_log_is_reserved_mem_text(const char *text)
{
	static const char *const prefixes[] = {
		"Reserved memory: ", "OF: reserved mem: ", "cma: ", "OF: fdt: Reserved memory: ",
		"INITRD: ",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(text, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The kernel prints pr_debug() lines only with dynamic debug: they are not shown. */
bool rmem_log_shown(const struct rmem_log *log, size_t i)
{
	while (i && log->lines[i].cont)
		i--;
	return log->lines[i].level < RMEM_LOG_DEBUG &&
	       rmem_log_is_reserved_mem_text(log->lines[i].text);
}
