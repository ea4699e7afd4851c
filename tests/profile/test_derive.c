// SPDX-License-Identifier: GPL-2.0-only
/*
 * The constants each kernel derives from its Kconfig values.
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"

/*
 * What each Debian kernel derives, per profile (a profile without a row
 * fails every check: record its kernel's values first).
 *
 * include/linux/mmzone.h: MAX_ORDER (5.10, 6.1: one past the largest order)
 * became MAX_PAGE_ORDER (6.12: the largest order itself).  Debian's 4K
 * kernels all end at order 10 (4 MiB), the 16K one at order 11 (32 MiB),
 * armhf at order 11.
 *
 * include/linux/pageblock-flags.h: pageblock_order is HUGETLB_PAGE_ORDER,
 * capped at the largest buddy order from 6.1 on: 2 MiB blocks with 4K pages
 * (arm64 and LPAE), 32 MiB with 16K pages.  armhf without LPAE has no
 * HUGETLB_PAGE (nor THP): the largest order, 8 MiB blocks.
 *
 * include/linux/cma.h: MAX_CMA_AREAS is 1 + CONFIG_CMA_AREAS before 6.12,
 * CONFIG_CMA_AREAS from 6.12 on (CONFIG_CMA_AREAS=20 in the 16K config).
 *
 * riscv64 6.12: no ARCH_FORCE_MAX_ORDER (order 10), PMD_SHIFT 21 (2 MiB
 * pageblocks), no CONFIG_CMA at all (no CMA_AREAS: 0).  riscv64 7.2: the
 * same orders, CONFIG_CMA_AREAS=20.
 *
 * arch/arm/mm/mmu.c: lowmem ends 240 MiB + 8 MiB below VMALLOC_END (3G/1G
 * split: 768 MiB); arm64 maps all RAM linearly, no lowmem limit (0).
 */
static const struct derived {
	const char *profile;
	unsigned int max_page_order, pageblock_order, max_cma_areas;
	uint64_t lowmem_size;
} derived[] = {
	{ "arm64-5.10",     10,  9, 20, 0 },
	{ "arm64-6.1",      10,  9, 20, 0 },
	{ "arm64-6.12",     10,  9, 20, 0 },
	{ "arm64-6.12-16k", 11, 11, 20, 0 },
	{ "arm64-7.2",      10,  9, 20, 0 },
	{ "arm64-7.2-16k",  11, 11, 20, 0 },
	{ "armhf-6.1",      11,  9,  8, 768ULL << 20 },
	{ "armhf-6.12",     11,  9,  8, 768ULL << 20 },
	{ "armhf-6.1-nolpae",  11, 11, 8, 768ULL << 20 },
	{ "armhf-6.12-nolpae", 11, 11, 8, 768ULL << 20 },
	{ "riscv64-6.12",   10,  9,  0, 0 },
	{ "riscv64-7.2",    10,  9, 20, 0 },
};

/* The profile's row; fails the check, naming the profile, when it has none. */
static const struct derived *derived_of(void **state)
{
	const char *name = *state;

	for (size_t i = 0; i < sizeof(derived) / sizeof(derived[0]); i++)
		if (!strcmp(derived[i].profile, name))
			return &derived[i];
	fail_msg("profile %s: no recorded values in derived[] (tests/profile/test_derive.c)", name);
	return NULL;
}

static void check_max_page_order(void **state)
{
	assert_int_equal(rmem_test_profile(*state).max_page_order,
			 derived_of(state)->max_page_order);
}

static void check_pageblock_order(void **state)
{
	assert_int_equal(rmem_test_profile(*state).pageblock_order,
			 derived_of(state)->pageblock_order);
}

static void check_max_cma_areas(void **state)
{
	assert_int_equal(rmem_test_profile(*state).max_cma_areas,
			 derived_of(state)->max_cma_areas);
}

static void check_lowmem_size(void **state)
{
	assert_int_equal(rmem_test_profile(*state).lowmem_size, derived_of(state)->lowmem_size);
}

/* Every row is a built-in profile: a renamed profile leaves no stale row behind. */
static void test_rows_are_profiles(void **state)
{
	struct rmem_profile p;

	(void)state;
	for (size_t i = 0; i < sizeof(derived) / sizeof(derived[0]); i++)
		if (rmem_profile_builtin(derived[i].profile, &p))
			fail_msg("derived[] has a row for %s, which is no built-in profile",
				 derived[i].profile);
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

/*
 * A version between modelled ones takes the newest modelled one before it
 * (include/linux/mmzone.h's MAX_ORDER of 6.1 for a 6.6, say); one older
 * than every modelled kernel, and values no kernel has, are refused.
 */
static void test_unmodelled(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");

	p.version = RMEM_KERNEL_VERSION(6, 6);
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_int_equal(rmem_profile_modelled_version(&p), RMEM_KERNEL_VERSION(6, 1));
	assert_false(rmem_profile_is_modelled(&p));
	p.version = RMEM_KERNEL_VERSION(6, 13);
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_int_equal(rmem_profile_modelled_version(&p), RMEM_KERNEL_VERSION(6, 12));
	p.version = RMEM_KERNEL_VERSION(5, 10);
	assert_int_equal(rmem_profile_derive(&p), 0);
	assert_int_equal(rmem_profile_modelled_version(&p), RMEM_KERNEL_VERSION(5, 10));
	assert_true(rmem_profile_is_modelled(&p));
	p.version = RMEM_KERNEL_VERSION(5, 4);
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
	p = rmem_test_profile("armhf-6.12-nolpae");
	assert_int_equal(p.bits_per_long, 32);
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

/*
 * The built-in table: each name found again under itself, no name twice,
 * the default among them; an unknown name is -ENOENT.
 */
static void test_builtin_lookup(void **state)
{
	struct rmem_profile p;
	bool have_default = false;
	const char *name;
	size_t n = 0;

	(void)state;
	for (size_t i = 0; (name = rmem_profile_builtin_name(i)); i++, n++) {
		assert_int_equal(rmem_profile_builtin(name, &p), 0);
		assert_string_equal(p.name, name);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(rmem_profile_builtin_name(j), name);
		have_default |= !strcmp(name, RMEM_PROFILE_DEFAULT);
	}
	assert_true(have_default);
	assert_true(n > 0);
	assert_int_equal(rmem_test_profile_count(RMEM_TEST_ALL), n);
	assert_int_equal(rmem_profile_builtin("arm64-7.0", &p), -ENOENT);
	assert_int_equal(rmem_profile_builtin("", &p), -ENOENT);
	assert_int_equal(rmem_profile_builtin(RMEM_PROFILE_DEFAULT, &p), 0);
	assert_string_equal(p.name, RMEM_PROFILE_DEFAULT);
}

int main(void)
{
	static const struct rmem_test_check per_profile[] = {
		{ "max_page_order", check_max_page_order },
		{ "pageblock_order", check_pageblock_order },
		{ "max_cma_areas", check_max_cma_areas },
		{ "lowmem_size", check_lowmem_size },
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_are_profiles),
		cmocka_unit_test(test_type_sizes),
		cmocka_unit_test(test_dma_global_pool),
		cmocka_unit_test(test_pageblock_order_uncapped_5_10),
		cmocka_unit_test(test_unmodelled),
		cmocka_unit_test(test_builtin_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) |
	       rmem_test_run_per_profile("per_profile", per_profile,
					 sizeof(per_profile) / sizeof(per_profile[0]));
}
