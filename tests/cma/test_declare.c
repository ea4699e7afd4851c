// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_declare_contiguous_nid() (mm/cma.c) in 5.10, 6.1 and 6.12: the
 * checks in their order, the placement of non-fixed areas, and the log
 * lines, verbatim.
 */
#include <errno.h>
#include <string.h>

#include "cma_kernels.h"
#include "rmem_test.h"

#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL
#define SZ_4G 0x100000000ULL

static bool reserved(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	return rmem_memblock_is_region_reserved(rmem_ctx_memblock(ctx), base, size);
}

static struct rmem_cma *declare(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
				rmem_phys_t limit, bool fixed, int expect)
{
	struct rmem_cma *cma = NULL;

	assert_int_equal(rmem_cma_declare_contiguous(ctx, base, size, limit, 0, 0, fixed,
						     "test", &cma), expect);
	return cma;
}

/* mm/cma.c cma_declare_contiguous_nid() 6.1: a fixed area, its lines and totalcma_pages */
static void test_fixed_6_1(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, 2 * SZ_1G);
	struct rmem_cma *cma = declare(ctx, 0x50000000, 16 * SZ_1M, 0, true, 0);

	assert_int_equal(rmem_cma_get_base(cma), 0x50000000);
	assert_int_equal(rmem_cma_get_size(cma), 16 * SZ_1M);
	assert_string_equal(rmem_cma_get_name(cma), "test");
	assert_int_equal(rmem_cma_total_pages(ctx), 4096);
	assert_true(reserved(ctx, 0x50000000, 16 * SZ_1M));
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_DEBUG,
		"cma: cma_declare_contiguous_nid(size 0x0000000001000000, base 0x0000000050000000, "
		"limit 0x0000000000000000 alignment 0x0000000000000000)"));
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO, "cma: Reserved 16 MiB at 0x0000000050000000"));
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ERR), 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:369 6.12: the success and failure lines name the node */
static void test_node_in_lines_6_12(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12", SZ_1G, 2 * SZ_1G);
	struct rmem_cma *cma = NULL;

	assert_int_equal(rmem_cma_declare_contiguous_nid(ctx, 0x50000000, 16 * SZ_1M, 0, 0, 0,
							 true, "a", &cma, 0), 0);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO,
			    "cma: Reserved 16 MiB at 0x0000000050000000 on node 0"));
	declare(ctx, 0x50000000, 16 * SZ_1M, 0, true, -EBUSY);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Failed to reserve 16 MiB on node -1"));
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:261 6.12: without CONFIG_NUMA the node is forgotten */
static void test_node_without_numa(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_ctx *ctx;
	struct rmem_cma *cma;

	p.nodes_shift = 0;
	ctx = rmem_ctx_create(&p);
	assert_non_null(ctx);
	assert_int_equal(rmem_memblock_add(rmem_ctx_memblock(ctx), SZ_1G, SZ_1G), 0);
	assert_int_equal(rmem_cma_declare_contiguous_nid(ctx, 0x50000000, 16 * SZ_1M, 0, 0, 0,
							 true, "a", &cma, 0), 0);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO,
			    "cma: Reserved 16 MiB at 0x0000000050000000 on node -1"));
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:266-271 6.1: a fixed base off the pageblock is refused with both lines */
static void test_fixed_misaligned_6_1(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);

	declare(ctx, 0x50100000, 16 * SZ_1M, 0, true, -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Region at 0x0000000050100000 must be "
					       "aligned to 0x0000000000200000 bytes"));
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Failed to reserve 16 MiB"));
	assert_int_equal(rmem_cma_area_count(ctx), 0);
	assert_int_equal(rmem_cma_total_pages(ctx), 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:273 5.10: the minimum is PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order) = 4 MiB */
static void test_alignment_5_10(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_ctx *ctx61 = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	declare(ctx, 0x50200000, 16 * SZ_1M, 0, true, -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Region at 0x0000000050200000 must be "
					       "aligned to 0x0000000000400000 bytes"));
	declare(ctx61, 0x50200000, 16 * SZ_1M, 0, true, 0);
	/* the size is rounded up to the alignment too */
	cma = declare(ctx, 0x50400000, 5 * SZ_1M, 0, true, 0);
	assert_int_equal(rmem_cma_get_size(cma), 8 * SZ_1M);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_INFO, "cma: Reserved 8 MiB at 0x0000000050400000"));
	cma = declare(ctx61, 0x52000000, 5 * SZ_1M, 0, true, 0);
	assert_int_equal(rmem_cma_get_size(cma), 6 * SZ_1M);
	rmem_ctx_destroy(ctx);
	rmem_ctx_destroy(ctx61);
}

