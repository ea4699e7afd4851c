// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --ftrace's text: what the board got beside what the model
 * predicts, per allocation of the capture.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <rmem/sim_ftrace.h>

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

int rmem_sim_capture_write_text(const struct rmem_sim_capture *c, const struct rmem_sim *sim,
				FILE *out)
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
	return ferror(out) ? -EIO : 0;
}
