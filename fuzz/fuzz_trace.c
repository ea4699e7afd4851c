// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a trace through the whole of `rmem sim` but its command
 * line: rmem_sim_trace_parse(), then on a freshly booted board
 * rmem_sim_create(), rmem_sim_run() and both output formats.
 *
 * Input: one selector byte, then the trace text (docs/trace-format.md).
 *   selector bits 0-2: the built-in profile (modulo their number)
 *   bits 3-4: the command line: the board's bootargs, "cma=16M" (the
 *             default area becomes "reserved"), "cma=0" (no default
 *             area), or a default area placed in a window
 *   bit 5:    replay twice, on two boots, and compare the outputs
 *
 * The board is fuzz/trace-board.dts.  A replay changes the context it runs
 * on (areas allocated, devices assigned), so every input boots its own;
 * an input the parser refuses costs no boot.
 *
 * Checked: the parser answers 0 or -EINVAL with "FILE:LINE: reason" (or
 * -ENOMEM), and what it accepts reads back the same when written out in
 * canonical form; the board check answers 0 or -EINVAL the same way; the
 * replay answers every event; the usage figures add up (used within the
 * area, never below what the trace's own cma allocations hold); the JSON
 * output is valid JSON with an entry per event and per area or pool.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include <rmem/rmem.h>
#include <rmem/sim.h>

#include "fuzz.h"
#include "fuzz_trace_board.h"

#define FUZZ_TRACE_FILE "fuzz.trace"

static const char *const fuzz_trace_cmdlines[] = {
	NULL,
	"console=ttyAMA0 cma=16M",
	"console=ttyAMA0 cma=0",
	"console=ttyAMA0 cma=8M@0x48000000-0x50000000",
};

/* Everything a run produced that a second run must reproduce. */
struct fuzz_trace_out {
	char *text, *json;
	size_t text_len, json_len;
};

/* "FILE:LINE: reason" */
static void fuzz_trace_check_err(const char *err, size_t errlen)
{
	const char *p = err + strlen(FUZZ_TRACE_FILE ":");

	RMEM_FUZZ_CHECK(memchr(err, '\0', errlen));
	RMEM_FUZZ_CHECK(!strncmp(err, FUZZ_TRACE_FILE ":", strlen(FUZZ_TRACE_FILE ":")));
	RMEM_FUZZ_CHECK(*p >= '1' && *p <= '9');
	while (*p >= '0' && *p <= '9')
		p++;
	RMEM_FUZZ_CHECK(p[0] == ':' && p[1] == ' ' && p[2]);
}

static bool fuzz_trace_word_ok(const char *w, bool may_be_empty)
{
	const char *end = memchr(w, '\0', RMEM_SIM_MAX_WORD);

	return end && (may_be_empty || end > w) && !strpbrk(w, " \t\r\v\f\n#");
}

static void fuzz_trace_check_event(const struct rmem_sim_event *e)
{
	RMEM_FUZZ_CHECK(fuzz_trace_word_ok(e->subject, false));
	RMEM_FUZZ_CHECK(fuzz_trace_word_ok(e->tag, true));
	RMEM_FUZZ_CHECK(fuzz_trace_word_ok(e->region, true));
	switch (e->verb) {
	case RMEM_SIM_INIT:
		RMEM_FUZZ_CHECK(e->index >= 0 && e->index <= 0xffff);
		RMEM_FUZZ_CHECK(!e->region[0] || e->region[0] < '0' || e->region[0] > '9');
		break;
	case RMEM_SIM_MASK:
		RMEM_FUZZ_CHECK(e->size >= 1 && e->size <= 64);
		break;
	case RMEM_SIM_ALLOC:
	case RMEM_SIM_FREE:
	case RMEM_SIM_CMA_RELEASE:
		RMEM_FUZZ_CHECK(e->tag[0]);
		break;
	case RMEM_SIM_CMA_ALLOC:
		RMEM_FUZZ_CHECK(e->tag[0] && e->align < 64);
		break;
	case RMEM_SIM_PIN:
	case RMEM_SIM_UNPIN:
		RMEM_FUZZ_CHECK(e->size > 0);
		break;
	case RMEM_SIM_RELEASE:
		break;
	case RMEM_SIM_VIRTUAL:
		RMEM_FUZZ_CHECK(e->coherence >= -1 && e->coherence <= 1 && e->subject[0] != '/');
		break;
	default:
		RMEM_FUZZ_CHECK(!"unknown verb");
	}
}

/* One line per event, every optional field spelled out. */
static void fuzz_trace_write_event(FILE *f, const struct rmem_sim_event *e)
{
	unsigned long long size = e->size;

	switch (e->verb) {
	case RMEM_SIM_INIT:
		if (e->region[0])
			fprintf(f, "%s init %s\n", e->subject, e->region);
		else
			fprintf(f, "%s init %d\n", e->subject, e->index);
		break;
	case RMEM_SIM_RELEASE:
		fprintf(f, "%s release\n", e->subject);
		break;
	case RMEM_SIM_MASK:
		fprintf(f, "%s mask %llu\n", e->subject, size);
		break;
	case RMEM_SIM_ALLOC:
		fprintf(f, "%s alloc %llu as %s%s\n", e->subject, size, e->tag,
			e->atomic ? " atomic" : "");
		break;
	case RMEM_SIM_FREE:
		fprintf(f, "%s free %s\n", e->subject, e->tag);
		break;
	case RMEM_SIM_CMA_ALLOC:
		fprintf(f, "cma %s alloc %llu %u as %s\n", e->subject, size, e->align, e->tag);
		break;
	case RMEM_SIM_CMA_RELEASE:
		fprintf(f, "cma %s release %s\n", e->subject, e->tag);
		break;
	case RMEM_SIM_PIN:
	case RMEM_SIM_UNPIN:
		fprintf(f, "%s %s 0x%llx %llu\n", e->verb == RMEM_SIM_PIN ? "pin" : "unpin",
			e->subject, (unsigned long long)e->pfn, size);
		break;
	case RMEM_SIM_VIRTUAL:
		fprintf(f, "virtual %s%s\n", e->subject,
			e->coherence ? e->coherence > 0 ? " coherent" : " noncoherent" : "");
		break;
	}
}

static bool fuzz_trace_same_event(const struct rmem_sim_event *a, const struct rmem_sim_event *b)
{
	return a->verb == b->verb && !strcmp(a->subject, b->subject) &&
	       !strcmp(a->tag, b->tag) && !strcmp(a->region, b->region) &&
	       a->index == b->index && a->size == b->size && a->align == b->align &&
	       a->pfn == b->pfn && a->atomic == b->atomic && a->coherence == b->coherence;
}

/* What the parser accepted, written out canonically, reads back the same. */
static void fuzz_trace_round_trip(const struct rmem_sim_trace *t)
{
	struct rmem_sim_trace again;
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	RMEM_FUZZ_CHECK(f);
	for (size_t i = 0; i < t->nr; i++)
		fuzz_trace_write_event(f, &t->ev[i]);
	RMEM_FUZZ_CHECK(!fclose(f));
	ret = rmem_sim_trace_parse(FUZZ_TRACE_FILE, text, len, &again, err, sizeof(err));
	if (ret)
		fprintf(stderr, "canonical trace refused: %s\n", err);
	RMEM_FUZZ_CHECK(ret == 0);
	RMEM_FUZZ_CHECK(again.nr == t->nr);
	for (size_t i = 0; i < t->nr; i++) {
		RMEM_FUZZ_CHECK(again.ev[i].line == i + 1);
		RMEM_FUZZ_CHECK(fuzz_trace_same_event(&again.ev[i], &t->ev[i]));
	}
	rmem_sim_trace_release(&again);
	free(text);
}

static void fuzz_trace_check_parsed(const struct rmem_sim_trace *t, const char *text, size_t len)
{
	size_t lines = 1;

	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	RMEM_FUZZ_CHECK(t->nr <= lines);
	for (size_t i = 0; i < t->nr; i++) {
		RMEM_FUZZ_CHECK(t->ev[i].line >= 1 && t->ev[i].line <= lines);
		RMEM_FUZZ_CHECK(!i || t->ev[i].line > t->ev[i - 1].line);
		fuzz_trace_check_event(&t->ev[i]);
	}
	fuzz_trace_round_trip(t);
}

static bool fuzz_trace_on_area(enum rmem_sim_verb v)
{
	return v == RMEM_SIM_CMA_ALLOC || v == RMEM_SIM_CMA_RELEASE || v == RMEM_SIM_PIN ||
	       v == RMEM_SIM_UNPIN;
}

/*
 * Does @subject name the area @area, as rmem_sim_create() resolves it:
 * exactly, or (when no area has exactly that name) as its node name
 * without the unit address?
 */
static bool fuzz_trace_names_area(const struct rmem_sim *sim, const char *subject,
				  const char *area)
{
	size_t len = strlen(subject);

	if (!strcmp(subject, area))
		return true;
	if (strchr(subject, '@') || strncmp(area, subject, len) || area[len] != '@')
		return false;
	for (size_t i = 0; i < rmem_sim_usage_count(sim); i++) {
		const struct rmem_sim_usage *u = rmem_sim_usage_at(sim, i);

		if (u->bitmap && !strcmp(u->name, subject))
			return false;
	}
	return true;
}

/* The alloc event the free or release @i refers to: the latest alloc line with its tag. */
static size_t fuzz_trace_alloc_of(const struct rmem_sim_trace *t, size_t i)
{
	for (size_t k = i; k-- > 0;)
		if ((t->ev[k].verb == RMEM_SIM_ALLOC || t->ev[k].verb == RMEM_SIM_CMA_ALLOC) &&
		    !strcmp(t->ev[k].tag, t->ev[i].tag))
			return k;
	RMEM_FUZZ_CHECK(!"a release the board check let through without its alloc");
	return 0;
}

/* Pages of @area the trace's cma verbs hold after the replay. */
static unsigned long fuzz_trace_cma_held(const struct rmem_sim *sim,
					 const struct rmem_sim_trace *t, const char *area)
{
	unsigned long held = 0;

	for (size_t i = 0; i < t->nr; i++) {
		const struct rmem_sim_event *e = &t->ev[i];
		const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);
		size_t k;

		if (!fuzz_trace_on_area(e->verb) || r->err ||
		    !fuzz_trace_names_area(sim, e->subject, area))
			continue;
		if (e->verb == RMEM_SIM_CMA_ALLOC)
			held += (unsigned long)e->size;
		if (e->verb != RMEM_SIM_CMA_RELEASE)
			continue;
		k = fuzz_trace_alloc_of(t, i);
		RMEM_FUZZ_CHECK(t->ev[k].verb == RMEM_SIM_CMA_ALLOC);
		/* releasing a failed allocation succeeds and frees nothing */
		if (!rmem_sim_result_at(sim, k)->err)
			held -= (unsigned long)t->ev[k].size;
	}
	return held;
}