/* include/linux/cma.h 6.12 with 16K pages: a pageblock is 32 MiB */
static void test_alignment_16k(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12-16k", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	declare(ctx, 0x51000000, 16 * SZ_1M, 0, true, -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Region at 0x0000000051000000 must be "
					       "aligned to 0x0000000002000000 bytes"));
	cma = declare(ctx, 0, 16 * SZ_1M, 0, false, 0);
	assert_int_equal(rmem_cma_get_size(cma), 32 * SZ_1M);
	/* top-down below the end of DRAM, no memory above 4 GiB */
	assert_int_equal(rmem_cma_get_base(cma), 2 * SZ_1G - 32 * SZ_1M);
	assert_int_equal(rmem_cma_total_pages(ctx), 32 * SZ_1M / 16384);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:255-263 6.1: size 0 and a non-power-of-two alignment return at once */
static void test_einval_silent(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	declare(ctx, 0, 0, 0, false, -EINVAL);
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0, 16 * SZ_1M, 0, 3 * SZ_1M, 0, false,
						     NULL, &cma), -EINVAL);
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ERR), 0);
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_INFO), 0);
	/* the debug line comes first in every case */
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_DEBUG), 2);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:281 6.1: a size that is not whole bits returns without a line */
static void test_order_per_bit_size(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	/* 2 MiB = 512 pages, a bit of 2^10 pages does not divide it */
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0x50000000, 2 * SZ_1M, 0, 0, 10, true,
						     "x", &cma), -EINVAL);
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ERR), 0);
	assert_false(reserved(ctx, 0x50000000, 2 * SZ_1M));
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0x50000000, 4 * SZ_1M, 0, 0, 10, true,
						     "x", &cma), 0);
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:188-190 5.10: cma_init_reserved_mem() refuses a bit larger than
 * the alignment after the range was reserved: declare frees it again.
 */
static void test_order_per_bit_5_10(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_cma *cma;

	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0x50000000, 16 * SZ_1M, 0, 0, 11, true,
						     "x", &cma), -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Failed to reserve 16 MiB"));
	assert_false(reserved(ctx, 0x50000000, 16 * SZ_1M));
	assert_int_equal(rmem_cma_area_count(ctx), 0);
	rmem_ctx_destroy(ctx);

	ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0x50000000, 16 * SZ_1M, 0, 0, 11, true,
						     "x", &cma), 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:311-315 6.1: a fixed range already reserved is -EBUSY */
static void test_fixed_busy(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);

	assert_int_equal(rmem_memblock_reserve(rmem_ctx_memblock(ctx), 0x50800000, 0x1000), 0);
	declare(ctx, 0x50000000, 16 * SZ_1M, 0, true, -EBUSY);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Failed to reserve 16 MiB"));
	assert_int_equal(rmem_cma_area_count(ctx), 0);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:300-308 6.1: base + size beyond the limit */
static void test_exceeds_limit(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);

	declare(ctx, 0x50000000, 16 * SZ_1M, 0x50800000, true, -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Size (0x0000000001000000) of region at "
					       "0x0000000050000000 exceeds limit (0x0000000050800000)"));
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Failed to reserve 16 MiB"));
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:287-292 6.1: on arm64 highmem starts at the end of DRAM, so a
 * fixed range running past it gets the low/high boundary line.
 */
static void test_fixed_past_dram_end(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);

	declare(ctx, 2 * SZ_1G - 8 * SZ_1M, 16 * SZ_1M, 0, true, -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Region at 0x000000007f800000 defined on "
					       "low/high memory boundary (0x0000000080000000)"));
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:276-277 6.1: a fixed base of 0 means anywhere */
static void test_fixed_zero_base(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = declare(ctx, 0, 16 * SZ_1M, 0, true, 0);

	assert_int_equal(rmem_cma_get_base(cma), 2 * SZ_1G - 16 * SZ_1M);
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:340-346 6.1, 327-334 6.12: with DRAM above 4 GiB the area goes
 * bottom-up from 4 GiB; 5.10 has no such step and goes top-down.
 */
static void test_above_4g(void **state)
{
	static const rmem_phys_t expect[] = {
		[RMEM_TEST_5_10] = 0x240000000ULL - 16 * SZ_1M, [RMEM_TEST_6_1] = SZ_4G,
		[RMEM_TEST_6_12] = SZ_4G, [RMEM_TEST_7_2] = SZ_4G,
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, 8 * SZ_1G);
		struct rmem_cma *cma = declare(ctx, 0, 16 * SZ_1M, 0, false, 0);

		assert_int_equal(rmem_cma_get_base(cma), RMEM_TEST_BY_KERNEL(expect, it.name));
		/* the mode is restored */
		assert_false(rmem_ctx_memblock(ctx)->bottom_up);
		rmem_ctx_destroy(ctx);
	}
}

