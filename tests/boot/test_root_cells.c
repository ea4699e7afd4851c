// SPDX-License-Identifier: GPL-2.0-only
/*
 * early_init_dt_scan_root(): a root without #size-cells or #address-cells
 * is read with the default of 1 by every kernel; 7.2 also WARN()s for each
 * (drivers/of/fdt.c:1013 and :1018 in 7.2, whose WARN line names the file
 * first, as its arm64 initrd WARN showed), before /chosen is read.
 */
#include "boot_fixture.h"

static void test_missing_root_cells(void **state)
{
	static const char *const lines[] = {
		"------------[ cut here ]------------",
		"No '#size-cells' in root node",
		"WARNING: drivers/of/fdt.c:1013 at early_init_dt_scan_root, CPU#0: swapper/0",
		"------------[ cut here ]------------",
		"No '#address-cells' in root node",
		"WARNING: drivers/of/fdt.c:1018 at early_init_dt_scan_root, CPU#0: swapper/0",
	};
	static const bool warns[] = {
		[RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		[RMEM_TEST_7_2] = true,
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		bool warn = RMEM_TEST_BY_KERNEL(warns, it.name);
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;
		const struct rmem_log *log;

		/* no cells at the root: a memory node of 1 + 1 cells, 1 GiB at 1 GiB */
		rmem_test_dt_begin(&dt, -1, -1);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", 0x40000000, 0x40000000);
		ctx = boot_dt(&dt, it.name);
		log = rmem_ctx_log(ctx);
		assert_null(rmem_ctx_crashed(ctx));
		assert_non_null(rmem_dma_contiguous_default_area(ctx));
		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
			assert_int_equal(rmem_test_log_has(log, RMEM_LOG_WARNING, lines[i]), warn);
		assert_int_equal(rmem_test_count_lines(log, "in root node"), warn ? 2 : 0);
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_root_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
