// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --ftrace's reading of a capture (include/rmem/sim_ftrace.h).
 * The lines are the real kernels' (tests/runtime/expected/PROFILE/
 * NAME.ftrace, recorded by tests/runtime/run.py capture under QEMU); the
 * trace-cmd report lines are Debian's trace-cmd's own of the same kernels'
 * runs (NAME.trace-cmd, recorded by run.py capture-trace-cmd: trace-cmd
 * extract + report in the guest); only test_trace_cmd_options()'s lines,
 * for report options no recording used (-l, raw timestamps, dropped
 * events), are laid out as trace-cmd's source prints them
 * (tracecmd/trace-read.c).  Where a test replays on the sim fixture's board,
 * the lines' area names and pfns are moved onto the fixture's areas, and
 * say so.
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
	assert_int_equal(c.nr_rec, 6);		/* cma_alloc_start: no record */
	assert_int_equal(c.nr_notes, 0);
	r = &c.rec[0];
	assert_int_equal(r->line, 14);
	assert_int_equal(r->kind, RMEM_SIM_CAP_CMA_ALLOC);
	assert_string_equal(r->event, "cma_alloc_finish");
	assert_string_equal(r->task, "insmod-85");
	assert_string_equal(r->name, "camera-cma@58000000");
	assert_int_equal(r->addr, 0x58000);
	assert_int_equal(r->count, 512);
	assert_int_equal(r->align, 8);
	assert_false(r->failed);
	assert_true(c.rec[3].failed);
	assert_int_equal(c.rec[4].kind, RMEM_SIM_CAP_CMA_RELEASE);
	assert_int_equal(c.rec[4].addr, 0x58200);
	assert_int_equal(c.rec[4].count, 256);
	rmem_sim_capture_release(&c);
}

/* tests/runtime/expected/arm64-6.12/008-cma-per-device-exhausted.trace-cmd,
 * whole: bookworm's trace-cmd 3.1.6, no latency flags column */
static const char tc_612[] =
	"cpus=1\n"
	"          insmod-129   [000]     2.744771: cma_alloc_start:      name=camera-cma@58000000 count=512 align=8\n"
	"          insmod-129   [000]     2.762470: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58000 page=0xfffffdffc0600000 count=512 align=8 errorno=0\n"
	"          insmod-129   [000]     2.764062: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58000000 size=2097152 virt_addr=0xffff800083152000 flags=GFP_KERNEL attrs=\n"
	"          insmod-129   [000]     2.764970: cma_alloc_start:      name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-129   [000]     2.772345: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58200 page=0xfffffdffc0608000 count=256 align=8 errorno=0\n"
	"          insmod-129   [000]     2.772873: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58200000 size=1048576 virt_addr=0xffff800083353000 flags=GFP_KERNEL attrs=\n"
	"          insmod-129   [000]     2.773151: cma_alloc_start:      name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-129   [000]     2.778034: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58300 page=0xfffffdffc060c000 count=256 align=8 errorno=0\n"
	"          insmod-129   [000]     2.778498: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58300000 size=1048576 virt_addr=0xffff800083454000 flags=GFP_KERNEL attrs=\n"
	"          insmod-129   [000]     2.778728: cma_alloc_start:      name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-129   [000]     2.779527: cma_alloc_finish:     name=camera-cma@58000000 pfn=0xffffffffffffffff page=(nil) count=256 align=8 errorno=-12\n"
	"          insmod-129   [000]     2.780734: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=44900000 size=1048576 virt_addr=0xffff800083555000 flags=GFP_KERNEL attrs=\n"
	"          insmod-129   [000]     2.781341: dma_free:             camera dir=BIDIRECTIONAL dma_addr=58200000 size=1048576 virt_addr=0xffff800083353000 attrs=\n"
	"          insmod-129   [000]     2.781956: cma_release:          name=camera-cma@58000000 pfn=0x58200 page=0xfffffdffc0608000 count=256\n"
	"          insmod-129   [000]     2.782206: cma_alloc_start:      name=camera-cma@58000000 count=128 align=7\n"
	"          insmod-129   [000]     2.782914: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58200 page=0xfffffdffc0608000 count=128 align=7 errorno=0\n"
	"          insmod-129   [000]     2.783143: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58200000 size=524288 virt_addr=0xffff800083005000 flags=GFP_KERNEL attrs=\n";