static struct rmem_ctx *fuzz_trace_boot(uint8_t sel)
{
	const struct rmem_plan_options opt = { .cmdline = fuzz_trace_cmdlines[(sel >> 3) & 3] };
	struct rmem_profile p;
	struct rmem_ctx *ctx;
	char err[256];
	int ret;

	RMEM_FUZZ_CHECK(!rmem_profile_builtin(rmem_profile_builtin_name((sel & 7) %
						rmem_fuzz_nr_profiles()), &p));
	ctx = rmem_ctx_create(&p);
	RMEM_FUZZ_CHECK(ctx);
	ret = rmem_plan_boot(ctx, fuzz_trace_board, sizeof(fuzz_trace_board), &opt, err,
			     sizeof(err));
	if (ret)
		fprintf(stderr, "rmem_plan_boot: %d (%s)\n", ret, err);
	RMEM_FUZZ_CHECK(ret == 0);
	return ctx;
}

/*
 * The usage after a replay of an empty trace, per selector: what the boot
 * and the atomic pools took.  Cached: it depends on the selector only.
 */
#define FUZZ_TRACE_MAX_USAGE 8

struct fuzz_trace_baseline {
	bool done;
	size_t nr;
	struct {
		char kind[8];
		char name[RMEM_CMA_MAX_NAME];
		unsigned long used;
	} u[FUZZ_TRACE_MAX_USAGE];
};

