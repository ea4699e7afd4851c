// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_alloc_coherent() paths as rmem sim replays them: the device's pool
 * (exclusive), its own CMA area, the default area, the page allocator,
 * the atomic pools; the alignment cap, the single-page rule, the coherent
 * mask.  Sources: kernel/dma/mapping.c dma_alloc_attrs(), direct.c
 * dma_direct_alloc()/__dma_direct_alloc_pages(), contiguous.c
 * dma_alloc_contiguous()/cma_alloc_aligned() (identical in 5.10, 6.1, 6.12).
 */
#include "sim_fixture.h"

/*
 * The pages the atomic pools take from the default area on this board (1
 * GiB, all of it ZONE_DMA): a 128 KiB chunk for each of the kernel, DMA
 * and DMA32 pools up to 6.12; 7.2 makes a pool only for a zone with pages
 * (kernel/dma/pool.c:208), here the DMA one (the runtime corpus's 7.2
 * recordings of 010-cma-default-config place the first blocking
 * allocation so).
 */
RMEM_TEST_KERNEL_FACT(unsigned long, atomic_pool_pages,
		      [RMEM_TEST_5_10] = 96, [RMEM_TEST_6_1] = 96, [RMEM_TEST_6_12] = 96,
		      [RMEM_TEST_7_2] = 32)

/* "0x7c060000 cma linux,cma" up to 6.12: the default area's first free page after the pools */
static void first_after_pools(const char *profile, char *buf, size_t len)
{
	snprintf(buf, len, "0x%llx cma linux,cma",
		 0x7c000000ULL + (unsigned long long)atomic_pool_pages(profile) * 4096);
}

/* dma_alloc_from_dev_coherent(): the pool answers first, from its first page (coherent.c) */
static void test_pool_first(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* addresses and sizes of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_PAGE_4K) {
		sim_fx_run(&fx, it.name, "vpu alloc 4096\nvpu alloc 8192\nvpu alloc 4096\n");
		sim_fx_expect(&fx, 0, 0, "0x60000000 pool vpu@60000000");
		/* a 2-page run is naturally aligned: pages 2-3 */
		sim_fx_expect(&fx, 1, 0, "0x60002000 pool vpu@60000000");
		sim_fx_expect(&fx, 2, 0, "0x60001000 pool vpu@60000000");
		assert_int_equal(sim_fx_usage(&fx, "vpu@60000000")->used, 4);
		sim_fx_free(&fx);
	}
}

/* pools are exclusive in 5.10/6.1/6.12: a full pool fails, no fallback to CMA (coherent.c) */
static void test_pool_exclusive(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* arm64's DMA paths (test_arm has arm's), addresses and sizes of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
		sim_fx_run(&fx, it.name, "vpu alloc 2M\nvpu alloc 1M\nvpu alloc 1\n");
		sim_fx_expect(&fx, 0, -ENOMEM, "exclusive");
		sim_fx_expect(&fx, 1, 0, "0x60000000 pool");
		sim_fx_expect(&fx, 2, -ENOMEM, "exclusive");
		/* only the atomic pools' 128 KiB chunks (kernel/dma/pool.c) */
		assert_int_equal(sim_fx_usage(&fx, "linux,cma")->used, atomic_pool_pages(it.name));
		sim_fx_free(&fx);
	}
}

/* dma_alloc_contiguous(): dev->cma_area serves any size, even one page (contiguous.c) */
static void test_own_area_single_page(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "camera alloc 4096\ncamera alloc 100\n");
	sim_fx_expect(&fx, 0, 0, "0x50000000 cma camera@50000000");
	sim_fx_expect(&fx, 1, 0, "0x50001000 cma camera@50000000");
	assert_int_equal(sim_fx_usage(&fx, "camera@50000000")->used, 2);
	sim_fx_free(&fx);
}

