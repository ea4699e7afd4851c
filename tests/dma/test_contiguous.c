// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_contiguous_reserve() and dma_contiguous_reserve_area()
 * (kernel/dma/contiguous.c, the same in 5.10, 6.1 and 6.12): the default
 * CMA area from cma= or CONFIG_CMA_SIZE_SEL_*.
 */
#include <errno.h>

#include <rmem/contiguous.h>

#include "rmem_test.h"
#include "internal.h"

#define GIB (1ULL << 30)
#define MIB (1ULL << 20)

static struct rmem_ctx *machine(const char *profile, const char *cmdline)
{
	struct rmem_ctx *ctx = rmem_test_ctx(profile, 0x40000000, GIB);

	if (cmdline)
		assert_int_equal(rmem_cmdline_parse(&ctx->cmdline, cmdline, &ctx->profile, NULL), 0);
	return ctx;
}

/* CONFIG_CMA_SIZE_MBYTES (64 on Debian arm64): the area "reserved", with the two pr_debug lines. */
static void test_config_size(void **state)
{
	struct rmem_ctx *ctx = machine("arm64-6.1", NULL);
	struct rmem_cma *cma;

	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0x100000000ULL), 0);
	cma = rmem_dma_contiguous_default_area(ctx);
	assert_non_null(cma);
	assert_string_equal(rmem_cma_get_name(cma), "reserved");
	assert_int_equal(rmem_cma_get_size(cma), 64 * MIB);
	assert_int_equal(rmem_cma_get_base(cma), 0x80000000 - 64 * MIB);
	assert_true(rmem_test_log_has(&ctx->log, RMEM_LOG_DEBUG,
				      "cma: dma_contiguous_reserve(limit 100000000)"));
	assert_true(rmem_test_log_has(&ctx->log, RMEM_LOG_DEBUG,
		"cma: dma_contiguous_reserve: reserving 64 MiB for global area"));
	assert_true(rmem_test_log_has(&ctx->log, RMEM_LOG_INFO,
				      "cma: Reserved 64 MiB at 0x000000007c000000"));
	rmem_ctx_destroy(ctx);
}

/* cma=32M overrides the config; cma=0 reserves nothing. */
static void test_cmdline_size(void **state)
{
	struct rmem_ctx *ctx = machine("arm64-6.12", "cma=32M");

	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0), 0);
	assert_int_equal(rmem_cma_get_size(rmem_dma_contiguous_default_area(ctx)), 32 * MIB);
	rmem_ctx_destroy(ctx);

	ctx = machine("arm64-6.12", "cma=0");
	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0), 0);
	assert_null(rmem_dma_contiguous_default_area(ctx));
	assert_int_equal(rmem_cma_area_count(ctx), 0);
	rmem_ctx_destroy(ctx);
}

/* cma=size@base is fixed (base + size == limit): exactly there. */
static void test_cmdline_fixed(void **state)
{
	struct rmem_ctx *ctx = machine("arm64-6.1", "cma=16M@0x50000000");

	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0x100000000ULL), 0);
	assert_int_equal(rmem_cma_get_base(rmem_dma_contiguous_default_area(ctx)), 0x50000000);
	rmem_ctx_destroy(ctx);
}

/* cma=size@base-limit: placed in [base, min_not_zero(limit, @limit)), not fixed. */
static void test_cmdline_range(void **state)
{
	struct rmem_ctx *ctx = machine("arm64-6.1", "cma=16M@0x50000000-0x60000000");
	rmem_phys_t base;

	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0x100000000ULL), 0);
	base = rmem_cma_get_base(rmem_dma_contiguous_default_area(ctx));
	assert_int_equal(base, 0x60000000 - 16 * MIB);
	rmem_ctx_destroy(ctx);

	/* the arch's limit wins when it is lower */
	ctx = machine("arm64-6.1", "cma=16M@0x50000000-0x60000000");
	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0x58000000), 0);
	assert_int_equal(rmem_cma_get_base(rmem_dma_contiguous_default_area(ctx)),
			 0x58000000 - 16 * MIB);
	rmem_ctx_destroy(ctx);
}

