// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_alloc() (mm/cma.c; __cma_alloc() in 6.12) in 5.10, 6.1 and 6.12:
 * the first-fit search with alignment and offset, bits of several pages,
 * the retry past busy ranges, the counters and the log lines.
 */
#include <errno.h>
#include <string.h>

#include "cma_kernels.h"

#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL

/* A fixed, activated area named "test". */
static struct rmem_cma *area(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
			     unsigned int order_per_bit)
{
	struct rmem_cma *cma = NULL;

	assert_int_equal(rmem_cma_declare_contiguous(ctx, base, size, 0, 0, order_per_bit, true,
						     "test", &cma), 0);
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	return cma;
}

static rmem_pfn_t alloc_ok(struct rmem_cma *cma, unsigned long count, unsigned int align)
{
	rmem_pfn_t pfn = 0;

	assert_int_equal(rmem_cma_alloc(cma, count, align, false, &pfn), 0);
	return pfn;
}

/* The range hook: pages in busy[] cannot be taken; every call is recorded. */
struct busy {
	rmem_pfn_t pages[8];
	int nr_pages;
	bool all;		/* every range is busy */
	int other;		/* an error other than -EBUSY to return, or 0 */
	rmem_pfn_t tried[1024];
	int calls;
};

static int busy_hook(void *arg, const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count,
		     rmem_pfn_t *busy_end)
{
	struct busy *b = arg;

	(void)cma;
	(void)busy_end;

	if (b->calls < 1024)
		b->tried[b->calls] = pfn;
	b->calls++;
	if (b->other)
		return b->other;
	if (b->all)
		return -EBUSY;
	for (int i = 0; i < b->nr_pages; i++)
		if (b->pages[i] >= pfn && b->pages[i] < pfn + count)
			return -EBUSY;
	return 0;
}

static unsigned long used(struct rmem_cma *cma)
{
	struct rmem_cma_stat st;

	rmem_cma_get_stat(cma, &st);
	return st.used;
}

/* mm/cma.c:450-474 6.1: first fit from the start of the bitmap */
static void test_first_fit(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 8 * SZ_1M, 0);

	assert_int_equal(alloc_ok(cma, 1, 0), 0x50000);
	assert_int_equal(alloc_ok(cma, 1, 0), 0x50001);
	assert_int_equal(alloc_ok(cma, 2, 0), 0x50002);
	assert_int_equal(rmem_cma_release(cma, 0x50001, 1), 0);
	assert_int_equal(alloc_ok(cma, 1, 0), 0x50001);
	assert_int_equal(rmem_cma_release(cma, 0x50001, 1), 0);
	/* two pages do not fit in the hole at 0x50001 */
	assert_int_equal(alloc_ok(cma, 2, 0), 0x50004);
	assert_int_equal(used(cma), 5);
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:65-74 6.1 cma_bitmap_aligned_offset(): alignment is of pfns, so a
 * base not aligned to 2^align shifts the bits that qualify.
 */
static void test_align_offset(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50200000, 16 * SZ_1M, 0);

	assert_int_equal(alloc_ok(cma, 1, 0), 0x50200);
	assert_int_equal(alloc_ok(cma, 1024, 10), 0x50400);
	assert_int_equal(alloc_ok(cma, 1, 9), 0x50800);
	/* align 0 fills the hole at the start */
	assert_int_equal(alloc_ok(cma, 1, 0), 0x50201);
	assert_int_equal(alloc_ok(cma, 3, 2), 0x50204);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:57-80 6.1: bits of 2^order_per_bit pages; mask and offset in bits */
