// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_init_reserved_areas() / cma_activate_area() (mm/cma.c) in 5.10, 6.1
 * and 6.12: the bitmap, the one-zone rule and what a failed area gives back.
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"

#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL
#define SZ_4G 0x100000000ULL

/* 1 GiB..5 GiB of DRAM, ZONE_DMA32 below 4 GiB and ZONE_NORMAL above */
static struct rmem_ctx *new_ctx(const char *profile)
{
	struct rmem_ctx *ctx = rmem_test_ctx(profile, SZ_1G, 4 * SZ_1G);
	unsigned int shift = rmem_ctx_profile(ctx)->page_shift;
	struct rmem_zone zones[2] = {
		{ "DMA32", SZ_1G >> shift, SZ_4G >> shift },
		{ "Normal", SZ_4G >> shift, (5 * SZ_1G) >> shift },
	};

	assert_int_equal(rmem_ctx_set_zones(ctx, zones, 2), 0);
	return ctx;
}

static struct rmem_cma *fixed(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
			      const char *name)
{
	struct rmem_cma *cma = NULL;

	assert_int_equal(rmem_cma_declare_contiguous(ctx, base, size, 0, 0, 0, true, name, &cma),
			 0);
	return cma;
}

/* mm/cma.c:96-129 6.1: an area in one zone gets its bitmap and can allocate */
static void test_one_zone(void **state)
{
	struct rmem_ctx *ctx = new_ctx("arm64-6.1");
	struct rmem_cma *a = fixed(ctx, SZ_4G - 16 * SZ_1M, 16 * SZ_1M, "low");
	struct rmem_cma *b = fixed(ctx, SZ_4G, 16 * SZ_1M, "high");
	struct rmem_cma_stat st;
	rmem_pfn_t pfn;

	assert_int_equal(rmem_cma_alloc(a, 1, 0, false, &pfn), -EINVAL);
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	rmem_cma_get_stat(a, &st);
	assert_true(st.active);
	assert_int_equal(st.count, 4096);
	assert_int_equal(st.maxchunk, 4096);
	assert_int_equal(st.used, 0);
	assert_int_equal(rmem_cma_alloc(b, 1, 0, false, &pfn), 0);
	assert_int_equal(pfn, SZ_4G >> 12);
	assert_int_equal(rmem_cma_total_pages(ctx), 8192);
	assert_int_equal(rmem_test_log_find(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: CMA area low could not be activated"),
			 -1);
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:131-141 6.1 (127-137 6.12): an area across two zones fails,
 * leaves totalcma_pages, and its pages go to the page allocator.
 */
RMEM_TEST_KERNEL_FACT(bool, gives_back_total,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = true, [RMEM_TEST_6_12] = true,
		      [RMEM_TEST_7_2] = true)

static void test_cross_zone_6_x(void **state)
{
	/* page counts of 4K pages on arm64's zones */
	rmem_test_for_each_profile_if(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K, gives_back_total) {
		struct rmem_ctx *ctx = new_ctx(it.name);
		struct rmem_cma *good = fixed(ctx, SZ_1G, 8 * SZ_1M, "good");
		struct rmem_cma *cma = fixed(ctx, SZ_4G - 8 * SZ_1M, 16 * SZ_1M, "across");
		struct rmem_cma_stat st;
		rmem_pfn_t pfn;

		assert_int_equal(rmem_cma_total_pages(ctx), 6144);
		assert_int_equal(rmem_cma_activate_areas(ctx), 0);
		assert_true(rmem_test_log_find(rmem_ctx_log(ctx), RMEM_LOG_ERR,
				      "cma: CMA area across could not be activated") >= 0);
		rmem_cma_get_stat(cma, &st);
		assert_false(st.active);
		assert_int_equal(st.count, 0);
		assert_int_equal(st.pages_to_buddy, 4096);
		assert_int_equal(rmem_cma_get_size(cma), 0);
		assert_int_equal(rmem_cma_total_pages(ctx), 2048);
		assert_int_equal(rmem_cma_alloc(cma, 1, 0, false, &pfn), -EINVAL);
		assert_int_equal(rmem_cma_release(cma, SZ_4G >> 12, 1), -EINVAL);
		/* the debugfs bitmap of an empty area is empty */
		assert_int_equal(rmem_cma_bitmap_show(cma, NULL, 0), 0);
		rmem_cma_get_stat(good, &st);
		assert_true(st.active);
		rmem_ctx_destroy(ctx);
	}
}

/* mm/cma.c:136-140 5.10: a failed area only loses its count; totalcma_pages keeps it */
static void test_cross_zone_5_10(void **state)
{
	struct rmem_ctx *ctx = new_ctx("arm64-5.10");
	struct rmem_cma *cma = fixed(ctx, SZ_4G - 8 * SZ_1M, 16 * SZ_1M, "across");
	struct rmem_cma_stat st;

	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	assert_true(rmem_test_log_find(rmem_ctx_log(ctx), RMEM_LOG_ERR,
			      "cma: CMA area across could not be activated") >= 0);
	rmem_cma_get_stat(cma, &st);
	assert_int_equal(st.count, 0);
	assert_int_equal(st.pages_to_buddy, 0);
	assert_int_equal(rmem_cma_total_pages(ctx), 4096);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:135 6.1: reserve_pages_on_error keeps the pages but still leaves totalcma_pages */
static void test_reserve_pages_on_error(void **state)
{
	struct rmem_ctx *ctx = new_ctx("arm64-6.1");
	struct rmem_cma *cma = fixed(ctx, SZ_4G - 8 * SZ_1M, 16 * SZ_1M, "across");
	struct rmem_cma_stat st;

	assert_int_equal(rmem_cma_reserve_pages_on_error(cma), 0);
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	rmem_cma_get_stat(cma, &st);
	assert_int_equal(st.pages_to_buddy, 0);
	assert_int_equal(rmem_cma_total_pages(ctx), 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:112-116 6.1: a zone's end is exclusive; an area ending there is fine */
static void test_zone_edges(void **state)
{
	struct rmem_ctx *ctx = new_ctx("arm64-6.1");
	struct rmem_cma *below = fixed(ctx, SZ_4G - 2 * SZ_1M, 2 * SZ_1M, "below");
	struct rmem_cma *above = fixed(ctx, SZ_4G, 2 * SZ_1M, "above");
	struct rmem_cma_stat st;

	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	rmem_cma_get_stat(below, &st);
	assert_true(st.active);
	rmem_cma_get_stat(above, &st);
	assert_true(st.active);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:110-115 6.1: pages outside every zone are not the base's zone */
static void test_zone_hole(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	struct rmem_ctx *ctx = rmem_ctx_create(&p);
	struct rmem_zone zones[2] = {
		{ "DMA", 0x40000, 0x50000 },
		{ "Normal", 0x50400, 0x80000 },
	};
	struct rmem_cma *hole, *inside;

	assert_non_null(ctx);
	assert_int_equal(rmem_memblock_add(rmem_ctx_memblock(ctx), SZ_1G, SZ_1G), 0);
	assert_int_equal(rmem_ctx_set_zones(ctx, zones, 2), 0);
	hole = fixed(ctx, 0x4fe00000, 8 * SZ_1M, "hole");
	inside = fixed(ctx, 0x50800000, 8 * SZ_1M, "inside");
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	assert_true(rmem_test_log_find(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: CMA area hole could not be activated") >= 0);
	assert_int_equal(rmem_cma_get_size(hole), 0);
	assert_int_equal(rmem_cma_get_size(inside), 8 * SZ_1M);
	rmem_ctx_destroy(ctx);
}

/* core_initcall runs once: activating again changes and logs nothing */
static void test_activate_once(void **state)
{
	struct rmem_ctx *ctx = new_ctx("arm64-6.1");
	struct rmem_cma *cma;
	rmem_pfn_t pfn;
	size_t lines;

	fixed(ctx, SZ_4G - 8 * SZ_1M, 16 * SZ_1M, "across");
	cma = fixed(ctx, SZ_1G, 8 * SZ_1M, "good");
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	assert_int_equal(rmem_cma_alloc(cma, 4, 0, false, &pfn), 0);
	lines = rmem_ctx_log(ctx)->nr;
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	assert_int_equal(rmem_ctx_log(ctx)->nr, lines);
	assert_int_equal(rmem_cma_total_pages(ctx), 2048);
	/* the allocation survived */
	assert_int_equal(rmem_cma_release(cma, pfn, 4), 0);
	rmem_ctx_destroy(ctx);
}

/* Without rmem_ctx_set_zones() there is a single zone: everything activates */
static void test_no_zones(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_ctx *ctx = rmem_ctx_create(&p);
	struct rmem_cma_stat st;
	struct rmem_cma *cma;

	assert_non_null(ctx);
	assert_int_equal(rmem_memblock_add(rmem_ctx_memblock(ctx), SZ_1G, 4 * SZ_1G), 0);
	cma = fixed(ctx, SZ_4G - 8 * SZ_1M, 16 * SZ_1M, "across");
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	rmem_cma_get_stat(cma, &st);
	assert_true(st.active);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_zone),
		cmocka_unit_test(test_cross_zone_6_x),
		cmocka_unit_test(test_cross_zone_5_10),
		cmocka_unit_test(test_reserve_pages_on_error),
		cmocka_unit_test(test_zone_edges),
		cmocka_unit_test(test_zone_hole),
		cmocka_unit_test(test_activate_once),
		cmocka_unit_test(test_no_zones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
