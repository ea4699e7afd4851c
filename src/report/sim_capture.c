// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --ftrace's part of sim JSON (docs/sim-json.md, "Captures"):
 * beside each event what the board got, and after the usage the capture's
 * notes and drift count.
 */
#include <jansson.h>

#include <rmem/sim_ftrace.h>

#include "report/report_internal.h"

/* The "board" of event @i, whose result is @r: what the capture says the board got. */
json_t *rmem_report_sim_board_json(const struct rmem_sim_capture *c, size_t i,
				   const struct rmem_sim_result *r)
{
	const struct rmem_sim_seen *s = &c->seen[i];

	return json_pack("{s:s, s:o, s:b, s:o, s:b, s:b}",
			 "event", s->event,
			 "addr", s->has_addr ? rmem_report_jnum(s->addr) : json_null(),
			 "failed", s->failed,
			 "via", rmem_report_jstr(s->via[0] ? s->via : NULL),
			 "inferred", s->inferred,
			 "drift", rmem_sim_capture_drift(c, i, r));
}

static json_t *notes_json(const struct rmem_sim_capture *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < c->nr_notes; i++)
		if (!rmem_report_jpush(a, json_pack("{s:I, s:o}", "line", (json_int_t)c->notes[i].line,
						    "message", rmem_report_jstr(c->notes[i].msg)))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* The "capture" member: the file, its notes, how many allocations drift of how many. */
json_t *rmem_report_sim_capture_json(const struct rmem_sim *sim, const struct rmem_sim_capture *c)
{
	size_t allocs = 0, drift = 0;

	for (size_t i = 0; i < rmem_sim_result_count(sim); i++) {
		const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);
		enum rmem_sim_verb v = r->ev->verb;

		if (v != RMEM_SIM_ALLOC && v != RMEM_SIM_CMA_ALLOC)
			continue;
		allocs++;
		drift += rmem_sim_capture_drift(c, (size_t)(r->ev - c->trace.ev), r);
	}
	return json_pack("{s:o, s:o, s:o, s:o}",
			 "file", rmem_report_jstr(c->file),
			 "notes", notes_json(c),
			 "allocations", rmem_report_jnum(allocs),
			 "drift", rmem_report_jnum(drift));
}