/* tests/runtime/expected/arm64-7.2/008-cma-per-device-exhausted.trace-cmd,
 * whole: sid's trace-cmd 3.4, latency flags as tracefs prints them */
static const char tc_72[] =
	"cpus=1\n"
	"          insmod-98    [000] .....     3.252858: cma_alloc_start:      name=camera-cma@58000000 request_count=512 available_count=1024 total_count=1024 align=8\n"
	"          insmod-98    [000] .L...     3.268326: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58000 page=0xfffffdffc0600000 count=512 align=8 errorno=0\n"
	"          insmod-98    [000] .....     3.270391: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58000000 size=2097152 virt_addr=0xffff8000833ea000 flags=GFP_KERNEL attrs=\n"
	"          insmod-98    [000] .....     3.271044: cma_alloc_start:      name=camera-cma@58000000 request_count=256 available_count=512 total_count=1024 align=8\n"
	"          insmod-98    [000] .....     3.279907: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58200 page=0xfffffdffc0608000 count=256 align=8 errorno=0\n"
	"          insmod-98    [000] .....     3.280766: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58200000 size=1048576 virt_addr=0xffff8000835eb000 flags=GFP_KERNEL attrs=\n"
	"          insmod-98    [000] .....     3.280936: cma_alloc_start:      name=camera-cma@58000000 request_count=256 available_count=256 total_count=1024 align=8\n"
	"          insmod-98    [000] .....     3.283037: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58300 page=0xfffffdffc060c000 count=256 align=8 errorno=0\n"
	"          insmod-98    [000] .....     3.283609: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58300000 size=1048576 virt_addr=0xffff8000836ec000 flags=GFP_KERNEL attrs=\n"
	"          insmod-98    [000] .....     3.283733: cma_alloc_start:      name=camera-cma@58000000 request_count=256 available_count=0 total_count=1024 align=8\n"
	"          insmod-98    [000] .....     3.284148: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x0 page=(nil) count=256 align=8 errorno=-16\n"
	"          insmod-98    [000] .....     3.287052: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=44f00000 size=1048576 virt_addr=0xffff8000837ed000 flags=GFP_KERNEL attrs=\n"
	"          insmod-98    [000] .....     3.287491: dma_free:             camera dir=BIDIRECTIONAL dma_addr=58200000 size=1048576 virt_addr=0xffff8000835eb000 attrs=\n"
	"          insmod-98    [000] .....     3.288409: cma_release:          name=camera-cma@58000000 pfn=0x58200 page=0xfffffdffc0608000 count=256\n"
	"          insmod-98    [000] .....     3.288608: cma_alloc_start:      name=camera-cma@58000000 request_count=128 available_count=256 total_count=1024 align=7\n"
	"          insmod-98    [000] .....     3.291032: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58200 page=0xfffffdffc0608000 count=128 align=7 errorno=0\n"
	"          insmod-98    [000] .....     3.291306: dma_alloc:            camera dir=BIDIRECTIONAL dma_addr=58200000 size=524288 virt_addr=0xffff8000838ee000 flags=GFP_KERNEL attrs=\n";

