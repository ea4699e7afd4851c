// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_reserve(), memblock_phys_free() (5.10: memblock_free()), the
 * memblock=debug lines of the region operations, and the queries
 * (memblock_is_memory() ... memblock_end_of_DRAM()), mm/memblock.c.
 */
#include <string.h>

#include "rmem_test.h"

#define SZ_1M	0x100000ULL

/* memblock_reserve(): overlapping and touching reservations merge into one. */
static void test_reserve_merge(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40000000, SZ_1M), 0);
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40080000, SZ_1M), 0);
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40180000, SZ_1M), 0);
	assert_int_equal(f.mb.reserved.cnt, 1);
	rmem_test_assert_region(&f.mb.reserved, 0, 0x40000000, 0x280000, 0);
	assert_int_equal(rmem_memblock_reserved_size(&f.mb), 0x280000);
	/* reserving what is reserved changes nothing */
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40100000, SZ_1M), 0);
	assert_int_equal(f.mb.reserved.cnt, 1);
	assert_int_equal(rmem_memblock_reserved_size(&f.mb), 0x280000);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_phys_free(): memblock_remove_range() on reserved; a partial free
 * splits, freeing what is not reserved is a quiet no-op returning 0.
 */
static void test_free_split(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40000000, 4 * SZ_1M), 0);
		assert_int_equal(rmem_memblock_phys_free(&f.mb, 0x40100000, SZ_1M), 0);
		assert_int_equal(f.mb.reserved.cnt, 2);
		rmem_test_assert_region(&f.mb.reserved, 0, 0x40000000, SZ_1M, 0);
		rmem_test_assert_region(&f.mb.reserved, 1, 0x40200000, 2 * SZ_1M, 0);
		assert_int_equal(rmem_memblock_phys_free(&f.mb, 0x50000000, SZ_1M), 0);
		assert_int_equal(f.mb.reserved.cnt, 2);
		assert_int_equal(rmem_memblock_reserved_size(&f.mb), 3 * SZ_1M);
		assert_true(rmem_memblock_is_reserved(&f.mb, 0x40000000));
		assert_false(rmem_memblock_is_reserved(&f.mb, 0x40100000));
		assert_true(rmem_memblock_is_region_reserved(&f.mb, 0x40100000, SZ_1M + 1));
		assert_false(rmem_memblock_is_region_reserved(&f.mb, 0x40100000, SZ_1M));
		rmem_test_mb_teardown(&f);
	}
}

/*
 * 7.2's __memblock_reserve() (mm/memblock.c:1010): memblock_reserve() is
 * on NUMA_NO_NODE without flags, an allocation's reservation has
 * MEMBLOCK_RSRV_KERN (0x20) and the node asked for, and its debug line
 * names both (as the 7.2 memblock=debug boots print them); regions of
 * other flags stay apart.
 */
static void test_rsrv_kern_7_2(void **state)
{
	struct rmem_test_mb f;

	(void)state;
	rmem_test_mb_setup(&f, "arm64-7.2");
	rmem_memblock_add(&f.mb, 0x40000000, 0x40000000);
	rmem_memblock_set_debug(&f.mb, true);
	rmem_memblock_reserve(&f.mb, 0x7ffff000, 0x1000);
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0,
						       RMEM_MEMBLOCK_ALLOC_ANYWHERE,
						       RMEM_NUMA_NO_NODE, false), 0x7fffe000);
	rmem_test_assert_line(&f.log, 0, RMEM_LOG_INFO,
		    "__memblock_reserve: [0x000000007ffff000-0x000000007fffffff] nid=-1 flags=0 memblock_reserve");
	rmem_test_assert_line(&f.log, 1, RMEM_LOG_INFO,
		    "__memblock_reserve: [0x000000007fffe000-0x000000007fffefff] nid=-1 flags=20 memblock_alloc_range_nid");
	/* touching, but of other flags: two regions */
	assert_int_equal(f.mb.reserved.cnt, 2);
	rmem_test_assert_region(&f.mb.reserved, 0, 0x7fffe000, 0x1000, RMEM_MEMBLOCK_RSRV_KERN);
	rmem_test_assert_region(&f.mb.reserved, 1, 0x7ffff000, 0x1000, 0);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_dbg() of memblock_add(), memblock_remove(), memblock_reserve()
 * and memblock_free()/memblock_phys_free(): "%s: [%pa-%pa] %pS", the end
 * being base + size - 1.  5.10 calls the free memblock_free and has no line
 * for memblock_add_node(); 6.1+ print "nid=%d flags=%x" for it.
 */
