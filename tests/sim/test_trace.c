// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace format (docs/trace-format.md): what reads, and the FILE:LINE
 * message of each line that does not.  rmem's own input: no kernel source
 * decides these, only the format document.
 */
#include "sim_fixture.h"

static void parse_ok(const char *text, struct rmem_sim_trace *t)
{
	char err[256] = "";

	if (rmem_sim_trace_parse("t.trace", text, strlen(text), t, err, sizeof(err)))
		fail_msg("refused: %s", err);
}

static void parse_bad(const char *text, const char *msg)
{
	struct rmem_sim_trace t;
	char err[256] = "";

	assert_int_equal(rmem_sim_trace_parse("t.trace", text, strlen(text), &t, err, sizeof(err)),
			 -EINVAL);
	if (strcmp(err, msg))
		fail_msg("got '%s', want '%s'", err, msg);
}

/* every verb, defaults (index 0, tag L<line>), memparse numbers, comments, blank lines */
static void test_parse_all(void **state)
{
	struct rmem_sim_trace t;

	(void)state;
	parse_ok("# a comment\n\ncam init\ncam init 2 # trailing\ncam init frame\n"
		 "cam mask 36\ncam alloc 1M\ncam alloc 0x2000 as buf atomic\ncam alloc 4K atomic\n"
		 "cam free buf\ncam release\ncma reserved alloc 16 4\ncma reserved alloc 1 0 as x\n"
		 "cma reserved release x\npin reserved 0x7c000 4\nunpin reserved 0x7c000 4\n", &t);
	assert_int_equal(t.nr, 14);
	assert_int_equal(t.ev[0].line, 3);
	assert_int_equal(t.ev[0].verb, RMEM_SIM_INIT);
	assert_int_equal(t.ev[0].index, 0);
	assert_int_equal(t.ev[1].index, 2);
	assert_string_equal(t.ev[2].region, "frame");
	assert_int_equal(t.ev[3].size, 36);
	assert_int_equal(t.ev[4].size, 1 << 20);
	assert_string_equal(t.ev[4].tag, "L7");
	assert_false(t.ev[4].atomic);
	assert_string_equal(t.ev[5].tag, "buf");
	assert_true(t.ev[5].atomic);
	assert_true(t.ev[6].atomic);
	assert_string_equal(t.ev[7].tag, "buf");
	assert_int_equal(t.ev[9].verb, RMEM_SIM_CMA_ALLOC);
	assert_string_equal(t.ev[9].subject, "reserved");
	assert_int_equal(t.ev[9].size, 16);
	assert_int_equal(t.ev[9].align, 4);
	assert_string_equal(t.ev[9].tag, "L12");
	assert_int_equal(t.ev[12].pfn, 0x7c000);
	assert_int_equal(t.ev[13].verb, RMEM_SIM_UNPIN);
	rmem_sim_trace_release(&t);
}

/* malformed lines: FILE:LINE and the reason */
static void test_parse_errors(void **state)
{
	(void)state;
	parse_bad("cam frob\n", "t.trace:1: unknown verb 'frob' (expected init, release, mask, alloc or free)");
	parse_bad("\n# x\ncam\n", "t.trace:3: missing verb after 'cam'");
	parse_bad("cam alloc\n", "t.trace:1: missing field: expected 'DEVICE alloc SIZE [as TAG] [atomic]'");
	parse_bad("cam alloc 12Q\n", "t.trace:1: SIZE '12Q' is not a number");
	parse_bad("cam alloc 99999999999999999999\n", "t.trace:1: SIZE '99999999999999999999' does not fit in 64 bits");
	parse_bad("cam alloc 1M as\n", "t.trace:1: 'as' without a TAG");
	parse_bad("cam alloc 1M atomic now\n", "t.trace:1: unexpected 'now': expected 'DEVICE alloc SIZE [as TAG] [atomic]'");
	parse_bad("cam mask 65\n", "t.trace:1: BITS 65: expected 1 to 64");
	parse_bad("cam release now\n", "t.trace:1: unexpected 'now': expected 'DEVICE release'");
	parse_bad("cam init 0x\n", "t.trace:1: INDEX '0x' is not a small number");
	parse_bad("cma reserved take 1 0\n", "t.trace:1: unknown cma verb 'take' (expected alloc or release)");
	parse_bad("cma reserved alloc 1 64\n", "t.trace:1: ALIGN 64: expected an order below 64");
	parse_bad("cma reserved alloc 1 0 to x\n", "t.trace:1: unexpected 'to': expected 'cma AREA alloc COUNT ALIGN [as TAG]'");
	parse_bad("pin reserved 0x7c000\n", "t.trace:1: missing field: expected 'pin AREA PFN COUNT'");
	parse_bad("unpin reserved 0x7c000 0\n", "t.trace:1: COUNT 0: nothing to unpin");
}

