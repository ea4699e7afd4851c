// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocating from a DMA coherent pool: __dma_alloc_from_coherent()
 * (kernel/dma/coherent.c; identical in 5.10 :151-181, 6.1 and 6.12 :141-171)
 * over bitmap_find_free_region() (lib/bitmap.c, include/linux/bitmap.h in 6.12).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"

#define POOL_PHYS 0x40000000ULL

struct pool {
	struct rmem_profile p;
	struct rmem_dma_coherent_mem *mem;
	uint64_t page;
	unsigned char *backing;
};

static void pool_open(struct pool *pool, const char *profile, unsigned long pages,
		      bool backing)
{
	struct rmem_dma_coherent_desc d = {
		.phys_addr = POOL_PHYS,
		.device_addr = POOL_PHYS,
		.origin = RMEM_DMA_POOL_DECLARED,
		.exclusive = true,
	};

	pool->p = rmem_test_profile(profile);
	pool->page = rmem_profile_page_size(&pool->p);
	d.size = pages * pool->page;
	pool->backing = NULL;
	if (backing) {
		pool->backing = malloc(d.size);
		assert_non_null(pool->backing);
		memset(pool->backing, 0xaa, d.size);
	}
	d.backing = pool->backing;
	assert_int_equal(rmem_dma_init_coherent_memory(&pool->p, &d, NULL, &pool->mem), 0);
}

static void pool_close(struct pool *pool)
{
	rmem_dma_release_coherent_memory(pool->mem);
	free(pool->backing);
}

/* The page number an allocation of @size got, or -1 on failure. */
static long alloc_page(struct pool *pool, uint64_t size)
{
	rmem_dma_t h;

	if (rmem_dma_alloc_from_coherent(pool->mem, size, &h, NULL))
		return -1;
	return (long)((h - POOL_PHYS) / pool->page);
}

static unsigned long used(const struct pool *pool)
{
	struct rmem_dma_coherent_stat st;

	rmem_dma_coherent_get_stat(pool->mem, &st);
	return st.used;
}

/* __dma_alloc_from_coherent(): a request takes 2^get_order(size) pages. */
static void test_orders(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct pool pool;
		uint64_t pg;

		pool_open(&pool, it.name, 64, false);
		pg = pool.page;
		assert_int_equal(alloc_page(&pool, 1), 0);
		assert_int_equal(used(&pool), 1);
		assert_int_equal(alloc_page(&pool, pg), 1);
		assert_int_equal(used(&pool), 2);
		/* one byte over a page is order 1 */
		assert_int_equal(alloc_page(&pool, pg + 1), 2);
		assert_int_equal(used(&pool), 4);
		/* 3 pages is order 2: four pages, at the next multiple of 4 */
		assert_int_equal(alloc_page(&pool, 3 * pg), 4);
		assert_int_equal(used(&pool), 8);
		/* 9 pages is order 4 */
		assert_int_equal(alloc_page(&pool, 9 * pg), 16);
		assert_int_equal(used(&pool), 24);
		pool_close(&pool);
	}
}

/*
 * bitmap_find_free_region(): runs are naturally aligned and searched from
 * page 0 in steps of their size, so a single used page pushes an order-2
 * request to page 4 while an order-0 one fills the hole at page 1.
 */
static void test_natural_alignment_first_fit(void **state)
{
	struct pool pool;
	uint64_t pg;

	pool_open(&pool, "arm64-6.12", 32, false);
	pg = pool.page;
	assert_int_equal(alloc_page(&pool, pg), 0);
	assert_int_equal(alloc_page(&pool, 4 * pg), 4);
	assert_int_equal(alloc_page(&pool, 2 * pg), 2);
	assert_int_equal(alloc_page(&pool, 8 * pg), 8);
	assert_int_equal(alloc_page(&pool, pg), 1);
	/* freeing page 0 makes it the first fit again */
	assert_int_equal(rmem_dma_release_from_coherent(pool.mem, POOL_PHYS, pg), 1);
	assert_int_equal(alloc_page(&pool, 100), 0);
	/* an order-4 run must start at 16: 16..31 is free */
	assert_int_equal(alloc_page(&pool, 16 * pg), 16);
	assert_int_equal(alloc_page(&pool, pg), -1);
	pool_close(&pool);
}

/*
 * __dma_alloc_from_coherent(): requests larger than the pool fail before the
 * search; on a pool whose page count is not a power of two a run must also
 * fit wholly below the end (bitmap_find_free_region's end <= bits).
 */
static void test_pool_too_small(void **state)
{
	struct pool pool;
	struct rmem_dma_coherent_stat st;
	uint64_t pg;

	pool_open(&pool, "arm64-6.1", 6, false);
	pg = pool.page;
	rmem_dma_coherent_get_stat(pool.mem, &st);
	assert_int_equal(st.largest_free_order, 2);
	assert_int_equal(alloc_page(&pool, 6 * pg + 1), -1);
	/* 6 pages fit in bytes, but order 3 is 8 pages */
	assert_int_equal(alloc_page(&pool, 6 * pg), -1);
	assert_int_equal(alloc_page(&pool, 5 * pg), -1);
	assert_int_equal(used(&pool), 0);
	assert_int_equal(alloc_page(&pool, 4 * pg), 0);
	/* pages 4 and 5 are free but 4..7 passes the end */
	assert_int_equal(alloc_page(&pool, 3 * pg), -1);
	rmem_dma_coherent_get_stat(pool.mem, &st);
	assert_int_equal(st.largest_free_order, 1);
	assert_int_equal(alloc_page(&pool, 2 * pg), 4);
	rmem_dma_coherent_get_stat(pool.mem, &st);
	assert_int_equal(st.largest_free_order, -1U);
	assert_int_equal(st.used, 6);
	assert_int_equal(alloc_page(&pool, 1), -1);
	pool_close(&pool);
}