/* A default area from the device tree: dma_contiguous_reserve() does nothing. */
static void test_skip_when_default_exists(void **state)
{
	struct rmem_ctx *ctx = machine("arm64-6.1", NULL);
	struct rmem_cma *dt_area;

	assert_int_equal(rmem_memblock_reserve(&ctx->memblock, 0x60000000, 16 * MIB), 0);
	assert_int_equal(rmem_cma_init_reserved_mem(ctx, 0x60000000, 16 * MIB, 0, "linux,cma",
						    &dt_area), 0);
	ctx->dma.contiguous_default_area = dt_area;
	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0), 0);
	assert_ptr_equal(rmem_dma_contiguous_default_area(ctx), dt_area);
	assert_int_equal(rmem_cma_area_count(ctx), 1);
	assert_int_equal(rmem_test_count_lines(&ctx->log, "reserving"), 0);
	rmem_ctx_destroy(ctx);
}

/*
 * CONFIG_CMA_SIZE_SEL_PERCENTAGE: cma_early_percent_memory(), 10 % of
 * 1 GiB in pages, 102 MiB (cma_declare_contiguous() then rounds up to its
 * alignment: 104 MiB); SEL_MIN and SEL_MAX against 64 MiB.
 */
static void test_percentage(void **state)
{
	static const enum rmem_cma_size_sel sel[] = {
		RMEM_CMA_SIZE_SEL_PERCENTAGE, RMEM_CMA_SIZE_SEL_MIN, RMEM_CMA_SIZE_SEL_MAX,
	};
	static const char *const lines[] = {
		"cma: dma_contiguous_reserve: reserving 102 MiB for global area",
		"cma: dma_contiguous_reserve: reserving 64 MiB for global area",
		"cma: dma_contiguous_reserve: reserving 102 MiB for global area",
	};

	for (int i = 0; i < 3; i++) {
		struct rmem_ctx *ctx = machine("arm64-6.1", NULL);

		ctx->profile.cma_size_sel = sel[i];
		ctx->profile.cma_size_percentage = 10;
		assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0), 0);
		assert_true(rmem_test_log_has(&ctx->log, RMEM_LOG_DEBUG, lines[i]));
		assert_int_equal(rmem_cma_get_size(rmem_dma_contiguous_default_area(ctx)),
				 i == 1 ? 64 * MIB : 104 * MIB);
		rmem_ctx_destroy(ctx);
	}
}

/* A failed reservation is returned (the kernel ignores it) and leaves no default area. */
static void test_failure(void **state)
{
	struct rmem_ctx *ctx = machine("arm64-6.1", "cma=2G");

	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0), -ENOMEM);
	assert_null(rmem_dma_contiguous_default_area(ctx));
	assert_true(rmem_test_log_has(&ctx->log, RMEM_LOG_ERR, "cma: Failed to reserve 2048 MiB"));
	rmem_ctx_destroy(ctx);
}

/* arm's 32-bit unsigned long: the limit printed with %08lx. */
static void test_arm_limit_format(void **state)
{
	struct rmem_ctx *ctx = machine("armhf-6.1", NULL);

	assert_int_equal(rmem_dma_contiguous_reserve(ctx, 0xffffffffULL), 0);
	assert_true(rmem_test_log_has(&ctx->log, RMEM_LOG_DEBUG,
				      "cma: dma_contiguous_reserve(limit ffffffff)"));
	assert_int_equal(rmem_cma_get_size(rmem_dma_contiguous_default_area(ctx)), 16 * MIB);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_size),
		cmocka_unit_test(test_cmdline_size),
		cmocka_unit_test(test_cmdline_fixed),
		cmocka_unit_test(test_cmdline_range),
		cmocka_unit_test(test_skip_when_default_exists),
		cmocka_unit_test(test_percentage),
		cmocka_unit_test(test_failure),
		cmocka_unit_test(test_arm_limit_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
