// SPDX-License-Identifier: GPL-2.0-only
/*
 * The constants each kernel derives from its Kconfig values.
 */
#include <errno.h>

#include "rmem_test.h"

/*
 * include/linux/mmzone.h: MAX_ORDER (5.10, 6.1: one past the largest order)
 * became MAX_PAGE_ORDER (6.12: the largest order itself).  Debian's 4K
 * kernels all end at order 10 (4 MiB), the 16K one at order 11 (32 MiB),
 * armhf at order 11.
 */
static void test_max_page_order(void **state)
{
	assert_int_equal(rmem_test_profile("arm64-5.10").max_page_order, 10);
	assert_int_equal(rmem_test_profile("arm64-6.1").max_page_order, 10);
	assert_int_equal(rmem_test_profile("arm64-6.12").max_page_order, 10);
	assert_int_equal(rmem_test_profile("arm64-6.12-16k").max_page_order, 11);
	assert_int_equal(rmem_test_profile("armhf-6.1").max_page_order, 11);
}

/*
 * include/linux/pageblock-flags.h: pageblock_order is HUGETLB_PAGE_ORDER,
 * capped at the largest buddy order from 6.1 on: 2 MiB blocks with 4K pages
 * (arm64 and LPAE), 32 MiB with 16K pages.
 */
static void test_pageblock_order(void **state)
{
	assert_int_equal(rmem_test_profile("arm64-5.10").pageblock_order, 9);
	assert_int_equal(rmem_test_profile("arm64-6.1").pageblock_order, 9);
	assert_int_equal(rmem_test_profile("arm64-6.12").pageblock_order, 9);
	assert_int_equal(rmem_test_profile("arm64-6.12-16k").pageblock_order, 11);
	assert_int_equal(rmem_test_profile("armhf-6.1").pageblock_order, 9);
}

/* 5.10 caps nothing: a 64K-page arm64 kernel has 512 MiB blocks, order 13. */
static void test_pageblock_order_uncapped_5_10(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-5.10");

	p.page_shift = 16;
	p.force_max_order = 12;
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_int_equal(p.pageblock_order, 13);
	p.version = RMEM_KERNEL_VERSION(6, 1);
	p.force_max_order = 12;
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_int_equal(p.pageblock_order, 11);
}

/* include/linux/cma.h: MAX_CMA_AREAS is 1 + CONFIG_CMA_AREAS before 6.12. */
static void test_max_cma_areas(void **state)
{
	assert_int_equal(rmem_test_profile("arm64-5.10").max_cma_areas, 20);
	assert_int_equal(rmem_test_profile("arm64-6.1").max_cma_areas, 20);
	assert_int_equal(rmem_test_profile("arm64-6.12").max_cma_areas, 20);
	assert_int_equal(rmem_test_profile("armhf-6.1").max_cma_areas, 8);
}

/* arch/arm/mm/mmu.c: lowmem ends 240 MiB + 8 MiB below VMALLOC_END (3G/1G split: 768 MiB). */
static void test_arm_lowmem(void **state)
{
	assert_int_equal(rmem_test_profile("armhf-6.1").lowmem_size, 768ULL << 20);
	assert_int_equal(rmem_test_profile("arm64-6.1").lowmem_size, 0);
}

/* Profiles rmem does not model are refused, not guessed at. */
static void test_unmodelled(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");

	p.version = RMEM_KERNEL_VERSION(6, 6);
	assert_int_equal(rmem_profile_derive(&p), -EINVAL);
	p = rmem_test_profile("arm64-6.1");
	p.page_shift = 13;
	assert_int_equal(rmem_profile_derive(&p), -EINVAL);
	p = rmem_test_profile("armhf-6.1");
	p.page_shift = 14;
	assert_int_equal(rmem_profile_derive(&p), -EINVAL);
}

/*
 * The C types: unsigned long is 32 bits on arm, phys_addr_t 64 bits with
 * LPAE (CONFIG_PHYS_ADDR_T_64BIT) and 32 without; both 64 on arm64.
 */
static void test_type_sizes(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");

	assert_int_equal(p.bits_per_long, 32);
	assert_int_equal(p.phys_addr_bits, 64);
	p.arm_lpae = false;
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_int_equal(p.phys_addr_bits, 32);
	p = rmem_test_profile("arm64-6.12-16k");
	assert_int_equal(p.bits_per_long, 64);
	assert_int_equal(p.phys_addr_bits, 64);
	assert_string_equal(rmem_profile_arch_name(&p), "arm64");
	p = rmem_test_profile("armhf-6.1");
	assert_string_equal(rmem_profile_arch_name(&p), "arm");
}

/*
 * kernel/dma/coherent.c: 5.10 keeps "linux,dma-default" under CONFIG_ARM
 * alone; 6.1 under CONFIG_DMA_GLOBAL_POOL, which no Debian config sets.
 */
static void test_dma_global_pool(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");

	assert_false(p.dma_global_pool_present);
	p.version = RMEM_KERNEL_VERSION(5, 10);
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_true(p.dma_global_pool_present);
	assert_false(rmem_test_profile("arm64-5.10").dma_global_pool_present);
	p = rmem_test_profile("arm64-6.1");
	p.dma_global_pool = true;
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_true(p.dma_global_pool_present);
}

static void test_builtin_lookup(void **state)
{
	struct rmem_profile p;
	size_t n = 0;

	while (rmem_profile_builtin_name(n))
		n++;
	assert_int_equal(n, 5);
	assert_int_equal(rmem_profile_builtin("arm64-7.0", &p), -ENOENT);
	assert_int_equal(rmem_profile_builtin(RMEM_PROFILE_DEFAULT, &p), 0);
	assert_string_equal(p.name, "arm64-6.12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_page_order),
		cmocka_unit_test(test_type_sizes),
		cmocka_unit_test(test_dma_global_pool),
		cmocka_unit_test(test_pageblock_order),
		cmocka_unit_test(test_pageblock_order_uncapped_5_10),
		cmocka_unit_test(test_max_cma_areas),
		cmocka_unit_test(test_arm_lowmem),
		cmocka_unit_test(test_unmodelled),
		cmocka_unit_test(test_builtin_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
