// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rmem diff` and `rmem sim --diff` in words and in JSON (docs/diff.md):
 * the changes first, then one line that sums them up.  The SVG of a diff
 * is svg.c's, the two maps side by side.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <rmem/report.h>
#include <rmem/rmem.h>

#include "report/report_internal.h"

/* The JSON of a diff: raise on any change that could break a reader. */
#define RMEM_DIFF_SCHEMA 1

/* Context lines around each hunk of the kernel's lines, as diff -u. */
#define CONTEXT 3

static const struct {
	unsigned int flag;
	const char *word;
} change_words[] = {
	{ RMEM_DIFF_ONLY_A, "only-in-a" },
	{ RMEM_DIFF_ONLY_B, "only-in-b" },
	{ RMEM_DIFF_MOVED, "moved" },
	{ RMEM_DIFF_RESIZED, "resized" },
	{ RMEM_DIFF_NEWLY_FAILING, "newly-failing" },
	{ RMEM_DIFF_NEWLY_SUCCEEDING, "newly-succeeding" },
	{ RMEM_DIFF_OUTCOME, "outcome" },
};

#define NR_WORDS (sizeof(change_words) / sizeof(change_words[0]))

/* ---- text ---- */

static void text_side(FILE *out, char name, const struct rmem_diff_side *s)
{
	char size[24];

	fprintf(out, "    %c: ", name);
	if (!s->present) {
		fprintf(out, "no such node\n");
		return;
	}
	rmem_report_fmt_size(size, sizeof(size), s->size);
	if (s->placed)
		fprintf(out, "%#" PRIx64 "-%#" PRIx64 " ", s->base, s->base + s->size);
	fprintf(out, "%s, %s%s%s", s->size ? size : "no size", s->state, s->handler ? " by " : "",
		s->handler ? s->handler : "");
	fprintf(out, s->reason[0] ? ": %s\n" : "\n", s->reason);
}

static void text_region(FILE *out, const struct rmem_diff_region *r)
{
	bool first = true;

	for (size_t i = 0; i < NR_WORDS; i++) {
		if (!(r->changes & change_words[i].flag))
			continue;
		fprintf(out, "%s%s", first ? "" : ",", change_words[i].word);
		first = false;
	}
	fprintf(out, " %s", r->path);
	if (r->changes & RMEM_DIFF_MOVED)
		fprintf(out, ": %#" PRIx64 " -> %#" PRIx64, r->a.base, r->b.base);
	fputc('\n', out);
	text_side(out, 'A', &r->a);
	text_side(out, 'B', &r->b);
}

static void cma_words(char *buf, size_t len, const struct rmem_diff_cma *c)
{
	char size[24];

	rmem_report_fmt_size(size, sizeof(size), c->size);
	if (c->present)
		snprintf(buf, len, "%s at %#" PRIx64, size, c->base);
	else
		snprintf(buf, len, "none");
}

static bool cma_differs(const struct rmem_diff *d)
{
	return memcmp(&d->default_cma[0], &d->default_cma[1], sizeof(d->default_cma[0])) != 0;
}

static bool crash_differs(const struct rmem_diff *d)
{
	return (d->crash[0] || d->crash[1]) &&
	       (!d->crash[0] || !d->crash[1] || strcmp(d->crash[0], d->crash[1]));
}

static void text_totals(FILE *out, const struct rmem_diff *d, bool ignore_log)
{
	char a[64], b[64];

	cma_words(a, sizeof(a), &d->default_cma[0]);
	cma_words(b, sizeof(b), &d->default_cma[1]);
	if (cma_differs(d))
		fprintf(out, "default CMA area: %s -> %s\n", a, b);
	if (d->cma_total_kb[0] != d->cma_total_kb[1])
		fprintf(out, "CmaTotal: %" PRIu64 " kB -> %" PRIu64 " kB\n", d->cma_total_kb[0],
			d->cma_total_kb[1]);
	if (ignore_log)
		return;
	if (d->kernel_errors[0] != d->kernel_errors[1] || d->nr_errors)
		fprintf(out, "kernel errors: %zu -> %zu\n", d->kernel_errors[0], d->kernel_errors[1]);
	for (size_t i = 0; i < d->nr_errors; i++)
		fprintf(out, "  %s %s\n", d->errors[i].op == '+' ? "gained:" : "lost:  ",
			d->errors[i].text);
	for (int s = 0; s < 2 && crash_differs(d); s++)
		if (d->crash[s])
			fprintf(out, "%c crashes: %s\n", s ? 'B' : 'A', d->crash[s]);
}

/* The line numbers a script position has in A and B, counted from 1. */
struct hunk {
	size_t first, end;		/* script positions */
	size_t a_line, a_count, b_line, b_count;
};