/* both trace-cmd versions' layouts read alike: the same run's records */
static void check_tc_008(const char *text, const char *task, uint64_t failed_pfn)
{
	struct rmem_sim_capture c;
	const struct rmem_sim_capture_record *r;

	cap_ok(text, &c);
	assert_int_equal(c.nr_notes, 0);
	assert_int_equal(c.nr_rec, 12);		/* cma_alloc_start: no record */
	r = &c.rec[0];
	assert_int_equal(r->line, 3);
	assert_int_equal(r->kind, RMEM_SIM_CAP_CMA_ALLOC);
	assert_string_equal(r->name, "camera-cma@58000000");
	assert_int_equal(r->addr, 0x58000);
	assert_int_equal(r->count, 512);
	assert_int_equal(r->align, 8);
	r = &c.rec[1];
	assert_int_equal(r->kind, RMEM_SIM_CAP_DMA_ALLOC);
	assert_string_equal(r->name, "camera");
	assert_int_equal(r->addr, 0x58000000);
	assert_int_equal(r->count, 2097152);
	assert_false(r->failed);
	assert_false(r->atomic);
	assert_true(c.rec[6].failed);		/* page=(nil), errorno not 0 */
	assert_int_equal(c.rec[6].addr, failed_pfn);
	assert_false(c.rec[7].failed);		/* the page allocator's buffer */
	assert_int_equal(c.rec[8].kind, RMEM_SIM_CAP_DMA_FREE);
	assert_int_equal(c.rec[8].addr, 0x58200000);
	assert_int_equal(c.rec[9].kind, RMEM_SIM_CAP_CMA_RELEASE);
	assert_int_equal(c.rec[9].addr, 0x58200);
	assert_int_equal(c.rec[9].count, 256);
	assert_string_equal(c.rec[11].task, task);
	rmem_sim_capture_release(&c);
}

static void test_trace_cmd_report(void **state)
{
	(void)state;
	check_tc_008(tc_612, "insmod-129", UINT64_MAX);
	check_tc_008(tc_72, "insmod-98", 0);
}

/* tests/runtime/expected/arm64-6.1/008-cma-per-device-exhausted.trace-cmd,
 * whole: bookworm's trace-cmd 3.1.6 on 6.1 (cma events only) */
static const char tc_61[] =
	"cpus=1\n"
	"          insmod-85    [000]     1.326620: cma_alloc_start:      name=camera-cma@58000000 count=512 align=8\n"
	"          insmod-85    [000]     1.335291: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58000 page=0xfffffc0000600000 count=512 align=8\n"
	"          insmod-85    [000]     1.337114: cma_alloc_start:      name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-85    [000]     1.344261: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58200 page=0xfffffc0000608000 count=256 align=8\n"
	"          insmod-85    [000]     1.344962: cma_alloc_start:      name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-85    [000]     1.345485: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58300 page=0xfffffc000060c000 count=256 align=8\n"
	"          insmod-85    [000]     1.346038: cma_alloc_start:      name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-85    [000]     1.346074: cma_alloc_finish:     name=camera-cma@58000000 pfn=0xffffffffffffffff page=(nil) count=256 align=8\n"
	"          insmod-85    [000]     1.347964: cma_release:          name=camera-cma@58000000 pfn=0x58200 page=0xfffffc0000608000 count=256\n"
	"          insmod-85    [000]     1.348169: cma_alloc_start:      name=camera-cma@58000000 count=128 align=7\n"
	"          insmod-85    [000]     1.348733: cma_alloc_finish:     name=camera-cma@58000000 pfn=0x58200 page=0xfffffc0000608000 count=128 align=7\n";

/* the same run as cap_61's case, read from trace-cmd's layout */
static void test_trace_cmd_report_61(void **state)
{
	struct rmem_sim_capture c;

	(void)state;
	cap_ok(tc_61, &c);
	assert_int_equal(c.nr_rec, 6);
	assert_int_equal(c.nr_notes, 0);
	assert_int_equal(c.rec[0].line, 3);
	assert_int_equal(c.rec[0].kind, RMEM_SIM_CAP_CMA_ALLOC);
	assert_int_equal(c.rec[0].addr, 0x58000);
	assert_true(c.rec[3].failed);
	assert_int_equal(c.rec[4].kind, RMEM_SIM_CAP_CMA_RELEASE);
	assert_int_equal(c.rec[4].addr, 0x58200);
	assert_int_equal(c.rec[5].align, 7);
	assert_string_equal(c.rec[5].task, "insmod-85");
	rmem_sim_capture_release(&c);
}