/* __dma_alloc_from_coherent(): memset(ret, 0, size) zeroes the request only. */
static void test_zeroing_with_backing(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct pool pool;
		rmem_dma_t h;
		void *va = NULL;
		unsigned char *c;

		pool_open(&pool, it.name, 8, true);
		assert_int_equal(rmem_dma_alloc_from_coherent(pool.mem, 100, &h, &va), 0);
		assert_ptr_equal(va, pool.backing);
		c = va;
		for (size_t j = 0; j < 100; j++)
			assert_int_equal(c[j], 0);
		assert_int_equal(c[100], 0xaa);
		assert_int_equal(c[pool.page - 1], 0xaa);

		/* an order-1 request for 1.5 pages leaves the last half page alone */
		assert_int_equal(rmem_dma_alloc_from_coherent(pool.mem, pool.page * 3 / 2,
							      &h, &va), 0);
		assert_ptr_equal(va, pool.backing + 2 * pool.page);
		assert_int_equal(h, POOL_PHYS + 2 * pool.page);
		c = va;
		assert_int_equal(c[0], 0);
		assert_int_equal(c[pool.page * 3 / 2 - 1], 0);
		assert_int_equal(c[pool.page * 3 / 2], 0xaa);
		assert_int_equal(c[2 * pool.page - 1], 0xaa);
		pool_close(&pool);
	}
}

/* Without backing memory there is nothing to zero and no virtual address. */
static void test_no_backing_no_vaddr(void **state)
{
	struct pool pool;
	rmem_dma_t h = 0;
	void *va = &pool;

	pool_open(&pool, "arm64-5.10", 8, false);
	assert_int_equal(rmem_dma_alloc_from_coherent(pool.mem, 1, &h, &va), 0);
	assert_null(va);
	assert_int_equal(h, POOL_PHYS);
	pool_close(&pool);
}

/*
 * dma_get_device_base(): handles are device_base + (pageno << PAGE_SHIFT),
 * not physical addresses; a reserved-memory pool at an unaligned base hands
 * out the page-aligned-down addresses while the CPU pointer keeps the
 * offset (5.10 coherent.c:172-174, 6.1 :162-164).
 */
static void test_device_address_vs_phys(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12-16k");
	struct rmem_dma_coherent_desc d = {
		.phys_addr = POOL_PHYS,
		.device_addr = 0xc0000000,
		.size = 1 << 20,
		.origin = RMEM_DMA_POOL_DECLARED,
		.exclusive = true,
	};
	struct rmem_dma_coherent_mem *mem;
	unsigned char *backing = calloc(1, 1 << 20);
	rmem_dma_t h;
	void *va;

	assert_non_null(backing);
	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	assert_int_equal(rmem_dma_alloc_from_coherent(mem, 1, &h, NULL), 0);
	assert_int_equal(h, 0xc0000000);
	assert_int_equal(rmem_dma_alloc_from_coherent(mem, 1, &h, NULL), 0);
	assert_int_equal(h, 0xc0004000);
	rmem_dma_release_coherent_memory(mem);

	/* reserved memory, 0x100 into its page, device sees phys + 0x80000000 */
	d.phys_addr = POOL_PHYS + 0x100;
	d.device_addr = POOL_PHYS + 0x80000100;
	d.origin = RMEM_DMA_POOL_RESERVED_MEM;
	d.backing = backing;
	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	assert_int_equal(rmem_dma_alloc_from_coherent(mem, 0x4000, &h, &va), 0);
	assert_int_equal(h, 0xc0000000);
	assert_ptr_equal(va, backing);
	assert_int_equal(rmem_dma_alloc_from_coherent(mem, 0x4000, &h, &va), 0);
	assert_int_equal(h, 0xc0004000);
	assert_ptr_equal(va, backing + 0x4000);
	rmem_dma_release_coherent_memory(mem);
	free(backing);
}

/* get_order(0) is undefined territory in the kernel: rmem refuses size 0. */
static void test_size_zero(void **state)
{
	struct pool pool;
	rmem_dma_t h;

	pool_open(&pool, "arm64-6.1", 8, false);
	assert_int_equal(rmem_dma_alloc_from_coherent(pool.mem, 0, &h, NULL), -EINVAL);
	assert_int_equal(used(&pool), 0);
	pool_close(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_natural_alignment_first_fit),
		cmocka_unit_test(test_pool_too_small),
		cmocka_unit_test(test_zeroing_with_backing),
		cmocka_unit_test(test_no_backing_no_vaddr),
		cmocka_unit_test(test_device_address_vs_phys),
		cmocka_unit_test(test_size_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
