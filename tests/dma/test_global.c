// SPDX-License-Identifier: GPL-2.0-only
/*
 * The global default DMA coherent pool ("linux,dma-default"): 6.1/6.12
 * dma_init_global_coherent() under CONFIG_DMA_GLOBAL_POOL
 * (kernel/dma/coherent.c:279-322), 5.10 dma_init_reserved_memory() through
 * rmem_dma_device_init(rmem, NULL), on arm only (coherent.c:367-408).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"

#define POOL_PHYS 0x30000000ULL

static struct rmem_profile arm_510(void)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");

	p.version = RMEM_KERNEL_VERSION(5, 10);
	assert_int_equal(rmem_profile_derive(&p), 0);
	return p;
}

static struct rmem_profile with_global_pool(const char *name)
{
	struct rmem_profile p = rmem_test_profile(name);

	p.dma_global_pool = true;
	assert_int_equal(rmem_profile_derive(&p), 0);
	return p;
}

/*
 * Kernels without a global pool ignore "linux,dma-default": 6.x without
 * CONFIG_DMA_GLOBAL_POOL (every built-in profile: arm selects it only
 * without an MMU), 5.10 on arm64 (the property is read under CONFIG_ARM).
 */
static void test_unsupported_kernels(void **state)
{
	struct rmem_dma_global g = { 0 };
	rmem_dma_t h;

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_profile p = it.p;
		struct rmem_log log;

		rmem_log_init(&log);
		assert_int_equal(rmem_dma_init_global_coherent(&g, &p, POOL_PHYS, 1 << 20, NULL,
							       &log), -EOPNOTSUPP);
		assert_null(g.mem);
		assert_int_equal(log.nr, 0);
		rmem_log_release(&log);
	}
	/* dma_alloc_from_global_coherent() without a pool: NULL */
	assert_int_equal(rmem_dma_alloc_from_global_coherent(&g, 4096, &h, NULL), -ENODEV);
	/* dma_release_from_global_coherent() without a pool: 0 */
	assert_int_equal(rmem_dma_release_from_global_coherent(&g, POOL_PHYS, 4096), 0);
}

/* dma_init_global_coherent() / dma_init_reserved_memory(): pr_info on success. */
static void test_setup_logs_info(void **state)
{
	struct rmem_profile profiles[] = { with_global_pool("arm64-6.1"),
					   with_global_pool("arm64-6.12-16k"), arm_510() };

	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		struct rmem_dma_global g = { 0 };
		struct rmem_dma_coherent_stat st;
		struct rmem_log log;

		rmem_log_init(&log);
		assert_int_equal(rmem_dma_init_global_coherent(&g, &profiles[i], POOL_PHYS,
							       2 << 20, NULL, &log), 0);
		assert_non_null(g.mem);
		assert_int_equal(log.nr, 1);
		assert_int_equal(log.lines[0].level, RMEM_LOG_INFO);
		assert_string_equal(log.lines[0].text, "DMA: default coherent area is set");
		rmem_dma_coherent_get_stat(g.mem, &st);
		assert_int_equal(st.pages, (2 << 20) >> profiles[i].page_shift);
		assert_int_equal(st.device_base, POOL_PHYS);
		assert_true(st.exclusive);
		/* set up once: a second call is refused and logs nothing */
		assert_int_equal(rmem_dma_init_global_coherent(&g, &profiles[i], POOL_PHYS,
							       2 << 20, NULL, &log), -EBUSY);
		assert_int_equal(log.nr, 1);
		rmem_dma_release_global_coherent(&g);
		assert_null(g.mem);
		rmem_log_release(&log);
	}
}

/*
 * A failed setup: 5.10 logs rmem_dma_device_init()'s pr_err for every
 * error (coherent.c:337) and no info line; 6.x dma_init_global_coherent()
 * returns -EINVAL for size 0 silently (coherent.c:45-46).
 */
static void test_setup_failure_logging(void **state)
{
	struct rmem_profile p510 = arm_510();
	struct rmem_profile p612 = with_global_pool("arm64-6.12");
	struct rmem_dma_global g = { 0 };
	struct rmem_log log;

	rmem_log_init(&log);
	assert_int_equal(rmem_dma_init_global_coherent(&g, &p510, POOL_PHYS, 0, NULL, &log),
			 -EINVAL);
	assert_null(g.mem);
	assert_int_equal(log.nr, 1);
	assert_int_equal(log.lines[0].level, RMEM_LOG_ERR);
	assert_string_equal(log.lines[0].text,
			    "Reserved memory: failed to init DMA memory pool at 0x0000000030000000, size 0 MiB");
	rmem_log_release(&log);

	rmem_log_init(&log);
	assert_int_equal(rmem_dma_init_global_coherent(&g, &p612, POOL_PHYS, 0, NULL, &log),
			 -EINVAL);
	assert_int_equal(log.nr, 0);
	rmem_log_release(&log);
}

/*
 * dma_alloc_from_global_coherent() / dma_release_from_global_coherent():
 * the same allocator, addresses from phys_to_dma() of the pool base.
 */
static void test_alloc_release(void **state)
{
	struct rmem_profile p = with_global_pool("arm64-6.12");
	struct rmem_dma_global g = { 0 };
	unsigned char *backing = malloc(8 * 4096);
	rmem_dma_t h;
	void *va;

	assert_non_null(backing);
	memset(backing, 0x55, 8 * 4096);
	assert_int_equal(rmem_dma_init_global_coherent(&g, &p, POOL_PHYS, 8 * 4096, backing,
						       NULL), 0);
	assert_int_equal(rmem_dma_alloc_from_global_coherent(&g, 4096, &h, &va), 0);
	assert_int_equal(h, POOL_PHYS);
	assert_int_equal(rmem_dma_alloc_from_global_coherent(&g, 2 * 4096, &h, &va), 0);
	assert_int_equal(h, POOL_PHYS + 2 * 4096);
	assert_ptr_equal(va, backing + 2 * 4096);
	assert_int_equal(backing[2 * 4096], 0);
	assert_int_equal(backing[4096], 0x55);
	assert_int_equal(rmem_dma_alloc_from_global_coherent(&g, 8 * 4096, &h, &va), -ENOMEM);
	assert_int_equal(rmem_dma_release_from_global_coherent(&g, POOL_PHYS + 2 * 4096,
							       2 * 4096), 1);
	assert_int_equal(rmem_dma_release_from_global_coherent(&g, POOL_PHYS + 2 * 4096,
							       2 * 4096), -ENOENT);
	assert_int_equal(rmem_dma_release_from_global_coherent(&g, POOL_PHYS + 8 * 4096,
							       4096), 0);
	rmem_dma_release_global_coherent(&g);
	free(backing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unsupported_kernels),
		cmocka_unit_test(test_setup_logs_info),
		cmocka_unit_test(test_setup_failure_logging),
		cmocka_unit_test(test_alloc_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