/* dma_alloc_contiguous(): without an own area, size <= PAGE_SIZE skips the default area */
static void test_default_area_single_page_rule(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* arm64's DMA paths (test_arm has arm's), addresses and sizes of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
		char first[64];

		first_after_pools(it.name, first, sizeof(first));
		sim_fx_run(&fx, it.name, "dflt alloc 4096\ndflt alloc 4097\n");
		sim_fx_expect(&fx, 0, 0, "generic");
		/* after the atomic pools' 128 KiB chunks */
		sim_fx_expect(&fx, 1, 0, first);
		assert_int_equal(sim_fx_usage(&fx, "linux,cma")->used, atomic_pool_pages(it.name) + 2);
		sim_fx_free(&fx);
	}
}

/* cma_alloc_aligned(): align = min(get_order(size), CONFIG_CMA_ALIGNMENT) (contiguous.c) */
static void test_alignment_cap(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "camera alloc 4096\ncamera alloc 2M\ncamera alloc 8192\n");
	assert_int_equal(rmem_ctx_profile(fx.ctx)->cma_alignment, 8);
	sim_fx_expect(&fx, 0, 0, "0x50000000");
	/* order 9 capped to 8: 1 MiB aligned, not 2 MiB */
	sim_fx_expect(&fx, 1, 0, "0x50100000 cma");
	/* order 1: the next free even page */
	sim_fx_expect(&fx, 2, 0, "0x50002000 cma");
	sim_fx_free(&fx);
}

/* gfpflags_allow_blocking(): atomic skips CMA; non-coherent devices take the atomic pools */
static void test_atomic(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* arm64's DMA paths (test_arm has arm's), addresses and sizes of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
		sim_fx_run(&fx, it.name,
			   "camera alloc 128K atomic\ncoh alloc 1M atomic\ncoh alloc 1M\n"
			   "camera alloc 129K atomic\n");
		sim_fx_expect(&fx, 0, 0, "atomic pool");
		/* pool.c: 1 GiB of RAM gives the 128 KiB minimum */
		sim_fx_expect(&fx, 3, -ENOMEM, "atomic pools: none has a chunk with 132 KiB free");
		sim_fx_expect(&fx, 1, 0, "generic");
		assert_non_null(strstr(sim_fx_text(&fx, 1), "CMA skipped"));
		/*
		 * event 0 emptied the DMA pool: its worker grew it by 128 KiB
		 * from the area (0x7c060000 up to 6.12); 1 MiB-aligned past that
		 */
		sim_fx_expect(&fx, 2, 0, "0x7c100000 cma linux,cma");
		assert_int_equal(sim_fx_usage(&fx, "linux,cma")->used,
				 atomic_pool_pages(it.name) + 32 + 256);
		assert_int_equal(sim_fx_usage(&fx, "camera@50000000")->used, 0);
		sim_fx_free(&fx);
	}
}

/*
 * of_dma_is_coherent(): the nearest dma-coherent or dma-noncoherent, the
 * parents' too, decides whether an atomic request needs the atomic pools;
 * with neither, the arch's default: non-coherent on arm64, coherent on
 * riscv (ARCH_DMA_DEFAULT_COHERENT; Debian's riscv64 7.2 gave 1 MiB
 * atomically, more than its 128 KiB pool, tests/runtime 112)
 */
static void test_coherent_default(void **state)
{
	static const char trace[] =
		"dflt alloc 1M atomic\nnc alloc 1M atomic\nchild alloc 1M atomic\n";
	struct sim_fx fx;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
		sim_fx_run(&fx, it.name, trace);
		sim_fx_expect(&fx, 0, -ENOMEM, "atomic pools: none has a chunk with 1024 KiB free");
		sim_fx_expect(&fx, 1, -ENOMEM, "atomic pools: none has a chunk with 1024 KiB free");
		sim_fx_expect(&fx, 2, 0, "generic");
		sim_fx_free(&fx);
	}
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64) {
		sim_fx_run(&fx, it.name, trace);
		sim_fx_expect(&fx, 0, 0, "generic");
		sim_fx_expect(&fx, 1, -ENOMEM, "atomic pools: none has a chunk with 1024 KiB free");
		sim_fx_expect(&fx, 2, 0, "generic");
		sim_fx_free(&fx);
	}
}