/* The next hunk at or after @from: the changes within 2 * CONTEXT of each other, with context. */
static bool next_hunk(const struct rmem_diff *d, size_t from, struct hunk *h)
{
	size_t i = from, last, a = 0, b = 0;

	while (i < d->nr_log && d->log[i].op == ' ')
		i++;
	if (i == d->nr_log)
		return false;
	last = i;
	for (size_t j = i; j < d->nr_log && j <= last + 2 * CONTEXT; j++)
		if (d->log[j].op != ' ')
			last = j;
	h->first = i > from + CONTEXT ? i - CONTEXT : from;
	h->end = last + 1 + CONTEXT < d->nr_log ? last + 1 + CONTEXT : d->nr_log;
	for (size_t j = 0; j < h->first; j++) {
		a += d->log[j].op != '+';
		b += d->log[j].op != '-';
	}
	h->a_line = a + 1;
	h->b_line = b + 1;
	h->a_count = h->b_count = 0;
	for (size_t j = h->first; j < h->end; j++) {
		h->a_count += d->log[j].op != '+';
		h->b_count += d->log[j].op != '-';
	}
	/* diff -u numbers an empty side by the line before it */
	h->a_line -= !h->a_count;
	h->b_line -= !h->b_count;
	return true;
}

/* diff -u's range: "LINE" for one line, else "LINE,COUNT" */
static void put_range(FILE *out, size_t line, size_t count)
{
	fprintf(out, count == 1 ? "%zu" : "%zu,%zu", line, count);
}

static void text_log(FILE *out, const struct rmem_diff *d, const char *const *label)
{
	struct hunk h;

	if (!d->log_differs)
		return;
	fprintf(out, "\n--- A: %s\n+++ B: %s\n", label[0], label[1]);
	for (size_t at = 0; next_hunk(d, at, &h); at = h.end) {
		fputs("@@ -", out);
		put_range(out, h.a_line, h.a_count);
		fputs(" +", out);
		put_range(out, h.b_line, h.b_count);
		fputs(" @@\n", out);
		for (size_t j = h.first; j < h.end; j++)
			fprintf(out, "%c%s\n", d->log[j].op, d->log[j].text);
	}
}

static size_t count_flag(const struct rmem_diff *d, unsigned int flag)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nr_regions; i++)
		n += (d->regions[i].changes & flag) != 0;
	return n;
}

static size_t log_changes(const struct rmem_diff *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nr_log; i++)
		n += d->log[i].op != ' ';
	return n;
}

static void text_summary(FILE *out, const struct rmem_diff *d, bool ignore_log)
{
	size_t changed = rmem_diff_changes(d);

	if (!rmem_diff_differs(d, ignore_log)) {
		fprintf(out, "no difference: %zu region%s, the same layout%s\n", d->nr_regions,
			d->nr_regions == 1 ? "" : "s", ignore_log ? "" : ", the same kernel lines");
		return;
	}
	fprintf(out, "%zu of %zu region%s changed", changed, d->nr_regions,
		d->nr_regions == 1 ? "" : "s");
	for (size_t i = 0; i < NR_WORDS; i++) {
		size_t n = count_flag(d, change_words[i].flag);

		if (n)
			fprintf(out, ", %zu %s", n, change_words[i].word);
	}
	if (cma_differs(d))
		fprintf(out, "; the default CMA area differs");
	if (d->cma_total_kb[0] != d->cma_total_kb[1])
		fprintf(out, "; CmaTotal differs");
	if (!ignore_log)
		fprintf(out, "; %zu kernel error line%s gained or lost; %zu kernel line%s",
			d->nr_errors, d->nr_errors == 1 ? "" : "s", log_changes(d),
			log_changes(d) == 1 ? " differs" : "s differ");
	fputc('\n', out);
}

static bool totals_differ(const struct rmem_diff *d, bool ignore_log)
{
	return cma_differs(d) || d->cma_total_kb[0] != d->cma_total_kb[1] ||
	       (!ignore_log && (d->kernel_errors[0] != d->kernel_errors[1] || d->nr_errors ||
				crash_differs(d)));
}

/* The sections, each after a blank line: the regions, the totals, the kernel's lines. */
static int diff_text(const struct rmem_diff *d, const struct rmem_report_diff_options *opt,
		     FILE *out)
{
	fprintf(out, "A: %s\nB: %s\n", opt->label[0], opt->label[1]);
	if (rmem_diff_changes(d))
		fputc('\n', out);
	for (size_t i = 0; i < d->nr_regions; i++)
		if (d->regions[i].changes)
			text_region(out, &d->regions[i]);
	if (totals_differ(d, opt->ignore_log)) {
		fputc('\n', out);
		text_totals(out, d, opt->ignore_log);
	}
	if (!opt->ignore_log)
		text_log(out, d, opt->label);
	fputc('\n', out);
	text_summary(out, d, opt->ignore_log);
	return 0;
}

