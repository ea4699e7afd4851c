// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim's output: per event its line, what it asked and what it got,
 * with the kernel's lines it caused (pr_debug ones left out, as a console
 * at the default loglevel does) and how many of those the log did not keep
 * (include/rmem/log.h); then the usage of each area and pool.
 * The same in JSON for scripts.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sim/sim_internal.h"

static const char *const verb_names[] = {
	[RMEM_SIM_INIT] = "init", [RMEM_SIM_RELEASE] = "release", [RMEM_SIM_MASK] = "mask",
	[RMEM_SIM_ALLOC] = "alloc", [RMEM_SIM_FREE] = "free", [RMEM_SIM_CMA_ALLOC] = "cma alloc",
	[RMEM_SIM_CMA_RELEASE] = "cma release", [RMEM_SIM_PIN] = "pin", [RMEM_SIM_UNPIN] = "unpin",
};

static bool shown(const struct rmem_log_line *l)
{
	return l->level != RMEM_LOG_DEBUG;
}

static void text_event(const struct rmem_sim *sim, const struct rmem_sim_result *r, FILE *out)
{
	const struct rmem_sim_event *e = r->ev;
	const struct rmem_log *log = &sim->ctx->log;

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

static void text_usage(const struct rmem_sim_usage *u, FILE *out)
{
	fprintf(out, "  %-4s %-24s base 0x%llx: %lu pages, used %lu, free %lu, largest free %lu, "
		"fragmentation %.2f\n", u->kind, u->name, (unsigned long long)u->base, u->pages,
		u->used, u->free, u->largest_free, u->fragmentation);
	if (u->bitmap)
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
		text_usage(&sim->usage[i], out);
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

static void json_event(const struct rmem_sim *sim, const struct rmem_sim_result *r, FILE *out)
{
	const struct rmem_sim_event *e = r->ev;
	const struct rmem_log *log = &sim->ctx->log;
	bool first = true;

	fprintf(out, "    {\"line\": %u, \"verb\": ", e->line);
	json_str(out, verb_names[e->verb]);
	fprintf(out, ", \"subject\": ");
	json_str(out, e->subject);
	if (e->tag[0]) {
		fprintf(out, ", \"tag\": ");
		json_str(out, e->tag);
	}
	fprintf(out, ", \"error\": ");
	json_str(out, r->err ? rmem_sim_errname(r->err) : "");
	fprintf(out, ", \"result\": ");
	json_str(out, r->text);
	fprintf(out, ", \"log\": [");
	for (size_t i = r->log_first; i < r->log_end && i < log->nr; i++) {
		if (!shown(&log->lines[i]))
			continue;
		fprintf(out, "%s", first ? "" : ", ");
		json_str(out, log->lines[i].text);
		first = false;
	}
	fprintf(out, "]");
	if (r->log_dropped)
		fprintf(out, ", \"log_not_kept\": %zu", r->log_dropped);
	fprintf(out, "}");
}

static void json_usage(const struct rmem_sim_usage *u, FILE *out)
{
	fprintf(out, "    {\"kind\": \"%s\", \"name\": ", u->kind);
	json_str(out, u->name);
	fprintf(out, ", \"base\": %llu, \"pages\": %lu, \"used\": %lu, \"free\": %lu, "
		"\"largest_free\": %lu, \"fragmentation\": %.4f", (unsigned long long)u->base,
		u->pages, u->used, u->free, u->largest_free, u->fragmentation);
	if (u->bitmap) {
		fprintf(out, ", \"bitmap\": ");
		json_str(out, u->bitmap);
	}
	fprintf(out, "}");
}

int rmem_sim_write_json(const struct rmem_sim *sim, FILE *out)
{
	fprintf(out, "{\n  \"trace\": ");
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
		json_usage(&sim->usage[i], out);
		fprintf(out, "%s\n", i + 1 < sim->nr_usage ? "," : "");
	}
	fprintf(out, "  ]\n}\n");
	return ferror(out) ? -EIO : 0;
}
