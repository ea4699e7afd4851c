// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace parser of rmem sim (docs/trace-format.md): one event per line,
 * every field checked, and a message naming FILE:LINE for the first line
 * that does not read.  Numbers are memparse()'s, but the whole field must
 * be consumed and must not overflow: the trace is rmem's own input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/memparse.h>
#include <rmem/sim.h>

#include "lib/file.h"
#include "sim/sim_internal.h"

#define MAX_FIELDS 8
#define MAX_LINE 1024

struct line {
	const char *file;
	unsigned int nr;
	char buf[MAX_LINE];
	char *f[MAX_FIELDS + 1];
	int nf;
	char *err;
	size_t errlen;
};

static int fail(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct line *l, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l->err && l->errlen)
		snprintf(l->err, l->errlen, "%s:%u: %s", l->file, l->nr, msg);
	return -EINVAL;
}

static int number(struct line *l, const char *field, const char *what, uint64_t *v)
{
	const char *end;
	int ret = rmem_memparse(field, &end, v);

	if (end == field || *end)
		return fail(l, "%s '%s' is not a number", what, field);
	if (ret)
		return fail(l, "%s '%s' does not fit in 64 bits", what, field);
	return 0;
}

static int word(struct line *l, char *dst, const char *src, const char *what)
{
	if (strlen(src) >= RMEM_SIM_MAX_WORD)
		return fail(l, "%s '%.20s...' is too long", what, src);
	strcpy(dst, src);
	return 0;
}

static int nfields(struct line *l, int min, int max, const char *form)
{
	if (l->nf < min)
		return fail(l, "missing field: expected '%s'", form);
	if (l->nf > max)
		return fail(l, "unexpected '%s': expected '%s'", l->f[max], form);
	return 0;
}

/* "[as TAG]" at field @i; the line number when absent */
static int tag_opt(struct line *l, int i, struct rmem_sim_event *e)
{
	if (i < l->nf && !strcmp(l->f[i], "as")) {
		if (i + 1 >= l->nf)
			return fail(l, "'as' without a TAG");
		return word(l, e->tag, l->f[i + 1], "TAG");
	}
	snprintf(e->tag, sizeof(e->tag), "L%u", l->nr);
	return 0;
}

static int parse_dev_alloc(struct line *l, struct rmem_sim_event *e)
{
	static const char form[] = "DEVICE alloc SIZE [as TAG] [atomic]";
	int i = 3, ret;

	ret = nfields(l, 3, 6, form);
	if (!ret)
		ret = number(l, l->f[2], "SIZE", &e->size);
	if (ret)
		return ret;
	e->verb = RMEM_SIM_ALLOC;
	if (i < l->nf && !strcmp(l->f[i], "as"))
		i += 2;
	ret = tag_opt(l, 3, e);
	if (ret)
		return ret;
	if (i < l->nf && !strcmp(l->f[i], "atomic")) {
		e->atomic = true;
		i++;
	}
	if (i < l->nf)
		return fail(l, "unexpected '%s': expected '%s'", l->f[i], form);
	return 0;
}

static int parse_dev_init(struct line *l, struct rmem_sim_event *e)
{
	const char *end;
	long v;

	e->verb = RMEM_SIM_INIT;
	if (nfields(l, 2, 3, "DEVICE init [INDEX|NAME]"))
		return -EINVAL;
	if (l->nf == 2)
		return 0;
	if (l->f[2][0] >= '0' && l->f[2][0] <= '9') {
		v = strtol(l->f[2], (char **)&end, 0);
		if (*end || v > 0xffff)
			return fail(l, "INDEX '%s' is not a small number", l->f[2]);
		e->index = (int)v;
		return 0;
	}
	return word(l, e->region, l->f[2], "NAME");
}

static int parse_device(struct line *l, struct rmem_sim_event *e)
{
	const char *verb = l->f[1];
	uint64_t v;

	if (!strcmp(verb, "init"))
		return parse_dev_init(l, e);
	if (!strcmp(verb, "release")) {
		e->verb = RMEM_SIM_RELEASE;
		return nfields(l, 2, 2, "DEVICE release");
	}
	if (!strcmp(verb, "mask")) {
		e->verb = RMEM_SIM_MASK;
		if (nfields(l, 3, 3, "DEVICE mask BITS") || number(l, l->f[2], "BITS", &v))
			return -EINVAL;
		if (v < 1 || v > 64)
			return fail(l, "BITS %llu: expected 1 to 64", (unsigned long long)v);
		e->size = v;
		return 0;
	}
	if (!strcmp(verb, "alloc"))
		return parse_dev_alloc(l, e);
	if (!strcmp(verb, "free")) {
		e->verb = RMEM_SIM_FREE;
		if (nfields(l, 3, 3, "DEVICE free TAG"))
			return -EINVAL;
		return word(l, e->tag, l->f[2], "TAG");
	}
	return fail(l, "unknown verb '%s' (expected init, release, mask, alloc or free)", verb);
}

static int parse_cma(struct line *l, struct rmem_sim_event *e)
{
	static const char form[] = "cma AREA alloc COUNT ALIGN [as TAG]";
	uint64_t v;

	if (l->nf < 3)
		return fail(l, "missing field: expected '%s' or 'cma AREA release TAG'", form);
	if (word(l, e->subject, l->f[1], "AREA"))
		return -EINVAL;
	if (!strcmp(l->f[2], "release")) {
		e->verb = RMEM_SIM_CMA_RELEASE;
		if (nfields(l, 4, 4, "cma AREA release TAG"))
			return -EINVAL;
		return word(l, e->tag, l->f[3], "TAG");
	}
	if (strcmp(l->f[2], "alloc"))
		return fail(l, "unknown cma verb '%s' (expected alloc or release)", l->f[2]);
	e->verb = RMEM_SIM_CMA_ALLOC;
	if (nfields(l, 5, 7, form) || number(l, l->f[3], "COUNT", &e->size) ||
	    number(l, l->f[4], "ALIGN", &v))
		return -EINVAL;
	if (v > 63)
		return fail(l, "ALIGN %llu: expected an order below 64", (unsigned long long)v);
	e->align = (unsigned int)v;
	if (l->nf > 5 && (strcmp(l->f[5], "as") || l->nf != 7))
		return fail(l, "unexpected '%s': expected '%s'", l->f[5], form);
	return tag_opt(l, 5, e);
}

