// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim's output: per event its line, what it asked and what it got,
 * with the kernel's lines it caused (pr_debug ones left out, as a console
 * at the default loglevel does) and how many of those the log did not keep
 * (include/rmem/log.h); then the usage of each area and pool.
 * The JSON for scripts is the report's (src/report/sim.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/rmem.h>
#include <rmem/sim_ftrace.h>

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

const char *rmem_sim_verb_name(enum rmem_sim_verb verb)
{
	if ((unsigned int)verb < sizeof(verb_names) / sizeof(verb_names[0]) && verb_names[verb])
		return verb_names[verb];
	return "?";
}

static void text_event(const struct rmem_sim *sim, size_t k, FILE *out)
{
	const struct rmem_sim_result *r = &sim->results[k];
	const struct rmem_sim_event *e = r->ev;
	const struct rmem_log *log = &sim->ctx->log;
	char text[RMEM_SIM_TEXT_MAX];

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
	if (sim->raw_bitmap && u->bitmap)
		fprintf(out, "       bitmap: %s%s", u->bitmap,
			u->bitmap[0] && u->bitmap[strlen(u->bitmap) - 1] == '\n' ? "" : "\n");
}

int rmem_sim_write_text(const struct rmem_sim *sim, FILE *out)
{
	fprintf(out, "# rmem sim: %s on kernel %s\n", sim->trace->file, sim->ctx->profile.name);
	for (size_t i = 0; i < sim->nr_results; i++)
		text_event(sim, i, out);
	fprintf(out, "\nafter the replay:\n");
	if (!sim->nr_usage)
		fprintf(out, "  no CMA area, no DMA pool\n");
	for (size_t i = 0; i < sim->nr_usage; i++)
		text_usage(sim, &sim->usage[i], out);
	if (sim->capture && rmem_sim_capture_write_text(sim->capture, sim, out))
		return -EIO;
	return ferror(out) ? -EIO : 0;
}
