// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debian's riscv64 6.12 is built without CONFIG_CMA: no handler takes a
 * reusable shared-dma-pool ("compatible matching fail"), whose memory, a
 * dynamic region's, is freed at once, so the next region is placed over
 * where it was and the overlap check reports the two; cma= is not a
 * parameter at all.  The expected lines are those Debian's riscv64
 * 6.12.118 printed under QEMU (tests/conformance/expected/riscv64-6.12/,
 * cases 165 and 090); the zones are its "Zone ranges" with 6 GiB (164).
 */
#include "boot_fixture.h"

#define SZ_1M 0x100000ULL

/* the riscv64 kernels built without CMA (6.12) */
static bool without_cma(const char *name)
{
	return !rmem_test_profile(name).dma_cma;
}

static void pool(struct rmem_test_dt *dt, const char *name, uint64_t size, bool reusable)
{
	rmem_test_dt_begin_node(dt, name);
	rmem_test_dt_prop_string(dt, "compatible", "shared-dma-pool");
	RMEM_TEST_DT_CELLS(dt, "size", (uint32_t)(size >> 32), (uint32_t)size);
	rmem_test_dt_prop_empty(dt, reusable ? "reusable" : "no-map");
}

/* 165-riscv-ram6g-dyn */
static void test_reusable_nodes_fail(void **state)
{
	static const char *const want[] = {
		"OF: reserved mem: node cma compatible matching fail",
		"Reserved memory: created DMA memory pool at 0x00000001ff000000, size 16 MiB",
		"OF: reserved mem: initialized node pool, compatible id shared-dma-pool",
		"OF: reserved mem: 0x00000001ff000000..0x00000001ffffffff (16384 KiB) nomap non-reusable pool",
		"OF: reserved mem: node low compatible matching fail",
		"OF: reserved mem: 0x0000000080000000..0x000000008007ffff (512 KiB) map non-reusable mmode_resv0@80000000",
		"OF: reserved mem: OVERLAP DETECTED!",
		"cma (0x00000001fc000000--0x0000000200000000) overlaps with pool (0x00000001ff000000--0x0000000200000000)",
	};
	struct rmem_test_dt dt;
	struct rmem_ctx *ctx;

	(void)state;
	rmem_test_for_each_profile_if(it, RMEM_TEST_RISCV64, without_cma) {
		riscv64_qemu_dt(&dt, 6144 * SZ_1M, "console=ttyS0");
		pool(&dt, "cma", 64 * SZ_1M, true);
		rmem_test_dt_end_node(&dt);
		pool(&dt, "pool", 16 * SZ_1M, false);
		rmem_test_dt_end_node(&dt);
		pool(&dt, "low", 32 * SZ_1M, true);
		RMEM_TEST_DT_CELLS(&dt, "alloc-ranges", 0, 0x80000000, 0, 0x80000000);
		rmem_test_dt_end_node(&dt);
		rmem_test_dt_end_node(&dt);
		ctx = boot_dt_with(&dt, it.name, riscv64_qemu_boot());
		assert_judged_lines(ctx, want, sizeof(want) / sizeof(want[0]));
		assert_null(ctx->dma.contiguous_default_area);
		/* given back: only the pool is left of the three */
		assert_false(rmem_memblock_is_reserved(&ctx->memblock, 0x1fc000000));
		assert_true(rmem_memblock_is_reserved(&ctx->memblock, 0x1ff000000));
		rmem_ctx_destroy(ctx);
	}
}

/* 090-cmdline-cma-size: cma=32M makes no area */
static void test_cma_param_ignored(void **state)
{
	static const char *const want[] = {
		"OF: reserved mem: 0x0000000080000000..0x000000008007ffff (512 KiB) map non-reusable mmode_resv0@80000000",
	};
	struct rmem_test_dt dt;
	struct rmem_ctx *ctx;

	(void)state;
	rmem_test_for_each_profile_if(it, RMEM_TEST_RISCV64, without_cma) {
		riscv64_qemu_dt(&dt, 1024 * SZ_1M, "console=ttyS0 cma=32M");
		rmem_test_dt_end_node(&dt);
		ctx = boot_dt_with(&dt, it.name, riscv64_qemu_boot());
		assert_judged_lines(ctx, want, sizeof(want) / sizeof(want[0]));
		assert_null(ctx->dma.contiguous_default_area);
		assert_false(ctx->cmdline.cma_seen);
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reusable_nodes_fail),
		cmocka_unit_test(test_cma_param_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
