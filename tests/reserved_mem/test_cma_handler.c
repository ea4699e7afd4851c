// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "cma" handler: rmem_cma_setup() in kernel/dma/contiguous.c, tried
 * first for a "shared-dma-pool" (link order), and what
 * fdt_init_reserved_mem() (5.10/6.1) / fdt_init_reserved_mem_node() (6.12)
 * do when it and the "dma" handler both refuse a region.
 */
#include "rm_fixture.h"

/*
 * A static reusable region becomes a CMA area named after the node (16 MiB:
 * whole 4K-page pageblocks; %pa of 16 digits).
 */
static void test_static_cma(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PAGE_4K | RMEM_TEST_PHYS_64) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		struct rmem_reserved_mem *rmem;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "cma@60000000", 0x60000000, 16 * RM_MB, RM_REUSABLE);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_INFO,
			"Reserved memory: created CMA memory pool at 0x0000000060000000, size 16 MiB"));
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_INFO,
			"OF: reserved mem: initialized node cma@60000000, compatible id shared-dma-pool"));
		rmem = rm_rmem(f.ctx, "cma@60000000");
		assert_non_null(rmem->priv);
		assert_ptr_equal(rmem->priv, rmem_cma_find(f.ctx, "cma@60000000"));
		assert_int_equal(rmem_cma_get_base(rmem->priv), 0x60000000);
		assert_string_equal(rmem->handler->name, "cma");
		assert_null(rmem_dma_contiguous_default_area(f.ctx));
		assert_true(rm_reserved(f.ctx, 0x60000000, 16 * RM_MB));
		rm_free(&f);
	}
}

/* linux,cma-default makes it dma_contiguous_default_area; dma_contiguous_reserve() then adds none. */
static void test_default_area(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		struct rmem_cma *cma;

		rm_dt_begin(&dt);
		rm_dt_dynamic(&dt, "linux,cma", 32 * RM_MB, RM_REUSABLE | RM_CMA_DEFAULT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		cma = rmem_dma_contiguous_default_area(f.ctx);
		assert_non_null(cma);
		assert_string_equal(rmem_cma_get_name(cma), "linux,cma");
		assert_int_equal(rmem_dma_contiguous_reserve(f.ctx, 0x100000000ULL), 0);
		assert_int_equal(rmem_cma_area_count(f.ctx), 1);
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, "cma: Reserved"), 0);
		rm_free(&f);
	}
}

/*
 * cma= on the command line (even cma=0) bypasses a linux,cma-default node
 * with -EBUSY; the dma handler refuses a reusable region, so the kernel
 * prints "compatible matching fail" and frees the memory (a real 6.1 boot
 * printed exactly these two lines).  7.2's "cma" handler refuses the node
 * when it is validated, before it is placed: one line without a prefix
 * (contiguous.c:491 drops pr_fmt), nothing allocated, nothing given back
 * (the 7.2 recordings of 100-cmdline-cma-vs-dt-default and
 * 101-cmdline-cma-zero-vs-dt-default).
 */
static void test_cmdline_bypass(void **state)
{
	static const char *const expected[] = {
		"Reserved memory: bypass linux,cma node, using cmdline CMA params instead",
		"OF: reserved mem: node linux,cma compatible matching fail",
		NULL
	};
	static const char *const validated[] = {
		"<3>Skipping dt linux,cma-default node in favor for \"cma=\" kernel param.", NULL
	};
	static const char *const cmdlines[] = { "cma=32M", "cma=0" };

	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		bool early = rm_validates_nodes(it.name);

		for (int c = 0; c < 2; c++) {
			struct rmem_test_dt dt;
			struct rm_fixture f;
			const struct rmem_rmem_node *n;

			rm_dt_begin(&dt);
			rm_dt_dynamic(&dt, "linux,cma", 128 * RM_MB, RM_REUSABLE | RM_CMA_DEFAULT);
			rm_boot(&f, it.name, &dt, cmdlines[c]);
			rm_scan(&f);
			rm_assert_lines(&f, RMEM_LOG_INFO, early ? validated : expected);
			n = rm_node(f.ctx, "linux,cma");
			assert_int_equal(n->state, early ? RMEM_NODE_IGNORED : RMEM_NODE_HANDLER_FAILED);
			assert_int_equal(n->err, early ? -EBUSY : -EINVAL);
			assert_non_null(strstr(n->reason, "bypassed"));
			/* freed, or never placed (6.12's late reserved_mem array may land at its top) */
			assert_true(rm_free_range(f.ctx, early ? RM_RAM_END - 128 * RM_MB : n->base,
						  128 * RM_MB - RM_MB));
			assert_null(rmem_dma_contiguous_default_area(f.ctx));
			rm_free(&f);
		}
	}
}

