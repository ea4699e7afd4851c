// SPDX-License-Identifier: GPL-2.0-only
/*
 * A device tree that gives the kernel no memory, or next to none: most
 * board DTBs Debian ships leave the memory node to the bootloader (none at
 * all, or a bank of size 0).  Booted as shipped, the kernel panics early;
 * rmem predicts that crash instead of failing itself.
 */
#include <string.h>

#include "boot_fixture.h"

static void dt_memory(struct rmem_test_dt *dt, int kind)
{
	rmem_test_dt_begin(dt, 2, 2);
	if (kind == 1)
		RMEM_TEST_DT_MEMORY(dt, "memory@40000000", 0x40000000, 0);
	/* a /reserved-memory whose scan runs before the crash */
	rmem_test_dt_begin_reserved_memory(dt, 2, 2);
	rmem_test_dt_begin_node(dt, "pool");
	rmem_test_dt_prop_string(dt, "compatible", "shared-dma-pool");
	RMEM_TEST_DT_CELLS(dt, "size", 0, 0x100000);
	rmem_test_dt_end_node(dt);
	rmem_test_dt_end_node(dt);
}

/*
 * No memory node, and a memory node of size 0 (early_init_dt_scan_memory()
 * skips it: fdt.c 5.10:1020, 6.1:1132, 6.12:998): paging_init() finds no
 * page for a table and early_pgtable_alloc() panics (arch/arm64/mm/mmu.c
 * 5.10:100, 6.1:118, 6.12:117; 6.12 through map_mem()'s linear alias of
 * the image).  The /reserved-memory scan ran before: its lines stay, and
 * the crash counts as a kernel error.  Board: allwinner/sun50i-a64-*,
 * broadcom/bcm2711-rpi-4-b (575 of Debian's 1023 arm64 DTBs).
 */
static void test_no_memory_panics(void **state)
{
	(void)state;
	for (int kind = 0; kind < 2; kind++) {
		rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
			struct rmem_test_dt dt;
			struct rmem_ctx *ctx;
			const char *crash;

			dt_memory(&dt, kind);
			ctx = boot_dt(&dt, it.name);
			crash = rmem_ctx_crashed(ctx);
			assert_non_null(crash);
			assert_non_null(strstr(crash, "no memory"));
			assert_non_null(strstr(crash, "Failed to allocate page table page"));
			assert_true(rmem_test_count_lines(rmem_ctx_log(ctx),
							  "failed to allocate memory for node 'pool'") == 1);
			assert_int_equal(ctx->memblock.memory.cnt ?
					 ctx->memblock.memory.regions[0].size : 0, 0);
			assert_null(ctx->dma.contiguous_default_area);
			assert_true(rmem_report_kernel_errors(ctx) >= 1);
			rmem_ctx_destroy(ctx);
		}
	}
}

/*
 * Memory too small for the memory map (a few MiB; 5.10's memmap takes
 * 16 MiB per 1 GiB section): sparse_init() finds no room, the kernel
 * panics or runs on without struct pages (mm/sparse.c sparse_init_nid()).
 * Still a prediction, never a failure of rmem.
 */
static void test_tiny_memory_crashes(void **state)
{
	static const uint64_t sizes[] = { 0x1000, 0x10000, 0x100000 };

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
			struct rmem_test_dt dt;
			struct rmem_ctx *ctx;

			rmem_test_dt_begin(&dt, 2, 2);
			RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", 0x40000000, sizes[s]);
			ctx = boot_dt(&dt, it.name);
			assert_non_null(rmem_ctx_crashed(ctx));
			rmem_ctx_destroy(ctx);
		}
	}
}

/* Enough memory: no crash (the same boot with 256 MiB). */
static void test_enough_memory_boots(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;

		rmem_test_dt_begin(&dt, 2, 2);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", 0x40000000, 0x10000000);
		ctx = boot_dt(&dt, it.name);
		assert_null(rmem_ctx_crashed(ctx));
		assert_non_null(ctx->dma.contiguous_default_area);
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_memory_panics),
		cmocka_unit_test(test_tiny_memory_crashes),
		cmocka_unit_test(test_enough_memory_boots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