static const struct fuzz_trace_baseline *fuzz_trace_baseline(uint8_t sel)
{
	static struct fuzz_trace_baseline cache[32];
	struct fuzz_trace_baseline *b = &cache[sel & 31];
	char file[] = "empty.trace";
	struct rmem_sim_trace empty = { .file = file };
	struct rmem_sim *sim;
	struct rmem_ctx *ctx;
	char err[256];

	if (b->done)
		return b;
	ctx = fuzz_trace_boot(sel);
	RMEM_FUZZ_CHECK(!rmem_sim_create(ctx, &empty, &sim, err, sizeof(err)));
	RMEM_FUZZ_CHECK(!rmem_sim_run(sim));
	b->nr = rmem_sim_usage_count(sim);
	RMEM_FUZZ_CHECK(b->nr <= FUZZ_TRACE_MAX_USAGE);
	for (size_t i = 0; i < b->nr; i++) {
		const struct rmem_sim_usage *u = rmem_sim_usage_at(sim, i);

		memcpy(b->u[i].kind, u->kind, sizeof(u->kind));
		memcpy(b->u[i].name, u->name, sizeof(u->name));
		b->u[i].used = u->used;
	}
	rmem_sim_destroy(sim);
	rmem_ctx_destroy(ctx);
	b->done = true;
	return b;
}

