// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --ftrace's reading of a capture (include/rmem/sim_ftrace.h).
 * The lines are the real kernels' (tests/runtime/expected/PROFILE/
 * NAME.ftrace, recorded by tests/runtime/run.py capture under QEMU); the
 * trace-cmd report lines are those same events laid out as trace-cmd's
 * source prints them (tracecmd/trace-read.c, trace_show_data(): "%16s-%-5d
 * [%03d]", " %6.1000d:", " %s: " padded to 20): no board here ran
 * trace-cmd.  Where a test replays on the sim fixture's board, the lines'
 * area names and pfns are moved onto the fixture's areas, and say so.
 */
#include <rmem/sim_ftrace.h>

#include "sim_fixture.h"

static void cap_ok(const char *text, struct rmem_sim_capture *c)
{
	char err[256] = "";

	if (rmem_sim_capture_parse("c.ftrace", text, strlen(text), c, err, sizeof(err)))
		fail_msg("refused: %s", err);
}

/* tests/runtime/expected/arm64-6.1/008-cma-per-device-exhausted.ftrace, whole */
static const char cap_61[] =
	"# tracer: nop\n"
	"#\n"
	"# entries-in-buffer/entries-written: 11/11   #P:1\n"
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n"
	"          insmod-85      [000] .....     2.090225: cma_alloc_start: name=camera-cma@58000000 count=512 align=8\n"
	"          insmod-85      [000] .N...     2.135838: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58000 page=(____ptrval____) count=512 align=8\n"
	"          insmod-85      [000] .....     2.152585: cma_alloc_start: name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-85      [000] .....     2.202413: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58200 page=(____ptrval____) count=256 align=8\n"
	"          insmod-85      [000] .....     2.203402: cma_alloc_start: name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-85      [000] .....     2.204245: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58300 page=(____ptrval____) count=256 align=8\n"
	"          insmod-85      [000] .....     2.204874: cma_alloc_start: name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-85      [000] .....     2.204960: cma_alloc_finish: name=camera-cma@58000000 pfn=0xffffffffffffffff page=0000000000000000 count=256 align=8\n"
	"          insmod-85      [000] .....     2.248169: cma_release: name=camera-cma@58000000 pfn=0x58200 page=(____ptrval____) count=256\n"
	"          insmod-85      [000] .....     2.248463: cma_alloc_start: name=camera-cma@58000000 count=128 align=7\n"
	"          insmod-85      [000] .....     2.249399: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58200 page=(____ptrval____) count=128 align=7\n";

/* 6.1: cma events only; a failed cma_alloc shows as a NULL page; starts are no allocation */
static void test_tracefs_61(void **state)
{
	struct rmem_sim_capture c;
	const struct rmem_sim_capture_record *r;

	(void)state;
	cap_ok(cap_61, &c);
	assert_int_equal(c.nr_rec, 11);
	assert_int_equal(c.nr_notes, 0);
	r = &c.rec[1];
	assert_int_equal(r->line, 14);
	assert_int_equal(r->kind, RMEM_SIM_CAP_CMA_ALLOC);
	assert_string_equal(r->event, "cma_alloc_finish");
	assert_string_equal(r->task, "insmod-85");
	assert_string_equal(r->name, "camera-cma@58000000");
	assert_int_equal(r->addr, 0x58000);
	assert_int_equal(r->count, 512);
	assert_int_equal(r->align, 8);
	assert_false(r->failed);
	assert_int_equal(c.rec[0].kind, RMEM_SIM_CAP_OTHER);	/* cma_alloc_start */
	assert_true(c.rec[7].failed);
	assert_int_equal(c.rec[8].kind, RMEM_SIM_CAP_CMA_RELEASE);
	assert_int_equal(c.rec[8].addr, 0x58200);
	assert_int_equal(c.rec[8].count, 256);
	rmem_sim_capture_release(&c);
}

/* the same events as trace-cmd report lays them out (see the top of this file) */
static void test_trace_cmd_report(void **state)
{
	struct rmem_sim_capture c;

	(void)state;
	cap_ok("cpus=1\n"
	       "          insmod-85    [000]     2.135838: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58000 page=0xfffffc0001600000 count=512 align=8\n"
	       "          insmod-85    [000]     2.204960: cma_alloc_finish:     name=camera-cma@58000000 pfn=0xffffffffffffffff page=(nil) count=256 align=8\n"
	       "CPU:0 [12 EVENTS DROPPED]\n"
	       "          insmod-85    [000]     2.248169: cma_release:          name=camera-cma@58000000 pfn=0x58200 page=0xfffffc0001608000 count=256\n"
	       /* -l: the CPU without brackets, then the latency flags */
	       "  insmod-85       0 .....     2.249399: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58200 page=0xfffffc0001608000 count=128 align=7\n"
	       /* raw timestamps */
	       "          insmod-85    [000]   2249399000: cma_release:          name=camera-cma@58000000 pfn=0x58200 page=0xfffffc0001608000 count=128\n",
	       &c);
	assert_int_equal(c.nr_rec, 5);
	assert_false(c.rec[0].failed);
	assert_true(c.rec[1].failed);
	assert_string_equal(c.rec[0].task, "insmod-85");
	assert_string_equal(c.rec[3].task, "insmod-85");
	assert_int_equal(c.rec[3].addr, 0x58200);
	assert_int_equal(c.rec[4].kind, RMEM_SIM_CAP_CMA_RELEASE);
	assert_int_equal(c.nr_notes, 1);
	assert_int_equal(c.notes[0].line, 4);
	rmem_sim_capture_release(&c);
}

/* 5.10's cma_alloc: no area name, a pfn without 0x (include/trace/events/cma.h) */
static void test_fields_by_key(void **state)
{
	struct rmem_sim_capture c;

	(void)state;
	/* the TP_printk() of 5.10's cma_alloc, and a line whose fields do not read */
	cap_ok("          insmod-85      [000] ....     2.135838: cma_alloc: pfn=58000 page=(____ptrval____) count=512 align=8\n"
	       "          insmod-85      [000] ....     2.135839: cma_alloc: pfn=58000 count=x align=8\n",
	       &c);
	assert_int_equal(c.nr_rec, 1);
	assert_int_equal(c.rec[0].kind, RMEM_SIM_CAP_CMA_ALLOC);
	assert_string_equal(c.rec[0].name, "");
	assert_int_equal(c.rec[0].addr, 0x58000);
	assert_int_equal(c.nr_notes, 1);
	assert_int_equal(c.notes[0].line, 2);
	assert_non_null(strstr(c.notes[0].msg, "cma_alloc: fields not as the kernel prints them"));
	rmem_sim_capture_release(&c);
}

static void test_refused(void **state)
{
	struct rmem_sim_capture c;
	char err[256];

	(void)state;
	assert_int_equal(rmem_sim_capture_parse("c.ftrace", "insmod\n", 7, &c, err,
						sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "c.ftrace: neither a trace event line"));
	/* an empty capture is one: tests/runtime/expected/arm64-6.1/001-coherent-pool-basic.ftrace */
	cap_ok("# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:1\n", &c);
	assert_int_equal(c.nr_rec, 0);
	rmem_sim_capture_release(&c);
	assert_int_equal(rmem_sim_capture_parse("c.ftrace", "a\0b\n", 4, &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "c.ftrace: a NUL byte"));
}

/*
 * The replay on the fixture's board: cap_61's events moved onto the
 * fixture's camera@50000000 area (pfn 0x58xxx -> 0x50xxx), and once more
 * with every pfn moved by the same offset: the pairing is by address
 * only, so both replay the same.
 */
static const char cap_61_fixture[] =
	"          insmod-85      [000] .N...     2.135838: cma_alloc_finish: name=camera@50000000 pfn=0x%x page=(____ptrval____) count=512 align=8\n"
	"          insmod-85      [000] .....     2.202413: cma_alloc_finish: name=camera@50000000 pfn=0x%x page=(____ptrval____) count=256 align=8\n"
	"          insmod-85      [000] .....     2.248169: cma_release: name=camera@50000000 pfn=0x%x page=(____ptrval____) count=256\n"
	"          insmod-85      [000] .....     2.249399: cma_alloc_finish: name=camera@50000000 pfn=0x%x page=(____ptrval____) count=128 align=7\n"
	"          insmod-85      [000] .....     2.249400: cma_alloc_finish: name=nowhere pfn=0x%x page=(____ptrval____) count=1 align=0\n"
	"          insmod-85      [000] .....     2.249401: cma_release: name=camera@50000000 pfn=0x%x page=(____ptrval____) count=1\n";

static void replay_61(unsigned int off, struct sim_fx *fx, struct rmem_sim_capture *c)
{
	char text[2048];

	snprintf(text, sizeof(text), cap_61_fixture, 0x50000 + off, 0x50200 + off, 0x50200 + off,
		 0x50200 + off, 0x70000 + off, 0x12345 + off);
	sim_fx_boot(fx, "arm64-6.1");
	cap_ok(text, c);
	assert_int_equal(rmem_sim_capture_fit(fx->ctx, c), 0);
	if (rmem_sim_create(fx->ctx, &c->trace, &fx->sim, fx->err, sizeof(fx->err)))
		fail_msg("refused: %s", fx->err);
	assert_int_equal(rmem_sim_run(fx->sim), 0);
}

static void test_fit_and_pair(void **state)
{
	struct sim_fx fx, moved;
	struct rmem_sim_capture c, cm;

	(void)state;
	replay_61(0, &fx, &c);
	assert_int_equal(c.trace.nr, 4);
	assert_int_equal(c.trace.ev[0].verb, RMEM_SIM_CMA_ALLOC);
	assert_string_equal(c.trace.ev[0].subject, "camera@50000000");
	assert_int_equal(c.trace.ev[0].size, 512);
	assert_int_equal(c.trace.ev[2].verb, RMEM_SIM_CMA_RELEASE);
	assert_string_equal(c.trace.ev[2].tag, c.trace.ev[1].tag);
	/* the unknown area and the release of an address never given: notes */
	assert_int_equal(c.nr_notes, 2);
	assert_int_equal(c.notes[0].line, 5);
	assert_non_null(strstr(c.notes[0].msg, "no CMA area 'nowhere'"));
	assert_int_equal(c.notes[1].line, 6);
	/* the board's addresses beside the model's: the same here */
	for (size_t i = 0; i < c.trace.nr; i++)
		assert_false(rmem_sim_capture_drift(&c, i, sim_fx_res(&fx, i)));
	assert_int_equal(c.seen[3].addr, 0x50200000);
	replay_61(0x1000, &moved, &cm);
	assert_int_equal(cm.trace.nr, c.trace.nr);
	for (size_t i = 0; i < c.trace.nr; i++) {
		assert_int_equal(sim_fx_res(&moved, i)->addr, sim_fx_res(&fx, i)->addr);
		assert_int_equal(sim_fx_res(&moved, i)->err, sim_fx_res(&fx, i)->err);
	}
	/* the moved capture's addresses are not the model's: drift, the same results */
	assert_true(rmem_sim_capture_drift(&cm, 0, sim_fx_res(&moved, 0)));
	sim_fx_free(&fx);
	sim_fx_free(&moved);
	rmem_sim_capture_release(&c);
	rmem_sim_capture_release(&cm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracefs_61),
		cmocka_unit_test(test_trace_cmd_report),
		cmocka_unit_test(test_fields_by_key),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_fit_and_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
