// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm64's zone_sizes_init() on real boards' memory maps: ZONE_DMA ends
 * where the DT's dma-ranges let DMA reach (of_dma_get_max_cpu_address()),
 * and the default CMA area goes below that end (dma_contiguous_reserve(
 * arm64_dma_phys_limit)): arch/arm64/mm/init.c 5.10:220, 6.1:213, 6.12:122.
 */
#include <string.h>

#include "boot_fixture.h"

#define GiB 0x40000000ULL

/* / with @ac cells, RAM [@base, @base + @size), /soc with @dma_ranges (no /soc when @n is 0) */
static void dt_board(struct rmem_test_dt *dt, int ac, uint64_t base, uint64_t size,
		     const uint32_t *dma_ranges, size_t n)
{
	rmem_test_dt_begin(dt, ac, ac);
	RMEM_TEST_DT_MEMORY(dt, "memory@0", base, size);
	if (!n)
		return;
	rmem_test_dt_begin_node(dt, "soc");
	RMEM_TEST_DT_CELLS(dt, "#address-cells", 1);
	RMEM_TEST_DT_CELLS(dt, "#size-cells", 1);
	rmem_test_dt_prop_cells(dt, "dma-ranges", dma_ranges, n);
	rmem_test_dt_end_node(dt);
}

static rmem_phys_t zone_end(const struct rmem_ctx *ctx, size_t i)
{
	assert_true(i < ctx->zones.nr);
	return (rmem_phys_t)ctx->zones.zone[i].end_pfn << ctx->profile.page_shift;
}

static rmem_phys_t default_cma_end(const struct rmem_ctx *ctx)
{
	const struct rmem_cma *cma = ctx->dma.contiguous_default_area;

	assert_non_null(cma);
	return ((rmem_phys_t)cma->base_pfn + cma->count) << ctx->profile.page_shift;
}

/*
 * The Raspberry Pi 3's 1 GiB at 0 behind a /soc reaching 0x3f000000:
 * 5.10 and 6.1 round the limit to 30 address bits, so ZONE_DMA is all the
 * RAM; 6.12 keeps 0x3f000000 and ZONE_DMA32 takes the last 16 MiB.  Board:
 * broadcom/bcm2837-rpi-3-b.
 */
static void test_rpi3_zones(void **state)
{
	static const uint32_t rpi3[] = { 0xc0000000, 0x0, 0x3f000000 };
	static const bool keeps_limit[] = {
		[RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
		[RMEM_TEST_7_2] = true,
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		bool keeps = RMEM_TEST_BY_KERNEL(keeps_limit, it.name);
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;

		dt_board(&dt, 1, 0, GiB, rpi3, 3);
		ctx = boot_dt(&dt, it.name);
		assert_null(rmem_ctx_crashed(ctx));
		assert_int_equal(ctx->zones.nr, keeps ? 2 : 1);
		assert_string_equal(ctx->zones.zone[0].name, "DMA");
		assert_true(zone_end(ctx, 0) == (keeps ? 0x3f000000 : GiB));
		if (keeps) {
			assert_string_equal(ctx->zones.zone[1].name, "DMA32");
			assert_true(zone_end(ctx, 1) == GiB);
		}
		assert_true(default_cma_end(ctx) <= zone_end(ctx, 0));
		rmem_ctx_destroy(ctx);
	}
}

/*
 * 2 GiB at 0 behind a 1 GiB dma-ranges: ZONE_DMA is the first GiB in every
 * version, and the default CMA area goes there, not at the top of RAM.
 * Board: hisilicon/hi3798cv200-poplar.
 */
static void test_narrow_dma_places_default_cma(void **state)
{
	static const uint32_t narrow[] = { 0x0, 0x0, 0x40000000 };

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;

		dt_board(&dt, 1, 0, 2 * GiB, narrow, 3);
		ctx = boot_dt(&dt, it.name);
		assert_int_equal(ctx->zones.nr, 2);
		assert_true(zone_end(ctx, 0) == GiB);
		assert_true(zone_end(ctx, 1) == 2 * GiB);
		assert_true(default_cma_end(ctx) <= GiB);
		assert_int_equal(rmem_report_kernel_errors(ctx), 0);
		rmem_ctx_destroy(ctx);
	}
}

/*
 * All RAM above 4 GiB, no dma-ranges: 5.10 and 6.1 widen the mask to
 * everything (max_zone_phys()); 6.12 caps the limit at 4 GiB only when
 * DRAM starts below it (init.c:140), so ZONE_DMA is all the RAM there too
 * and the default CMA area is placed, not refused.  Boards: apm/apm-mustang,
 * marvell/ac5-98dx35xx-rd.
 */
static void test_ram_above_4g(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;

		dt_board(&dt, 2, 4 * GiB, 2 * GiB, NULL, 0);
		ctx = boot_dt(&dt, it.name);
		assert_int_equal(ctx->zones.nr, 1);
		assert_true(zone_end(ctx, 0) == 6 * GiB);
		assert_true(default_cma_end(ctx) > 4 * GiB);
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx), "Failed to reserve"), 0);
		rmem_ctx_destroy(ctx);
	}
}

/*
 * A dma-ranges the kernel never gets through (entries of no cells): a
 * predicted hang; 7.2's of_dma_range_parser_init() refuses such cells
 * (address.c:753 in 7.2), and the boot goes on.
 */
static void test_runaway_dma_ranges(void **state)
{
	static const bool hangs[] = {
		[RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = true, [RMEM_TEST_6_12] = true,
		[RMEM_TEST_7_2] = false,
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;

		rmem_test_dt_begin(&dt, 2, 2);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", GiB, GiB);
		rmem_test_dt_begin_node(&dt, "bus");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 0);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 0);
		rmem_test_dt_begin_node(&dt, "loop");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 0);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 0);
		RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0);
		rmem_test_dt_end_node(&dt);
		rmem_test_dt_end_node(&dt);
		ctx = boot_dt(&dt, it.name);
		if (!RMEM_TEST_BY_KERNEL(hangs, it.name)) {
			assert_null(rmem_ctx_crashed(ctx));
			assert_non_null(ctx->dma.contiguous_default_area);
			rmem_ctx_destroy(ctx);
			continue;
		}
		assert_non_null(rmem_ctx_crashed(ctx));
		assert_non_null(strstr(rmem_ctx_crashed(ctx), "/bus/loop"));
		assert_null(ctx->dma.contiguous_default_area);
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rpi3_zones),
		cmocka_unit_test(test_narrow_dma_places_default_cma),
		cmocka_unit_test(test_ram_above_4g),
		cmocka_unit_test(test_runaway_dma_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
