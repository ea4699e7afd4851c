// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim [OPTIONS] BOARD TRACE: boot BOARD as rmem plan does, then replay
 * TRACE (docs/trace-format.md) and say what each driver call would get.
 * With --min-cma, find the smallest default CMA area the trace fits in.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/contiguous.h>
#include <rmem/report.h>
#include <rmem/sim.h>
#include <rmem/sim_ftrace.h>

#include "cli.h"

struct sim_args {
	const char *board;
	const char *trace;
	const char *ftrace;		/* --ftrace CAPTURE, instead of TRACE */
	const char *output;		/* NULL: stdout */
	bool json;
	bool min_cma;
	bool strict;
	bool bitmap;
	struct rmem_cli_boot boot;
};

static int parse_one(void *args, int c, const char *arg)
{
	struct sim_args *a = args;

	switch (c) {
	case RMEM_CLI_OPT_FORMAT:
		if (strcmp(arg, "text") && strcmp(arg, "json"))
			return rmem_cli_choice_error(&rmem_cli_page_sim, c, arg);
		a->json = !strcmp(arg, "json");
		return 0;
	case 'o':
		a->output = arg;
		return 0;
	case RMEM_CLI_OPT_MIN_CMA:
		a->min_cma = true;
		return 0;
	case RMEM_CLI_OPT_STRICT:
		a->strict = true;
		return 0;
	case RMEM_CLI_OPT_BITMAP:
		a->bitmap = true;
		return 0;
	case RMEM_CLI_OPT_FTRACE:
		a->ftrace = arg;
		return 0;
	default:
		return RMEM_EXIT_USAGE;
	}
}

static int parse_args(struct sim_args *a, int argc, char **argv)
{
	int ret = rmem_cli_parse(argc, argv, &rmem_cli_page_sim, &a->boot, parse_one, a);

	if (ret)
		return ret;
	if (a->ftrace) {
		if (argc - optind != 1)
			return rmem_cli_usage_error(NULL, "expected BOARD alone with --ftrace CAPTURE");
		if (a->min_cma)
			return rmem_cli_usage_error(NULL, "--min-cma replays a TRACE, not --ftrace");
		a->board = argv[optind];
		return 0;
	}
	if (argc - optind != 2)
		return rmem_cli_usage_error(NULL, "expected BOARD and TRACE");
	a->board = argv[optind];
	a->trace = argv[optind + 1];
	return 0;
}

static int write_results(void *arg, FILE *out)
{
	const struct sim_args *a = ((const void **)arg)[0];
	const struct rmem_sim *sim = ((const void **)arg)[1];

	return a->json ? rmem_report_sim_json(sim, out) : rmem_report_sim_text(sim, out);
}

/* What --min-cma needs of a replay: did everything succeed, and if not, what failed first. */
struct outcome {
	bool ok;
	bool no_area;		/* the kernel could not make the default area */
	char failure[RMEM_SIM_TEXT_MAX + 16];	/* "L<line>: " and the words */
};

static void judge(const struct rmem_sim *sim, struct outcome *o)
{
	o->ok = true;
	for (size_t i = 0; i < rmem_sim_result_count(sim); i++) {
		const struct rmem_sim_result *r = rmem_sim_result_at(sim, i);

		if (r->err) {
			char text[RMEM_SIM_TEXT_MAX];

			o->ok = false;
			rmem_sim_result_format(sim, i, text, sizeof(text));
			snprintf(o->failure, sizeof(o->failure), "L%u: %s", r->ev->line, text);
			return;
		}
	}
}

/*
 * Boot with @boot and replay @t; then judge the outcome into @o, or, without
 * @o, write the results.  Returns an exit code.
 */
static int replay(const struct sim_args *a, const struct rmem_cli_boot *boot,
		  const struct rmem_profile *p, const struct rmem_dt *dt,
		  const struct rmem_sim_trace *t, struct outcome *o,
		  struct rmem_sim_capture *cap)
{
	struct rmem_ctx *ctx;
	struct rmem_sim *sim = NULL;
	char err[512];
	bool no_area;
	int ret = rmem_cli_boot(boot, p, dt, a->board, &ctx);

