// SPDX-License-Identifier: GPL-2.0-only
/*
 * The initrd: /chosen's linux,initrd-start/-end, or the caller's range
 * (rmem_plan_options.initrd), reserved where and when each arch's kernel
 * reserves it.  The lines are those the kernels printed on QEMU's virt
 * board (tests/conformance cases 170-175): arm and riscv drop an initrd
 * that is not all RAM or overlaps the kernel image, arm64 WARN()s for one
 * below the RAM and makes memory of one above it, then crashes reading it.
 */
#include "boot_fixture.h"

/* QEMU's virt board, 1 GiB at 0x40000000, /chosen with an initrd [@start, @end) unless equal */
static void virt_dt(struct rmem_test_dt *dt, uint64_t start, uint64_t end)
{
	rmem_test_dt_begin(dt, 2, 2);
	RMEM_TEST_DT_MEMORY(dt, "memory@40000000", 0x40000000, 0x40000000);
	rmem_test_dt_begin_node(dt, "chosen");
	if (start != end) {
		rmem_test_dt_prop_u64(dt, "linux,initrd-start", start);
		rmem_test_dt_prop_u64(dt, "linux,initrd-end", end);
	}
	rmem_test_dt_end_node(dt);
}

static const struct rmem_reservation arm_image = { 0x40200000, 0x1000000 };

static void test_arm_initrd_on_kernel(void **state)
{
	const struct rmem_plan_options opt = {
		.reserve = &arm_image, .nr_reserve = 1,
		.initrd_set = true, .initrd = { 0x40300000, 0x400000 },
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;
		const struct rmem_log *log;

		virt_dt(&dt, 0, 0);
		ctx = boot_dt_with(&dt, it.name, &opt);
		log = rmem_ctx_log(ctx);
		assert_true(rmem_test_log_has(log, RMEM_LOG_ERR,
			"INITRD: 0x40300000+0x00400000 overlaps in-use memory region"));
		/* pr_cont() after a line that ended: a record of its own */
		assert_true(rmem_test_log_has(log, RMEM_LOG_WARNING, " - disabling initrd"));
		rmem_ctx_destroy(ctx);
	}
}

static void test_initrd_below_ram(void **state)
{
	static const int warn_line[] = {
		[RMEM_TEST_5_10] = 390, [RMEM_TEST_6_1] = 347, [RMEM_TEST_6_12] = 267,
		[RMEM_TEST_7_2] = 274,
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;
		const struct rmem_log *log;
		char want[160];

		virt_dt(&dt, 0x3f000000, 0x3f100001);
		ctx = boot_dt(&dt, it.name);
		log = rmem_ctx_log(ctx);
		assert_null(rmem_ctx_crashed(ctx));
		assert_false(rmem_memblock_is_reserved(&ctx->memblock, 0x3f000000));
		if (!rmem_test_profile_is(&it.p, RMEM_TEST_ARM64)) {
			/* riscv's RAM starts at 0x80000000 on its board, not here: the same words */
			assert_true(rmem_test_log_has(log, RMEM_LOG_ERR,
				"INITRD: 0x3f000000+0x00101000 is not a memory region - disabling initrd"));
			rmem_ctx_destroy(ctx);
			continue;
		}
		assert_true(rmem_test_log_has(log, RMEM_LOG_WARNING,
			"initrd not fully accessible via the linear mapping -- please check your bootloader ..."));
		if (RMEM_TEST_BY_KERNEL(warn_line, it.name) == 274)
			snprintf(want, sizeof(want),
				 "WARNING: arch/arm64/mm/init.c:274 at arm64_memblock_init, CPU#0: swapper/0");
		else
			snprintf(want, sizeof(want),
				 "WARNING: CPU: 0 PID: 0 at arch/arm64/mm/init.c:%d arm64_memblock_init",
				 RMEM_TEST_BY_KERNEL(warn_line, it.name));
		assert_true(rmem_test_log_has(log, RMEM_LOG_WARNING, want));
		rmem_ctx_destroy(ctx);
	}
}

static void test_arm64_initrd(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;

		/* where QEMU loads one: its whole pages reserved, and memory */
		virt_dt(&dt, 0x48000000, 0x48123456);
		ctx = boot_dt(&dt, it.name);
		assert_null(rmem_ctx_crashed(ctx));
		assert_true(rmem_memblock_is_region_reserved(&ctx->memblock, 0x48000000, 0x120000));
		rmem_ctx_destroy(ctx);

		/* above the RAM: made memory, then read where nothing answers */
		virt_dt(&dt, 0xd0000000, 0xd0400000);
		ctx = boot_dt(&dt, it.name);
		assert_non_null(rmem_ctx_crashed(ctx));
		assert_null(rmem_dma_contiguous_default_area(ctx));
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm_initrd_on_kernel),
		cmocka_unit_test(test_initrd_below_ram),
		cmocka_unit_test(test_arm64_initrd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