/* report options no recording used, laid out from trace-cmd's source */
static void test_trace_cmd_options(void **state)
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

/* tests/runtime/expected/arm64-6.12/004-cma-per-device-basic.ftrace, its event lines */
static const char cap_612[] =
	"          insmod-130     [000] .....     5.553910: cma_alloc_start: name=camera-cma@58000000 count=256 align=8\n"
	"          insmod-130     [000] .N...     5.592043: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58000 page=(____ptrval____) count=256 align=8 errorno=0\n"
	"          insmod-130     [000] .....     5.593491: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=58000000 size=1048576 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.594217: cma_alloc_start: name=camera-cma@58000000 count=1 align=0\n"
	"          insmod-130     [000] .....     5.595113: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58100 page=(____ptrval____) count=1 align=0 errorno=0\n"
	"          insmod-130     [000] .....     5.595185: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=58100000 size=4096 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.595365: cma_alloc_start: name=camera-cma@58000000 count=16 align=4\n"
	"          insmod-130     [000] .....     5.595585: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58110 page=(____ptrval____) count=16 align=4 errorno=0\n"
	"          insmod-130     [000] .....     5.595629: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=58110000 size=65536 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.595753: cma_alloc_start: name=camera-cma@58000000 count=512 align=8\n"
	"          insmod-130     [000] .....     5.603450: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58200 page=(____ptrval____) count=512 align=8 errorno=0\n"
	"          insmod-130     [000] .....     5.604385: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=58200000 size=2097152 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.605079: dma_free: camera dir=BIDIRECTIONAL dma_addr=58100000 size=4096 virt_addr=(____ptrval____) attrs=\n"
	"          insmod-130     [000] .....     5.605565: cma_release: name=camera-cma@58000000 pfn=0x58100 page=(____ptrval____) count=1\n"
	"          insmod-130     [000] .....     5.605791: cma_alloc_start: name=camera-cma@58000000 count=1 align=0\n"
	"          insmod-130     [000] .....     5.606052: cma_alloc_finish: name=camera-cma@58000000 pfn=0x58100 page=(____ptrval____) count=1 align=0 errorno=0\n"
	"          insmod-130     [000] .....     5.606083: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=58100000 size=4096 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n";

/* 6.12: dma events with the device's name; a dma_alloc's own cma events come before it */
static void test_tracefs_612(void **state)
{
	struct rmem_sim_capture c;
	const struct rmem_sim_capture_record *r;

	(void)state;
	cap_ok(cap_612, &c);
	assert_int_equal(c.nr_rec, 12);
	assert_int_equal(c.nr_notes, 0);
	r = &c.rec[0];
	assert_int_equal(r->kind, RMEM_SIM_CAP_CMA_ALLOC);
	assert_false(r->failed);		/* errorno=0 */
	r = &c.rec[1];
	assert_int_equal(r->kind, RMEM_SIM_CAP_DMA_ALLOC);
	assert_string_equal(r->name, "camera");
	assert_string_equal(r->task, "insmod-130");
	assert_int_equal(r->count, 1048576);
	assert_int_equal(r->addr, 0x58000000);
	assert_false(r->failed);
	assert_false(r->atomic);		/* flags=GFP_KERNEL */
	r = &c.rec[8];
	assert_int_equal(r->kind, RMEM_SIM_CAP_DMA_FREE);
	assert_int_equal(r->addr, 0x58100000);
	assert_int_equal(r->count, 4096);
	rmem_sim_capture_release(&c);
	/* a failed dma_alloc (arm64-6.12/002-coherent-pool-exhausted.ftrace, line 15) */
	cap_ok(	"          insmod-134     [000] .....     3.108941: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=0 size=4096 virt_addr=0000000000000000 flags=GFP_KERNEL attrs=\n", &c);
	assert_true(c.rec[0].failed);
	rmem_sim_capture_release(&c);
}