/* the board: unknown device or area, ambiguous node name, pages outside the area */
static void test_board_errors(void **state)
{
	static const struct { const char *trace, *msg; } cases[] = {
		{ "gpu alloc 1M\n", "t.trace:1: unknown device 'gpu' (no device-tree node has that path or name, no virtual line declares it)" },
		{ "cma reserved alloc 1 0\n", "t.trace:1: unknown CMA area 'reserved'" },
		{ "dup init\n", "t.trace:1: device 'dup' is ambiguous: several nodes have that name, use its path" },
		{ "pin camera@50000000 0x4ffff 2\n", "t.trace:1: pages 0x4ffff+2 are not all in area camera@50000000 (pfn 0x50000, 8192 pages)" },
		{ "pin camera@50000000 0x51fff 2\n", "t.trace:1: pages 0x51fff+2 are not all in area camera@50000000 (pfn 0x50000, 8192 pages)" },
	};
	struct sim_fx fx;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sim_fx_boot(&fx, "arm64-6.1");
		assert_int_equal(sim_fx_load(&fx, cases[i].trace), -EINVAL);
		assert_string_equal(fx.err, cases[i].msg);
		sim_fx_free(&fx);
	}
	/* a path names one of the duplicates */
	sim_fx_run(&fx, "arm64-6.1", "/soc/a/dup alloc 8192\npin camera@50000000 0x51fff 1\n");
	sim_fx_expect(&fx, 0, 0, "0x7c060000 cma linux,cma");	/* after the atomic pools */
	sim_fx_free(&fx);
}

/* tags: live twice, free of nothing, double free, wrong kind or device */
static void test_tag_errors(void **state)
{
	static const struct { const char *trace, *msg; } cases[] = {
		{ "camera alloc 1 as a\ncamera alloc 1 as a\n", "t.trace:2: TAG 'a' is still live (allocated at line 1)" },
		{ "camera free a\n", "t.trace:1: free of TAG 'a', which no earlier alloc line defines" },
		{ "camera alloc 1 as a\ncamera free a\n\ncamera free a\n", "t.trace:4: double free: TAG 'a' was freed at line 2" },
		{ "camera alloc 1\ncamera free L1\ncamera free L1\n", "t.trace:3: double free: TAG 'L1' was freed at line 2" },
		{ "camera alloc 1 as a\ncma linux,cma release a\n", "t.trace:2: TAG 'a' (line 1) is a device's, not a cma allocation" },
		{ "cma linux,cma alloc 1 0 as a\ncamera free a\n", "t.trace:2: TAG 'a' (line 1) is a cma, not a device's allocation" },
		{ "camera alloc 1 as a\nvpu free a\n", "t.trace:2: TAG 'a' was allocated by camera at line 1" },
		{ "cma linux,cma release x\n", "t.trace:1: release of TAG 'x', which no earlier alloc line defines" },
	};
	struct sim_fx fx;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sim_fx_boot(&fx, "arm64-6.1");
		assert_int_equal(sim_fx_load(&fx, cases[i].trace), -EINVAL);
		assert_string_equal(fx.err, cases[i].msg);
		sim_fx_free(&fx);
	}
	/* a tag freed may be used again */
	sim_fx_run(&fx, "arm64-6.1", "camera alloc 1 as a\ncamera free a\ncamera alloc 1 as a\ncamera free a\n");
	sim_fx_expect(&fx, 3, 0, "freed 0x50000000");
	sim_fx_free(&fx);
}

/*
 * "default" is the default area in every area verb, whatever the kernel
 * calls it: linux,cma from the tree, reserved with cma=; and
 * rmem_sim_trace_follow_default() renames a trace's names of it so that
 * the trace survives a cma= (what --min-cma appends).
 */