	if (ret)
		return ret;
	no_area = o && !rmem_dma_contiguous_default_area(ctx);
	if (no_area && rmem_sim_trace_names_default(t)) {
		*o = (struct outcome){ .no_area = true };
		snprintf(o->failure, sizeof(o->failure), "no default CMA area: the kernel could not "
			 "reserve it");
		rmem_ctx_destroy(ctx);
		return RMEM_EXIT_OK;
	}
	if (cap) {
		/* the capture's events on this boot's devices and areas */
		if (rmem_sim_capture_fit(ctx, cap)) {
			rmem_cli_error("out of memory");
			rmem_ctx_destroy(ctx);
			return RMEM_EXIT_INTERNAL;
		}
		t = &cap->trace;
	}
	ret = rmem_sim_create(ctx, t, &sim, err, sizeof(err));
	if (ret) {
		rmem_cli_error("%s", err);
		rmem_ctx_destroy(ctx);
		return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
	}
	if (rmem_sim_run(sim)) {
		rmem_cli_error("out of memory");
		ret = RMEM_EXIT_INTERNAL;
	} else if (o) {
		judge(sim, o);
		o->no_area = no_area;
	} else {
		const void *job[2] = { a, sim };

		rmem_cli_print_advice(ctx);
		rmem_sim_show_bitmap(sim, a->bitmap);
		if (cap)
			rmem_sim_set_capture(sim, cap);
		ret = rmem_cli_write(a->output, write_results, job);
		if (!ret && a->strict && rmem_sim_failures(sim)) {
			rmem_cli_error("%zu of %zu events failed (--strict)", rmem_sim_failures(sim),
				       rmem_sim_result_count(sim));
			ret = RMEM_EXIT_STRICT;
		}
	}
	rmem_sim_destroy(sim);
	rmem_ctx_destroy(ctx);
	return ret;
}

struct min_cma {
	const struct sim_args *a;
	const struct rmem_profile *p;
	const struct rmem_dt *dt;
	struct rmem_sim_trace *t;
	char base_cmdline[2048];
	unsigned int tries;
};

/* Replay with a default CMA area of @size bytes (cma= appended: the last one wins). */
static int try_size(struct min_cma *m, uint64_t size, struct outcome *o)
{
	struct rmem_cli_boot boot = m->a->boot;
	char cmdline[2100];

	snprintf(cmdline, sizeof(cmdline), "%s cma=%" PRIu64 "K", m->base_cmdline, size >> 10);
	boot.opt.cmdline = cmdline;
	boot.opt.reserve = boot.reserve;
	m->tries++;
	return replay(m->a, &boot, m->p, m->dt, m->t, o, NULL);
}

/*
 * The command line the board boots with when --cmdline does not replace it;
 * and the trace's names of the default area made "default", since cma=
 * renames it ("linux,cma" becomes "reserved").
 */
static int base_cmdline(struct min_cma *m)
{
	struct rmem_ctx *ctx;
	int ret = rmem_cli_boot(&m->a->boot, m->p, m->dt, m->a->board, &ctx);

	if (ret)
		return ret;
	rmem_cli_print_advice(ctx);
	snprintf(m->base_cmdline, sizeof(m->base_cmdline), "%s", rmem_ctx_cmdline(ctx));
	rmem_sim_trace_follow_default(ctx, m->t);
	rmem_ctx_destroy(ctx);
	return 0;
}

/* "no size fits": the failures below @below_size and at @size (either may be absent) */
static int no_size_fits(const struct min_cma *m, uint64_t size, const struct outcome *at,
			const struct outcome *below, uint64_t below_size)
{
	printf("rmem sim: no cma= size lets the whole trace succeed (%u replays)\n", m->tries);
	if (below_size)
		printf("  with cma=%" PRIu64 "M: %s\n", below_size >> 20, below->failure);
	if (at)
		printf("  with cma=%" PRIu64 "M: %s\n", size >> 20, at->failure);
	return RMEM_EXIT_STRICT;
}

