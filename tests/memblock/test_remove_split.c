// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_isolate_range(), memblock_remove_range(), memblock_remove_region()
 * and memblock_setclr_flag() (mm/memblock.c, 5.10 / 6.1 / 6.12): splitting
 * at a range's edges, removal, the list emptied, NOMAP marking.
 */
#include "memblock_kernels.h"

#define SZ_1M	0x100000ULL
#define MAX_NODES_ARM64	16

/* memblock_remove() of a middle part: memblock_isolate_range() splits in three, the middle goes. */
static void test_remove_middle(void **state)
{
	/* MAX_NUMNODES of arm64's NODES_SHIFT */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 16 * SZ_1M), 0);
		assert_int_equal(rmem_memblock_remove(&f.mb, 0x40400000, 4 * SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 2);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 4 * SZ_1M, 0);
		rmem_test_assert_region(&f.mb.memory, 1, 0x40800000, 8 * SZ_1M, 0);
		assert_int_equal(f.mb.memory.total_size, 12 * SZ_1M);
		assert_int_equal(f.mb.memory.regions[1].nid, MAX_NODES_ARM64);
		rmem_test_mb_teardown(&f);
	}
}

/*
 * memblock_remove_range() across several regions and holes: each region
 * crossing an edge is cut, those inside go, the hole is untouched.
 */
static void test_remove_across(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.12");
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 4 * SZ_1M), 0);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40800000, 4 * SZ_1M), 0);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x41000000, 4 * SZ_1M), 0);
	assert_int_equal(rmem_memblock_remove(&f.mb, 0x40200000, 0x41100000 - 0x40200000), 0);
	assert_int_equal(f.mb.memory.cnt, 2);
	rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 2 * SZ_1M, 0);
	rmem_test_assert_region(&f.mb.memory, 1, 0x41100000, 3 * SZ_1M, 0);
	assert_int_equal(f.mb.memory.total_size, 5 * SZ_1M);
	/* removing where nothing is changes nothing */
	assert_int_equal(rmem_memblock_remove(&f.mb, 0x50000000, SZ_1M), 0);
	assert_int_equal(f.mb.memory.cnt, 2);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_remove_region() emptying the list: 5.10 and 6.1 put the dummy
 * back (cnt 1, node MAX_NUMNODES); 6.12 leaves cnt 0.
 */
static void test_remove_all(void **state)
{
	/* MAX_NUMNODES of arm64's NODES_SHIFT */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40000000, SZ_1M, 0, 0), 0);
		assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40200000, SZ_1M, 0, 0), 0);
		assert_int_equal(rmem_memblock_remove(&f.mb, 0, RMEM_PHYS_MAX), 0);
		assert_int_equal(f.mb.memory.cnt, mb_empty_cnt(it.name));
		assert_int_equal(f.mb.memory.total_size, 0);
		assert_int_equal(f.mb.memory.regions[0].base, 0);
		assert_int_equal(f.mb.memory.regions[0].size, 0);
		assert_int_equal(f.mb.memory.regions[0].nid, MAX_NODES_ARM64);
		assert_int_equal(rmem_memblock_end_of_DRAM(&f.mb), 0);
		/* and the list fills again from slot 0 */
		assert_int_equal(rmem_memblock_add(&f.mb, 0x80000000, SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 1);
		rmem_test_assert_region(&f.mb.memory, 0, 0x80000000, SZ_1M, 0);
		rmem_test_mb_teardown(&f);
	}
}

/*
 * memblock_mark_nomap() = memblock_setclr_flag(): the range is isolated and
 * flagged; memblock_clear_nomap() clears it and the merge joins the parts.
 */
static void test_nomap_split_merge(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 16 * SZ_1M), 0);
		assert_int_equal(rmem_memblock_mark_nomap(&f.mb, 0x40400000, SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 3);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 4 * SZ_1M, 0);
		rmem_test_assert_region(&f.mb.memory, 1, 0x40400000, SZ_1M, RMEM_MEMBLOCK_NOMAP);
		rmem_test_assert_region(&f.mb.memory, 2, 0x40500000, 11 * SZ_1M, 0);
		assert_int_equal(f.mb.memory.total_size, 16 * SZ_1M);
		assert_false(rmem_memblock_is_map_memory(&f.mb, 0x40400000));
		assert_true(rmem_memblock_is_memory(&f.mb, 0x40400000));
		/* a touching NOMAP range merges with the NOMAP one */
		assert_int_equal(rmem_memblock_mark_nomap(&f.mb, 0x40500000, SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 3);
		rmem_test_assert_region(&f.mb.memory, 1, 0x40400000, 2 * SZ_1M, RMEM_MEMBLOCK_NOMAP);
		assert_int_equal(rmem_memblock_clear_nomap(&f.mb, 0x40000000, 16 * SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 1);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 16 * SZ_1M, 0);
		rmem_test_mb_teardown(&f);
	}
}

/* memblock_setclr_flag() acts only on memory: a range over a hole flags just the RAM. */
static void test_nomap_over_hole(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 2 * SZ_1M), 0);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40400000, 2 * SZ_1M), 0);
	assert_int_equal(rmem_memblock_mark_nomap(&f.mb, 0x40100000, 4 * SZ_1M), 0);
	assert_int_equal(f.mb.memory.cnt, 4);
	rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, SZ_1M, 0);
	rmem_test_assert_region(&f.mb.memory, 1, 0x40100000, SZ_1M, RMEM_MEMBLOCK_NOMAP);
	rmem_test_assert_region(&f.mb.memory, 2, 0x40400000, SZ_1M, RMEM_MEMBLOCK_NOMAP);
	rmem_test_assert_region(&f.mb.memory, 3, 0x40500000, SZ_1M, 0);
	assert_int_equal(f.mb.memory.total_size, 4 * SZ_1M);
	/* marking nothing but a hole changes nothing */
	assert_int_equal(rmem_memblock_mark_nomap(&f.mb, 0x40200000, 2 * SZ_1M), 0);
	assert_int_equal(f.mb.memory.cnt, 4);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_isolate_range() keeps the node of the region it splits, and
 * memblock_remove() of a range crossing two nodes cuts each.
 */
static void test_split_keeps_node(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.12");
	assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40000000, 4 * SZ_1M, 0, 0), 0);
	assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40400000, 4 * SZ_1M, 1, 0), 0);
	assert_int_equal(rmem_memblock_remove(&f.mb, 0x40300000, 2 * SZ_1M), 0);
	assert_int_equal(f.mb.memory.cnt, 2);
	rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 3 * SZ_1M, 0);
	rmem_test_assert_region(&f.mb.memory, 1, 0x40500000, 3 * SZ_1M, 0);
	assert_int_equal(f.mb.memory.regions[0].nid, 0);
	assert_int_equal(f.mb.memory.regions[1].nid, 1);
	rmem_test_mb_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_middle),
		cmocka_unit_test(test_remove_across),
		cmocka_unit_test(test_remove_all),
		cmocka_unit_test(test_nomap_split_merge),
		cmocka_unit_test(test_nomap_over_hole),
		cmocka_unit_test(test_split_keeps_node),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