/* ---- json ---- */

static json_t *json_side(const struct rmem_diff_side *s)
{
	if (!s->present)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:b, s:o, s:o}",
			 "base", s->placed ? rmem_report_jnum(s->base) : json_null(),
			 "size", rmem_report_jnum(s->size),
			 "state", rmem_report_jstr(s->state), "ok", s->ok,
			 "handler", rmem_report_jstr(s->handler),
			 "reason", rmem_report_jstr(s->reason));
}

static json_t *json_changes_of(unsigned int changes)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < NR_WORDS; i++) {
		if ((changes & change_words[i].flag) &&
		    !rmem_report_jpush(a, json_string(change_words[i].word))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *json_cma(const struct rmem_diff_cma *c)
{
	if (!c->present)
		return json_null();
	return json_pack("{s:o, s:o}", "base", rmem_report_jnum(c->base),
			 "size", rmem_report_jnum(c->size));
}

static bool json_regions(json_t *v, const struct rmem_diff *d)
{
	for (size_t i = 0; i < d->nr_regions; i++) {
		const struct rmem_diff_region *r = &d->regions[i];

		if (r->changes && !rmem_report_jpush(v, json_pack("{s:s, s:o, s:o, s:o, s:o}",
				"what", "region", "path", rmem_report_jstr(r->path),
				"changes", json_changes_of(r->changes),
				"a", json_side(&r->a), "b", json_side(&r->b))))
			return false;
	}
	if (cma_differs(d) && !rmem_report_jpush(v, json_pack("{s:s, s:o, s:o}",
			"what", "default-cma", "a", json_cma(&d->default_cma[0]),
			"b", json_cma(&d->default_cma[1]))))
		return false;
	return d->cma_total_kb[0] == d->cma_total_kb[1] ||
	       rmem_report_jpush(v, json_pack("{s:s, s:o, s:o}", "what", "cma-total-kb",
					     "a", rmem_report_jnum(d->cma_total_kb[0]),
					     "b", rmem_report_jnum(d->cma_total_kb[1])));
}

static bool json_log(json_t *v, const struct rmem_diff *d)
{
	size_t a = 0, b = 0;

	for (size_t i = 0; i < d->nr_errors; i++)
		if (!rmem_report_jpush(v, json_pack("{s:s, s:s, s:o}", "what", "kernel-error",
				"side", d->errors[i].op == '+' ? "b" : "a",
				"line", rmem_report_jstr(d->errors[i].text))))
			return false;
	if (crash_differs(d) && !rmem_report_jpush(v, json_pack("{s:s, s:o, s:o}", "what", "crash",
			"a", rmem_report_jstr(d->crash[0]), "b", rmem_report_jstr(d->crash[1]))))
		return false;
	for (size_t i = 0; i < d->nr_log; i++) {
		const struct rmem_diff_line *l = &d->log[i];

		a += l->op != '+';
		b += l->op != '-';
		if (l->op != ' ' && !rmem_report_jpush(v, json_pack("{s:s, s:s, s:o, s:o}",
				"what", "log-line", "side", l->op == '+' ? "b" : "a",
				"line_number", rmem_report_jnum(l->op == '+' ? b : a),
				"line", rmem_report_jstr(l->text))))
			return false;
	}
	return true;
}

static json_t *json_label(const struct rmem_diff *d, int side,
			  const struct rmem_report_diff_options *opt)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o}",
			 "label", rmem_report_jstr(opt->label[side]),
			 "kernel", rmem_report_jstr(d->kernel[side]),
			 "kernel_errors", rmem_report_jnum(d->kernel_errors[side]),
			 "cma_total_kb", rmem_report_jnum(d->cma_total_kb[side]),
			 "default_cma", json_cma(&d->default_cma[side]));
}

static int diff_json(const struct rmem_diff *d, const struct rmem_report_diff_options *opt,
		     FILE *out)
{
	json_t *changes = json_array();
	bool ok = changes && json_regions(changes, d) && (opt->ignore_log || json_log(changes, d));

	if (!ok) {
		json_decref(changes);
		return -ENOMEM;
	}
	return rmem_report_json_dump(json_pack("{s:i, s:s, s:o, s:o, s:b, s:b, s:b, s:b, s:b, "
					       "s:o, s:o, s:o}",
		"schema", RMEM_DIFF_SCHEMA, "rmem_version", rmem_version(),
		"a", json_label(d, 0, opt), "b", json_label(d, 1, opt),
		"ignore_log", opt->ignore_log, "differs", rmem_diff_differs(d, opt->ignore_log),
		"layout_differs", d->layout_differs, "outcome_differs", d->outcome_differs,
		"log_differs", d->log_differs,
		"regions", rmem_report_jnum(d->nr_regions),
		"regions_changed", rmem_report_jnum(rmem_diff_changes(d)),
		"changes", changes), out);
}