/*
 * Bisection over sizes in whole units of the smallest CMA alignment, between
 * nothing and all of RAM: a larger area never makes an allocation that
 * succeeded fail, so the boundary is where the trace starts to fit.
 */
static int min_cma(const struct sim_args *a, const struct rmem_profile *p,
		   const struct rmem_dt *dt, struct rmem_sim_trace *t)
{
	struct min_cma m = { .a = a, .p = p, .dt = dt, .t = t };
	uint64_t unit = rmem_profile_page_size(p) << p->pageblock_order;
	uint64_t lo = 0, hi = ((uint64_t)1 << 40) / unit;	/* in units */
	struct outcome o, below = { .ok = false };
	int ret = base_cmdline(&m);

	/*
	 * No area at all is not tried: a trace that names the default area
	 * ("default") does not fit a board without one.
	 */
	if (ret)
		return ret;
	for (uint64_t top = 1; ; top *= 2) {	/* first, a size that fits */
		if (top > hi)
			return no_size_fits(&m, 0, NULL, &below, lo * unit);
		ret = try_size(&m, top * unit, &o);
		if (ret)
			return ret;
		/* past the zone limit or RAM: no larger area can be made either */
		if (o.no_area && !o.ok)
			return no_size_fits(&m, top * unit, &o, &below, lo * unit);
		if (o.ok) {
			hi = top;
			break;
		}
		lo = top;
		below = o;
	}
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		ret = try_size(&m, mid * unit, &o);
		if (ret)
			return ret;
		if (o.ok) {
			hi = mid;
		} else {
			lo = mid;
			below = o;
		}
	}
	printf("rmem sim: the whole trace succeeds with cma=%" PRIu64 "M (%u replays)\n",
	       (hi * unit) >> 20, m.tries);
	if (lo)
		printf("  with cma=%" PRIu64 "M: %s\n", (lo * unit) >> 20, below.failure);
	return RMEM_EXIT_OK;
}

static int load_inputs(const struct sim_args *a, struct rmem_dt **dt, struct rmem_sim_trace *t,
		       struct rmem_sim_capture *cap)
{
	char err[512];
	int ret;

	ret = rmem_cli_load_board(&a->boot, a->board, NULL, 0, dt, NULL);
	if (ret)
		return ret;
	if (a->ftrace)
		ret = rmem_sim_capture_load(a->ftrace, cap, err, sizeof(err));
	else
		ret = rmem_sim_trace_load(a->trace, t, err, sizeof(err));
	if (ret) {
		rmem_cli_error("%s", err);
		return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
	}
	return 0;
}

int cmd_sim(int argc, char **argv)
{
	struct sim_args a = { 0 };
	struct rmem_profile p;
	struct rmem_dt *dt = NULL;
	struct rmem_sim_trace t = { 0 };
	struct rmem_sim_capture cap = { 0 };
	int ret;

	if (rmem_cli_wants_diff(argc, argv))
		return cmd_sim_diff(argc, argv);
	ret = parse_args(&a, argc, argv);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	ret = rmem_cli_boot_profile(&a.boot, &p);
	if (!ret)
		ret = load_inputs(&a, &dt, &t, &cap);
	if (!ret)
		ret = rmem_cli_boot_chain(&a.boot, &p, dt);
	if (!ret && a.min_cma)
		ret = min_cma(&a, &p, dt, &t);
	else if (!ret)
		ret = replay(&a, &a.boot, &p, dt, &t, NULL, a.ftrace ? &cap : NULL);
	rmem_sim_trace_release(&t);
	rmem_sim_capture_release(&cap);
	rmem_dt_free(dt);
	return ret;
}