/*
 * cap_612 moved onto the fixture's camera@50000000 area (the area's name,
 * pfn 0x58xxx -> 0x50xxx, dma_addr 58xxxxxx -> 50xxxxxx): the cma events
 * fold into their dma_alloc and dma_free, which replay on the device.
 */
static const char cap_612_fixture[] =
	"          insmod-130     [000] .....     5.553910: cma_alloc_start: name=camera@50000000 count=256 align=8\n"
	"          insmod-130     [000] .N...     5.592043: cma_alloc_finish: name=camera@50000000 pfn=0x50000 page=(____ptrval____) count=256 align=8 errorno=0\n"
	"          insmod-130     [000] .....     5.593491: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=50000000 size=1048576 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.594217: cma_alloc_start: name=camera@50000000 count=1 align=0\n"
	"          insmod-130     [000] .....     5.595113: cma_alloc_finish: name=camera@50000000 pfn=0x50100 page=(____ptrval____) count=1 align=0 errorno=0\n"
	"          insmod-130     [000] .....     5.595185: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=50100000 size=4096 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.595365: cma_alloc_start: name=camera@50000000 count=16 align=4\n"
	"          insmod-130     [000] .....     5.595585: cma_alloc_finish: name=camera@50000000 pfn=0x50110 page=(____ptrval____) count=16 align=4 errorno=0\n"
	"          insmod-130     [000] .....     5.595629: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=50110000 size=65536 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.595753: cma_alloc_start: name=camera@50000000 count=512 align=8\n"
	"          insmod-130     [000] .....     5.603450: cma_alloc_finish: name=camera@50000000 pfn=0x50200 page=(____ptrval____) count=512 align=8 errorno=0\n"
	"          insmod-130     [000] .....     5.604385: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=50200000 size=2097152 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-130     [000] .....     5.605079: dma_free: camera dir=BIDIRECTIONAL dma_addr=50100000 size=4096 virt_addr=(____ptrval____) attrs=\n"
	"          insmod-130     [000] .....     5.605565: cma_release: name=camera@50000000 pfn=0x50100 page=(____ptrval____) count=1\n"
	"          insmod-130     [000] .....     5.605791: cma_alloc_start: name=camera@50000000 count=1 align=0\n"
	"          insmod-130     [000] .....     5.606052: cma_alloc_finish: name=camera@50000000 pfn=0x50100 page=(____ptrval____) count=1 align=0 errorno=0\n"
	"          insmod-130     [000] .....     5.606083: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=50100000 size=4096 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n";

/*
 * arm64-6.12/002-coherent-pool-exhausted.ftrace moved onto the fixture's
 * no-map pool vpu@60000000 (device vpu, dma_addr 50xxxxxx -> 60xxxxxx): the
 * frees of a no-map pool leave no event; the address given again infers one.
 */
static const char cap_612_pool[] =
	"          insmod-134     [000] .N...     3.105706: dma_alloc: vpu dir=BIDIRECTIONAL dma_addr=60000000 size=524288 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-134     [000] .N...     3.107670: dma_alloc: vpu dir=BIDIRECTIONAL dma_addr=60080000 size=524288 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-134     [000] .....     3.108941: dma_alloc: vpu dir=BIDIRECTIONAL dma_addr=0 size=4096 virt_addr=0000000000000000 flags=GFP_KERNEL attrs=\n"
	"          insmod-134     [000] .....     3.113210: dma_alloc: vpu dir=BIDIRECTIONAL dma_addr=60000000 size=262144 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n"
	"          insmod-134     [000] .....     3.113474: dma_alloc: vpu dir=BIDIRECTIONAL dma_addr=0 size=524288 virt_addr=0000000000000000 flags=GFP_KERNEL attrs=\n";