static void fuzz_trace_check_area(const struct rmem_sim_usage *u)
{
	RMEM_FUZZ_CHECK(!strcmp(u->kind, "cma") || !strcmp(u->kind, "pool"));
	RMEM_FUZZ_CHECK(memchr(u->name, '\0', sizeof(u->name)));
	RMEM_FUZZ_CHECK(u->used <= u->pages);
	RMEM_FUZZ_CHECK(u->free == u->pages - u->used);
	RMEM_FUZZ_CHECK(u->largest_free <= u->free);
	RMEM_FUZZ_CHECK(u->fragmentation >= 0.0 && u->fragmentation <= 1.0);
	RMEM_FUZZ_CHECK(!strcmp(u->kind, "cma") == !!u->bitmap);
	/* the runs: in order, apart, within the area, as many free pages as "free" */
	{
		unsigned long sum = 0, max = 0, end = 0;

		for (size_t i = 0; i < u->nr_free_runs; i++) {
			const struct rmem_cma_run *run = &u->free_runs[i];

			RMEM_FUZZ_CHECK(run->pages && (!i || run->start > end));
			RMEM_FUZZ_CHECK(run->start + run->pages <= u->pages);
			end = run->start + run->pages;
			sum += run->pages;
			max = run->pages > max ? run->pages : max;
		}
		RMEM_FUZZ_CHECK(!u->pages || sum == u->free);
		RMEM_FUZZ_CHECK(!u->pages || max == u->largest_free);
	}
}

/* The pages @u had after the boot; 0 for a pool the replay made. */
static unsigned long fuzz_trace_boot_used(const struct fuzz_trace_baseline *b,
					  const struct rmem_sim_usage *u)
{
	for (size_t i = 0; i < b->nr; i++)
		if (!strcmp(b->u[i].kind, u->kind) && !strcmp(b->u[i].name, u->name))
			return b->u[i].used;
	/* every CMA area exists from the boot on */
	RMEM_FUZZ_CHECK(strcmp(u->kind, "cma"));
	return 0;
}

/*
 * Each area holds at least the boot's pages and the trace's cma
 * allocations; exactly these when no device allocates (a device's
 * allocation may come from an area too, and may be leaked to it).
 */