/*
 * 7.2, a static default region: refused before it is reserved, and again
 * by the late pass (its line twice, as 102-cmdline-cma-vs-static-default's
 * 7.2 recording has it).
 */
static void test_cmdline_bypass_static_validated(void **state)
{
	rmem_test_for_each_profile_if(it, RMEM_TEST_DMA_CMA, rm_validates_nodes) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "linux,cma@60000000", 0x60000000, 64 * RM_MB,
			     RM_REUSABLE | RM_CMA_DEFAULT);
		rm_boot(&f, it.name, &dt, "cma=16M");
		rm_scan(&f);
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, "Skipping dt linux,cma-default node"),
				 2);
		assert_true(rm_free_range(f.ctx, 0x60000000, 64 * RM_MB));
		assert_int_equal(rmem_reserved_mem_count(f.ctx), 0);
		rm_free(&f);
	}
}

/* A static default region bypassed: memblock_phys_free() gives the reg range back. */
static void test_cmdline_bypass_static(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;

	rm_dt_begin(&dt);
	rm_dt_static(&dt, "linux,cma@60000000", 0x60000000, 64 * RM_MB,
		     RM_REUSABLE | RM_CMA_DEFAULT);
	rm_boot(&f, "arm64-6.1", &dt, "cma=16M");
	rm_scan(&f);
	assert_true(rm_free_range(f.ctx, 0x60000000, 64 * RM_MB));
	assert_int_equal(rmem_dma_contiguous_reserve(f.ctx, 0x100000000ULL), 0);
	assert_non_null(rmem_dma_contiguous_default_area(f.ctx));
	assert_string_equal(rmem_cma_get_name(rmem_dma_contiguous_default_area(f.ctx)), "reserved");
	rm_free(&f);
}

/*
 * The alignment check: 5.10 wants 4 MiB (MAX_ORDER - 1, contiguous.c:402
 * in 5.10), 6.1 and 6.12 a 2 MiB pageblock, 8 MiB on arm without LPAE
 * (no HUGETLB_PAGE: pageblocks of the largest order).  A 2 MiB-aligned
 * region is refused by 5.10 and by arm without LPAE.
 */
static void test_alignment(void **state)
{
	static const bool refused[] = {
		[RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		[RMEM_TEST_7_2] = false,
	};

	/* 2 MiB is a pageblock with 4K pages only */
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PAGE_4K) {
		bool phys_32 = rmem_test_profile_is(&it.p, RMEM_TEST_PHYS_32);
		bool refuse = RMEM_TEST_BY_KERNEL(refused, it.name) || phys_32;
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "cma@60200000", 0x60200000, 2 * RM_MB, RM_REUSABLE);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR,
			"Reserved memory: incorrect alignment of CMA region"), refuse);
		n = rm_node(f.ctx, "cma@60200000");
		assert_int_equal(n->state, refuse ? RMEM_NODE_HANDLER_FAILED : RMEM_NODE_INITIALIZED);
		if (refuse) {
			assert_non_null(strstr(n->reason, phys_32 ? "multiples of 8 MiB" :
								    "multiples of 4 MiB"));
			assert_true(rm_free_range(f.ctx, 0x60200000, 2 * RM_MB));
		}
		rm_free(&f);
	}
}

/* reusable + no-map: the cma handler refuses quietly, the dma one refuses reusable. */
static void test_reusable_nomap(void **state)
{
	static const char *const expected[] = {
		"OF: reserved mem: node both@60000000 compatible matching fail", NULL
	};
	static const bool nomap_stays[] = {
		[RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
	};

	rmem_test_for_each_profile_if(it, RMEM_TEST_DMA_CMA, rm_validates_no_nodes) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "both@60000000", 0x60000000, 4 * RM_MB, RM_REUSABLE | RM_NOMAP);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		rm_assert_lines(&f, RMEM_LOG_INFO, expected);
		/* the give-back: 5.10 re-adds memory, whose NOMAP flag stays; 6.x clear it */
		assert_int_equal(rm_nomap(f.ctx, 0x60000000, 4 * RM_MB),
				 RMEM_TEST_BY_KERNEL(nomap_stays, it.name));
		assert_string_equal(rm_node(f.ctx, "both@60000000")->reason,
				    "cma: wants reusable without no-map; dma: refuses reusable regions; "
				    "every matching handler refused it: memory given back");
		rm_free(&f);
	}
}

