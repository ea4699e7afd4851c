// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim's output: per event its line, what it asked and what it got,
 * with the kernel's lines it caused (pr_debug ones left out, as a console
 * at the default loglevel does) and how many of those the log did not keep
 * (include/rmem/log.h); then the usage of each area and pool.
 * The same in JSON for scripts.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/rmem.h>

#include "internal.h"
#include "sim/sim_internal.h"

static const char *const verb_names[] = {
	[RMEM_SIM_INIT] = "init", [RMEM_SIM_RELEASE] = "release", [RMEM_SIM_MASK] = "mask",
	[RMEM_SIM_ALLOC] = "alloc", [RMEM_SIM_FREE] = "free", [RMEM_SIM_CMA_ALLOC] = "cma alloc",
	[RMEM_SIM_CMA_RELEASE] = "cma release", [RMEM_SIM_PIN] = "pin", [RMEM_SIM_UNPIN] = "unpin",
	[RMEM_SIM_VIRTUAL] = "virtual",
};

static bool shown(const struct rmem_log_line *l)
{
	return l->level != RMEM_LOG_DEBUG;
}

static void text_event(const struct rmem_sim *sim, const struct rmem_sim_result *r, FILE *out)
{
	const struct rmem_sim_event *e = r->ev;
	const struct rmem_log *log = &sim->ctx->log;

	if (e->verb == RMEM_SIM_VIRTUAL)	/* as the trace writes it */
		fprintf(out, "L%-4u virtual %s", e->line, e->subject);
	else
		fprintf(out, "L%-4u %s %s", e->line, e->subject, verb_names[e->verb]);
	if (e->verb == RMEM_SIM_ALLOC)
		fprintf(out, " %llu as %s%s", (unsigned long long)e->size, e->tag,
			e->atomic ? " atomic" : "");
	else if (e->verb == RMEM_SIM_CMA_ALLOC)
		fprintf(out, " %llu %u as %s", (unsigned long long)e->size, e->align, e->tag);
	else if (e->verb == RMEM_SIM_FREE || e->verb == RMEM_SIM_CMA_RELEASE)
		fprintf(out, " %s", e->tag);
	fprintf(out, ": %s\n", r->text);
	for (size_t i = r->log_first; i < r->log_end && i < log->nr; i++)
		if (shown(&log->lines[i]))
			fprintf(out, "      | %s\n", log->lines[i].text);
	if (r->log_dropped)
		fprintf(out, "      | (%zu more lines not kept)\n", r->log_dropped);
}

/* runs shown per list in text; the rest are counted */
#define TEXT_MAX_RUNS 8

/*
 * cma_debug_show_areas()'s extent form: "PAGES@BIT" joined by '+', BIT
 * being where the run starts in the bitmap (its first page with
 * order_per_bit 0); the used runs are the gaps between the free ones.
 */
static void text_runs(const struct rmem_sim_usage *u, bool used, FILE *out)
{
	unsigned long at = 0;
	size_t shown = 0, total = 0;

	fprintf(out, "       %s ", used ? "used" : "free");
	for (size_t i = 0; i <= u->nr_free_runs; i++) {
		unsigned long start = i < u->nr_free_runs ? u->free_runs[i].start : u->pages;
		unsigned long pages = i < u->nr_free_runs ? u->free_runs[i].pages : 0;

		if (used) {
			pages = start - at;
			start = at;
			at = i < u->nr_free_runs ? u->free_runs[i].start + u->free_runs[i].pages : 0;
		}
		if (!pages)
			continue;
		if (shown < TEXT_MAX_RUNS)
			fprintf(out, "%s%lu@%lu", shown ? "+" : "", pages, start >> u->order_per_bit);
		shown += shown < TEXT_MAX_RUNS;
		total++;
	}
	if (!total)
		fprintf(out, "none");
	if (total > shown)
		fprintf(out, "+... (%zu more runs)", total - shown);
	fprintf(out, "\n");
}

static void text_usage(const struct rmem_sim *sim, const struct rmem_sim_usage *u, FILE *out)
{
	fprintf(out, "  %-4s %-24s base 0x%llx: %lu pages, used %lu, free %lu, maxchunk %lu, "
		"fragmentation %.2f\n", u->kind, u->name, (unsigned long long)u->base, u->pages,
		u->used, u->free, u->largest_free, u->fragmentation);
	if (!u->pages)
		return;
	text_runs(u, false, out);
	text_runs(u, true, out);
	if (sim->raw_bitmap && u->bitmap)
		fprintf(out, "       bitmap: %s%s", u->bitmap,
			u->bitmap[0] && u->bitmap[strlen(u->bitmap) - 1] == '\n' ? "" : "\n");
}