static void fuzz_trace_check_usage(const struct rmem_sim *sim, const struct rmem_sim_trace *t,
				   const struct fuzz_trace_baseline *b)
{
	bool devices_allocate = false;

	for (size_t i = 0; i < t->nr; i++)
		devices_allocate |= t->ev[i].verb == RMEM_SIM_ALLOC;
	RMEM_FUZZ_CHECK(rmem_sim_usage_count(sim) >= b->nr);
	RMEM_FUZZ_CHECK(!rmem_sim_usage_at(sim, rmem_sim_usage_count(sim)));
	for (size_t i = 0; i < rmem_sim_usage_count(sim); i++) {
		const struct rmem_sim_usage *u = rmem_sim_usage_at(sim, i);
		unsigned long held = u->bitmap ? fuzz_trace_cma_held(sim, t, u->name) : 0;
		unsigned long boot = fuzz_trace_boot_used(b, u);

		fuzz_trace_check_area(u);
		if (u->used < boot + held || (!devices_allocate && u->used != boot + held))
			fprintf(stderr, "%s %s: %lu pages used, %lu at boot, %lu held by the trace\n",
				u->kind, u->name, u->used, boot, held);
		RMEM_FUZZ_CHECK(u->used >= boot + held);
		RMEM_FUZZ_CHECK(devices_allocate || u->used == boot + held);
	}
}

/* Result @i's words: some, and never more than RMEM_SIM_TEXT_MAX holds. */
static int text_of(const struct rmem_sim *sim, size_t i)
{
	char text[RMEM_SIM_TEXT_MAX];
	int n = rmem_sim_result_format(sim, i, text, sizeof(text));

	RMEM_FUZZ_CHECK(n < (int)sizeof(text) && (size_t)n == strlen(text));
	return n;
}

static void fuzz_trace_check_results(struct rmem_ctx *ctx, const struct rmem_sim *sim,
				     const struct rmem_sim_trace *t)
{
	const struct rmem_log *log = rmem_ctx_log(ctx);

	RMEM_FUZZ_CHECK(rmem_sim_result_count(sim) == t->nr);
	RMEM_FUZZ_CHECK(!rmem_sim_result_at(sim, t->nr));
	for (size_t i = 0; i < t->nr; i++) {
		const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);

		RMEM_FUZZ_CHECK(r && r->ev == &t->ev[i]);
		RMEM_FUZZ_CHECK(r->err <= 0);
		RMEM_FUZZ_CHECK(text_of(sim, i) > 0);
		RMEM_FUZZ_CHECK(r->log_first <= r->log_end && r->log_end <= log->nr);
		RMEM_FUZZ_CHECK(!i || r->log_first >= rmem_sim_result_at(sim, i - 1)->log_end);
		if (!fuzz_trace_on_area(r->ev->verb))
			RMEM_FUZZ_CHECK(rmem_sim_device(sim, r->ev->subject));
	}
}

/* The JSON output is JSON, with an entry per event and per area or pool. */
static void fuzz_trace_check_json(const struct rmem_sim *sim, const char *text, size_t len)
{
	json_error_t error;
	json_t *root = json_loadb(text, len, 0, &error);
	json_t *events, *usage;

	if (!root)
		fprintf(stderr, "sim JSON: line %d: %s\n", error.line, error.text);
	RMEM_FUZZ_CHECK(root);
	events = json_object_get(root, "events");
	usage = json_object_get(root, "usage");
	RMEM_FUZZ_CHECK(json_array_size(events) == rmem_sim_result_count(sim));
	RMEM_FUZZ_CHECK(json_array_size(usage) == rmem_sim_usage_count(sim));
	RMEM_FUZZ_CHECK(json_integer_value(json_object_get(root, "schema")) == 2);
	for (size_t i = 0; i < json_array_size(events); i++) {
		json_t *ev = json_array_get(events, i);
		json_t *line = json_object_get(ev, "line"), *res = json_object_get(ev, "result");
		const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);

		RMEM_FUZZ_CHECK(json_integer_value(line) == r->ev->line);
		RMEM_FUZZ_CHECK(json_is_object(res));
		RMEM_FUZZ_CHECK(json_is_null(json_object_get(res, "errno")) == !r->err);
		RMEM_FUZZ_CHECK(json_is_null(json_object_get(res, "addr")) == !r->has_addr);
		RMEM_FUZZ_CHECK(json_is_string(json_object_get(res, "text")));
	}
	for (size_t i = 0; i < json_array_size(usage); i++) {
		json_t *runs = json_object_get(json_array_get(usage, i), "free_runs");

		RMEM_FUZZ_CHECK(json_array_size(runs) == rmem_sim_usage_at(sim, i)->nr_free_runs);
	}
	json_decref(root);
}

