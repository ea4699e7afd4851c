// SPDX-License-Identifier: GPL-2.0-only
/*
 * riscv64's setup_bootmem() (arch/riscv/mm/init.c, 6.12): the kernel image
 * is reserved before the /reserved-memory scan, the DTB only after it, so a
 * dynamic region may be placed over the DTB; the firmware's memory is a
 * static node of the DTB it hands over (OpenSBI's mmode_resv0), saved and
 * printed after the dynamic regions.  The expected lines are those
 * Debian's riscv64 6.12.118 printed under QEMU with OpenSBI 1.1
 * (tests/conformance/expected/riscv64-6.12/, cases 162 and 030), where the
 * kernel ran at 0x80200000 and QEMU put the DTB at 0xbfe00000, and
 * riscv64 7.2.13 (expected/riscv64-7.2/), which has CMA: its 128 MiB
 * default area is reserved, below the dynamic regions, before OpenSBI's
 * region is printed.
 */
#include "boot_fixture.h"

#define SZ_1M 0x100000ULL

/* a kernel's lines, NULL-terminated, and how many */
static size_t nr_lines(const char *const *lines)
{
	size_t n = 0;

	while (lines[n])
		n++;
	return n;
}

/* 162-riscv-dyn-nomap-on-dtb: a 2 MiB no-map pool goes to the top of RAM, over the DTB */
static void test_dynamic_region_on_dtb(void **state)
{
	static const char *const want_by_kernel[][6] = {
		[RMEM_TEST_6_12] = {
			"Reserved memory: created DMA memory pool at 0x00000000bfe00000, size 2 MiB",
			"OF: reserved mem: initialized node fw, compatible id shared-dma-pool",
			"OF: reserved mem: 0x00000000bfe00000..0x00000000bfffffff (2048 KiB) nomap non-reusable fw",
			"OF: reserved mem: 0x0000000080000000..0x000000008007ffff (512 KiB) map non-reusable mmode_resv0@80000000",
			NULL },
		[RMEM_TEST_7_2] = {
			"Reserved memory: created DMA memory pool at 0x00000000bfe00000, size 2 MiB",
			"OF: reserved mem: initialized node fw, compatible id shared-dma-pool",
			"OF: reserved mem: 0x00000000bfe00000..0x00000000bfffffff (2048 KiB) nomap non-reusable fw",
			"cma: Reserved 128 MiB at 0x00000000b7e00000",
			"OF: reserved mem: 0x0000000080000000..0x000000008007ffff (512 KiB) map non-reusable mmode_resv0@80000000",
			NULL },
	};
	const char *const *want;
	struct rmem_test_dt dt;
	struct rmem_ctx *ctx;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64) {
		riscv64_qemu_dt(&dt, 1024 * SZ_1M, NULL);
		rmem_test_dt_begin_node(&dt, "fw");
		rmem_test_dt_prop_string(&dt, "compatible", "shared-dma-pool");
		RMEM_TEST_DT_CELLS(&dt, "size", 0, 0x200000);
		rmem_test_dt_prop_empty(&dt, "no-map");
		rmem_test_dt_end_node(&dt);
		rmem_test_dt_end_node(&dt);
		ctx = boot_dt_with(&dt, it.name, riscv64_qemu_boot());
		assert_null(rmem_ctx_crashed(ctx));
		want = RMEM_TEST_BY_KERNEL(want_by_kernel, it.name);
		assert_judged_lines(ctx, want, nr_lines(want));
		/* and the DTB is reserved all the same, within the pool */
		assert_true(rmem_memblock_is_region_reserved(&ctx->memblock, 0xbfe00000, 0x100));
		rmem_ctx_destroy(ctx);
	}
}

/* 030-dyn-plain-then-cma: a reserve-only region also lands on the DTB; OpenSBI's comes last */
static void test_firmware_region_after_dynamic(void **state)
{
	static const char *const want_by_kernel[][4] = {
		[RMEM_TEST_6_12] = {
			"OF: reserved mem: 0x00000000bf000000..0x00000000bfffffff (16384 KiB) map non-reusable plain",
			"OF: reserved mem: 0x0000000080000000..0x000000008007ffff (512 KiB) map non-reusable mmode_resv0@80000000",
			NULL },
		[RMEM_TEST_7_2] = {
			"OF: reserved mem: 0x00000000bf000000..0x00000000bfffffff (16384 KiB) map non-reusable plain",
			"cma: Reserved 128 MiB at 0x00000000b7000000",
			"OF: reserved mem: 0x0000000080000000..0x000000008007ffff (512 KiB) map non-reusable mmode_resv0@80000000",
			NULL },
	};
	const char *const *want;
	struct rmem_test_dt dt;
	struct rmem_ctx *ctx;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64) {
		riscv64_qemu_dt(&dt, 1024 * SZ_1M, NULL);
		rmem_test_dt_begin_node(&dt, "plain");
		RMEM_TEST_DT_CELLS(&dt, "size", 0, 0x1000000);
		rmem_test_dt_end_node(&dt);
		rmem_test_dt_end_node(&dt);
		ctx = boot_dt_with(&dt, it.name, riscv64_qemu_boot());
		want = RMEM_TEST_BY_KERNEL(want_by_kernel, it.name);
		assert_judged_lines(ctx, want, nr_lines(want));
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dynamic_region_on_dtb),
		cmocka_unit_test(test_firmware_region_after_dynamic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
