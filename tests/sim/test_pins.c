// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pinned pages in CMA areas: alloc_contig_range() fails with -EBUSY on a
 * page it cannot migrate, and cma_alloc() (mm/cma.c, 5.10/6.1/6.12) tries
 * the next aligned position past it; when every fitting range is busy it
 * fails with -EBUSY, and the simulator names the pinned pages in the way.
 */
#include "sim_fixture.h"

static const char *const versions[] = { "arm64-5.10", "arm64-6.1", "arm64-6.12" };

/* cma_alloc(): -EBUSY on a range moves the search one alignment step further */
static void test_retry_past_pin(void **state)
{
	struct sim_fx fx;

	(void)state;
	for (size_t v = 0; v < 3; v++) {
		sim_fx_run(&fx, versions[v],
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
	for (size_t v = 0; v < 3; v++) {
		sim_fx_run(&fx, versions[v],
			   "pin camera@50000000 0x50000 8192\ncma camera@50000000 alloc 1 0\n"
			   "camera alloc 8M\ncamera alloc 4096\n");
		sim_fx_expect(&fx, 1, -EBUSY, "-EBUSY: pinned pages in the way: 0x50000,0x50001,");
		/* dma_alloc_coherent(): CMA failed, order 11 is too large for the page allocator */
		sim_fx_expect(&fx, 2, -ENOMEM, "every fitting range had pinned pages");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_past_pin),
		cmocka_unit_test(test_all_busy),
		cmocka_unit_test(test_unpin),
		cmocka_unit_test(test_cma_release),
		cmocka_unit_test(test_area_short_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
