// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm's dma_contiguous_remap() in paging_init() (arch/arm/mm/dma-mapping.c)
 * on the ranges dma_contiguous_early_fixup() was given, and the memblock
 * limit paging_init() leaves, as Debian's armmp and armmp-lpae kernels
 * showed them under QEMU (tests/conformance/expected/armhf-*).
 */
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "boot_fixture.h"
#include "internal.h"

#define SZ_1M 0x100000ULL

/*
 * Per kernel: a reusable shared-dma-pool is remapped as it is reserved,
 * before rmem_cma_setup() refuses a misaligned one (6.12); 5.10 and 6.1
 * remap only the areas it accepted.
 */
RMEM_TEST_KERNEL_FACT(bool, remaps_before_check,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true)

/* 1 GiB at 0x40000000, a static reusable shared-dma-pool at 0x60100000 of @size. */
static struct rmem_ctx *boot_misaligned_cma(const char *profile, uint64_t size)
{
	struct rmem_test_dt dt;

	rmem_test_dt_begin(&dt, 2, 2);
	RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", 0x40000000, 1024 * SZ_1M);
	rmem_test_dt_begin_reserved_memory(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "cma@60100000");
	rmem_test_dt_prop_string(&dt, "compatible", "shared-dma-pool");
	RMEM_TEST_DT_REG(&dt, "reg", 0x60100000, size);
	rmem_test_dt_prop_empty(&dt, "reusable");
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_end_node(&dt);
	return boot_dt(&dt, profile);
}

/*
 * Conformance case 009: 16 MiB from 1 MiB past a PMD.  6.12 clears the
 * PMDs from 0x60100000 in 2 MiB steps and misses the one of the end,
 * 0x61000000: the kernel hangs after the default area's line (both 6.12
 * flavours), where 6.1 refuses the area and goes on.
 */
static void test_end_pmd_missed(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM) {
		struct rmem_ctx *ctx = boot_misaligned_cma(it.name, 16 * SZ_1M);
		const struct rmem_log *log = rmem_ctx_log(ctx);
		const char *crash = rmem_ctx_crashed(ctx);
		bool hangs = remaps_before_check(it.name);

		assert_int_equal(crash != NULL, hangs);
		assert_int_equal(rmem_test_count_lines(log, "incorrect alignment of CMA region"),
				 !hangs);
		assert_int_equal(rmem_test_count_lines(log, "cma: Reserved 16 MiB"), 1);
		if (hangs) {
			assert_non_null(strstr(crash, "dma_contiguous_remap()"));
			assert_non_null(strstr(crash, "[0x60100000-0x61100000)"));
			assert_non_null(strstr(crash, "the one at 0x61000000"));
		}
		rmem_ctx_destroy(ctx);
	}
}

/*
 * Conformance case 190: 17 MiB from the same start ends on a PMD boundary,
 * every PMD is cleared and remapped, and 6.12 reports the alignment as 6.1
 * does.
 */
static void test_end_pmd_cleared(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM) {
		struct rmem_ctx *ctx = boot_misaligned_cma(it.name, 17 * SZ_1M);

		assert_null(rmem_ctx_crashed(ctx));
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx),
						       "incorrect alignment of CMA region"), 1);
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx),
						       "node cma@60100000 compatible matching fail"), 1);
		rmem_ctx_destroy(ctx);
	}
}

/* arm64 has no such remap: case 009 reports the alignment on every arm64 kernel. */
static void test_arm64_no_remap(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_ctx *ctx = boot_misaligned_cma(it.name, 16 * SZ_1M);

		assert_null(rmem_ctx_crashed(ctx));
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx),
						       "incorrect alignment of CMA region"), 1);
		rmem_ctx_destroy(ctx);
	}
}

/*
 * Conformance case 086: a no-map region at the start of RAM makes the first
 * mapped bank start 1 MiB into a PMD, so memblock may allocate nothing
 * before paging_init(); after it the limit is the end of lowmem, and 6.12's
 * reserved_mem[] array (allocated in unflatten_device_tree()) finds room:
 * the static regions are saved and printed.
 */
static void test_array_after_paging_init(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;

		rmem_test_dt_begin(&dt, 2, 2);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", 0x40000000, 1024 * SZ_1M);
		rmem_test_dt_begin_reserved_memory(&dt, 2, 2);
		rmem_test_dt_begin_node(&dt, "secmon@40000000");
		RMEM_TEST_DT_REG(&dt, "reg", 0x40000000, SZ_1M);
		rmem_test_dt_prop_empty(&dt, "no-map");
		rmem_test_dt_end_node(&dt);
		rmem_test_dt_end_node(&dt);
		ctx = boot_dt(&dt, it.name);
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx), "reserved_mem array"), 0);
		assert_non_null(rmem_reserved_mem_lookup(ctx, "secmon@40000000"));
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_end_pmd_missed),
		cmocka_unit_test(test_end_pmd_cleared),
		cmocka_unit_test(test_arm64_no_remap),
		cmocka_unit_test(test_array_after_paging_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
