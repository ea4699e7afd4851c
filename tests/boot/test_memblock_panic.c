// SPDX-License-Identifier: GPL-2.0-only
/*
 * A memory node with more banks than memblock's static memory array holds
 * (INIT_MEMBLOCK_MEMORY_REGIONS: 1024 on arm64 from 6.1, 128 in 5.10).
 * Before memblock_allow_resize() the array cannot grow: 5.10 and 6.1 drop
 * the further banks silently, 6.12 panics at the first one
 * (mm/memblock.c:424) and the boot ends there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_fixture.h"
#include "../memblock/memblock_kernels.h"

#define NR_BANKS 1100

static const char panic_line[] = "Kernel panic - not syncing: memblock: cannot resize memory array";

/*
 * Per kernel, on arm64: the static memory array's size; a bank past it
 * panics or is dropped (mb_full_panics()).
 */
RMEM_TEST_KERNEL_FACT(size_t, arm64_regions,
		      [RMEM_TEST_5_10] = 128, [RMEM_TEST_6_1] = 1024, [RMEM_TEST_6_12] = 1024,
		      [RMEM_TEST_7_2] = 1024)

static bool drops_on(const char *profile)
{
	return !mb_full_panics(profile);
}

/* One memory node, @NR_BANKS disjoint 2 MiB banks 2 MiB apart. */
static void dt_many_banks(struct rmem_test_dt *dt)
{
	uint64_t *pairs = malloc(2 * NR_BANKS * sizeof(*pairs));

	assert_non_null(pairs);
	for (size_t i = 0; i < NR_BANKS; i++) {
		pairs[2 * i] = 0x40000000 + i * 0x400000;
		pairs[2 * i + 1] = 0x200000;
	}
	rmem_test_dt_begin(dt, 2, 2);
	rmem_test_dt_memory(dt, "memory@40000000", pairs, NR_BANKS);
	free(pairs);
}

/*
 * 6.12 (mm/memblock.c:424 memblock_double_array(), reached from
 * early_init_dt_scan_memory() through memblock_add()): one panic line, the
 * last of the log; the scan adds no bank after the 1024th and prints no
 * further "OF: fdt:  - base, size" line; nothing of the boot after it runs
 * (no /reserved-memory scan, no CMA area); the crash names the full array.
 */
static void test_612_panics_once(void **state)
{
	(void)state;
	rmem_test_for_each_profile_if(it, RMEM_TEST_ARM64, mb_full_panics) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;
		const struct rmem_log *log;
		const char *crash;

		dt_many_banks(&dt);
		ctx = boot_dt(&dt, it.name);
		log = rmem_ctx_log(ctx);
		crash = rmem_ctx_crashed(ctx);
		assert_non_null(crash);
		assert_non_null(strstr(crash, "cannot resize memory array"));
		assert_non_null(strstr(crash, "(1024 regions)"));
		assert_int_equal(rmem_test_count_lines(log, "cannot resize"), 1);
		assert_true(log->nr > 0);
		assert_string_equal(log->lines[log->nr - 1].text, panic_line);
		assert_int_equal(log->lines[log->nr - 1].level, RMEM_LOG_EMERG);
		/* the 1025th bank's line came before its memblock_add(), none after */
		assert_int_equal(rmem_test_count_lines(log, "OF: fdt:  - "), 1025);
		assert_int_equal(ctx->memblock.memory.cnt, 1024);
		assert_string_equal(ctx->memblock.panicked, "memory");
		assert_null(ctx->dma.contiguous_default_area);
		assert_int_equal(ctx->cma.area_count, 0);
		/* memblock is dead: a later call changes nothing and logs nothing */
		assert_int_equal(rmem_memblock_reserve(&ctx->memblock, 0x40000000, 0x1000), -ENOMEM);
		assert_int_equal(rmem_test_count_lines(log, "cannot resize"), 1);
		assert_int_equal(rmem_report_kernel_errors(ctx), 2);
		rmem_ctx_destroy(ctx);
	}
}

/*
 * 5.10 and 6.1 (mm/memblock.c memblock_double_array() returns -1 before
 * memblock_allow_resize(); early_init_dt_add_memory_arch() ignores it):
 * the banks past the array are dropped without a word and the boot goes
 * on, reading every bank of the node.
 */
static void test_older_drop_banks_silently(void **state)
{
	(void)state;
	rmem_test_for_each_profile_if(it, RMEM_TEST_ARM64, drops_on) {
		size_t max = arm64_regions(it.name);
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;
		const char *crash;

		dt_many_banks(&dt);
		ctx = boot_dt(&dt, it.name);
		crash = rmem_ctx_crashed(ctx);
		assert_true(!crash || !strstr(crash, "cannot resize"));
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx), "Kernel panic"), 0);
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx), "OF: fdt:  - "), NR_BANKS);
		assert_null(ctx->memblock.panicked);
		/* the first banks are all there; paging_init() has let the array grow since */
		assert_true(rmem_memblock_is_memory(&ctx->memblock,
						    0x40000000 + (max - 1) * 0x400000));
		assert_false(rmem_memblock_is_memory(&ctx->memblock,
						     0x40000000 + max * 0x400000));
		rmem_ctx_destroy(ctx);
	}
}

/* /reserved-memory with @n static no-map regions of 64 KiB, 1 MiB apart from 0x60000000 */
static void dt_nomap_regions(struct rmem_test_dt *dt, unsigned int n)
{
	char name[32];

	rmem_test_dt_begin(dt, 2, 2);
	RMEM_TEST_DT_MEMORY(dt, "memory@40000000", 0x40000000, 0x40000000);
	rmem_test_dt_begin_reserved_memory(dt, 2, 2);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t base = 0x60000000 + i * 0x100000ULL;

		snprintf(name, sizeof(name), "r%u@%llx", i, (unsigned long long)base);
		rmem_test_dt_begin_node(dt, name);
		RMEM_TEST_DT_REG(dt, "reg", base, 0x10000);
		rmem_test_dt_prop_empty(dt, "no-map");
		rmem_test_dt_end_node(dt);
	}
	rmem_test_dt_end_node(dt);
}

/*
 * arm's memory array has 128 entries, and each no-map region splits a
 * memory range in two more: the 64th (r63) finds it full.  6.12 panics
 * there, in the /reserved-memory scan, before any line of it (conformance
 * case 073 on armhf-6.12 and armhf-6.12-nolpae: nothing but the panic);
 * 6.1 refuses r63 ("failed to reserve memory") and goes on.
 */
static void test_arm_nomap_splits(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM) {
		struct rmem_test_dt dt;
		struct rmem_ctx *ctx;
		const char *crash;

		dt_nomap_regions(&dt, 64);
		ctx = boot_dt(&dt, it.name);
		crash = rmem_ctx_crashed(ctx);
		assert_int_equal(crash != NULL, mb_full_panics(it.name));
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx),
						       "failed to reserve memory for node 'r63@63f00000'"),
				 !mb_full_panics(it.name));
		if (crash) {
			assert_non_null(strstr(crash, "cannot resize memory array"));
			assert_non_null(strstr(crash, "(128 regions)"));
			assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx), "cma: "), 0);
			assert_null(ctx->dma.contiguous_default_area);
		}
		rmem_ctx_destroy(ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_612_panics_once),
		cmocka_unit_test(test_older_drop_banks_silently),
		cmocka_unit_test(test_arm_nomap_splits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