static int parse_pin(struct line *l, struct rmem_sim_event *e, bool pin)
{
	e->verb = pin ? RMEM_SIM_PIN : RMEM_SIM_UNPIN;
	if (nfields(l, 4, 4, pin ? "pin AREA PFN COUNT" : "unpin AREA PFN COUNT") ||
	    word(l, e->subject, l->f[1], "AREA") || number(l, l->f[2], "PFN", &e->pfn) ||
	    number(l, l->f[3], "COUNT", &e->size))
		return -EINVAL;
	if (!e->size)
		return fail(l, "COUNT 0: nothing to %s", pin ? "pin" : "unpin");
	return 0;
}

static int parse_virtual(struct line *l, struct rmem_sim_event *e)
{
	static const char form[] = "virtual NAME [coherent|noncoherent]";

	e->verb = RMEM_SIM_VIRTUAL;
	if (nfields(l, 2, 3, form) || word(l, e->subject, l->f[1], "NAME"))
		return -EINVAL;
	if (e->subject[0] == '/')
		return fail(l, "NAME '%s': a virtual device has no path", e->subject);
	if (l->nf == 2)
		return 0;
	if (!strcmp(l->f[2], "coherent"))
		e->coherence = 1;
	else if (!strcmp(l->f[2], "noncoherent"))
		e->coherence = -1;
	else
		return fail(l, "unexpected '%s': expected '%s'", l->f[2], form);
	return 0;
}

static int parse_fields(struct line *l, struct rmem_sim_event *e)
{
	if (!strcmp(l->f[0], "cma"))
		return parse_cma(l, e);
	if (!strcmp(l->f[0], "pin") || !strcmp(l->f[0], "unpin"))
		return parse_pin(l, e, l->f[0][0] == 'p');
	if (!strcmp(l->f[0], "virtual"))
		return parse_virtual(l, e);
	if (l->nf < 2)
		return fail(l, "missing verb after '%s'", l->f[0]);
	if (word(l, e->subject, l->f[0], "DEVICE"))
		return -EINVAL;
	return parse_device(l, e);
}

/* splits l->buf at blanks, dropping a comment; -EINVAL on too many fields */
static int split(struct line *l)
{
	char *s = strchr(l->buf, '#');

	if (s)
		*s = '\0';
	l->nf = 0;
	for (s = strtok(l->buf, " \t\r\v\f"); s; s = strtok(NULL, " \t\r\v\f")) {
		if (l->nf == MAX_FIELDS)
			return fail(l, "too many fields");
		l->f[l->nf++] = s;
	}
	return 0;
}

int sim_trace_push(struct rmem_sim_trace *t, const struct rmem_sim_event *e)
{
	if (t->nr == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		struct rmem_sim_event *ev = realloc(t->ev, cap * sizeof(*ev));

		if (!ev)
			return -ENOMEM;
		t->ev = ev;
		t->cap = cap;
	}
	t->ev[t->nr++] = *e;
	return 0;
}

static int parse_line(struct line *l, const char *s, size_t n, struct rmem_sim_trace *t)
{
	struct rmem_sim_event e;
	int ret;

	if (n >= MAX_LINE)
		return fail(l, "line longer than %d characters", MAX_LINE - 1);
	if (memchr(s, '\0', n))
		return fail(l, "NUL byte in the line");
	memcpy(l->buf, s, n);
	l->buf[n] = '\0';
	ret = split(l);
	if (ret || !l->nf)
		return ret;
	memset(&e, 0, sizeof(e));
	e.line = l->nr;
	ret = parse_fields(l, &e);
	return ret ? ret : sim_trace_push(t, &e);
}

int rmem_sim_trace_parse(const char *file, const char *text, size_t len,
			 struct rmem_sim_trace *t, char *err, size_t errlen)
{
	struct line *l = calloc(1, sizeof(*l));
	size_t pos = 0;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	t->file = strdup(file ? file : "-");
	if (!l || !t->file) {
		free(l);
		rmem_sim_trace_release(t);
		return -ENOMEM;
	}
	l->file = t->file;
	l->err = err;
	l->errlen = errlen;
	while (!ret && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		l->nr++;
		ret = parse_line(l, text + pos, n, t);
		pos += n + 1;
	}
	free(l);
	if (ret) {
		if (ret == -ENOMEM && err && errlen)
			snprintf(err, errlen, "%s: out of memory", t->file);
		rmem_sim_trace_release(t);
	}
	return ret;
}

int rmem_sim_trace_load(const char *path, struct rmem_sim_trace *t, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	char why[128];
	int ret = rmem_read_input(path, RMEM_SIM_TRACE_MAX_FILE, &buf, &len, why, sizeof(why));

	memset(t, 0, sizeof(*t));
	if (ret)
		snprintf(err, errlen, "%s: %s", path, why);
	else
		ret = rmem_sim_trace_parse(path, buf, len, t, err, errlen);
	free(buf);
	return ret;
}

void rmem_sim_trace_release(struct rmem_sim_trace *t)
{
	free(t->file);
	free(t->ev);
	memset(t, 0, sizeof(*t));
}