/* mm/cma.c:341 6.1: DRAM must end at least size above 4 GiB */
static void test_above_4g_too_small(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, 3 * SZ_1G + 8 * SZ_1M);
	struct rmem_cma *cma = declare(ctx, 0, 16 * SZ_1M, 0, false, 0);

	assert_int_equal(rmem_cma_get_base(cma), SZ_4G + 8 * SZ_1M - 16 * SZ_1M);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:349-352 6.1: below a limit, top-down */
static void test_limit_top_down(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = declare(ctx, 0, 16 * SZ_1M, 0x60100000, false, 0);

	/* the limit is aligned down to 2 MiB first */
	assert_int_equal(rmem_cma_get_base(cma), 0x60000000 - 16 * SZ_1M);
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:352-353 6.1: no room is -ENOMEM with the failure line */
static void test_no_room(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, 64 * SZ_1M);

	declare(ctx, 0, 128 * SZ_1M, 0, false, -ENOMEM);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Failed to reserve 128 MiB"));
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:326-346 6.1 on armhf (LPAE): a range straddling highmem tries
 * highmem, then the 4 GiB attempt overwrites its result (the highmem block
 * stays reserved, lost) and the area lands in lowmem.  6.12 (327-346) tries
 * above 4 GiB first and keeps it.
 */
static void test_highmem_6_1_leak(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("armhf-6.1", SZ_1G, 4 * SZ_1G);
	struct rmem_cma *cma;

	rmem_cma_set_highmem_start(ctx, 0x80000000);
	cma = declare(ctx, 0, 16 * SZ_1M, 0, false, 0);
	assert_int_equal(rmem_cma_get_base(cma), 0x80000000 - 16 * SZ_1M);
	assert_true(reserved(ctx, 5 * SZ_1G - 16 * SZ_1M, 16 * SZ_1M));
	rmem_ctx_destroy(ctx);
}

/* mm/cma.c:334-338 5.10: a straddling range goes to highmem */
static void test_highmem_first(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("armhf-6.1", SZ_1G, 2 * SZ_1G);
	struct rmem_ctx *ctx510 = rmem_test_ctx("arm64-5.10", SZ_1G, 8 * SZ_1G);
	struct rmem_cma *cma;

	/* armhf-6.1 without DRAM above 4 GiB: highmem, top-down */
	rmem_cma_set_highmem_start(ctx, 0x70000000);
	cma = declare(ctx, 0, 16 * SZ_1M, 0, false, 0);
	assert_int_equal(rmem_cma_get_base(cma), 3 * SZ_1G - 16 * SZ_1M);
	/* a limit below highmem never tries it */
	cma = declare(ctx, 0, 16 * SZ_1M, 0x60000000, false, 0);
	assert_int_equal(rmem_cma_get_base(cma), 0x60000000 - 16 * SZ_1M);
	/* a fixed range across the boundary */
	declare(ctx, 0x6f000000, 32 * SZ_1M, 0, true, -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Region at 0x000000006f000000 defined on "
					       "low/high memory boundary (0x0000000070000000)"));
	rmem_ctx_destroy(ctx);

	/* 5.10: highmem first and no 4 GiB step */
	rmem_cma_set_highmem_start(ctx510, 0x80000000);
	cma = declare(ctx510, 0, 16 * SZ_1M, 0, false, 0);
	assert_int_equal(rmem_cma_get_base(cma), 9 * SZ_1G - 16 * SZ_1M);
	rmem_ctx_destroy(ctx510);

	ctx = rmem_test_ctx("arm64-6.12", SZ_1G, 4 * SZ_1G);
	rmem_cma_set_highmem_start(ctx, 0x80000000);
	cma = declare(ctx, 0, 16 * SZ_1M, 0, false, 0);
	assert_int_equal(rmem_cma_get_base(cma), SZ_4G);
	rmem_ctx_destroy(ctx);
}

