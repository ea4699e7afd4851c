// SPDX-License-Identifier: GPL-2.0-only
/*
 * The collected kernel log.  Lines are stored, not printed, so that a
 * caller can compare them with a real boot or render them in any format.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/log.h>

int rmem_log_init(struct rmem_log *log)
{
	memset(log, 0, sizeof(*log));
	return -pthread_mutex_init(&log->lock, NULL);
}

/*
 * Callers empty a log by releasing it and go on logging: the lock is made
 * anew, so that a released log is exactly as rmem_log_init() leaves it.
 */
int rmem_log_release(struct rmem_log *log)
{
	for (size_t i = 0; i < log->nr; i++)
		free(log->lines[i].text);
	free(log->lines);
	pthread_mutex_destroy(&log->lock);
	return rmem_log_init(log);
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

/* Appends @text (@n chars, or n < 0: it could not be made); lock held. */
static void log_store(struct rmem_log *log, enum rmem_loglevel level, char *text, int n)
{
	char *p = text;

	if (n < 0) {
		log->oom = true;
		return;
	}
	/* printk callers end messages with '\n'; a stored line carries none */
	if (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	for (bool cont = false;; cont = true) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (!log_append(log, level, p, len, cont)) {
			log->oom = true;
			return;
		}
		if (!nl)
			return;
		p = nl + 1;
	}
}

void rmem_log_printf(struct rmem_log *log, enum rmem_loglevel level, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;
	int n;

	if (!log)
		return;
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	/* one message's lines stay together, as printk keeps a record whole */
	pthread_mutex_lock(&log->lock);
	log_store(log, level, text, n);
	pthread_mutex_unlock(&log->lock);
	if (n >= 0)
		free(text);
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