static void test_default_area(void **state)
{
	static const char trace[] = "cma default alloc 16 0 as a\ncma linux,cma alloc 1 0 as b\n"
				    "cma linux,cma release b\ncma default release a\n"
				    "cma camera alloc 1 0\n";
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "pin default 0x7c0ff 1\nunpin linux,cma 0x7c0ff 1\n");
	sim_fx_expect(&fx, 0, 0, "pinned pfn 0x7c0ff+1");
	sim_fx_expect(&fx, 1, 0, "unpinned pfn 0x7c0ff+1");
	sim_fx_free(&fx);
	sim_fx_run(&fx, "arm64-6.1", trace);
	sim_fx_expect(&fx, 0, 0, "cma linux,cma");
	assert_string_equal(sim_fx_res(&fx, 0)->area, "linux,cma");
	sim_fx_expect(&fx, 3, 0, "released");
	/* the two other names of the default area, renamed; the camera's area kept */
	assert_int_equal(rmem_sim_trace_follow_default(fx.ctx, &fx.t), 2);
	assert_string_equal(fx.t.ev[1].subject, "default");
	assert_string_equal(fx.t.ev[2].subject, "default");
	assert_string_equal(fx.t.ev[4].subject, "camera");
	assert_true(rmem_sim_trace_names_default(&fx.t));
	rmem_sim_destroy(fx.sim);
	fx.sim = NULL;
	rmem_ctx_destroy(fx.ctx);
	rmem_fdt_release(&fx.fdt);
	/* with cma= the default area is "reserved": the renamed trace still fits */
	{
		struct rmem_profile p = rmem_test_profile("arm64-6.1");
		struct rmem_plan_options opt = { .cmdline = "cma=32M" };
		struct rmem_fdt fdt;

		assert_int_equal(rmem_fdt_load_blob(&fdt, sim_board, strlen(sim_board), fx.err,
						    sizeof(fx.err)), 0);
		fx.fdt = fdt;
		fx.ctx = rmem_ctx_create(&p);
		assert_int_equal(rmem_plan_boot(fx.ctx, fx.fdt.blob, fx.fdt.size, &opt, fx.err,
						sizeof(fx.err)), 0);
		if (rmem_sim_create(fx.ctx, &fx.t, &fx.sim, fx.err, sizeof(fx.err)))
			fail_msg("renamed trace refused: %s", fx.err);
		assert_int_equal(rmem_sim_run(fx.sim), 0);
		sim_fx_expect(&fx, 0, 0, "cma reserved");
		sim_fx_expect(&fx, 1, 0, "cma reserved");
	}
	sim_fx_free(&fx);
}

/*
 * Any node is a device: by path, or by a name no other node has; a name
 * that several devices with memory-region share stays ambiguous, one
 * several other nodes share too; a virtual line makes a device of no node.
 */
static void test_any_device(void **state)
{
	static const struct { const char *trace, *msg; } bad[] = {
		{ "x alloc 1M\n", "t.trace:1: device 'x' is ambiguous: several nodes have that name, use its path" },
		{ "gpu alloc 1M\nvirtual gpu\n", "t.trace:1: unknown device 'gpu' (no device-tree node has that path or name, no virtual line declares it)" },
		{ "virtual chosen\n", "t.trace:1: virtual device 'chosen': a device-tree node has that name" },
		{ "virtual dup\n", "t.trace:1: virtual device 'dup': a device-tree node has that name" },
	};
	struct sim_fx fx;
	const struct rmem_device *d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sim_fx_boot(&fx, "arm64-6.1");
		assert_int_equal(sim_fx_load(&fx, bad[i].trace), -EINVAL);
		assert_string_equal(fx.err, bad[i].msg);
		sim_fx_free(&fx);
	}
	/* one device whichever way it is named: the tag allocated by path, freed by name */
	sim_fx_run(&fx, "arm64-6.1", "/soc/a alloc 8M as x\nsoc alloc 8M\na free x\n"
		   "virtual gpu coherent\ngpu init\nbus alloc 4097\n");
	sim_fx_expect(&fx, 0, 0, "cma linux,cma");
	sim_fx_expect(&fx, 2, 0, "freed");
	sim_fx_expect(&fx, 3, 0, "ok: a device of no node, coherent");
	sim_fx_expect(&fx, 4, -ENODEV, "no such memory-region entry");
	d = rmem_sim_device(fx.sim, "gpu");
	assert_non_null(d);
	assert_true(d->coherent);
	/* dma-coherent on the bus node itself */
	assert_true(rmem_sim_device(fx.sim, "bus")->coherent);
	assert_false(rmem_sim_device(fx.sim, "/soc/a")->coherent);
	sim_fx_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_all),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_board_errors),
		cmocka_unit_test(test_tag_errors),
		cmocka_unit_test(test_default_area),
		cmocka_unit_test(test_any_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
