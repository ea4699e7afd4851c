// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_release() and cma_pages_valid() (mm/cma.c) in 5.10, 6.1 and 6.12:
 * what the kernel accepts, and where rmem refuses what would corrupt the
 * kernel's bitmap.
 */
#include <errno.h>
#include <string.h>

#include "cma_kernels.h"

#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL

static struct rmem_cma *area(struct rmem_ctx **pctx, const char *profile,
			     unsigned int order_per_bit)
{
	struct rmem_profile p = rmem_test_profile(profile);
	struct rmem_ctx *ctx = rmem_ctx_create(&p);
	struct rmem_cma *cma = NULL;

	assert_non_null(ctx);
	assert_int_equal(rmem_memblock_add(rmem_ctx_memblock(ctx), SZ_1G, SZ_1G), 0);
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0x50000000, 4 * SZ_1M, 0, 0,
						     order_per_bit, true, "test", &cma), 0);
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	*pctx = ctx;
	return cma;
}

static rmem_pfn_t alloc_ok(struct rmem_cma *cma, unsigned long count)
{
	rmem_pfn_t pfn = 0;

	assert_int_equal(rmem_cma_alloc(cma, count, 0, false, &pfn), 0);
	return pfn;
}

static void stat_of(struct rmem_cma *cma, struct rmem_cma_stat *st)
{
	rmem_cma_get_stat(cma, st);
}

/* mm/cma.c:562-581 6.12: release clears the bits and counts release_pages_success */
static void test_valid(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_CMA) {
		struct rmem_ctx *ctx;
		struct rmem_cma *cma = area(&ctx, it.name, 0);
		struct rmem_cma_stat st;
		rmem_pfn_t a = alloc_ok(cma, 10), b = alloc_ok(cma, 5);

		assert_int_equal(rmem_cma_release(cma, a, 10), 0);
		stat_of(cma, &st);
		assert_int_equal(st.used, 5);
		assert_int_equal(st.release_pages_success, cma_release_stat(it.name) ? 10 : 0);
		assert_int_equal(alloc_ok(cma, 10), a);
		assert_int_equal(rmem_cma_release(cma, b, 5), 0);
		rmem_ctx_destroy(ctx);
	}
}

/* mm/cma.c:533-539 6.1: a pfn outside the area is refused, with the debug line */
static void test_outside(void **state)
{
	struct rmem_ctx *ctx;
	struct rmem_cma *cma = area(&ctx, "arm64-6.1", 0);

	alloc_ok(cma, 1);
	assert_int_equal(rmem_cma_release(cma, 0x4ffff, 1), -EINVAL);
	assert_int_equal(rmem_cma_release(cma, 0x50400, 1), -EINVAL);
	assert_int_equal(rmem_cma_release(NULL, 0x50000, 1), -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_DEBUG, "cma: cma_pages_valid(page (____ptrval____), count 1)"));
	assert_int_equal(rmem_cma_release(cma, 0x50000, 1), 0);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_DEBUG, "cma: cma_release(page (____ptrval____), count 1)"));
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:515 5.10: the debug line comes before the range check, without a count */
static void test_debug_line_5_10(void **state)
{
	struct rmem_ctx *ctx;
	struct rmem_cma *cma = area(&ctx, "arm64-5.10", 0);

	assert_int_equal(rmem_cma_release(cma, 0x4ffff, 1), -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_DEBUG, "cma: cma_release(page (____ptrval____))"));
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:566 6.1: the kernel clears bits that were never set; rmem
 * refuses with -ENOENT and leaves the bitmap as it was.
 */
static void test_not_allocated(void **state)
{
	struct rmem_ctx *ctx;
	struct rmem_cma *cma = area(&ctx, "arm64-6.12", 0);
	char before[4096], after[4096];
	struct rmem_cma_stat st;
	rmem_pfn_t a = alloc_ok(cma, 4);

	rmem_cma_bitmap_show(cma, before, sizeof(before));
	/* never allocated */
	assert_int_equal(rmem_cma_release(cma, a + 4, 1), -ENOENT);
	/* partly allocated */
	assert_int_equal(rmem_cma_release(cma, a + 2, 4), -ENOENT);
	rmem_cma_bitmap_show(cma, after, sizeof(after));
	assert_string_equal(before, after);
	/* twice */
	assert_int_equal(rmem_cma_release(cma, a, 4), 0);
	assert_int_equal(rmem_cma_release(cma, a, 4), -ENOENT);
	stat_of(cma, &st);
	assert_int_equal(st.used, 0);
	assert_int_equal(st.release_pages_success, 4);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:563 6.1: past the area's end is the kernel's VM_BUG_ON; rmem says -ERANGE */
static void test_past_end(void **state)
{
	struct rmem_ctx *ctx;
	struct rmem_cma *cma = area(&ctx, "arm64-6.1", 0);
	struct rmem_cma_stat st;

	alloc_ok(cma, 1024);
	assert_int_equal(rmem_cma_release(cma, 0x503ff, 2), -ERANGE);
	stat_of(cma, &st);
	assert_int_equal(st.used, 1024);
	assert_int_equal(rmem_cma_release(cma, 0x503ff, 1), 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma_debug.c cma_free_mem(): a part of an allocation can go back (bits of one page) */
static void test_partial(void **state)
{
	struct rmem_ctx *ctx;
	struct rmem_cma *cma = area(&ctx, "arm64-6.1", 0);
	rmem_pfn_t a = alloc_ok(cma, 8);
	struct rmem_cma_stat st;

	assert_int_equal(rmem_cma_release(cma, a, 3), 0);
	assert_int_equal(rmem_cma_release(cma, a + 3, 5), 0);
	stat_of(cma, &st);
	assert_int_equal(st.used, 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:82-94 6.1 cma_clear_bitmap(): with 2-page bits the count is rounded up to bits */
static void test_order_per_bit(void **state)
{
	struct rmem_ctx *ctx;
	struct rmem_cma *cma = area(&ctx, "arm64-6.1", 1);
	rmem_pfn_t a = alloc_ok(cma, 3);
	rmem_pfn_t b = alloc_ok(cma, 2);
	struct rmem_cma_stat st;

	assert_int_equal(b, a + 4);
	/* a pfn inside a bit names that bit */
	assert_int_equal(rmem_cma_release(cma, a + 1, 1), 0);
	stat_of(cma, &st);
	assert_int_equal(st.used, 4);
	assert_int_equal(rmem_cma_release(cma, a, 1), -ENOENT);
	assert_int_equal(rmem_cma_release(cma, a + 2, 1), 0);
	assert_int_equal(rmem_cma_release(cma, b, 2), 0);
	stat_of(cma, &st);
	assert_int_equal(st.used, 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:565-569 6.1: count 0 inside the area is a successful no-op */
static void test_count_zero(void **state)
{
	struct rmem_ctx *ctx;
	struct rmem_cma *cma = area(&ctx, "arm64-6.12", 0);
	struct rmem_cma_stat st;

	assert_int_equal(rmem_cma_release(cma, 0x50010, 0), 0);
	stat_of(cma, &st);
	assert_int_equal(st.release_pages_success, 0);
	assert_int_equal(st.used, 0);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_outside),
		cmocka_unit_test(test_debug_line_5_10),
		cmocka_unit_test(test_not_allocated),
		cmocka_unit_test(test_past_end),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_order_per_bit),
		cmocka_unit_test(test_count_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
