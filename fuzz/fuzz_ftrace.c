// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a capture through the whole of `rmem sim --ftrace` but its
 * command line: rmem_sim_capture_parse(), then on a freshly booted board
 * (fuzz/trace-board.dts) rmem_sim_capture_fit(), rmem_sim_create(),
 * rmem_sim_run() and the capture's text.
 *
 * Input: one selector byte (bits 0-2: the built-in profile, modulo their
 * number), then the capture text (tracefs's trace file, or trace-cmd
 * report's output).
 *
 * Checked: the parser answers 0 or -EINVAL with "FILE: reason" (or
 * -ENOMEM); its records and notes are in line order, their words
 * terminated; what fit makes of a capture the board check always accepts
 * (an event that cannot be mapped is a note, never an input error); every
 * replayed event has the board's side beside it; the text is written.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <rmem/rmem.h>
#include <rmem/sim_ftrace.h>

#include "fuzz.h"
#include "fuzz_trace_board.h"

#define FUZZ_FTRACE_FILE "fuzz.ftrace"

static void fuzz_ftrace_check_parsed(const struct rmem_sim_capture *c, const char *text,
				     size_t len)
{
	unsigned int lines = 1;

	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	for (size_t i = 0; i < c->nr_rec; i++) {
		const struct rmem_sim_capture_record *r = &c->rec[i];

		RMEM_FUZZ_CHECK(r->line >= 1 && r->line <= lines);
		RMEM_FUZZ_CHECK(!i || r->line > c->rec[i - 1].line);
		RMEM_FUZZ_CHECK(r->kind <= RMEM_SIM_CAP_OTHER);
		RMEM_FUZZ_CHECK(memchr(r->event, '\0', sizeof(r->event)) && r->event[0]);
		RMEM_FUZZ_CHECK(memchr(r->task, '\0', sizeof(r->task)));
		RMEM_FUZZ_CHECK(memchr(r->name, '\0', sizeof(r->name)));
		RMEM_FUZZ_CHECK(r->kind == RMEM_SIM_CAP_OTHER || r->has_addr);
		RMEM_FUZZ_CHECK(r->align <= 64);
	}
	for (size_t i = 0; i < c->nr_notes; i++) {
		RMEM_FUZZ_CHECK(c->notes[i].line >= 1 && c->notes[i].line <= lines);
		RMEM_FUZZ_CHECK(memchr(c->notes[i].msg, '\0', sizeof(c->notes[i].msg)));
	}
}

static struct rmem_ctx *fuzz_ftrace_boot(uint8_t sel)
{
	const struct rmem_plan_options opt = { 0 };
	struct rmem_profile p;
	struct rmem_ctx *ctx;
	char err[256];

	RMEM_FUZZ_CHECK(!rmem_profile_builtin(rmem_profile_builtin_name((sel & 7) %
						rmem_fuzz_nr_profiles()), &p));
	ctx = rmem_ctx_create(&p);
	RMEM_FUZZ_CHECK(ctx);
	RMEM_FUZZ_CHECK(!rmem_plan_boot(ctx, fuzz_trace_board, sizeof(fuzz_trace_board), &opt,
					err, sizeof(err)));
	return ctx;
}

/* fit, the board check, the replay and the text, on one boot */
static void fuzz_ftrace_replay(uint8_t sel, struct rmem_sim_capture *c)
{
	struct rmem_ctx *ctx = fuzz_ftrace_boot(sel);
	struct rmem_sim *sim;
	char err[512], *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	RMEM_FUZZ_CHECK(!rmem_sim_capture_fit(ctx, c));
	RMEM_FUZZ_CHECK(c->trace.nr == 0 || c->seen);
	ret = rmem_sim_create(ctx, &c->trace, &sim, err, sizeof(err));
	if (ret)
		fprintf(stderr, "the fitted capture refused: %s\n", err);
	RMEM_FUZZ_CHECK(ret == 0);
	RMEM_FUZZ_CHECK(!rmem_sim_run(sim));
	RMEM_FUZZ_CHECK(rmem_sim_result_count(sim) == c->trace.nr);
	for (size_t i = 0; i < c->trace.nr; i++) {
		RMEM_FUZZ_CHECK(c->seen[i].event && c->seen[i].event[0]);
		(void)rmem_sim_capture_drift(c, i, rmem_sim_result_at(sim, i));
	}
	rmem_sim_set_capture(sim, c);
	f = open_memstream(&text, &len);
	RMEM_FUZZ_CHECK(f);
	RMEM_FUZZ_CHECK(!rmem_report_sim_text(sim, f));
	RMEM_FUZZ_CHECK(!fclose(f));
	free(text);
	rmem_sim_destroy(sim);
	rmem_ctx_destroy(ctx);
}

int rmem_fuzz_ftrace(const uint8_t *data, size_t size)
{
	struct rmem_sim_capture c;
	const char *text = (const char *)data + 1;
	char err[512];
	int ret;

	if (size < 1)
		return 0;
	ret = rmem_sim_capture_parse(FUZZ_FTRACE_FILE, text, size - 1, &c, err, sizeof(err));
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (ret) {
		RMEM_FUZZ_CHECK(!strncmp(err, FUZZ_FTRACE_FILE ": ", strlen(FUZZ_FTRACE_FILE ": ")));
		return 0;
	}
	fuzz_ftrace_check_parsed(&c, text, size - 1);
	fuzz_ftrace_replay(data[0], &c);
	rmem_sim_capture_release(&c);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_ftrace(data, size);
}
#endif