/*
 * 7.2: both handlers pass reusable + no-map over (-ENODEV): the region
 * stays, no-map, without a handler, "nomap reusable" (as
 * 011-static-cma-nomap's 7.2 recording shows).
 */
static void test_reusable_nomap_kept(void **state)
{
	static const char *const expected[] = {
		"OF: reserved mem: 0x0000000060000000..0x00000000603fffff (4096 KiB) nomap reusable both@60000000",
		NULL
	};

	rmem_test_for_each_profile_if(it, RMEM_TEST_DMA_CMA, rm_validates_nodes) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "both@60000000", 0x60000000, 4 * RM_MB, RM_REUSABLE | RM_NOMAP);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		rm_assert_lines(&f, RMEM_LOG_INFO, expected);
		assert_true(rm_nomap(f.ctx, 0x60000000, 4 * RM_MB));
		n = rm_node(f.ctx, "both@60000000");
		assert_int_equal(n->state, RMEM_NODE_RESERVED);
		assert_null(n->handler);
		assert_int_equal(rmem_reserved_mem_count(f.ctx), 1);
		rm_free(&f);
	}
}

/* Not reusable: cma refuses quietly, dma takes it; the record carries no word of cma's refusal. */
static void test_not_reusable_goes_to_dma(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;
	const struct rmem_rmem_node *n;

	rm_dt_begin(&dt);
	rm_dt_static(&dt, "pool@60000000", 0x60000000, 4 * RM_MB, RM_NOMAP);
	rm_boot(&f, "arm64-6.1", &dt, NULL);
	rm_scan(&f);
	n = rm_node(f.ctx, "pool@60000000");
	assert_string_equal(n->handler->name, "dma");
	assert_string_equal(n->reason, "");
	rm_free(&f);
}

/*
 * More CMA regions than MAX_CMA_AREAS: cma_init_reserved_mem() fails with
 * "Not enough slots", rmem_cma_setup() adds "unable to setup CMA region".
 */
static void test_slots_exhausted(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;
	char name[32];
	unsigned int max;

	rm_dt_begin(&dt);
	for (int k = 0; k < 21; k++) {
		snprintf(name, sizeof(name), "c%d@%x", k, 0x50000000 + k * 0x400000);
		rm_dt_static(&dt, name, 0x50000000 + k * 4 * RM_MB, 4 * RM_MB, RM_REUSABLE);
	}
	rm_boot(&f, "arm64-6.1", &dt, NULL);
	max = f.ctx->profile.max_cma_areas;
	rm_scan(&f);
	assert_int_equal(rmem_cma_area_count(f.ctx), max);
	assert_int_equal(rmem_test_count_lines(&f.ctx->log, "Reserved memory: unable to setup CMA region"),
			 21 - max);
	assert_int_equal(rmem_test_count_lines(&f.ctx->log, "cma: Not enough slots"), 21 - max);
	assert_int_equal(rm_node(f.ctx, "c20@55000000")->state, RMEM_NODE_HANDLER_FAILED);
	rm_free(&f);
}

/* Without CONFIG_DMA_CMA there is no cma handler: a reusable region is refused by dma alone. */
static void test_no_dma_cma(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;

	rm_dt_begin(&dt);
	rm_dt_static(&dt, "cma@60000000", 0x60000000, 16 * RM_MB, RM_REUSABLE);
	rm_boot(&f, "arm64-6.1", &dt, NULL);
	f.ctx->profile.dma_cma = false;
	rm_scan(&f);
	assert_int_equal(rmem_cma_area_count(f.ctx), 0);
	assert_int_equal(rm_node(f.ctx, "cma@60000000")->state, RMEM_NODE_HANDLER_FAILED);
	rm_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static_cma),
		cmocka_unit_test(test_default_area),
		cmocka_unit_test(test_cmdline_bypass),
		cmocka_unit_test(test_cmdline_bypass_static_validated),
		cmocka_unit_test(test_cmdline_bypass_static),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_reusable_nomap),
		cmocka_unit_test(test_reusable_nomap_kept),
		cmocka_unit_test(test_not_reusable_goes_to_dma),
		cmocka_unit_test(test_slots_exhausted),
		cmocka_unit_test(test_no_dma_cma),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
