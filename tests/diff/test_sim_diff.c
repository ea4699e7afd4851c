// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_sim_diff(): one trace replayed on two machines; the events it lists
 * are exactly those whose error or text differ, in trace order; replays of
 * traces of other lengths are refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/diff.h>

#include "rmem_test.h"

static const char board[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
	" memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
	" reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"  pool: pool { compatible = \"shared-dma-pool\"; no-map; size = <0 0x400000>; };\n };\n"
	" dev { memory-region = <&pool>; };\n};\n";

static const char trace[] =
	"dev init\n"
	"dev alloc 1M as one\n"
	"cma reserved alloc 4096 0 as big\n"
	"dev alloc 8M as two\n";

struct replay {
	struct rmem_ctx *ctx;
	struct rmem_sim *sim;
};

static void replay(struct replay *r, const char *cmdline, const struct rmem_sim_trace *t)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_plan_options opt = { .cmdline = cmdline };
	struct rmem_dt *dt;
	char err[512] = "";

	r->ctx = rmem_ctx_create(&p);
	assert_non_null(r->ctx);
	if (rmem_dt_load_mem(board, strlen(board), &dt, err, sizeof(err)))
		fail_msg("the board: %s", err);
	assert_int_equal(rmem_plan_boot(r->ctx, rmem_dt_blob(dt), rmem_dt_size(dt), &opt, err,
					sizeof(err)), 0);
	rmem_dt_free(dt);
	if (rmem_sim_create(r->ctx, t, &r->sim, err, sizeof(err)))
		fail_msg("the trace: %s", err);
	assert_int_equal(rmem_sim_run(r->sim), 0);
}

static void release(struct replay *r)
{
	rmem_sim_destroy(r->sim);
	rmem_ctx_destroy(r->ctx);
}

static void parse(const char *text, struct rmem_sim_trace *t)
{
	char err[256];

	assert_int_equal(rmem_sim_trace_parse("t", text, strlen(text), t, err, sizeof(err)), 0);
}

/* cma=8M against cma=64M: the 16 MiB cma_alloc() fails on the first only. */
static void test_events(void **state)
{
	struct rmem_sim_trace t = { 0 };
	struct replay r[2];
	struct rmem_sim_diff_event *ev;
	size_t nr, k = 0;

	(void)state;
	parse(trace, &t);
	replay(&r[0], "cma=8M", &t);
	replay(&r[1], "cma=64M", &t);
	assert_int_equal(rmem_sim_diff(r[0].sim, r[1].sim, &ev, &nr), 0);
	assert_true(nr > 0);
	for (size_t i = 0; i < rmem_sim_result_count(r[0].sim); i++) {
		const struct rmem_sim_result *a = rmem_sim_result_at(r[0].sim, i);
		const struct rmem_sim_result *b = rmem_sim_result_at(r[1].sim, i);
		char ta[RMEM_SIM_TEXT_MAX], tb[RMEM_SIM_TEXT_MAX];
		bool differs;

		assert_true(rmem_sim_result_format(r[0].sim, i, ta, sizeof(ta)) > 0);
		assert_true(rmem_sim_result_format(r[1].sim, i, tb, sizeof(tb)) > 0);
		differs = a->err != b->err || strcmp(ta, tb);
		if (!differs)
			continue;
		assert_true(k < nr);
		assert_int_equal(ev[k].index, i);
		assert_ptr_equal(ev[k].a, a);
		assert_ptr_equal(ev[k].b, b);
		assert_ptr_equal(ev[k++].ev, a->ev);
	}
	assert_int_equal(k, nr);
	assert_int_not_equal(ev[0].a->err, 0);
	assert_int_equal(ev[0].b->err, 0);
	assert_int_equal(ev[0].ev->line, 3);
	free(ev);
	assert_int_equal(rmem_sim_diff(r[0].sim, r[0].sim, &ev, &nr), 0);
	assert_int_equal(nr, 0);
	free(ev);
	release(&r[0]);
	release(&r[1]);
	rmem_sim_trace_release(&t);
}

static void test_other_trace(void **state)
{
	struct rmem_sim_trace t[2] = { { 0 }, { 0 } };
	struct replay r[2];
	struct rmem_sim_diff_event *ev = NULL;
	size_t nr;

	(void)state;
	parse(trace, &t[0]);
	parse("dev init\n", &t[1]);
	replay(&r[0], "cma=64M", &t[0]);
	replay(&r[1], "cma=64M", &t[1]);
	assert_int_equal(rmem_sim_diff(r[0].sim, r[1].sim, &ev, &nr), -EINVAL);
	assert_null(ev);
	release(&r[0]);
	release(&r[1]);
	rmem_sim_trace_release(&t[0]);
	rmem_sim_trace_release(&t[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_other_trace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
