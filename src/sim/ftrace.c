// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --ftrace: read a capture of the kernel's own trace events and
 * make of it a trace to replay (include/rmem/sim_ftrace.h).
 *
 * Both tracefs's "trace" file and `trace-cmd report` print an event as
 * "TASK-PID [CPU] (flags) TIMESTAMP: EVENT: FIELDS", the flags only in
 * tracefs, the name padded to 20 in trace-cmd (tracecmd/trace-read.c,
 * trace_show_data(); "-l" drops the CPU's brackets, raw timestamps have no
 * dot): the line is read from the timestamp, the first word
 * "DIGITS[.DIGITS]:" followed by "NAME:".
 * FIELDS are the event's TP_printk(): "key=value" words, the dma events'
 * device name first.  Which keys an event has varies by kernel version
 * (5.10's cma_alloc has no name; 6.12 adds errorno; 7.2's cma_alloc_start
 * says request_count), so fields are read by key and what is absent is
 * absent: no version is assumed from the text.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/sim_ftrace.h>

#include "internal.h"
#include "lib/file.h"
#include "sim/sim_internal.h"

#define MAX_LINE 4096

int sim_capture_note(struct rmem_sim_capture *c, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (c->nr_notes == c->cap_notes) {
		size_t cap = c->cap_notes ? 2 * c->cap_notes : 16;
		struct rmem_sim_capture_note *n = realloc(c->notes, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->notes = n;
		c->cap_notes = cap;
	}
	c->notes[c->nr_notes].line = line;
	va_start(ap, fmt);
	vsnprintf(c->notes[c->nr_notes].msg, sizeof(c->notes[0].msg), fmt, ap);
	va_end(ap);
	c->nr_notes++;
	return 0;
}

/* "1.234567:" (tracefs, trace-cmd), "1234567:" (trace-cmd's raw timestamps) */
static bool is_timestamp(const char *w, size_t n)
{
	size_t i = 0, digits = 0;

	if (n < 2 || w[n - 1] != ':')
		return false;
	while (i < n - 1 && isdigit((unsigned char)w[i]))
		i++, digits++;
	if (i < n - 1 && w[i] == '.')
		for (i++; i < n - 1 && isdigit((unsigned char)w[i]); i++)
			;
	return digits && i == n - 1;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t word_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != ' ' && s[n] != '\t')
		n++;
	return n;
}

/*
 * The event name and where its fields start, or NULL when @s is no event
 * line.  @task gets the words before the "[CPU]" word.
 */
static const char *event_of(const char *s, char *name, size_t namelen, char *task, size_t tasklen)
{
	const char *p = skip_space(s), *cpu = NULL;

	while (*p) {
		size_t n = word_len(p);
		const char *next = skip_space(p + n);
		size_t m = word_len(next);

		if (!cpu && p[0] == '[' && n > 2 && p[n - 1] == ']')
			cpu = p;
		if (is_timestamp(p, n) && m > 1 && next[m - 1] == ':') {
			const char *colon = memchr(next, ':', m - 1);	/* "dma:dma_alloc:" */
			const char *ev = colon ? colon + 1 : next;
			size_t len = (size_t)(next + m - 1 - ev);

			if (len >= namelen)
				return NULL;
			memcpy(name, ev, len);
			name[len] = '\0';
			/* trace-cmd report -l prints the CPU without brackets: the first word */
			s = skip_space(s);
			len = cpu && cpu > s ? (size_t)(cpu - s) : word_len(s);
			while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
				len--;
			snprintf(task, tasklen, "%.*s", (int)len, s);
			return skip_space(next + m);
		}
		p = next;
	}
	return NULL;
}

/* The value of "KEY=" among @fields, copied to @out; false when absent. */
static bool field(const char *fields, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key);

	for (const char *p = skip_space(fields); *p; p = skip_space(p + word_len(p))) {
		size_t n = word_len(p);

		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			snprintf(out, outlen, "%.*s", (int)(n - klen - 1), p + klen + 1);
			return true;
		}
	}
	return false;
}

/* A field read as a number in @base (16: with or without "0x"). */
static bool number_field(const char *fields, const char *key, int base, uint64_t *v)
{
	char buf[64], *end;

	if (!field(fields, key, buf, sizeof(buf)) || !buf[0])
		return false;
	errno = 0;
	*v = strtoull(buf, &end, base);
	return !*end && !errno && buf[0] != '-';
}