static void test_debug_lines(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-5.10");
	rmem_memblock_set_debug(&f.mb, true);
	rmem_memblock_add(&f.mb, 0x40000000, 0x40000000);
	rmem_memblock_add_node(&f.mb, 0x90000000, SZ_1M, 1, 0);
	rmem_memblock_reserve(&f.mb, 0x48000000, 0x1000);
	rmem_memblock_phys_free(&f.mb, 0x48000000, 0x1000);
	rmem_memblock_remove(&f.mb, 0x7ff00000, SZ_1M);
	assert_int_equal(f.log.nr, 4);
	rmem_test_assert_line(&f.log, 0, RMEM_LOG_INFO,
		    "memblock_add: [0x0000000040000000-0x000000007fffffff] memblock_add");
	rmem_test_assert_line(&f.log, 1, RMEM_LOG_INFO,
		    "memblock_reserve: [0x0000000048000000-0x0000000048000fff] memblock_reserve");
	rmem_test_assert_line(&f.log, 2, RMEM_LOG_INFO,
		    "memblock_free: [0x0000000048000000-0x0000000048000fff] memblock_free");
	rmem_test_assert_line(&f.log, 3, RMEM_LOG_INFO,
		    "memblock_remove: [0x000000007ff00000-0x000000007fffffff] memblock_remove");
	rmem_test_mb_teardown(&f);

	rmem_test_mb_setup(&f, "arm64-6.12");
	rmem_memblock_set_debug(&f.mb, true);
	f.mb.caller = "early_init_dt_reserve_memory";
	rmem_memblock_add_node(&f.mb, 0x90000000, SZ_1M, 1, RMEM_MEMBLOCK_NOMAP);
	rmem_memblock_reserve(&f.mb, 0x48000000, 0);
	rmem_memblock_phys_free(&f.mb, 0x48000000, 0x1000);
	assert_int_equal(f.log.nr, 3);
	rmem_test_assert_line(&f.log, 0, RMEM_LOG_INFO,
		    "memblock_add_node: [0x0000000090000000-0x00000000900fffff] nid=1 flags=4 early_init_dt_reserve_memory");
	/* a size of 0 prints an end below the base, as the kernel's does */
	rmem_test_assert_line(&f.log, 1, RMEM_LOG_INFO,
		    "memblock_reserve: [0x0000000048000000-0x0000000047ffffff] early_init_dt_reserve_memory");
	rmem_test_assert_line(&f.log, 2, RMEM_LOG_INFO,
		    "memblock_phys_free: [0x0000000048000000-0x0000000048000fff] early_init_dt_reserve_memory");
	rmem_test_mb_teardown(&f);

	/* without memblock=debug nothing is logged */
	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_add(&f.mb, 0x40000000, SZ_1M);
	rmem_memblock_reserve(&f.mb, 0x40000000, 0x1000);
	assert_int_equal(f.log.nr, 0);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_is_memory(), memblock_is_map_memory(), memblock_is_region_memory()
 * (the whole range inside ONE region), memblock_phys_mem_size(),
 * memblock_start_of_DRAM(), memblock_end_of_DRAM().
 */
static void test_queries(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.12");
	assert_int_equal(rmem_memblock_start_of_DRAM(&f.mb), 0);
	assert_int_equal(rmem_memblock_end_of_DRAM(&f.mb), 0);
	assert_false(rmem_memblock_is_memory(&f.mb, 0));
	rmem_memblock_add(&f.mb, 0x40000000, 4 * SZ_1M);
	rmem_memblock_add(&f.mb, 0x80000000, 4 * SZ_1M);
	rmem_memblock_mark_nomap(&f.mb, 0x40200000, 2 * SZ_1M);
	assert_true(rmem_memblock_is_memory(&f.mb, 0x40000000));
	assert_true(rmem_memblock_is_memory(&f.mb, 0x403fffff));
	assert_false(rmem_memblock_is_memory(&f.mb, 0x40400000));
	assert_false(rmem_memblock_is_memory(&f.mb, 0x3fffffff));
	assert_true(rmem_memblock_is_map_memory(&f.mb, 0x401fffff));
	assert_false(rmem_memblock_is_map_memory(&f.mb, 0x40200000));
	assert_true(rmem_memblock_is_region_memory(&f.mb, 0x40000000, 2 * SZ_1M));
	/* RAM throughout, but two regions (flags differ): not one region */
	assert_false(rmem_memblock_is_region_memory(&f.mb, 0x40100000, 2 * SZ_1M));
	assert_false(rmem_memblock_is_region_memory(&f.mb, 0x80000000, 4 * SZ_1M + 1));
	assert_int_equal(rmem_memblock_phys_mem_size(&f.mb), 8 * SZ_1M);
	assert_int_equal(rmem_memblock_start_of_DRAM(&f.mb), 0x40000000);
	assert_int_equal(rmem_memblock_end_of_DRAM(&f.mb), 0x80400000);
	rmem_test_mb_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reserve_merge),
		cmocka_unit_test(test_free_split),
		cmocka_unit_test(test_debug_lines),
		cmocka_unit_test(test_rsrv_kern_7_2),
		cmocka_unit_test(test_queries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