/* (unsigned long)size / SZ_1M: 32-bit arm cuts the size before dividing */
static void test_armhf_size_cut(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("armhf-6.1", SZ_1G, SZ_1G);

	declare(ctx, 0, SZ_4G + 16 * SZ_1M, 0, false, -EINVAL);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR, "cma: Failed to reserve 16 MiB"));
	rmem_ctx_destroy(ctx);
}

/*
 * mm/cma.c:254-257 and 176-179 6.1: MAX_CMA_AREAS slots, per profile (the
 * profile's value itself is checked against the kernels' in
 * tests/profile/test_derive.c).
 */
static void test_slots(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_CMA) {
		struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, 2 * SZ_1G);
		unsigned int slots = it.p.max_cma_areas;
		struct rmem_cma *cma;

		for (unsigned int n = 0; n < slots; n++)
			declare(ctx, 0, 4 * SZ_1M, 0, false, 0);
		assert_int_equal(rmem_cma_area_count(ctx), slots);
		assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ERR), 0);
		declare(ctx, 0, 4 * SZ_1M, 0, false, -ENOSPC);
		assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_ERR,
				    "cma: Not enough slots for CMA reserved regions!"));
		/* no "Failed to reserve" before 7.2: the slot check returns at once */
		assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ERR),
				 cma_logs_every_failure(it.name) ? 2 : 1);
		/* reserved and aligned (16K pages too): 7.2 checks the region before the slot */
		assert_int_equal(rmem_memblock_reserve(rmem_ctx_memblock(ctx), SZ_1G, 32 * SZ_1M), 0);
		assert_int_equal(rmem_cma_init_reserved_mem(ctx, SZ_1G, 32 * SZ_1M, 0, NULL, &cma),
				 -ENOSPC);
		rmem_ctx_destroy(ctx);
	}
}

/* mm/cma.c:199-202 6.1: the name is a format; NULL gives "cma%d\n", newline and all */
static void test_names(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *a, *b, *c;
	char longname[100];

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0, 4 * SZ_1M, 0, 0, 0, false,
						     "linux,cma", &a), 0);
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0, 4 * SZ_1M, 0, 0, 0, false,
						     NULL, &b), 0);
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0, 4 * SZ_1M, 0, 0, 0, false,
						     "100%%", &c), 0);
	assert_string_equal(rmem_cma_get_name(a), "linux,cma");
	assert_string_equal(rmem_cma_get_name(b), "cma1\n");
	assert_string_equal(rmem_cma_get_name(c), "100%");
	assert_ptr_equal(rmem_cma_find(ctx, "cma1\n"), b);
	assert_ptr_equal(rmem_cma_find(ctx, "linux,cma"), a);
	assert_null(rmem_cma_find(ctx, "cma1"));
	assert_ptr_equal(rmem_cma_area(ctx, 2), c);
	assert_null(rmem_cma_area(ctx, 3));
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0, 4 * SZ_1M, 0, 0, 0, false,
						     longname, &c), 0);
	assert_int_equal(strlen(rmem_cma_get_name(c)), 63);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_6_1),
		cmocka_unit_test(test_node_in_lines_6_12),
		cmocka_unit_test(test_node_without_numa),
		cmocka_unit_test(test_fixed_misaligned_6_1),
		cmocka_unit_test(test_alignment_5_10),
		cmocka_unit_test(test_alignment_16k),
		cmocka_unit_test(test_einval_silent),
		cmocka_unit_test(test_order_per_bit_size),
		cmocka_unit_test(test_order_per_bit_5_10),
		cmocka_unit_test(test_fixed_busy),
		cmocka_unit_test(test_exceeds_limit),
		cmocka_unit_test(test_fixed_past_dram_end),
		cmocka_unit_test(test_fixed_zero_base),
		cmocka_unit_test(test_above_4g),
		cmocka_unit_test(test_above_4g_too_small),
		cmocka_unit_test(test_limit_top_down),
		cmocka_unit_test(test_no_room),
		cmocka_unit_test(test_highmem_6_1_leak),
		cmocka_unit_test(test_highmem_first),
		cmocka_unit_test(test_armhf_size_cut),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