/* dma_coherent_ok(): CMA pages beyond the mask go back; the page allocator then fails */
static void test_mask(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* dma_direct_supported(): below 32 bits the mask must reach the last page of RAM */
	sim_fx_run(&fx, "arm64-6.1", "dflt mask 20\ndflt alloc 64K\ndflt mask 31\ndflt alloc 64K\n");
	sim_fx_expect(&fx, 0, -EIO, "the coherent mask stays 0xffffffff");
	sim_fx_expect(&fx, 1, 0, "0x7c060000 cma");
	sim_fx_expect(&fx, 2, 0, "coherent mask 0x7fffffff");
	sim_fx_expect(&fx, 3, 0, "0x7c070000 cma");
	assert_int_equal(sim_fx_usage(&fx, "linux,cma")->used, 96 + 32);
	sim_fx_free(&fx);
}

/* alloc_pages(): an order above MAX_ORDER - 1 fails when CMA cannot help */
static void test_page_allocator_order(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "dflt alloc 128M\ndflt alloc 4M atomic\ndflt alloc 8M atomic\n");
	sim_fx_expect(&fx, 0, -ENOMEM, "order 15 is above the largest, 10");
	/* non-coherent + atomic: the atomic pools, 128 KiB here */
	sim_fx_expect(&fx, 1, -ENOMEM, "atomic pools: none has a chunk with 4096 KiB free");
	sim_fx_free(&fx);
	sim_fx_run(&fx, "arm64-6.1", "coh alloc 4M atomic\ncoh alloc 8M atomic\n");
	sim_fx_expect(&fx, 0, 0, "generic");
	sim_fx_expect(&fx, 1, -ENOMEM, "order 11");
	sim_fx_free(&fx);
}

/* dma_free_attrs(): back to whoever gave it; a failed allocation frees nothing */
static void test_free_back(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.12",
		   "vpu alloc 64K as p\ndflt alloc 64K as c\nvpu alloc 4M as bad\n"
		   "vpu free p\ndflt free c\nvpu free bad\ndflt alloc 64K\n");
	sim_fx_expect(&fx, 3, 0, "freed 0x60000000 to pool");
	sim_fx_expect(&fx, 4, 0, "freed 0x7c060000 to cma");
	sim_fx_expect(&fx, 5, 0, "nothing to free: the allocation at line 3 failed");
	sim_fx_expect(&fx, 6, 0, "0x7c060000 cma");
	assert_int_equal(sim_fx_usage(&fx, "vpu@60000000")->used, 0);
	assert_int_equal(sim_fx_usage(&fx, "linux,cma")->used, 96 + 16);
	sim_fx_free(&fx);
}

/* dma_free_contiguous() routes by the device's area now: after release the pages leak */
static void test_free_after_release(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* addresses and sizes of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PAGE_4K) {
		sim_fx_run(&fx, it.name,
			   "camera alloc 64K as a\ncamera release\ncamera free a\n"
			   "vpu alloc 4096 as p\nvpu release\nvpu free p\n");
		sim_fx_expect(&fx, 2, 0, "freed 0x50000000 to the page allocator");
		assert_int_equal(sim_fx_usage(&fx, "camera@50000000")->used, 16);
		sim_fx_expect(&fx, 5, -EFAULT, "refused, nothing changed");
		assert_int_equal(sim_fx_usage(&fx, "vpu@60000000")->used, 1);
		sim_fx_free(&fx);
	}
}

