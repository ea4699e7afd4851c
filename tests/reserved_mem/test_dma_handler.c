// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "dma" handler: rmem_dma_setup() in kernel/dma/coherent.c, its
 * "linux,dma-default" and the initcall dma_init_reserved_memory(); and
 * which region a device's memory-region finds
 * (of_reserved_mem_device_init_by_idx()).
 */
#include <libfdt.h>

#include "rm_fixture.h"

/* arm64 takes a region with or without no-map; the pool itself waits for a device. */
static void test_arm64_pool(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		struct rmem_reserved_mem *rmem;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "map@60000000", 0x60000000, 2 * RM_MB, 0);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_INFO,
			"Reserved memory: created DMA memory pool at 0x0000000060000000, size 2 MiB"));
		rmem = rm_rmem(f.ctx, "map@60000000");
		assert_string_equal(rmem->handler->name, "dma");
		assert_null(rmem->priv);
		rm_free(&f);
	}
}

/*
 * arm (CONFIG_ARM) wants no-map: "regions without no-map are not yet
 * supported", then the kernel gives the memory back.
 */
static void test_armhf_nomap_rule(void **state)
{
	static const char *const expected[] = {
		"<3>Reserved memory: regions without no-map are not yet supported",
		"<6>OF: reserved mem: node map@60000000 compatible matching fail",
		"<6>Reserved memory: created DMA memory pool at 0x0000000061000000, size 2 MiB",
		"<6>OF: reserved mem: initialized node nomap@61000000, compatible id shared-dma-pool",
		NULL
	};
	struct rmem_test_dt dt;
	struct rm_fixture f;
	const struct rmem_rmem_node *n;

	rm_dt_begin(&dt);
	rm_dt_static(&dt, "map@60000000", 0x60000000, 2 * RM_MB, 0);
	rm_dt_static(&dt, "nomap@61000000", 0x61000000, 2 * RM_MB, RM_NOMAP);
	rm_boot(&f, "armhf-6.1", &dt, NULL);
	rm_scan(&f);
	rm_assert_lines(&f, RMEM_LOG_INFO, expected);
	n = rm_node(f.ctx, "map@60000000");
	assert_int_equal(n->state, RMEM_NODE_HANDLER_FAILED);
	assert_non_null(strstr(n->reason, "dma: arm wants no-map"));
	assert_true(rm_free_range(f.ctx, 0x60000000, 2 * RM_MB));
	rm_free(&f);
}

/* A reusable region is never a DMA pool. */
static void test_reusable_refused(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;

	rm_dt_begin(&dt);
	rm_dt_static(&dt, "r@60000000", 0x60000000, 2 * RM_MB, RM_REUSABLE | RM_NOMAP);
	rm_boot(&f, "arm64-6.12", &dt, NULL);
	rm_scan(&f);
	assert_int_equal(rm_node(f.ctx, "r@60000000")->state, RMEM_NODE_HANDLER_FAILED);
	assert_int_equal(rmem_test_count_lines(&f.ctx->log, "created DMA memory pool"), 0);
	rm_free(&f);
}

static void build_two_defaults(struct rmem_test_dt *dt)
{
	rm_dt_begin(dt);
	rm_dt_static(dt, "d1@60000000", 0x60000000, 2 * RM_MB, RM_NOMAP | RM_DMA_DEFAULT);
	rm_dt_static(dt, "d2@61000000", 0x61000000, 2 * RM_MB, RM_NOMAP | RM_DMA_DEFAULT);
}

/* Debian's arm64 kernels have no global pool: linux,dma-default is ignored, no WARN. */
static void test_default_ignored_on_arm64(void **state)
{
	static const int want[] = {
		[RMEM_TEST_5_10] = -ENOMEM, [RMEM_TEST_6_1] = -EOPNOTSUPP,
		[RMEM_TEST_6_12] = -EOPNOTSUPP, [RMEM_TEST_7_2] = -EOPNOTSUPP,
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		build_two_defaults(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, "redefined"), 0);
		assert_int_equal(rmem_dma_init_reserved_memory(f.ctx), RMEM_TEST_BY_KERNEL(want, it.name));
		assert_null(f.ctx->dma.global.mem);
		rm_free(&f);
	}
}

/* NULL: 5.10 honours linux,dma-default on arm only (test_5_10_arm_default) */
static const char *const global_pool_warn[] = {
	[RMEM_TEST_5_10] = NULL,
	[RMEM_TEST_6_1] = "WARNING: CPU: 0 PID: 0 at kernel/dma/coherent.c:384 rmem_dma_setup",
	[RMEM_TEST_6_12] = "WARNING: CPU: 0 PID: 0 at kernel/dma/coherent.c:385 rmem_dma_setup",
	[RMEM_TEST_7_2] = "WARNING: CPU: 0 PID: 0 at kernel/dma/coherent.c:379 rmem_dma_setup",
};

