// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whether dma_alloc_coherent() falls through to other memory:
 * dma_alloc_from_dev_coherent() (kernel/dma/coherent.c, 5.10 :197-207,
 * 6.1/6.12 :187-197) returns 1 whenever the device has a pool, so every
 * pool of these kernels is exclusive.  Non-exclusive pools are rmem's
 * what-if of the pre-4.16 behaviour without DMA_MEMORY_EXCLUSIVE.
 */
#include <errno.h>

#include "rmem_test.h"

#define POOL_PHYS 0x40000000ULL

static struct rmem_dma_coherent_mem *pool_open(const char *profile, unsigned long pages,
					       bool exclusive)
{
	struct rmem_profile p = rmem_test_profile(profile);
	struct rmem_dma_coherent_desc d = {
		.phys_addr = POOL_PHYS,
		.device_addr = POOL_PHYS,
		.size = pages << p.page_shift,
		.origin = RMEM_DMA_POOL_RESERVED_MEM,
		.exclusive = exclusive,
	};
	struct rmem_dma_coherent_mem *mem;

	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	return mem;
}

static unsigned long used(const struct rmem_dma_coherent_mem *mem)
{
	struct rmem_dma_coherent_stat st;

	rmem_dma_coherent_get_stat(mem, &st);
	return st.used;
}

/* dma_alloc_from_dev_coherent(): a device without a pool goes on (returns 0). */
static void test_no_pool_falls_through(void **state)
{
	rmem_dma_t h = 0;
	void *va = NULL;
	int ret = 12345;

	assert_int_equal(rmem_dma_alloc_from_dev_coherent(NULL, 4096, &h, &va, &ret), 0);
	assert_int_equal(ret, 12345);
}

/* dma_alloc_from_dev_coherent(): an exclusive pool answers success with 1. */
static void test_exclusive_success(void **state)
{
	struct rmem_dma_coherent_mem *mem = pool_open("arm64-6.1", 4, true);
	rmem_dma_t h = 0;
	int ret = -1;

	assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 4096, &h, NULL, &ret), 1);
	assert_int_equal(ret, 0);
	assert_int_equal(h, POOL_PHYS);
	rmem_dma_release_coherent_memory(mem);
}

/*
 * 5.10, 6.1, 6.12: a pool that cannot satisfy the request still returns 1
 * with a NULL buffer: dma_alloc_coherent() fails, nothing falls through.
 */
static void test_exclusive_failure_is_final(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_profile p = it.p;
		uint64_t pg = rmem_profile_page_size(&p);
		struct rmem_dma_coherent_mem *mem = pool_open(it.name, 4, true);
		struct rmem_dma_coherent_stat st;
		rmem_dma_t h;
		int ret = 0;

		/* larger than the pool */
		assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 1 << 30, &h, NULL, &ret), 1);
		assert_int_equal(ret, -ENOMEM);
		/* full */
		ret = 1;
		assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 1, &h, NULL, &ret), 1);
		assert_int_equal(ret, 0);
		assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 3, &h, NULL, &ret), 1);
		assert_int_equal(ret, 0);
		assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 2 * pg, &h, NULL, &ret), 1);
		assert_int_equal(ret, 0);
		assert_int_equal(h, POOL_PHYS + 2 * pg);
		assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 1, &h, NULL, &ret), 1);
		assert_int_equal(ret, -ENOMEM);
		rmem_dma_coherent_get_stat(mem, &st);
		assert_true(st.exclusive);
		assert_int_equal(st.used, 4);
		rmem_dma_release_coherent_memory(mem);
	}
}

/* What-if: a non-exclusive pool answers when it can, else lets the caller go on. */
static void test_non_exclusive_falls_through(void **state)
{
	struct rmem_dma_coherent_mem *mem = pool_open("arm64-6.12", 2, false);
	struct rmem_dma_coherent_stat st;
	rmem_dma_t h = 0;
	int ret = 1;

	rmem_dma_coherent_get_stat(mem, &st);
	assert_false(st.exclusive);
	assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 4096, &h, NULL, &ret), 1);
	assert_int_equal(ret, 0);
	assert_int_equal(h, POOL_PHYS);
	/* order 1 no longer fits: fall through */
	assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 8192, &h, NULL, &ret), 0);
	assert_int_equal(ret, -ENOMEM);
	assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 1 << 20, &h, NULL, &ret), 0);
	assert_int_equal(ret, -ENOMEM);
	assert_int_equal(used(mem), 1);
	assert_int_equal(rmem_dma_alloc_from_dev_coherent(mem, 1, &h, NULL, &ret), 1);
	assert_int_equal(h, POOL_PHYS + 4096);
	rmem_dma_release_coherent_memory(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_pool_falls_through),
		cmocka_unit_test(test_exclusive_success),
		cmocka_unit_test(test_exclusive_failure_is_final),
		cmocka_unit_test(test_non_exclusive_falls_through),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