static void fit_612(const char *text, struct sim_fx *fx, struct rmem_sim_capture *c)
{
	sim_fx_boot(fx, "arm64-6.12");
	cap_ok(text, c);
	assert_int_equal(rmem_sim_capture_fit(fx->ctx, c), 0);
	if (rmem_sim_create(fx->ctx, &c->trace, &fx->sim, fx->err, sizeof(fx->err)))
		fail_msg("refused: %s", fx->err);
	assert_int_equal(rmem_sim_run(fx->sim), 0);
	for (size_t i = 0; i < c->trace.nr; i++)
		if (rmem_sim_capture_drift(c, i, sim_fx_res(fx, i)))
			fail_msg("drift at capture line %u: %s", c->trace.ev[i].line,
				 sim_fx_text(fx, i));
}

static void test_fit_612(void **state)
{
	struct sim_fx fx;
	struct rmem_sim_capture c;

	(void)state;
	fit_612(cap_612_fixture, &fx, &c);
	assert_int_equal(c.trace.nr, 6);	/* 5 dma_alloc, 1 dma_free: no cma verb */
	assert_int_equal(c.trace.ev[0].verb, RMEM_SIM_ALLOC);
	assert_string_equal(c.trace.ev[0].subject, "/camera");
	assert_int_equal(c.trace.ev[0].size, 1048576);
	assert_string_equal(c.seen[0].via, "camera@50000000");
	assert_int_equal(c.trace.ev[4].verb, RMEM_SIM_FREE);
	assert_string_equal(c.trace.ev[4].tag, c.trace.ev[1].tag);
	sim_fx_expect(&fx, 0, 0, "cma camera@50000000");
	sim_fx_free(&fx);
	rmem_sim_capture_release(&c);

	fit_612(cap_612_pool, &fx, &c);
	/* a, b, c (failed), inferred free of a, d, e (failed) */
	assert_int_equal(c.trace.nr, 6);
	assert_int_equal(c.trace.ev[3].verb, RMEM_SIM_FREE);
	assert_true(c.seen[3].inferred);
	assert_string_equal(c.trace.ev[3].tag, c.trace.ev[0].tag);
	assert_int_equal(c.nr_notes, 1);
	assert_non_null(strstr(c.notes[0].msg, "has no dma_free: freed just before"));
	assert_true(c.seen[2].failed);
	sim_fx_expect(&fx, 4, 0, "0x60000000");
	sim_fx_free(&fx);
	rmem_sim_capture_release(&c);
}

/*
 * arm64-7.2/027-atomic-default.trace-cmd.ftrace, its first lines, the
 * default CMA area "reserved" renamed the fixture's "linux,cma": the atomic
 * pool's worker ran before the atomic dma_alloc that scheduled it emitted
 * its event (it preempted insmod), so its growth comes first.
 */
static const char cap_72_worker_first[] =
	"     kworker/0:0-9       [000] .....     3.040575: cma_alloc_start: name=linux,cma request_count=32 available_count=16352 total_count=16384 align=5\n"
	"     kworker/0:0-9       [000] .....     3.042693: cma_alloc_finish: name=linux,cma pfn=0x7bc20 page=(____ptrval____) count=32 align=5 errorno=0\n"
	"          insmod-98      [000] .....     3.043246: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=7bc00000 size=4096 virt_addr=(____ptrval____) flags=GFP_ATOMIC attrs=\n"
	"          insmod-98      [000] .....     3.043879: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=7bc20000 size=65536 virt_addr=(____ptrval____) flags=GFP_ATOMIC attrs=\n";

static void test_pool_growth_ahead(void **state)
{
	struct sim_fx fx;
	struct rmem_sim_capture c;

	(void)state;
	sim_fx_boot(&fx, "arm64-7.2");
	cap_ok(cap_72_worker_first, &c);
	assert_int_equal(rmem_sim_capture_fit(fx.ctx, &c), 0);
	assert_int_equal(c.trace.nr, 2);	/* the two atomic dma_alloc: no cma verb */
	assert_true(c.trace.ev[0].atomic);
	assert_int_equal(c.nr_notes, 1);
	assert_int_equal(c.notes[0].line, 2);
	assert_non_null(strstr(c.notes[0].msg, "the atomic pool growing for the next atomic"));
	sim_fx_free(&fx);
	rmem_sim_capture_release(&c);
}

