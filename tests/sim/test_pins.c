// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pinned pages in CMA areas: alloc_contig_range() fails with -EBUSY on a
 * page it cannot migrate, and cma_alloc() (mm/cma.c, 5.10/6.1/6.12) tries
 * the next aligned position past it; when every fitting range is busy it
 * fails with -EBUSY, and the simulator names the pinned pages in the way.
 */
#include "sim_fixture.h"

/* cma_alloc(): -EBUSY on a range moves the search one alignment step further */
static void test_retry_past_pin(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* pfns of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PAGE_4K) {
		sim_fx_run(&fx, it.name,
			   "pin camera@50000000 0x50000 1\n"
			   "cma camera@50000000 alloc 4 0\ncma camera@50000000 alloc 4 2\n"
			   "unpin camera@50000000 0x50000 1\ncma camera@50000000 alloc 1 0\n");
		sim_fx_expect(&fx, 1, 0, "0x50001000 cma camera@50000000 (pfn 0x50001)");
		sim_fx_expect(&fx, 2, 0, "0x50008000 cma camera@50000000");
		sim_fx_expect(&fx, 3, 0, "unpinned pfn 0x50000+1");
		sim_fx_expect(&fx, 4, 0, "0x50000000");
		sim_fx_free(&fx);
	}
}

/* every fitting range pinned: cma_alloc() fails with -EBUSY; the pages are named */
static void test_all_busy(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* arm64's DMA paths, pfns of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
		sim_fx_run(&fx, it.name,
			   "pin camera@50000000 0x50000 8192\ncma camera@50000000 alloc 1 0\n"
			   "camera alloc 8M\ncamera alloc 4096\n");
		sim_fx_expect(&fx, 1, -EBUSY, "-EBUSY: pinned pages in the way: 0x50000,0x50001,");
		/* dma_alloc_coherent(): CMA failed, order 11 is too large for the page allocator */
		sim_fx_expect(&fx, 2, -ENOMEM, "had pinned pages");
		/* one page: the page allocator */
		sim_fx_expect(&fx, 3, 0, "generic");
		assert_int_equal(sim_fx_usage(&fx, "camera@50000000")->used, 0);
		sim_fx_free(&fx);
	}
}

/* pins nest; unpinning a page not pinned is refused and changes nothing */
static void test_unpin(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1",
		   "pin linux,cma 0x7c060 2\npin linux,cma 0x7c060 1\nunpin linux,cma 0x7c060 2\n"
		   "unpin linux,cma 0x7c060 2\ncma linux,cma alloc 1 0\n");
	sim_fx_expect(&fx, 3, -EINVAL, "pfn 0x7c061 is not pinned, nothing changed");
	/* page 0x7c060 (the first after the atomic pools') is still pinned once */
	sim_fx_expect(&fx, 4, 0, "pfn 0x7c061");
	sim_fx_free(&fx);
}

/* cma_release(): a released run is free again; a failed alloc releases nothing */
static void test_cma_release(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.12",
		   "cma linux,cma alloc 16 4 as a\ncma linux,cma alloc 99999 0 as big\n"
		   "cma linux,cma release a\ncma linux,cma release big\ncma linux,cma alloc 1 0\n");
	/* the atomic pools hold the area's first 3 x 128 KiB (kernel/dma/pool.c) */
	sim_fx_expect(&fx, 0, 0, "0x7c060000");
	sim_fx_expect(&fx, 1, -ENOMEM, "-ENOMEM");
	sim_fx_expect(&fx, 2, 0, "released pfn 0x7c060+16");
	sim_fx_expect(&fx, 3, 0, "nothing to release: the allocation at line 2 failed");
	sim_fx_expect(&fx, 4, 0, "0x7c060000");
	assert_int_equal(sim_fx_usage(&fx, "linux,cma")->used, 96 + 1);
	sim_fx_free(&fx);
}

/* trace-format.md: a device-tree area may be named without its unit address when unique */
static void test_area_short_name(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "cma camera alloc 1 0\npin camera 0x50001 1\n");
	sim_fx_expect(&fx, 0, 0, "0x50000000 cma camera@50000000");
	sim_fx_expect(&fx, 1, 0, "pinned pfn 0x50001+1");
	sim_fx_free(&fx);
	sim_fx_boot(&fx, "arm64-6.1");
	assert_int_equal(sim_fx_load(&fx, "cma camera@5 alloc 1 0\n"), -EINVAL);
	sim_fx_free(&fx);
}

