// SPDX-License-Identifier: GPL-2.0-only
/*
 * armhf's lowmem bounds (arch/arm/mm/mmu.c adjust_lowmem_bounds(), 6.1):
 * the zones follow the second pass, after /reserved-memory, and a kernel
 * without CONFIG_HIGHMEM drops the RAM above lowmem.
 */
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "boot_fixture.h"
#include "internal.h"

#define SZ_1M 0x100000ULL
#define RAM_BASE 0x40000000ULL

/* 2 GiB at 0x40000000; optionally a 16 MiB no-map pool at the top of lowmem. */
static void board(struct rmem_test_dt *dt, bool pool)
{
	rmem_test_dt_begin(dt, 2, 2);
	RMEM_TEST_DT_MEMORY(dt, "memory@40000000", RAM_BASE, 2048 * SZ_1M);
	if (pool) {
		rmem_test_dt_begin_reserved_memory(dt, 2, 2);
		rmem_test_dt_begin_node(dt, "pool@6f000000");
		rmem_test_dt_prop_string(dt, "compatible", "shared-dma-pool");
		rmem_test_dt_prop_empty(dt, "no-map");
		RMEM_TEST_DT_REG(dt, "reg", 0x6f000000, 16 * SZ_1M);
		rmem_test_dt_end_node(dt);
		rmem_test_dt_end_node(dt);
	}
}

/* 768 MiB of lowmem (3G/1G split); the second pass skips the no-map pool that ends it. */
static void test_zones_after_reserved_memory(void **state)
{
	struct rmem_test_dt dt;
	struct rmem_ctx *ctx;

	board(&dt, true);
	ctx = boot_dt(&dt, "armhf-6.1");
	assert_int_equal(ctx->zones.nr, 2);
	assert_int_equal(ctx->zones.zone[0].end_pfn, 0x6f000000 >> 12);
	assert_string_equal(ctx->zones.zone[1].name, "HighMem");
	rmem_ctx_destroy(ctx);
}

/* !CONFIG_HIGHMEM: "Ignoring RAM at ..." and memblock ends at lowmem. */
static void test_no_highmem(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");
	struct rmem_test_dt dt;
	struct rmem_ctx *ctx;

	p.highmem = false;
	board(&dt, false);
	ctx = boot_dt_on(&dt, &p);
	assert_true(rmem_test_log_has(rmem_ctx_log(ctx), RMEM_LOG_NOTICE,
				      "Ignoring RAM at 0x0000000070000000-0x00000000c0000000"));
	assert_int_equal(rmem_memblock_end_of_DRAM(rmem_ctx_memblock(ctx)), 0x70000000);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zones_after_reserved_memory),
		cmocka_unit_test(test_no_highmem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
