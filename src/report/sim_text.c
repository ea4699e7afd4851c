// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim's text (docs/sim.md): per event its line, what it asked and what
 * it got, with the kernel's lines it caused (pr_debug ones left out, as a
 * console at the default loglevel does) and how many of those the log did
 * not keep (include/rmem/log.h); then the usage of each area and pool; for
 * a replayed capture (--ftrace), what the board got beside what the model
 * predicts.  The JSON is sim.c's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rmem/report.h>
#include <rmem/rmem.h>
#include <rmem/sim.h>
#include <rmem/sim_ftrace.h>

#include "internal.h"

static bool shown(const struct rmem_log_line *l)
{
	return l->level != RMEM_LOG_DEBUG;
}

static void text_event(const struct rmem_sim *sim, size_t k, FILE *out)
{
	const struct rmem_sim_result *r = rmem_sim_result_at(sim, k);
	const struct rmem_sim_event *e = r->ev;
	const struct rmem_log *log = &rmem_sim_ctx(sim)->log;
	char text[RMEM_SIM_TEXT_MAX];

	if (e->verb == RMEM_SIM_VIRTUAL)	/* as the trace writes it */
		fprintf(out, "L%-4u virtual %s", e->line, e->subject);
	else
		fprintf(out, "L%-4u %s %s", e->line, e->subject, rmem_sim_verb_name(e->verb));
	if (e->verb == RMEM_SIM_ALLOC)
		fprintf(out, " %llu as %s%s", (unsigned long long)e->size, e->tag,
			e->atomic ? " atomic" : "");
	else if (e->verb == RMEM_SIM_CMA_ALLOC)
		fprintf(out, " %llu %u as %s", (unsigned long long)e->size, e->align, e->tag);
	else if (e->verb == RMEM_SIM_FREE || e->verb == RMEM_SIM_CMA_RELEASE)
		fprintf(out, " %s", e->tag);
	rmem_sim_result_format(sim, k, text, sizeof(text));
	fprintf(out, ": %s\n", text);
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
	if (rmem_sim_bitmap_shown(sim) && u->bitmap)
		fprintf(out, "       bitmap: %s%s", u->bitmap,
			u->bitmap[0] && u->bitmap[strlen(u->bitmap) - 1] == '\n' ? "" : "\n");
}

static void board_side(const struct rmem_sim_seen *s, FILE *out)
{
	if (s->failed)
		fprintf(out, "board failed");
	else
		fprintf(out, "board 0x%" PRIx64, s->addr);
	if (s->via[0])
		fprintf(out, " (cma %s)", s->via);
}

static void model_side(const struct rmem_sim_result *r, FILE *out)
{
	if (r->err)
		fprintf(out, "model fails (%s)", rmem_sim_errname(r->err));
	else if (r->has_addr)
		fprintf(out, "model 0x%" PRIx64, r->addr);
	else
		fprintf(out, "model: no fixed address (atomic pool or page allocator)");
}

/* After the usage: each allocation with the board's address beside the model's. */
static void text_capture(const struct rmem_sim_capture *c, const struct rmem_sim *sim, FILE *out)
{
	size_t allocs = 0, drift = 0;

	fprintf(out, "\ncapture %s: %zu events replayed, %zu notes\n", c->file, c->trace.nr,
		c->nr_notes);
	for (size_t i = 0; i < c->nr_notes; i++)
		fprintf(out, "  %s:%u: %s\n", c->file, c->notes[i].line, c->notes[i].msg);
	for (size_t i = 0; i < rmem_sim_result_count(sim); i++) {
		const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);
		size_t k = (size_t)(r->ev - c->trace.ev);
		bool d;

		if (r->ev->verb != RMEM_SIM_ALLOC && r->ev->verb != RMEM_SIM_CMA_ALLOC)
			continue;
		d = rmem_sim_capture_drift(c, k, r);
		allocs++;
		drift += d;
		fprintf(out, "  L%u %s %s: ", r->ev->line, c->seen[k].event, r->ev->subject);
		board_side(&c->seen[k], out);
		fprintf(out, ", ");
		model_side(r, out);
		fprintf(out, "%s\n", d ? "  DRIFT" : "");
	}
	if (drift)
		fprintf(out, "drift: %zu of %zu allocations differ between the board and the model\n",
			drift, allocs);
	else
		fprintf(out, "no drift: the model gives the board's result for all %zu allocations\n",
			allocs);
}

int rmem_report_sim_text(const struct rmem_sim *sim, FILE *out)
{
	const struct rmem_sim_capture *c = rmem_sim_get_capture(sim);

	fprintf(out, "# rmem sim: %s on kernel %s\n", rmem_sim_trace(sim)->file,
		rmem_sim_ctx(sim)->profile.name);
	for (size_t i = 0; i < rmem_sim_result_count(sim); i++)
		text_event(sim, i, out);
	fprintf(out, "\nafter the replay:\n");
	if (!rmem_sim_usage_count(sim))
		fprintf(out, "  no CMA area, no DMA pool\n");
	for (size_t i = 0; i < rmem_sim_usage_count(sim); i++)
		text_usage(sim, rmem_sim_usage_at(sim, i), out);
	if (c)
		text_capture(c, sim, out);
	return ferror(out) ? -EIO : 0;
}
