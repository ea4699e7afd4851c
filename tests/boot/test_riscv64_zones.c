// SPDX-License-Identifier: GPL-2.0-only
/*
 * riscv64's zone_sizes_init() (arch/riscv/mm/init.c): ZONE_DMA32 up to
 * dma32_phys_limit, min(4 GiB, the end of DRAM), ZONE_NORMAL above; no
 * ZONE_DMA.  The spans are the "Zone ranges" Debian's riscv64 6.12.118
 * printed under QEMU with 1 and 6 GiB at 0x80000000 (the consoles of
 * conformance cases 000-baseline and 164-riscv-ram6g-baseline):
 *
 *	DMA32    [mem 0x0000000080000000-0x00000000bfffffff]	Normal empty
 *	DMA32    [mem 0x0000000080000000-0x00000000ffffffff]
 *	Normal   [mem 0x0000000100000000-0x00000001ffffffff]
 */
#include "boot_fixture.h"

#define SZ_1M 0x100000ULL

static struct rmem_ctx *boot_ram(const char *profile, uint64_t ram)
{
	struct rmem_test_dt dt;

	riscv64_qemu_dt(&dt, ram, NULL);
	rmem_test_dt_end_node(&dt);
	return boot_dt_with(&dt, profile, riscv64_qemu_boot());
}

static void assert_zone(const struct rmem_ctx *ctx, size_t i, const char *name,
			uint64_t start, uint64_t last)
{
	unsigned int shift = ctx->profile.page_shift;

	assert_true(i < ctx->zones.nr);
	assert_string_equal(ctx->zones.zone[i].name, name);
	assert_true(((uint64_t)ctx->zones.zone[i].start_pfn << shift) == start);
	assert_true(((uint64_t)ctx->zones.zone[i].end_pfn << shift) - 1 == last);
}

static void test_dma32_only(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64) {
		struct rmem_ctx *ctx = boot_ram(it.name, 1024 * SZ_1M);

		assert_int_equal(ctx->zones.nr, 1);
		assert_zone(ctx, 0, "DMA32", 0x80000000, 0xbfffffff);
		rmem_ctx_destroy(ctx);
	}
}

static void test_dma32_and_normal(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64) {
		struct rmem_ctx *ctx = boot_ram(it.name, 6144 * SZ_1M);

		assert_int_equal(ctx->zones.nr, 2);
		assert_zone(ctx, 0, "DMA32", 0x80000000, 0xffffffff);
		assert_zone(ctx, 1, "Normal", 0x100000000, 0x1ffffffff);
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dma32_only),
		cmocka_unit_test(test_dma32_and_normal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