int rmem_sim_write_text(const struct rmem_sim *sim, FILE *out)
{
	fprintf(out, "# rmem sim: %s on kernel %s\n", sim->trace->file, sim->ctx->profile.name);
	for (size_t i = 0; i < sim->nr_results; i++)
		text_event(sim, &sim->results[i], out);
	fprintf(out, "\nafter the replay:\n");
	if (!sim->nr_usage)
		fprintf(out, "  no CMA area, no DMA pool\n");
	for (size_t i = 0; i < sim->nr_usage; i++)
		text_usage(sim, &sim->usage[i], out);
	return ferror(out) ? -EIO : 0;
}

/* The length of the UTF-8 sequence at @s (RFC 3629: no overlong form, no surrogate), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned int c = s[0], n, min, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	for (unsigned int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static bool utf8_valid(const char *s)
{
	for (size_t n; *s; s += n) {
		n = utf8_len((const unsigned char *)s);
		if (!n)
			return false;
	}
	return true;
}

/*
 * Tags and names are a trace's bytes, not necessarily UTF-8, and JSON is
 * UTF-8: as in the plan's JSON, the non-ASCII bytes of a string that is not
 * valid UTF-8 are written as '?'.
 */
static void json_str(FILE *out, const char *s)
{
	bool ascii_only = !utf8_valid(s);

	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else if (c >= 0x80 && ascii_only)
			fputc('?', out);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* The errno's name without its sign ("ENOMEM"), as JSON readers compare it. */
static void json_errno(FILE *out, int err)
{
	if (!err) {
		fprintf(out, "null");
		return;
	}
	json_str(out, rmem_sim_errname(err) + 1);
}

static const char *allocator_name(enum rmem_dma_source src)
{
	switch (src) {
	case RMEM_DMA_SRC_POOL:
	case RMEM_DMA_SRC_GLOBAL:
		return "pool";
	case RMEM_DMA_SRC_CMA:
		return "cma";
	case RMEM_DMA_SRC_ATOMIC:
		return "atomic";
	case RMEM_DMA_SRC_PAGES:
		return "page";
	default:
		return NULL;
	}
}

/*
 * A 64-bit value as a JSON number: above INT64_MAX as a real, as the plan's
 * JSON does (rmem_report_jnum()), since JSON parsers keep integers in int64.
 */
static void json_u64(FILE *out, const char *key, uint64_t v)
{
	if (v > INT64_MAX)
		fprintf(out, "\"%s\": %.17g", key, (double)v);
	else
		fprintf(out, "\"%s\": %" PRIu64, key, v);
}

/* The event's fields as the trace gave them. */
static void json_args(const struct rmem_sim_event *e, FILE *out)
{
	fprintf(out, "{");
	switch (e->verb) {
	case RMEM_SIM_INIT:
		fprintf(out, "\"index\": ");
		if (e->region[0])
			fprintf(out, "null, \"name\": ");
		else
			fprintf(out, "%d, \"name\": null", e->index);
		if (e->region[0])
			json_str(out, e->region);
		break;
	case RMEM_SIM_MASK:
		json_u64(out, "bits", e->size);
		break;
	case RMEM_SIM_ALLOC:
		json_u64(out, "size", e->size);
		fprintf(out, ", \"atomic\": %s", e->atomic ? "true" : "false");
		break;
	case RMEM_SIM_CMA_ALLOC:
		json_u64(out, "count", e->size);
		fprintf(out, ", \"align\": %u", e->align);
		break;
	case RMEM_SIM_PIN:
	case RMEM_SIM_UNPIN:
		json_u64(out, "pfn", e->pfn);
		fprintf(out, ", ");
		json_u64(out, "count", e->size);
		break;
	case RMEM_SIM_VIRTUAL:
		fprintf(out, "\"coherent\": %s",
			e->coherence ? e->coherence > 0 ? "true" : "false" : "null");
		break;
	default:
		break;
	}
	fprintf(out, "}");
}

/* What the event got, as fields: docs/sim.md "JSON". */
static void json_result(const struct rmem_sim_result *r, FILE *out)
{
	const char *alloc = allocator_name(r->src);

	fprintf(out, "{");
	if (r->has_addr)
		json_u64(out, "addr", r->addr);
	else
		fprintf(out, "\"addr\": null");
	fprintf(out, ", \"allocator\": ");
	if (alloc)
		json_str(out, alloc);
	else
		fprintf(out, "null");
	fprintf(out, ", \"area\": ");
	if (r->area)
		json_str(out, r->area);
	else
		fprintf(out, "null");
	fprintf(out, ", \"errno\": ");
	json_errno(out, r->err);
	fprintf(out, ", \"init_errno\": ");
	json_errno(out, r->init_err);
	fprintf(out, ", \"text\": ");
	json_str(out, r->text);
	fprintf(out, "}");
}

static void json_event(const struct rmem_sim *sim, const struct rmem_sim_result *r, FILE *out)
{
	const struct rmem_sim_event *e = r->ev;
	const struct rmem_log *log = &sim->ctx->log;
	bool first = true;

	fprintf(out, "    {\"line\": %u, \"verb\": ", e->line);
	json_str(out, verb_names[e->verb]);
	fprintf(out, ", \"subject\": ");
	json_str(out, e->subject);
	fprintf(out, ", \"tag\": ");
	if (e->tag[0])
		json_str(out, e->tag);
	else
		fprintf(out, "null");
	fprintf(out, ", \"args\": ");
	json_args(e, out);
	fprintf(out, ", \"result\": ");
	json_result(r, out);
	fprintf(out, ", \"log\": [");
	for (size_t i = r->log_first; i < r->log_end && i < log->nr; i++) {
		if (!shown(&log->lines[i]))
			continue;
		fprintf(out, "%s", first ? "" : ", ");
		json_str(out, log->lines[i].text);
		first = false;
	}
	fprintf(out, "], \"log_not_kept\": %zu}", r->log_dropped);
}

/* The debugfs words as numbers: "1 2 3\n" -> [1, 2, 3]. */
static void json_bitmap_words(const char *text, FILE *out)
{
	const char *p = text;
	char *end;

	fprintf(out, "[");
	for (bool first = true;; first = false) {
		unsigned long w = strtoul(p, &end, 10);

		if (end == p)
			break;
		fprintf(out, "%s%lu", first ? "" : ", ", w);
		p = end;
	}
	fprintf(out, "]");
}

static void json_usage(const struct rmem_sim *sim, const struct rmem_sim_usage *u, FILE *out)
{
	fprintf(out, "    {\"kind\": \"%s\", \"name\": ", u->kind);
	json_str(out, u->name);
	fprintf(out, ", ");
	json_u64(out, "base", u->base);
	fprintf(out, ", \"pages\": %lu, \"used\": %lu, \"free\": %lu, "
		"\"maxchunk\": %lu, \"fragmentation\": %.4f, \"order_per_bit\": %u, "
		"\"free_runs\": [", u->pages, u->used, u->free,
		u->largest_free, u->fragmentation, u->order_per_bit);
	for (size_t i = 0; i < u->nr_free_runs; i++)
		fprintf(out, "%s[%lu, %lu]", i ? ", " : "", u->free_runs[i].start,
			u->free_runs[i].pages);
	fprintf(out, "], \"bitmap\": ");
	if (sim->raw_bitmap && u->bitmap)
		json_bitmap_words(u->bitmap, out);
	else
		fprintf(out, "null");
	fprintf(out, "}");
}

int rmem_sim_write_json(const struct rmem_sim *sim, FILE *out)
{
	fprintf(out, "{\n  \"rmem_version\": ");
	json_str(out, rmem_version());
	fprintf(out, ",\n  \"schema\": %d,\n  \"trace\": ", RMEM_SIM_JSON_SCHEMA);
	json_str(out, sim->trace->file);
	fprintf(out, ",\n  \"kernel\": ");
	json_str(out, sim->ctx->profile.name);
	fprintf(out, ",\n  \"events\": [\n");
	for (size_t i = 0; i < sim->nr_results; i++) {
		json_event(sim, &sim->results[i], out);
		fprintf(out, "%s\n", i + 1 < sim->nr_results ? "," : "");
	}
	fprintf(out, "  ],\n  \"usage\": [\n");
	for (size_t i = 0; i < sim->nr_usage; i++) {
		json_usage(sim, &sim->usage[i], out);
		fprintf(out, "%s\n", i + 1 < sim->nr_usage ? "," : "");
	}
	fprintf(out, "  ]\n}\n");
	return ferror(out) ? -EIO : 0;
}