static void test_order_per_bit(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 8 * SZ_1M, 1);
	struct rmem_cma *c2 = area(ctx, 0x50a00000, 8 * SZ_1M, 2);

	/* 3 pages take 2 bits, 4 pages */
	assert_int_equal(alloc_ok(cma, 3, 0), 0x50000);
	assert_int_equal(used(cma), 4);
	assert_int_equal(alloc_ok(cma, 1, 0), 0x50004);
	assert_int_equal(used(cma), 6);
	assert_int_equal(rmem_cma_release(cma, 0x50000, 3), 0);
	assert_int_equal(used(cma), 2);
	/* an alignment below the bit is the bit's */
	assert_int_equal(alloc_ok(cma, 1, 1), 0x50000);
	/* base pfn 0x50a00: 2^10 alignment starts 512 pages (128 bits) in */
	assert_int_equal(alloc_ok(c2, 1, 10), 0x50c00);
	assert_int_equal(alloc_ok(c2, 1, 0), 0x50a00);
	assert_int_equal(alloc_ok(c2, 5, 3), 0x50a08);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:431-448 6.1 and 420-435 6.12: count 0 and too many pages */
static void test_rejected_before_search(void **state)
{
	/* pfns and page counts of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_CMA | RMEM_TEST_PAGE_4K) {
		/*
		 * 6.1 counts the 4097 pages of the refused call
		 * (cma_counts_refused()); 7.2 searches for them
		 * (cma_too_big_searched()): a failure, logged and counted
		 */
		bool searched = cma_too_big_searched(it.name);
		uint64_t failed = cma_counts_refused(it.name) ? 4097 : 0;
		struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, SZ_1G);
		struct rmem_cma *cma = area(ctx, 0x50000000, 16 * SZ_1M, 0);
		struct rmem_cma_stat st;
		rmem_pfn_t pfn = 7;

		assert_int_equal(rmem_cma_alloc(cma, 0, 0, false, &pfn), -EINVAL);
		assert_int_equal(rmem_cma_alloc(cma, 4097, 0, false, &pfn),
				 searched ? -EBUSY : -ENOMEM);
		assert_int_equal(rmem_cma_alloc(NULL, 1, 0, false, &pfn), -EINVAL);
		assert_int_equal(rmem_cma_alloc(cma, 1, 64, false, &pfn), -EINVAL);
		assert_int_equal(pfn, 7);
		/* no failure line: the kernel returns before it */
		assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ERR), searched);
		rmem_cma_get_stat(cma, &st);
		assert_int_equal(st.alloc_pages_fail, failed ? failed + 1 : searched ? 4097 : 0);
		assert_int_equal(st.has_sysfs, cma_sysfs(it.name));
		assert_int_equal(st.has_release_stat, cma_release_stat(it.name));
		assert_int_equal(alloc_ok(cma, 4096, 0), 0x50000);
		rmem_ctx_destroy(ctx);
	}
}

/* mm/cma.c:488-492 5.10: the failure line has no area name */
static void test_failure_line_5_10(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 4 * SZ_1M, 0);
	rmem_pfn_t pfn;

	alloc_ok(cma, 1024, 0);
	assert_int_equal(rmem_cma_alloc(cma, 1, 0, false, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR,
			    "cma: cma_alloc: alloc failed, req-size: 1 pages, ret: -12"));
	/* without CONFIG_CMA_DEBUG, no free-run line */
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_INFO), 1);
	rmem_ctx_destroy(ctx);

	/* with CONFIG_CMA_DEBUG, the free runs follow */
	struct rmem_profile p = rmem_test_profile("arm64-5.10");

	p.cma_debug = true;
	ctx = rmem_ctx_create(&p);
	assert_non_null(ctx);
	assert_int_equal(rmem_memblock_add(rmem_ctx_memblock(ctx), SZ_1G, SZ_1G), 0);
	cma = area(ctx, 0x50000000, 4 * SZ_1M, 0);
	alloc_ok(cma, 1024, 0);
	assert_int_equal(rmem_cma_alloc(cma, 2, 0, false, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO,
			    "cma: number of available pages: => 0 free of 1024 total pages"));
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:502-506 6.1: the name in the line; free runs only with CONFIG_CMA_DEBUG */
static void test_failure_line_6_1(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0);
	rmem_pfn_t pfn;

	alloc_ok(cma, 512, 0);
	assert_int_equal(rmem_cma_alloc(cma, 1, 0, false, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR,
			    "cma: cma_alloc: test: alloc failed, req-size: 1 pages, ret: -12"));
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_INFO), 1);
	/* @no_warn: nothing */
	assert_int_equal(rmem_cma_alloc(cma, 1, 0, true, &pfn), -ENOMEM);
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ERR), 1);
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:381-404, 486-490 6.12: __cma_alloc in the line, and the free
 * runs always: "PAGES@BIT" joined by '+'.
 */