static bool global_pool_warns(const char *profile)
{
	return RMEM_TEST_BY_KERNEL(global_pool_warn, profile) != NULL;
}

/*
 * With CONFIG_DMA_GLOBAL_POOL (6.1 coherent.c:383, 6.12 :384): the second
 * default WARNs, the last one wins, and the initcall makes it the global pool.
 */
static void test_global_pool(void **state)
{
	rmem_test_for_each_profile_if(it, RMEM_TEST_ARM64, global_pool_warns) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		struct rmem_dma_coherent_stat st;

		build_two_defaults(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		f.ctx->profile.dma_global_pool = true;
		assert_int_equal(rmem_profile_derive(&f.ctx->profile), 0);
		rm_scan(&f);
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_WARNING,
			"Reserved memory: region for default DMA coherent area is redefined"));
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_WARNING,
					      RMEM_TEST_BY_KERNEL(global_pool_warn, it.name)));
		assert_int_equal(rmem_dma_init_reserved_memory(f.ctx), 0);
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_INFO,
					      "DMA: default coherent area is set"));
		rmem_dma_coherent_get_stat(f.ctx->dma.global.mem, &st);
		assert_int_equal(st.phys_base, 0x61000000);
		rm_free(&f);
	}
}

/* 5.10 honours linux,dma-default on arm only (CONFIG_ARM, coherent.c:373 in 5.10). */
static void test_5_10_arm_default(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;

	build_two_defaults(&dt);
	rm_boot(&f, "armhf-6.1", &dt, NULL);
	f.ctx->profile.version = RMEM_KERNEL_VERSION(5, 10);
	assert_int_equal(rmem_profile_derive(&f.ctx->profile), 0);
	rm_scan(&f);
	assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_WARNING,
		"WARNING: CPU: 0 PID: 0 at kernel/dma/coherent.c:374 rmem_dma_setup"));
	assert_int_equal(rmem_dma_init_reserved_memory(f.ctx), 0);
	assert_non_null(f.ctx->dma.global.mem);
	rm_free(&f);
}

/*
 * of_reserved_mem_device_init_by_idx(): 5.10 and 6.1 find the region by
 * the target's phandle (__find_rmem(): none without one), 6.12 by its name
 * (of_reserved_mem_lookup()).
 */
static void test_device_lookup(void **state)
{
	static const bool by_name[] = {
		[RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
		[RMEM_TEST_7_2] = true,
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		bool name = RMEM_TEST_BY_KERNEL(by_name, it.name);
		struct rmem_test_dt dt;
		struct rm_fixture f;
		int with, without;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "with@60000000");
		RMEM_TEST_DT_REG(&dt, "reg", 0x60000000, RM_MB);
		rm_dt_flags(&dt, RM_NOMAP);
		RMEM_TEST_DT_CELLS(&dt, "linux,phandle", 7);
		rmem_test_dt_end_node(&dt);
		rm_dt_static(&dt, "without@61000000", 0x61000000, RM_MB, RM_NOMAP);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		with = fdt_path_offset(f.fdt.blob, "/reserved-memory/with@60000000");
		without = fdt_path_offset(f.fdt.blob, "/reserved-memory/without@61000000");
		assert_ptr_equal(rmem_reserved_mem_for_node(f.ctx, with),
				 rm_rmem(f.ctx, "with@60000000"));
		assert_int_equal(rm_rmem(f.ctx, "with@60000000")->phandle, name ? 0 : 7);
		if (!name)
			assert_null(rmem_reserved_mem_for_node(f.ctx, without));
		else
			assert_ptr_equal(rmem_reserved_mem_for_node(f.ctx, without),
					 rm_rmem(f.ctx, "without@61000000"));
		assert_ptr_equal(rmem_reserved_mem_by_phandle(f.ctx, 7),
				 name ? NULL : rm_rmem(f.ctx, "with@60000000"));
		rm_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64_pool),
		cmocka_unit_test(test_armhf_nomap_rule),
		cmocka_unit_test(test_reusable_refused),
		cmocka_unit_test(test_default_ignored_on_arm64),
		cmocka_unit_test(test_global_pool),
		cmocka_unit_test(test_5_10_arm_default),
		cmocka_unit_test(test_device_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
