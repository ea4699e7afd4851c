// SPDX-License-Identifier: GPL-2.0-only
/*
 * Giving memory back to a DMA coherent pool: __dma_release_from_coherent()
 * (kernel/dma/coherent.c: 5.10 :219-233, 6.1/6.12 :199-213), reached from
 * dma_free_attrs() with get_order(size).  The kernel clears whatever run it
 * is told to; rmem refuses a run that is not wholly allocated or not aligned
 * to its size.
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"

#define POOL_PHYS 0x40000000ULL

static struct rmem_dma_coherent_mem *pool_open(const struct rmem_profile *p,
					       unsigned long pages)
{
	struct rmem_dma_coherent_desc d = {
		.phys_addr = POOL_PHYS,
		.device_addr = POOL_PHYS,
		.size = pages << p->page_shift,
		.origin = RMEM_DMA_POOL_DECLARED,
		.exclusive = true,
	};
	struct rmem_dma_coherent_mem *mem;

	assert_int_equal(rmem_dma_init_coherent_memory(p, &d, NULL, &mem), 0);
	return mem;
}

static rmem_dma_t alloc_ok(struct rmem_dma_coherent_mem *mem, uint64_t size)
{
	rmem_dma_t h;

	assert_int_equal(rmem_dma_alloc_from_coherent(mem, size, &h, NULL), 0);
	return h;
}

static unsigned long used(const struct rmem_dma_coherent_mem *mem)
{
	struct rmem_dma_coherent_stat st;

	rmem_dma_coherent_get_stat(mem, &st);
	return st.used;
}

/* __dma_release_from_coherent(): a run in the pool is cleared, returns 1. */
static void test_release_mine(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_profile p = it.p;
		uint64_t pg = rmem_profile_page_size(&p);
		struct rmem_dma_coherent_mem *mem = pool_open(&p, 16);
		rmem_dma_t a = alloc_ok(mem, 3 * pg);
		rmem_dma_t b = alloc_ok(mem, pg);

		assert_int_equal(a, POOL_PHYS);
		assert_int_equal(b, POOL_PHYS + 4 * pg);
		assert_int_equal(used(mem), 5);
		assert_int_equal(rmem_dma_release_from_coherent(mem, a, 3 * pg), 1);
		assert_int_equal(used(mem), 1);
		/* the freed run is found again from page 0 */
		assert_int_equal(alloc_ok(mem, 4 * pg), POOL_PHYS);
		rmem_dma_release_coherent_memory(mem);
	}
}

/* __dma_release_from_coherent(): outside the pool is "not mine", returns 0. */
static void test_not_mine(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_dma_coherent_mem *mem = pool_open(&p, 8);

	alloc_ok(mem, 4096);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS - 4096, 4096), 0);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS - 1, 4096), 0);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 8 * 4096, 4096), 0);
	/* not mine wins over a bad size, as the range test comes first */
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 8 * 4096, 0), 0);
	assert_int_equal(rmem_dma_release_from_coherent(NULL, POOL_PHYS, 4096), 0);
	assert_int_equal(used(mem), 1);
	rmem_dma_release_coherent_memory(mem);
}

/*
 * What the kernel would silently corrupt its bitmap with is refused with
 * -ENOENT and changes nothing: a free run, a partly allocated run, a run
 * not aligned to its order, a run past the pool's end.
 */
static void test_ownership_check(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12-16k");
	uint64_t pg = rmem_profile_page_size(&p);
	struct rmem_dma_coherent_mem *mem = pool_open(&p, 6);
	rmem_dma_t h;

	assert_int_equal(alloc_ok(mem, pg), POOL_PHYS);			/* page 0 */
	assert_int_equal(alloc_ok(mem, 2 * pg), POOL_PHYS + 2 * pg);	/* pages 2-3 */
	assert_int_equal(alloc_ok(mem, 2 * pg), POOL_PHYS + 4 * pg);	/* pages 4-5 */
	assert_int_equal(used(mem), 5);

	/* page 1 is free */
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + pg, pg), -ENOENT);
	/* order 1 at page 0: page 1 is free */
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS, 2 * pg), -ENOENT);
	/* order 1 at page 3: allocated, but not aligned to 2 pages */
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 3 * pg, 2 * pg),
			 -ENOENT);
	/* order 2 at page 4: pages 6-7 do not exist */
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 4 * pg, 4 * pg),
			 -ENOENT);
	/* order 3 at page 0 covers free pages and the end */
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS, 8 * pg), -ENOENT);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS, 0), -EINVAL);
	assert_int_equal(used(mem), 5);
	/* nothing moved: page 1 is still the only hole */
	assert_int_equal(rmem_dma_alloc_from_coherent(mem, 2 * pg, &h, NULL), -ENOMEM);
	assert_int_equal(alloc_ok(mem, pg), POOL_PHYS + pg);
	assert_int_equal(used(mem), 6);

	/* a double free is refused the second time */
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 2 * pg, 2 * pg), 1);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 2 * pg, 2 * pg),
			 -ENOENT);
	assert_int_equal(used(mem), 4);
	rmem_dma_release_coherent_memory(mem);
}

/*
 * __dma_release_from_coherent() takes (vaddr - virt_base) >> PAGE_SHIFT: an
 * address inside the run's first page releases it, as the kernel does.
 */
static void test_address_rounds_down(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	struct rmem_dma_coherent_mem *mem = pool_open(&p, 8);

	alloc_ok(mem, 4096);
	alloc_ok(mem, 4096);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 4096 + 123, 4096), 1);
	assert_int_equal(used(mem), 1);
	assert_int_equal(alloc_ok(mem, 1), POOL_PHYS + 4096);
	rmem_dma_release_coherent_memory(mem);
}

/*
 * The bitmap records no sizes: releasing the aligned first half of a run
 * with a smaller size is what the kernel does too (the rest stays in use).
 */
static void test_smaller_release_frees_part(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-5.10");
	struct rmem_dma_coherent_mem *mem = pool_open(&p, 8);

	assert_int_equal(alloc_ok(mem, 4 * 4096), POOL_PHYS);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 2 * 4096, 2 * 4096), 1);
	assert_int_equal(used(mem), 2);
	assert_int_equal(alloc_ok(mem, 2 * 4096), POOL_PHYS + 2 * 4096);
	rmem_dma_release_coherent_memory(mem);
}

/* Reserved-memory pools are found by their phys_to_dma() base (use_dev_dma_pfn_offset). */
static void test_release_reserved_mem_pool(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_dma_coherent_desc d = {
		.phys_addr = POOL_PHYS + 0x80,
		.device_addr = POOL_PHYS + 0x80,
		.size = 8 * 4096,
		.origin = RMEM_DMA_POOL_RESERVED_MEM,
		.exclusive = true,
	};
	struct rmem_dma_coherent_mem *mem;
	rmem_dma_t h;

	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	h = alloc_ok(mem, 4096);
	assert_int_equal(h, POOL_PHYS);
	assert_int_equal(rmem_dma_release_from_coherent(mem, POOL_PHYS + 8 * 4096, 4096), 0);
	assert_int_equal(rmem_dma_release_from_coherent(mem, h, 4096), 1);
	assert_int_equal(used(mem), 0);
	rmem_dma_release_coherent_memory(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_mine),
		cmocka_unit_test(test_not_mine),
		cmocka_unit_test(test_ownership_check),
		cmocka_unit_test(test_address_rounds_down),
		cmocka_unit_test(test_smaller_release_frees_part),
		cmocka_unit_test(test_release_reserved_mem_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