static void test_failure_lines_6_12(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 8 * SZ_1M, 0);
	struct rmem_cma *c1 = area(ctx, 0x51000000, 8 * SZ_1M, 1);
	rmem_pfn_t pfn;

	alloc_ok(cma, 2, 0);
	alloc_ok(cma, 3, 0);
	alloc_ok(cma, 2043, 0);
	assert_int_equal(rmem_cma_release(cma, 0x50000, 2), 0);
	assert_int_equal(rmem_cma_release(cma, 0x50000 + 10, 5), 0);
	assert_int_equal(rmem_cma_alloc(cma, 6, 0, false, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR,
			    "cma: __cma_alloc: test: alloc failed, req-size: 6 pages, ret: -12"));
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO,
			    "cma: number of available pages: 2@0+5@10=> 7 free of 2048 total pages"));
	/* with 2-page bits the position is a bit number, the size in pages */
	alloc_ok(c1, 2048, 0);
	assert_int_equal(rmem_cma_release(c1, 0x51000 + 4, 4), 0);
	assert_int_equal(rmem_cma_alloc(c1, 6, 0, false, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO,
			    "cma: number of available pages: 4@2=> 4 free of 2048 total pages"));
	rmem_ctx_destroy(ctx);
}

/*
 * 7.2 (mm/cma.c:812, :904 and cma_debug_show_areas() :711): a request for
 * more pages than are left fails before the search, -EBUSY; the summary
 * is a record per range, "+" before every run not at bit 0, an empty
 * "cma: " record, and the total of available_count as a record of its own
 * at the default level.
 */
