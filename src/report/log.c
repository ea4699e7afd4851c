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

void rmem_log_init(struct rmem_log *log)
{
	memset(log, 0, sizeof(*log));
}

void rmem_log_release(struct rmem_log *log)
{
	for (size_t i = 0; i < log->nr; i++)
		free(log->lines[i].text);
	free(log->lines);
	rmem_log_init(log);
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

void rmem_log_printf(struct rmem_log *log, enum rmem_loglevel level, const char *fmt, ...)
{
	va_list ap;
	char *text, *p;
	int n;

	if (!log)
		return;
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		log->oom = true;
		return;
	}
	/* printk callers end messages with '\n'; a stored line carries none */
	if (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	p = text;
	for (bool cont = false;; cont = true) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (!log_append(log, level, p, len, cont)) {
			log->oom = true;
			break;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	free(text);
}

long rmem_log_find(const struct rmem_log *log, const char *needle)
{
	for (size_t i = 0; i < log->nr; i++)
		if (strstr(log->lines[i].text, needle))
			return (long)i;
	return -1;
}