static void fuzz_trace_write(const struct rmem_sim *sim, struct fuzz_trace_out *out)
{
	FILE *f = open_memstream(&out->text, &out->text_len);

	RMEM_FUZZ_CHECK(f);
	RMEM_FUZZ_CHECK(rmem_report_sim_text(sim, f) == 0);
	RMEM_FUZZ_CHECK(!fclose(f));
	f = open_memstream(&out->json, &out->json_len);
	RMEM_FUZZ_CHECK(f);
	RMEM_FUZZ_CHECK(rmem_report_sim_json(sim, f) == 0);
	RMEM_FUZZ_CHECK(!fclose(f));
	fuzz_trace_check_json(sim, out->json, out->json_len);
}

/* A boot of its own, @t checked against it and replayed; the outputs into @out. */
static int fuzz_trace_replay(uint8_t sel, const struct rmem_sim_trace *t,
			     struct fuzz_trace_out *out)
{
	struct rmem_ctx *ctx = fuzz_trace_boot(sel);
	struct rmem_sim *sim = NULL;
	char err[256];
	int ret;

	err[0] = '\0';
	ret = rmem_sim_create(ctx, t, &sim, err, sizeof(err));
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (ret == -EINVAL)
		fuzz_trace_check_err(err, sizeof(err));
	if (!ret) {
		ret = rmem_sim_run(sim);
		RMEM_FUZZ_CHECK(ret == 0 || ret == -ENOMEM);
	}
	if (!ret) {
		fuzz_trace_check_results(ctx, sim, t);
		fuzz_trace_check_usage(sim, t, fuzz_trace_baseline(sel));
		fuzz_trace_write(sim, out);
	}
	rmem_sim_destroy(sim);
	rmem_ctx_destroy(ctx);
	return ret;
}

int rmem_fuzz_trace(const uint8_t *data, size_t size)
{
	struct fuzz_trace_out a = { 0 }, b = { 0 };
	const char *text = (const char *)data + 1;
	struct rmem_sim_trace t;
	char err[256];
	int ret;

	if (!size)
		return 0;
	err[0] = '\0';
	ret = rmem_sim_trace_parse(FUZZ_TRACE_FILE, text, size - 1, &t, err, sizeof(err));
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (ret == -EINVAL)
		fuzz_trace_check_err(err, sizeof(err));
	if (ret)
		return 0;
	fuzz_trace_check_parsed(&t, text, size - 1);
	ret = fuzz_trace_replay(data[0], &t, &a);
	/* nothing in a replay depends on anything but the board and the trace */
	if (data[0] & 0x20) {
		RMEM_FUZZ_CHECK(fuzz_trace_replay(data[0], &t, &b) == ret);
		RMEM_FUZZ_CHECK(a.text_len == b.text_len && (!a.text_len ||
							     !memcmp(a.text, b.text, a.text_len)));
		RMEM_FUZZ_CHECK(a.json_len == b.json_len && (!a.json_len ||
							     !memcmp(a.json, b.json, a.json_len)));
	}
	free(a.text);
	free(a.json);
	free(b.text);
	free(b.json);
	rmem_sim_trace_release(&t);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_trace(data, size);
}
#endif