/* arm 6.1 __dma_alloc(): CMA for any blocking size, even one page, and no fallback */
static void test_arm(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "armhf-6.1",
		   "dflt alloc 4096\ndflt alloc 128M\ncoh alloc 4096 atomic\ndflt alloc 4096 atomic\n"
		   "dflt alloc 256K atomic\ndflt alloc 260K atomic\n");
	/* arm's atomic pool holds the area's first 256 KiB */
	sim_fx_expect(&fx, 0, 0, "0x7c040000 cma linux,cma");
	sim_fx_expect(&fx, 1, -ENOMEM, "no fallback");
	sim_fx_expect(&fx, 2, 0, "generic");
	sim_fx_expect(&fx, 3, 0, "atomic pool");
	/* arm's own atomic pool: 256 KiB */
	sim_fx_expect(&fx, 4, 0, "atomic pool");
	sim_fx_expect(&fx, 5, -ENOMEM, "larger than the pool (256 KiB)");
	sim_fx_free(&fx);
}

/*
 * A node without memory-region, and a virtual device, go the same
 * dma-direct way as a device whose only region is disabled (dflt, whose
 * paths the tests above check): the default area above one page, the
 * atomic pools, the page allocator; no implicit init (a driver without
 * memory-region does not call of_reserved_mem_device_init()).
 */
static void test_device_without_region(void **state)
{
	static const char *const who[] = { "chosen", "/soc/a", "gpu" };
	struct sim_fx ref, fx;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		char trace[512];

		snprintf(trace, sizeof(trace), "dflt init\ndflt alloc 4096\ndflt alloc 4097\n"
			 "dflt alloc 128K atomic\ndflt alloc 8M\ndflt mask 40\ndflt alloc 1M\n");
		sim_fx_run(&ref, it.name, trace);
		for (size_t w = 0; w < sizeof(who) / sizeof(who[0]); w++) {
			const char *n = who[w];

			snprintf(trace, sizeof(trace), "%s %s\n%s alloc 4096\n%s alloc 4097\n"
				 "%s alloc 128K atomic\n%s alloc 8M\n%s mask 40\n%s alloc 1M\n",
				 w == 2 ? "virtual" : "#", n, n, n, n, n, n, n);
			sim_fx_run(&fx, it.name, trace);
			for (size_t i = 1; i < 7; i++) {
				size_t k = w == 2 ? i : i - 1;
				const struct rmem_sim_result *a = sim_fx_res(&ref, i);
				const struct rmem_sim_result *b = sim_fx_res(&fx, k);
				const char *ta = sim_fx_text(&ref, i), *tb = sim_fx_text(&fx, k);

				if (a->err != b->err || strcmp(ta, tb) || b->init_err)
					fail_msg("%s %s event %zu: got %d '%s', dflt %d '%s'", it.name,
						 n, i, b->err, tb, a->err, ta);
			}
			assert_non_null(rmem_sim_device(fx.sim, n));
			sim_fx_free(&fx);
		}
		sim_fx_free(&ref);
	}
}

/* the usage figures: used, free, largest free run, 1 - largest/free */
static void test_usage(void **state)
{
	struct sim_fx fx;
	const struct rmem_sim_usage *u;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "vpu alloc 4096 as a\nvpu alloc 4096\nvpu free a\n");
	u = sim_fx_usage(&fx, "vpu@60000000");
	assert_int_equal(u->pages, 256);
	assert_int_equal(u->used, 1);
	assert_int_equal(u->free, 255);
	assert_int_equal(u->largest_free, 254);
	assert_true(u->fragmentation > 0.0039 && u->fragmentation < 0.0040);
	assert_null(u->bitmap);
	u = sim_fx_usage(&fx, "linux,cma");
	assert_non_null(u->bitmap);
	assert_true(u->fragmentation == 0.0);
	sim_fx_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_first),
		cmocka_unit_test(test_pool_exclusive),
		cmocka_unit_test(test_own_area_single_page),
		cmocka_unit_test(test_default_area_single_page_rule),
		cmocka_unit_test(test_alignment_cap),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_coherent_default),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_page_allocator_order),
		cmocka_unit_test(test_free_back),
		cmocka_unit_test(test_free_after_release),
		cmocka_unit_test(test_arm),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_device_without_region),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
