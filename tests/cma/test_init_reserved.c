// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_init_reserved_mem() (mm/cma.c) in 5.10, 6.1 and 6.12: the checks on
 * a region memblock already holds, and what a new area looks like.
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"

#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL

static void reserve(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	assert_int_equal(rmem_memblock_reserve(rmem_ctx_memblock(ctx), base, size), 0);
}

static int init(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
		unsigned int order_per_bit, struct rmem_cma **cma)
{
	return rmem_cma_init_reserved_mem(ctx, base, size, order_per_bit, "r", cma);
}

/* mm/cma.c:193-211 6.1: the area's fields and totalcma_pages; nothing is logged */
static void test_success(void **state)
{
	/* page counts and pfns of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_CMA | RMEM_TEST_PAGE_4K) {
		struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, SZ_1G);
		struct rmem_cma *cma = NULL;
		struct rmem_cma_stat st;

		reserve(ctx, 0x50000000, 8 * SZ_1M);
		assert_int_equal(init(ctx, 0x50000000, 8 * SZ_1M, 0, &cma), 0);
		assert_non_null(cma);
		rmem_cma_get_stat(cma, &st);
		assert_int_equal(st.base_pfn, 0x50000);
		assert_int_equal(st.count, 2048);
		assert_int_equal(st.order_per_bit, 0);
		/* not activated yet */
		assert_false(st.active);
		assert_int_equal(rmem_cma_total_pages(ctx), 2048);
		assert_int_equal(rmem_cma_area_count(ctx), 1);
		assert_int_equal(rmem_ctx_log(ctx)->nr, 0);
		rmem_ctx_destroy(ctx);
	}
}

/* mm/cma.c:186-187 6.1: size 0, or nothing reserved there, is -EINVAL */
static void test_not_reserved(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	assert_int_equal(init(ctx, 0x50000000, 8 * SZ_1M, 0, &cma), -EINVAL);
	reserve(ctx, 0x50000000, 8 * SZ_1M);
	assert_int_equal(init(ctx, 0x50000000, 0, 0, &cma), -EINVAL);
	assert_int_equal(rmem_cma_area_count(ctx), 0);
	assert_int_equal(rmem_cma_total_pages(ctx), 0);
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:186 6.1: memblock_is_region_reserved() asks for an overlap, so a
 * region only partly reserved passes.
 */
static void test_partly_reserved(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	reserve(ctx, 0x50000000, 0x1000);
	assert_int_equal(init(ctx, 0x50000000, 8 * SZ_1M, 0, &cma), 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:190 6.1, 185-193 5.10: the minimum alignment differs */
static void test_alignment(void **state)
{
	struct rmem_ctx *c510 = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_ctx *c61 = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_ctx *c16k = rmem_test_ctx("arm64-6.12-16k", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	reserve(c510, 0x50000000, 64 * SZ_1M);
	reserve(c61, 0x50000000, 64 * SZ_1M);
	reserve(c16k, 0x50000000, 64 * SZ_1M);
	/* 1 MiB: too little for all */
	assert_int_equal(init(c61, 0x50100000, 2 * SZ_1M, 0, &cma), -EINVAL);
	assert_int_equal(init(c61, 0x50000000, 3 * SZ_1M, 0, &cma), -EINVAL);
	/* 2 MiB: a pageblock, enough from 6.1, not for 5.10's 4 MiB */
	assert_int_equal(init(c510, 0x50200000, 4 * SZ_1M, 0, &cma), -EINVAL);
	assert_int_equal(init(c510, 0x50000000, 6 * SZ_1M, 0, &cma), -EINVAL);
	assert_int_equal(init(c61, 0x50200000, 6 * SZ_1M, 0, &cma), 0);
	assert_int_equal(init(c510, 0x50400000, 4 * SZ_1M, 0, &cma), 0);
	/* 16K pages: 32 MiB */
	assert_int_equal(init(c16k, 0x50000000, 16 * SZ_1M, 0, &cma), -EINVAL);
	assert_int_equal(init(c16k, 0x50000000, 32 * SZ_1M, 0, &cma), 0);
	assert_int_equal(rmem_cma_total_pages(c16k), 2048);
	rmem_ctx_destroy(c510);
	rmem_ctx_destroy(c61);
	rmem_ctx_destroy(c16k);
}

/* mm/cma.c:188-190 5.10: a bit may not cover more than the alignment; 6.1 drops the check */
static void test_order_per_bit(void **state)
{
	struct rmem_ctx *c510 = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_ctx *c61 = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	reserve(c510, 0x50000000, 64 * SZ_1M);
	reserve(c61, 0x50000000, 64 * SZ_1M);
	/* 5.10's alignment is 2^10 pages */
	assert_int_equal(init(c510, 0x50000000, 16 * SZ_1M, 11, &cma), -EINVAL);
	assert_int_equal(init(c510, 0x50000000, 16 * SZ_1M, 10, &cma), 0);
	assert_int_equal(init(c61, 0x50000000, 16 * SZ_1M, 11, &cma), 0);
	rmem_ctx_destroy(c510);
	rmem_ctx_destroy(c61);
}

/* mm/cma.c:156-159 6.1: cma_reserve_pages_on_error() exists from 6.1 only */
static void test_reserve_pages_on_error(void **state)
{
	struct rmem_ctx *c510 = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_ctx *c61 = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *a, *b;

	reserve(c510, 0x50000000, 4 * SZ_1M);
	reserve(c61, 0x50000000, 4 * SZ_1M);
	assert_int_equal(init(c510, 0x50000000, 4 * SZ_1M, 0, &a), 0);
	assert_int_equal(init(c61, 0x50000000, 4 * SZ_1M, 0, &b), 0);
	assert_int_equal(rmem_cma_reserve_pages_on_error(a), -EOPNOTSUPP);
	assert_int_equal(rmem_cma_reserve_pages_on_error(b), 0);
	rmem_ctx_destroy(c510);
	rmem_ctx_destroy(c61);
}

/* mm/cma.c:181-184 6.1: the slot check comes first and logs */
static void test_slots(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("armhf-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma;
	const struct rmem_log *log = rmem_ctx_log(ctx);

	reserve(ctx, 0x50000000, 64 * SZ_1M);
	for (int i = 0; i < 8; i++)
		assert_int_equal(init(ctx, 0x50000000 + (rmem_phys_t)i * 2 * SZ_1M, 2 * SZ_1M, 0,
				      &cma), 0);
	assert_int_equal(rmem_cma_total_pages(ctx), 8 * 512);
	/* even an invalid request gets the slot error first */
	assert_int_equal(init(ctx, 0, 0, 0, &cma), -ENOSPC);
	assert_int_equal(log->nr, 1);
	assert_int_equal(log->lines[0].level, RMEM_LOG_ERR);
	assert_string_equal(log->lines[0].text, "cma: Not enough slots for CMA reserved regions!");
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:199-202 5.10: the default name keeps the format's newline */
static void test_default_name(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	reserve(ctx, 0x50000000, 8 * SZ_1M);
	assert_int_equal(rmem_cma_init_reserved_mem(ctx, 0x50000000, 4 * SZ_1M, 0, NULL, &cma), 0);
	assert_string_equal(rmem_cma_get_name(cma), "cma0\n");
	assert_int_equal(rmem_cma_init_reserved_mem(ctx, 0x50400000, 4 * SZ_1M, 0, "%%x", &cma),
			 0);
	assert_string_equal(rmem_cma_get_name(cma), "%x");
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_not_reserved),
		cmocka_unit_test(test_partly_reserved),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_order_per_bit),
		cmocka_unit_test(test_reserve_pages_on_error),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_default_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