/*
 * cma_alloc() tries every page of a pinned wall, one alignment step at a
 * time, each try logged "busy, retrying" (6.12: with its pfn): the
 * simulator says how far the pinned pages go, the lines are the kernel's
 * all the same.  Holes between pinned runs are tried as the search finds
 * them.
 */
static void test_pin_wall(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* pfns of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PAGE_4K) {
		const struct rmem_log *log;
		const struct rmem_sim_result *r;
		/* 6.12's "busy, retrying" lines name the pfn */
		static const bool names_pfn[] = {
			[RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
			[RMEM_TEST_7_2] = true,
		};
		bool with_pfn = RMEM_TEST_BY_KERNEL(names_pfn, it.name);

		sim_fx_run(&fx, it.name,
			   "pin camera@50000000 0x50000 8191\ncma camera@50000000 alloc 1 0\n"
			   "unpin camera@50000000 0x50000 8191\npin camera@50000000 0x50000 10\n"
			   "pin camera@50000000 0x5000c 4\ncma camera@50000000 alloc 2 0\n"
			   "cma camera@50000000 alloc 3 0\n");
		log = rmem_ctx_log(fx.ctx);
		sim_fx_expect(&fx, 1, 0, "0x51fff000 cma camera@50000000");
		r = sim_fx_res(&fx, 1);
		assert_int_equal(r->log_dropped, 0);
		assert_int_equal(r->log_end - r->log_first, 8191 + 2);
		for (size_t i = r->log_first + 1; i < r->log_end - 1; i++)
			assert_non_null(strstr(log->lines[i].text, "is busy, retrying"));
		if (with_pfn) {
			assert_non_null(strstr(log->lines[r->log_first + 1].text, "at pfn 0x50000 "));
			assert_non_null(strstr(log->lines[r->log_end - 2].text, "at pfn 0x51ffe "));
		}
		/* two pages: 0x50000..0x50009 busy, 0x5000a free */
		sim_fx_expect(&fx, 5, 0, "(pfn 0x5000a)");
		r = sim_fx_res(&fx, 5);
		assert_int_equal(r->log_end - r->log_first, 10 + 2);
		/* three: 0x50000..0x50007, then 0x5000c..0x5000f, busy */
		sim_fx_expect(&fx, 6, 0, "(pfn 0x50010)");
		r = sim_fx_res(&fx, 6);
		assert_int_equal(r->log_end - r->log_first, 8 + 4 + 2);
		if (with_pfn)
			assert_non_null(strstr(log->lines[r->log_first + 9].text, "at pfn 0x5000c "));
		sim_fx_free(&fx);
	}
}

/*
 * Past the log's bound (include/rmem/log.h) an event's lines are counted,
 * not kept, and the output says how many: 6.12's "alloc failed" line and
 * cma_debug_show_areas()'s record.
 */
static void test_lines_not_kept(void **state)
{
	struct sim_fx fx;
	struct rmem_log *log;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	sim_fx_boot(&fx, "arm64-6.12");
	if (sim_fx_load(&fx, "cma camera alloc 1 0\ncma camera alloc 8192 0\n"))
		fail_msg("trace refused: %s", fx.err);
	log = rmem_ctx_log(fx.ctx);
	while (rmem_log_keeps(log, RMEM_LOG_INFO) && log->nr < RMEM_LOG_MAX_LINES)
		rmem_log_printf(log, RMEM_LOG_INFO, "filler");
	rmem_log_printf(log, RMEM_LOG_INFO, "filler");
	assert_int_equal(rmem_sim_run(fx.sim), 0);
	sim_fx_expect(&fx, 1, -ENOMEM, "-ENOMEM");
	assert_int_equal(sim_fx_res(&fx, 0)->log_dropped, 0);
	assert_int_equal(sim_fx_res(&fx, 1)->log_dropped, 2);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(rmem_report_sim_text(fx.sim, out), 0);
	fclose(out);
	assert_non_null(strstr(text, "alloc 8192 0 as L2: -ENOMEM\n      | (2 more lines not kept)\n"));
	free(text);
	text = NULL;
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(rmem_report_sim_json(fx.sim, out), 0);
	fclose(out);
	assert_non_null(strstr(text, "\"log\": [], \"log_not_kept\": 2, \"board\": null}"));
	free(text);
	sim_fx_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_past_pin),
		cmocka_unit_test(test_all_busy),
		cmocka_unit_test(test_unpin),
		cmocka_unit_test(test_cma_release),
		cmocka_unit_test(test_area_short_name),
		cmocka_unit_test(test_pin_wall),
		cmocka_unit_test(test_lines_not_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