static void test_failure_lines_7_2(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-7.2", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 8 * SZ_1M, 0);
	const struct rmem_log *log = rmem_ctx_log(ctx);
	rmem_pfn_t pfn;
	long at;

	alloc_ok(cma, 2, 0);
	alloc_ok(cma, 3, 0);
	alloc_ok(cma, 2043, 0);
	assert_int_equal(rmem_cma_release(cma, 0x50000 + 10, 5), 0);
	assert_int_equal(rmem_cma_alloc(cma, 6, 0, false, &pfn), -EBUSY);
	at = rmem_test_log_find(log, RMEM_LOG_ERR,
				"cma: __cma_alloc_frozen: test: alloc failed, req-size: 6 pages, ret: -16");
	assert_true(at >= 0);
	assert_string_equal(log->lines[at + 1].text, "cma: number of available pages: ");
	assert_string_equal(log->lines[at + 2].text, "cma: range 0: +5@10");
	assert_string_equal(log->lines[at + 3].text, "cma: ");
	assert_string_equal(log->lines[at + 4].text, "=> 5 free of 2048 total pages");
	assert_int_equal(log->lines[at + 4].level, RMEM_LOG_WARNING);
	assert_int_equal(rmem_cma_release(cma, 0x50000, 2), 0);
	assert_int_equal(rmem_cma_alloc(cma, 6, 0, false, &pfn), -EBUSY);
	assert_true(rmem_test_log_has(log, RMEM_LOG_INFO, "cma: range 0: 2@0+5@10"));
	/* the release lines */
	assert_true(rmem_test_log_has(log, RMEM_LOG_DEBUG,
			    "cma: find_cma_memrange(page (____ptrval____), count 2)"));
	assert_true(rmem_test_log_has(log, RMEM_LOG_DEBUG,
			    "cma: __cma_release_frozen(page (____ptrval____), count 2)"));
	/* past the area's end: refused with the second find_cma_memrange() line */
	assert_int_equal(rmem_cma_release(cma, 0x50000 + 2040, 16), -EINVAL);
	assert_true(rmem_test_log_has(log, RMEM_LOG_DEBUG,
			    "cma: find_cma_memrange(page (____ptrval____), count 16, no cma range matches the page range)"));
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:434-435, 508 6.1 and 423, 492 6.12: the debug lines of a call */
static void test_debug_lines(void **state)
{
	struct rmem_ctx *c61 = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_ctx *c612 = rmem_test_ctx("arm64-6.12", SZ_1G, SZ_1G);
	struct rmem_ctx *carm = rmem_test_ctx("armhf-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *a = area(c61, 0x50000000, 2 * SZ_1M, 0);
	struct rmem_cma *b = area(c612, 0x50000000, 2 * SZ_1M, 0);
	struct rmem_cma *c = area(carm, 0x50000000, 2 * SZ_1M, 0);
	rmem_pfn_t pfn;

	alloc_ok(a, 1, 3);
	assert_true(rmem_test_log_has(rmem_ctx_log(c61), RMEM_LOG_DEBUG,
			    "cma: cma_alloc(cma (____ptrval____), count 1, align 3)"));
	assert_true(rmem_test_log_has(rmem_ctx_log(c61), RMEM_LOG_DEBUG, "cma: cma_alloc(): returned (____ptrval____)"));
	assert_int_equal(rmem_cma_alloc(a, 512, 0, true, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(c61), RMEM_LOG_DEBUG, "cma: cma_alloc(): returned 0000000000000000"));
	alloc_ok(b, 1, 0);
	assert_true(rmem_test_log_has(rmem_ctx_log(c612), RMEM_LOG_DEBUG,
			    "cma: __cma_alloc(cma (____ptrval____), name: test, count 1, align 0)"));
	assert_true(rmem_test_log_has(rmem_ctx_log(c612), RMEM_LOG_DEBUG, "cma: __cma_alloc(): returned (____ptrval____)"));
	/* 32-bit arm prints shorter pointers */
	assert_int_equal(rmem_cma_alloc(c, 513, 0, true, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(carm), RMEM_LOG_DEBUG, "cma: cma_alloc(cma (ptrval), count 513, align 0)"));
	alloc_ok(c, 1, 0);
	assert_int_equal(rmem_cma_alloc(c, 511, 1, true, &pfn), -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(carm), RMEM_LOG_DEBUG, "cma: cma_alloc(): returned 00000000"));
	rmem_ctx_destroy(c61);
	rmem_ctx_destroy(c612);
	rmem_ctx_destroy(carm);
}

/* mm/cma.c:477-487 6.1: a busy range is released and the search restarts past it */
static void test_busy_retry(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0);
	struct busy b = { .pages = { 0x50001 }, .nr_pages = 1 };

	rmem_cma_set_range_hook(ctx, busy_hook, &b);
	assert_int_equal(alloc_ok(cma, 2, 0), 0x50002);
	assert_int_equal(b.calls, 3);
	assert_int_equal(b.tried[0], 0x50000);
	assert_int_equal(b.tried[1], 0x50001);
	assert_int_equal(b.tried[2], 0x50002);
	assert_int_equal(used(cma), 2);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_DEBUG,
			    "cma: cma_alloc(): memory range at (____ptrval____) is busy, retrying"));
	/* the free pages before the busy one are still first for a single page */
	assert_int_equal(alloc_ok(cma, 1, 0), 0x50000);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:473 6.12: the next start is bitmap_no + mask + 1, whole alignment steps */
static void test_busy_retry_aligned(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0);
	struct busy b = { .pages = { 0x50005 }, .nr_pages = 1 };

	rmem_cma_set_range_hook(ctx, busy_hook, &b);
	assert_int_equal(alloc_ok(cma, 8, 2), 0x50008);
	assert_int_equal(b.calls, 3);
	assert_int_equal(b.tried[1], 0x50004);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_DEBUG, "cma: __cma_alloc(): memory range at pfn "
						 "0x50004 (____ptrval____) is busy, retrying"));
	/* a single busy page at the first candidate skips a whole step */
	b.pages[0] = 0x50000;
	b.calls = 0;
	assert_int_equal(alloc_ok(cma, 1, 2), 0x50004);
	assert_int_equal(b.calls, 2);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:486-490 6.12: every candidate busy ends with -EBUSY and a clear bitmap */