/* A NULL %p: tracefs prints zeros, libtraceevent "(nil)" or 0x0 */
static bool null_pointer(const char *fields, const char *key)
{
	char buf[64];

	if (!field(fields, key, buf, sizeof(buf)))
		return false;
	if (!strcmp(buf, "(null)") || !strcmp(buf, "(nil)"))
		return true;
	return strspn(buf + (!strncmp(buf, "0x", 2) ? 2 : 0), "0") ==
	       strlen(buf + (!strncmp(buf, "0x", 2) ? 2 : 0));
}

/*
 * gfp flags without __GFP_DIRECT_RECLAIM: GFP_ATOMIC, GFP_NOWAIT.  The
 * kernel prints the composite names first (show_gfp_flags()), so a blocking
 * allocation's flags name one of these.
 */
static bool atomic_flags(const char *flags)
{
	static const char *const blocking[] = {
		"GFP_KERNEL", "GFP_KERNEL_ACCOUNT", "GFP_NOFS", "GFP_NOIO", "GFP_USER",
		"GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE", "__GFP_DIRECT_RECLAIM", "__GFP_RECLAIM",
	};
	char buf[256], *save, *w;

	snprintf(buf, sizeof(buf), "%s", flags);
	for (w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
		for (size_t i = 0; i < sizeof(blocking) / sizeof(blocking[0]); i++)
			if (!strcmp(w, blocking[i]))
				return false;
	return true;
}

static int read_cma(struct rmem_sim_capture_record *r, const char *f)
{
	uint64_t v;
	char err[16], *end;

	field(f, "name", r->name, sizeof(r->name));
	r->has_addr = number_field(f, "pfn", 16, &r->addr);
	if (!number_field(f, "count", 10, &r->count))
		return -EINVAL;
	if (r->kind == RMEM_SIM_CAP_CMA_ALLOC) {
		if (!number_field(f, "align", 10, &v) || v > 64)
			return -EINVAL;
		r->align = (unsigned int)v;
		/* errorno from 6.12; before, a failure shows as a NULL page */
		r->failed = null_pointer(f, "page") ||
			    (field(f, "errorno", err, sizeof(err)) && strtol(err, &end, 10));
	}
	return r->has_addr ? 0 : -EINVAL;
}

static int read_dma(struct rmem_sim_capture_record *r, const char *f)
{
	char flags[256];
	size_t n = word_len(f);

	if (!n || n >= sizeof(r->name) || memchr(f, '=', n))
		return -EINVAL;
	memcpy(r->name, f, n);
	r->name[n] = '\0';
	r->has_addr = number_field(f, "dma_addr", 16, &r->addr);
	if (!number_field(f, "size", 10, &r->count) || !r->has_addr)
		return -EINVAL;
	if (r->kind == RMEM_SIM_CAP_DMA_ALLOC) {
		/* a failed dma_alloc_attrs(): no virtual address (7.2: dma_addr 0 too) */
		r->failed = null_pointer(f, "virt_addr");
		r->atomic = field(f, "flags", flags, sizeof(flags)) && atomic_flags(flags);
	}
	return 0;
}

static enum rmem_sim_capture_kind kind_of(const char *ev)
{
	if (!strcmp(ev, "cma_alloc_finish") || !strcmp(ev, "cma_alloc"))
		return RMEM_SIM_CAP_CMA_ALLOC;
	if (!strcmp(ev, "cma_release"))
		return RMEM_SIM_CAP_CMA_RELEASE;
	if (!strcmp(ev, "dma_alloc"))
		return RMEM_SIM_CAP_DMA_ALLOC;
	if (!strcmp(ev, "dma_free"))
		return RMEM_SIM_CAP_DMA_FREE;
	return RMEM_SIM_CAP_OTHER;
}

static int push_record(struct rmem_sim_capture *c, const struct rmem_sim_capture_record *r)
{
	if (c->nr_rec == c->cap_rec) {
		size_t cap = c->cap_rec ? 2 * c->cap_rec : 64;
		struct rmem_sim_capture_record *n = realloc(c->rec, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->rec = n;
		c->cap_rec = cap;
	}
	c->rec[c->nr_rec++] = *r;
	return 0;
}

/* One line: a record of the cma or dma group, a note, or nothing. */
/* tracefs's "# tracer: NAME" header, trace-cmd report's "cpus=N": a capture, if an empty one */
static bool capture_header(const char *s)
{
	return !strncmp(s, "# tracer: ", 10) || !strncmp(s, "cpus=", 5);
}

static int parse_line(struct rmem_sim_capture *c, unsigned int nr, char *s, bool *event)
{
	struct rmem_sim_capture_record r = { .line = nr };
	const char *f = event_of(s, r.event, sizeof(r.event), r.task, sizeof(r.task));
	int ret;

	if (!f) {
		*event |= capture_header(s);
		/* trace-cmd: "CPU:0 [123 EVENTS DROPPED]"; tracefs: "CPU:0 [LOST 123 EVENTS]" */
		if (!strncmp(s, "CPU:", 4) && (strstr(s, "DROPPED") || strstr(s, "LOST")))
			return sim_capture_note(c, nr, "the capture lost events here: what follows may not pair");
		return 0;
	}
	*event = true;
	if (strncmp(r.event, "cma_", 4) && strncmp(r.event, "dma_", 4))
		return 0;
	r.kind = kind_of(r.event);
	if (r.kind == RMEM_SIM_CAP_OTHER)	/* cma_alloc_start, busy retries: nothing to fold */
		return strncmp(r.event, "cma_", 4) ? push_record(c, &r) : 0;
	ret = r.kind == RMEM_SIM_CAP_CMA_ALLOC || r.kind == RMEM_SIM_CAP_CMA_RELEASE ?
		read_cma(&r, f) : read_dma(&r, f);
	if (ret)
		return sim_capture_note(c, nr, "%s: fields not as the kernel prints them ('%.120s')", r.event, f);
	return push_record(c, &r);
}

int rmem_sim_capture_parse(const char *file, const char *text, size_t len,
			   struct rmem_sim_capture *c, char *err, size_t errlen)
{
	char *buf = malloc(MAX_LINE);
	size_t pos = 0;
	unsigned int nr = 0;
	bool event = false;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	c->file = strdup(file ? file : "-");
	if (!buf || !c->file) {
		free(buf);
		rmem_sim_capture_release(c);
		return -ENOMEM;
	}
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s: a NUL byte: not a text capture (tracefs's trace file, "
			 "or trace-cmd report's output; trace.dat needs trace-cmd report first)",
			 c->file);
		ret = -EINVAL;
	}
	while (!ret && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		nr++;
		if (n >= MAX_LINE)
			n = MAX_LINE - 1;	/* event lines are far shorter */
		memcpy(buf, text + pos, n);
		buf[n] = '\0';
		if (n && buf[n - 1] == '\r')
			buf[n - 1] = '\0';
		ret = parse_line(c, nr, buf, &event);
		pos = nl ? (size_t)(nl - text) + 1 : len;
	}
	free(buf);
	if (!ret && !event) {
		snprintf(err, errlen, "%s: neither a trace event line (TASK-PID [CPU] TIMESTAMP: "
			 "EVENT: FIELDS) nor a header ('# tracer: ', 'cpus='): not a capture of "
			 "tracefs's trace file or trace-cmd report", c->file);
		ret = -EINVAL;
	}
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(err, errlen, "%s: out of memory", c->file);
		rmem_sim_capture_release(c);
	}
	return ret;
}

int rmem_sim_capture_load(const char *path, struct rmem_sim_capture *c, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	char why[128];
	int ret = rmem_read_input(path, RMEM_SIM_TRACE_MAX_FILE, &buf, &len, why, sizeof(why));

	memset(c, 0, sizeof(*c));
	if (ret)
		snprintf(err, errlen, "%s: %s", path, why);
	else
		ret = rmem_sim_capture_parse(path, buf, len, c, err, errlen);
	free(buf);
	return ret;
}

void rmem_sim_capture_release(struct rmem_sim_capture *c)
{
	free(c->file);
	free(c->rec);
	free(c->seen);
	free(c->notes);
	rmem_sim_trace_release(&c->trace);
	memset(c, 0, sizeof(*c));
}
