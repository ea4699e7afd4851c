// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim's JSON (docs/sim-json.md): per event what the trace asked and
 * what the kernel answered, as fields; then the usage of each CMA area and
 * DMA pool.  Bump RMEM_SIM_JSON_SCHEMA on any change that could break a
 * reader (renaming, removing, retyping a key).
 *
 * A trace can hold millions of events, so the document is streamed: the
 * outer object is written here, each event and each usage entry is built
 * with jansson and written on its own line, then let go.  Without
 * JSON_INDENT, jansson writes ", " and ": " between items, which is the
 * layout of the lines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include <rmem/report.h>
#include <rmem/rmem.h>
#include <rmem/sim.h>
#include <rmem/sim_ftrace.h>

#include "internal.h"
#include "report/report_internal.h"

/* sim JSON's "schema" (1 was the unversioned form of 0.x) */
#define RMEM_SIM_JSON_SCHEMA 2

/*
 * @v (stolen; NULL: -ENOMEM) as one line's worth of JSON, no newline.
 * Through a buffer: json_dumpf() writes each token with its own fwrite(),
 * which took most of the time of a long trace's output.
 */
static int dump(json_t *v, size_t flags, FILE *out)
{
	char buf[4096], *text = buf;
	size_t n;
	int ret = 0;

	if (!v)
		return -ENOMEM;
	flags |= JSON_ENCODE_ANY | JSON_PRESERVE_ORDER;
	n = json_dumpb(v, buf, sizeof(buf), flags);
	if (n > sizeof(buf)) {
		text = malloc(n);
		n = text ? json_dumpb(v, text, n, flags) : 0;
	}
	json_decref(v);
	if (!n)
		ret = -ENOMEM;
	else if (fwrite(text, 1, n, out) != n)
		ret = -EIO;
	if (text != buf)
		free(text);
	return ret;
}

/* The errno's name without its sign ("ENOMEM"), as JSON readers compare it; null for 0. */
static json_t *errno_json(int err)
{
	return err ? rmem_report_jstr(rmem_sim_errname(err) + 1) : json_null();
}

static json_t *allocator_json(enum rmem_dma_source src)
{
	switch (src) {
	case RMEM_DMA_SRC_POOL:
	case RMEM_DMA_SRC_GLOBAL:
		return json_string("pool");
	case RMEM_DMA_SRC_CMA:
		return json_string("cma");
	case RMEM_DMA_SRC_ATOMIC:
		return json_string("atomic");
	case RMEM_DMA_SRC_PAGES:
		return json_string("page");
	default:
		return json_null();
	}
}

/* The event's fields as the trace gave them. */
static json_t *args_json(const struct rmem_sim_event *e)
{
	switch (e->verb) {
	case RMEM_SIM_INIT:
		if (e->region[0])
			return json_pack("{s:n, s:o}", "index", "name", rmem_report_jstr(e->region));
		return json_pack("{s:i, s:n}", "index", e->index, "name");
	case RMEM_SIM_MASK:
		return json_pack("{s:o}", "bits", rmem_report_jnum(e->size));
	case RMEM_SIM_ALLOC:
		return json_pack("{s:o, s:b}", "size", rmem_report_jnum(e->size), "atomic", e->atomic);
	case RMEM_SIM_CMA_ALLOC:
		return json_pack("{s:o, s:I}", "count", rmem_report_jnum(e->size), "align",
				 (json_int_t)e->align);
	case RMEM_SIM_PIN:
	case RMEM_SIM_UNPIN:
		return json_pack("{s:o, s:o}", "pfn", rmem_report_jnum(e->pfn), "count",
				 rmem_report_jnum(e->size));
	case RMEM_SIM_VIRTUAL:
		return json_pack("{s:o}", "coherent",
				 e->coherence ? json_boolean(e->coherence > 0) : json_null());
	default:
		return json_object();
	}
}

/* What event @i got, as fields, and in words. */
static json_t *result_json(const struct rmem_sim *sim, size_t i)
{
	const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);
	char text[RMEM_SIM_TEXT_MAX];

	rmem_sim_result_format(sim, i, text, sizeof(text));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
			 "addr", r->has_addr ? rmem_report_jnum(r->addr) : json_null(),
			 "allocator", allocator_json(r->src),
			 "area", rmem_report_jstr(r->area),
			 "errno", errno_json(r->err),
			 "init_errno", errno_json(r->init_err),
			 "text", rmem_report_jstr(text));
}

/* The kernel's lines during the event, pr_debug() ones left out as the text output does. */
static json_t *log_json(const struct rmem_log *log, const struct rmem_sim_result *r)
{
	json_t *a = json_array();

	for (size_t i = r->log_first; a && i < r->log_end && i < log->nr; i++) {
		if (log->lines[i].level == RMEM_LOG_DEBUG)
			continue;
		if (!rmem_report_jpush(a, rmem_report_jstr(log->lines[i].text))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* --ftrace: what the board got (docs/sim-json.md, "Captures"); null for a trace */
static json_t *board_json(const struct rmem_sim *sim, size_t i)
{
	const struct rmem_sim_capture *c = rmem_sim_get_capture(sim);
	const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);

	return c ? rmem_report_sim_board_json(c, (size_t)(r->ev - c->trace.ev), r) : json_null();
}

static json_t *event_json(const struct rmem_sim *sim, size_t i)
{
	const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);
	const struct rmem_sim_event *e = r->ev;

	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "line", (json_int_t)e->line,
			 "verb", rmem_sim_verb_name(e->verb),
			 "subject", rmem_report_jstr(e->subject),
			 "tag", rmem_report_jstr(e->tag[0] ? e->tag : NULL),
			 "args", args_json(e),
			 "result", result_json(sim, i),
			 "log", log_json(&rmem_sim_ctx(sim)->log, r),
			 "log_not_kept", rmem_report_jnum(r->log_dropped),
			 "board", board_json(sim, i));
}