static void test_all_busy(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0);
	struct busy b = { .all = true };
	struct rmem_cma_stat st;
	rmem_pfn_t pfn;

	rmem_cma_set_range_hook(ctx, busy_hook, &b);
	assert_int_equal(rmem_cma_alloc(cma, 1, 0, false, &pfn), -EBUSY);
	assert_int_equal(b.calls, 512);
	assert_int_equal(b.tried[511], 0x501ff);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR,
			    "cma: __cma_alloc: test: alloc failed, req-size: 1 pages, ret: -16"));
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO,
			    "cma: number of available pages: 512@0=> 512 free of 512 total pages"));
	rmem_cma_get_stat(cma, &st);
	assert_int_equal(st.used, 0);
	assert_int_equal(st.alloc_pages_fail, 1);
	/* align 8 tries each 256-page step once */
	b.calls = 0;
	assert_int_equal(rmem_cma_alloc(cma, 1, 8, true, &pfn), -EBUSY);
	assert_int_equal(b.calls, 2);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:477-479 6.1: an error other than -EBUSY ends the search at once */
static void test_other_error(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0);
	struct busy b = { .other = -EINTR };
	rmem_pfn_t pfn;

	rmem_cma_set_range_hook(ctx, busy_hook, &b);
	assert_int_equal(rmem_cma_alloc(cma, 4, 0, false, &pfn), -EINTR);
	assert_int_equal(b.calls, 1);
	assert_int_equal(used(cma), 0);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR,
			    "cma: cma_alloc: test: alloc failed, req-size: 4 pages, ret: -4"));
	rmem_cma_set_range_hook(ctx, NULL, NULL);
	assert_int_equal(alloc_ok(cma, 4, 0), 0x50000);
	rmem_ctx_destroy(ctx);
}

/* mm/cma_sysfs.c 6.1/6.12: pages counted on success and failure; 5.10 has none */
static void test_counters(void **state)
{
	/* a 4 MiB area: arm without LPAE wants 8 MiB (its pageblocks) */
	rmem_test_for_each_profile(it, RMEM_TEST_CMA | RMEM_TEST_PAGE_4K | RMEM_TEST_PHYS_64) {
		struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, SZ_1G);
		struct rmem_cma *cma = area(ctx, 0x50000000, 4 * SZ_1M, 0);
		struct rmem_cma_stat st;
		rmem_pfn_t pfn;

		alloc_ok(cma, 1000, 0);
		alloc_ok(cma, 20, 0);
		assert_int_equal(rmem_cma_alloc(cma, 5, 0, true, &pfn), cma_no_room_err(it.name));
		rmem_cma_get_stat(cma, &st);
		assert_int_equal(st.alloc_pages_success, cma_sysfs(it.name) ? 1020 : 0);
		assert_int_equal(st.alloc_pages_fail, cma_sysfs(it.name) ? 5 : 0);
		assert_int_equal(st.used, 1020);
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_fit),
		cmocka_unit_test(test_align_offset),
		cmocka_unit_test(test_order_per_bit),
		cmocka_unit_test(test_rejected_before_search),
		cmocka_unit_test(test_failure_line_5_10),
		cmocka_unit_test(test_failure_line_6_1),
		cmocka_unit_test(test_failure_lines_6_12),
		cmocka_unit_test(test_failure_lines_7_2),
		cmocka_unit_test(test_debug_lines),
		cmocka_unit_test(test_busy_retry),
		cmocka_unit_test(test_busy_retry_aligned),
		cmocka_unit_test(test_all_busy),
		cmocka_unit_test(test_other_error),
		cmocka_unit_test(test_counters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