/*
 * Device names as the kernel makes them (of_device_make_bus_id(): "ADDR.NAME"
 * for a node with reg, the full name without, parents' parts before a
 * ':'), on a 6.12 dma_alloc line of arm64-6.12/002 whose device is renamed.
 */
static void test_device_names(void **state)
{
	static const char line[] =
		"          insmod-134     [000] .N...     3.105706: dma_alloc: %s dir=BIDIRECTIONAL dma_addr=50000000 size=524288 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=\n";
	static const struct { const char *name, *path; } names[] = {
		{ "60000000.vpu", "/reserved-memory/vpu@60000000" },
		{ "soc:b:x", "/soc/b/x" },
		{ "x", NULL },				/* two nodes are named x */
		{ "child", "/bus/child" },
		{ "/soc/a/dup", "/soc/a/dup" },
		{ "camera", "/camera" },
		{ "70000000.vpu", NULL },		/* no vpu at that address */
		{ "gpu", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct sim_fx fx;
		struct rmem_sim_capture c;
		char text[512];

		snprintf(text, sizeof(text), line, names[i].name);
		sim_fx_boot(&fx, "arm64-6.12");
		cap_ok(text, &c);
		assert_int_equal(rmem_sim_capture_fit(fx.ctx, &c), 0);
		if (names[i].path) {
			assert_int_equal(c.trace.nr, 1);
			assert_string_equal(c.trace.ev[0].subject, names[i].path);
		} else {
			assert_int_equal(c.trace.nr, 0);
			assert_int_equal(c.nr_notes, 1);
			assert_int_equal(c.notes[0].line, 1);
			assert_non_null(strstr(c.notes[0].msg, "maps to no device-tree node"));
		}
		sim_fx_free(&fx);
		rmem_sim_capture_release(&c);
	}
}

/*
 * 5.10's cma_alloc and cma_release name no area: the area is the one whose
 * pages hold the pfn (the TP_printk() of 5.10's include/trace/events/cma.h,
 * pfns on the fixture's camera@50000000 area).
 */
static void test_fit_510(void **state)
{
	struct sim_fx fx;
	struct rmem_sim_capture c;

	(void)state;
	sim_fx_boot(&fx, "arm64-5.10");
	cap_ok("          insmod-85      [000] ....     2.135838: cma_alloc: pfn=50000 page=(____ptrval____) count=512 align=8\n"
	       "          insmod-85      [000] ....     2.135839: cma_release: pfn=50000 page=(____ptrval____) count=512\n"
	       "          insmod-85      [000] ....     2.135840: cma_alloc: pfn=30000 page=(____ptrval____) count=1 align=0\n",
	       &c);
	assert_int_equal(rmem_sim_capture_fit(fx.ctx, &c), 0);
	assert_int_equal(c.trace.nr, 2);
	assert_string_equal(c.trace.ev[0].subject, "camera@50000000");
	assert_int_equal(c.trace.ev[1].verb, RMEM_SIM_CMA_RELEASE);
	assert_int_equal(c.nr_notes, 1);
	assert_non_null(strstr(c.notes[0].msg, "pfn 0x30000 is in no CMA area"));
	sim_fx_free(&fx);
	rmem_sim_capture_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracefs_61),
		cmocka_unit_test(test_trace_cmd_report),
		cmocka_unit_test(test_trace_cmd_report_61),
		cmocka_unit_test(test_trace_cmd_options),
		cmocka_unit_test(test_fields_by_key),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_fit_and_pair),
		cmocka_unit_test(test_tracefs_612),
		cmocka_unit_test(test_fit_612),
		cmocka_unit_test(test_device_names),
		cmocka_unit_test(test_pool_growth_ahead),
		cmocka_unit_test(test_fit_510),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