/* The debugfs words as numbers: "1 2 3\n" -> [1, 2, 3]. */
static json_t *bitmap_json(const char *text)
{
	json_t *a = json_array();
	const char *p = text;
	char *end;

	while (a) {
		unsigned long w = strtoul(p, &end, 10);

		if (end == p)
			break;
		if (!rmem_report_jpush(a, rmem_report_jnum(w))) {
			json_decref(a);
			return NULL;
		}
		p = end;
	}
	return a;
}

static json_t *free_runs_json(const struct rmem_sim_usage *u)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < u->nr_free_runs; i++) {
		if (!rmem_report_jpush(a, json_pack("[o, o]", rmem_report_jnum(u->free_runs[i].start),
						     rmem_report_jnum(u->free_runs[i].pages)))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *usage_json(const struct rmem_sim *sim, const struct rmem_sim_usage *u)
{
	bool bitmap = rmem_sim_bitmap_shown(sim) && u->bitmap;

	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:f, s:I, s:o, s:o}",
			 "kind", u->kind,
			 "name", rmem_report_jstr(u->name),
			 "base", rmem_report_jnum(u->base),
			 "pages", rmem_report_jnum(u->pages),
			 "used", rmem_report_jnum(u->used),
			 "free", rmem_report_jnum(u->free),
			 "maxchunk", rmem_report_jnum(u->largest_free),
			 /* four decimals are its precision (docs/sim-json.md) */
			 "fragmentation", (double)(long long)(u->fragmentation * 1e4 + 0.5) / 1e4,
			 "order_per_bit", (json_int_t)u->order_per_bit,
			 "free_runs", free_runs_json(u),
			 "bitmap", bitmap ? bitmap_json(u->bitmap) : json_null());
}

/*
 * A usage entry's only real is its fragmentation, a number in [0, 1]
 * rounded to four decimals, which four significant digits write exactly;
 * a base past INT64_MAX (a real too, see rmem_report_jnum()) keeps all its
 * digits.
 */
static size_t usage_flags(const struct rmem_sim_usage *u)
{
	return u->base > INT64_MAX ? 0 : JSON_REAL_PRECISION(4);
}

/* "KEY": VALUE, on a line of the outer object */
static int member(const char *key, json_t *v, FILE *out)
{
	fprintf(out, ",\n  \"%s\": ", key);
	return dump(v, 0, out);
}

static int events_json(const struct rmem_sim *sim, FILE *out)
{
	size_t n = rmem_sim_result_count(sim);
	int ret = 0;

	fprintf(out, ",\n  \"events\": [\n");
	for (size_t i = 0; !ret && i < n; i++) {
		fprintf(out, "    ");
		ret = dump(event_json(sim, i), 0, out);
		fprintf(out, "%s\n", i + 1 < n ? "," : "");
	}
	return ret;
}

static int usage_list_json(const struct rmem_sim *sim, FILE *out)
{
	size_t n = rmem_sim_usage_count(sim);
	int ret = 0;

	fprintf(out, "  ],\n  \"usage\": [\n");
	for (size_t i = 0; !ret && i < n; i++) {
		const struct rmem_sim_usage *u = rmem_sim_usage_at(sim, i);

		fprintf(out, "    ");
		ret = dump(usage_json(sim, u), usage_flags(u), out);
		fprintf(out, "%s\n", i + 1 < n ? "," : "");
	}
	fprintf(out, "  ]");
	return ret;
}

/* --ftrace: the capture's notes and drift; null for a trace */
static int capture_member(const struct rmem_sim *sim, FILE *out)
{
	const struct rmem_sim_capture *c = rmem_sim_get_capture(sim);
	int ret = member("capture", c ? rmem_report_sim_capture_json(sim, c) : json_null(), out);

	fprintf(out, "\n}\n");
	return ret;
}

int rmem_report_sim_json(const struct rmem_sim *sim, FILE *out)
{
	int ret;

	fprintf(out, "{\n  \"rmem_version\": ");
	ret = dump(rmem_report_jstr(rmem_version()), 0, out);
	if (!ret) {
		fprintf(out, ",\n  \"schema\": %d", RMEM_SIM_JSON_SCHEMA);
		ret = member("trace", rmem_report_jstr(rmem_sim_trace(sim)->file), out);
	}
	if (!ret)
		ret = member("kernel", rmem_report_jstr(rmem_sim_ctx(sim)->profile.name), out);
	if (!ret)
		ret = events_json(sim, out);
	if (!ret)
		ret = usage_list_json(sim, out);
	if (!ret)
		ret = capture_member(sim, out);
	return rmem_report_flushed(out, ret);
}