int rmem_report_diff(const struct rmem_diff *d, struct rmem_ctx *a, struct rmem_ctx *b,
		     enum rmem_report_format format, const struct rmem_report_diff_options *opt,
		     FILE *out)
{
	int ret;

	if (!opt)
		return -EINVAL;
	switch (format) {
	case RMEM_REPORT_TEXT:
		ret = diff_text(d, opt, out);
		break;
	case RMEM_REPORT_JSON:
		ret = diff_json(d, opt, out);
		break;
	case RMEM_REPORT_SVG:
		ret = rmem_report_svg_diff(d, a, b, opt, out);
		break;
	default:
		return -EINVAL;
	}
	return rmem_report_flushed(out, ret);
}

/* ---- rmem sim --diff ---- */

/* The result as rmem sim prints it: where the buffer went, or the error and why. */
static void result_words(const struct rmem_sim *sim, const struct rmem_sim_diff_event *ev,
			 char *buf, size_t len)
{
	const struct rmem_sim_result *r = rmem_sim_result_at(sim, ev->index);

	rmem_sim_result_format(sim, ev->index, buf, len);
	if (!buf[0])
		snprintf(buf, len, "%s", r->err ? rmem_sim_errname(r->err) : "ok");
}

static int sim_diff_text(const struct rmem_sim *const sim[2], const struct rmem_sim_diff_event *ev,
			 size_t nr, const struct rmem_report_diff_options *opt, FILE *out)
{
	size_t total = rmem_sim_result_count(sim[0]);
	char text[2][RMEM_SIM_TEXT_MAX];

	fprintf(out, "A: %s\nB: %s\n\n", opt->label[0], opt->label[1]);
	for (size_t i = 0; i < nr; i++) {
		for (int k = 0; k < 2; k++)
			result_words(sim[k], &ev[i], text[k], sizeof(text[k]));
		fprintf(out, "L%u:\n    A: %s\n    B: %s\n", ev[i].ev->line, text[0], text[1]);
	}
	fprintf(out, "%s%zu of %zu event%s differ\n", nr ? "\n" : "", nr, total,
		total == 1 ? "" : "s");
	return 0;
}

static json_t *json_result(const struct rmem_sim *sim, size_t i)
{
	const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);
	char text[RMEM_SIM_TEXT_MAX];

	rmem_sim_result_format(sim, i, text, sizeof(text));
	return json_pack("{s:o, s:o}", "error", r->err ? json_string(rmem_sim_errname(r->err))
						      : json_null(),
			 "text", rmem_report_jstr(text));
}

static int sim_diff_json(const struct rmem_sim *const sim[2], const struct rmem_sim_diff_event *ev,
			 size_t nr, const struct rmem_report_diff_options *opt, FILE *out)
{
	json_t *events = json_array();

	for (size_t i = 0; events && i < nr; i++) {
		if (!rmem_report_jpush(events, json_pack("{s:s, s:i, s:o, s:o}", "what", "event",
				"line", (int)ev[i].ev->line, "a", json_result(sim[0], ev[i].index),
				"b", json_result(sim[1], ev[i].index)))) {
			json_decref(events);
			return -ENOMEM;
		}
	}
	if (!events)
		return -ENOMEM;
	return rmem_report_json_dump(json_pack("{s:i, s:s, s:{s:o}, s:{s:o}, s:b, s:o, s:o}",
		"schema", RMEM_DIFF_SCHEMA, "rmem_version", rmem_version(),
		"a", "label", rmem_report_jstr(opt->label[0]),
		"b", "label", rmem_report_jstr(opt->label[1]),
		"differs", nr > 0, "events", rmem_report_jnum(rmem_sim_result_count(sim[0])),
		"changes", events), out);
}

int rmem_report_sim_diff(const struct rmem_sim *a, const struct rmem_sim *b,
			 const struct rmem_sim_diff_event *ev, size_t nr,
			 enum rmem_report_format format,
			 const struct rmem_report_diff_options *opt, FILE *out)
{
	const struct rmem_sim *const sim[2] = { a, b };
	int ret;

	if (!opt)
		return -EINVAL;
	if (format == RMEM_REPORT_TEXT)
		ret = sim_diff_text(sim, ev, nr, opt, out);
	else if (format == RMEM_REPORT_JSON)
		ret = sim_diff_json(sim, ev, nr, opt, out);
	else
		return -EINVAL;
	return rmem_report_flushed(out, ret);
}
