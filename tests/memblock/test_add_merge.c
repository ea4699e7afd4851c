// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_add_range() (mm/memblock.c, 5.10 / 6.1 / 6.12): insertion in
 * order, merging of touching regions with the same node and flags, overlap
 * not counted twice, memblock_cap_size(), the empty list's dummy region.
 */
#include <string.h>

#include "memblock_kernels.h"

#define SZ_1M	0x100000ULL
#define MAX_NODES_ARM64	16	/* MAX_NUMNODES: CONFIG_NODES_SHIFT=4 */

/*
 * struct memblock's static initialiser: 5.10 and 6.1 start with cnt 1 (an
 * empty dummy entry), 6.12 with cnt 0; the first add fills slot 0.
 */
static void test_empty_list(void **state)
{
	/* MAX_NUMNODES of arm64's NODES_SHIFT */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(f.mb.memory.cnt, mb_empty_cnt(it.name));
		assert_int_equal(f.mb.reserved.cnt, mb_empty_cnt(it.name));
		assert_int_equal(f.mb.memory.regions[0].size, 0);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 1);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, SZ_1M, 0);
		assert_int_equal(f.mb.memory.regions[0].nid, MAX_NODES_ARM64);
		rmem_test_mb_teardown(&f);
	}
}

/* memblock_add_range() + memblock_merge_regions(): touching ranges merge. */
static void test_adjacent_merge(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, SZ_1M), 0);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000 + 2 * SZ_1M, SZ_1M), 0);
	assert_int_equal(f.mb.memory.cnt, 2);
	/* filling the hole merges all three */
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000 + SZ_1M, SZ_1M), 0);
	assert_int_equal(f.mb.memory.cnt, 1);
	rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 3 * SZ_1M, 0);
	assert_int_equal(f.mb.memory.total_size, 3 * SZ_1M);
	rmem_test_mb_teardown(&f);
}

/* memblock_insert_region(): a lower range goes before, the list stays sorted. */
static void test_insert_sorted(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.12");
	assert_int_equal(rmem_memblock_add(&f.mb, 0x80000000, SZ_1M), 0);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, SZ_1M), 0);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x60000000, SZ_1M), 0);
	assert_int_equal(f.mb.memory.cnt, 3);
	rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, SZ_1M, 0);
	rmem_test_assert_region(&f.mb.memory, 1, 0x60000000, SZ_1M, 0);
	rmem_test_assert_region(&f.mb.memory, 2, 0x80000000, SZ_1M, 0);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_add_range(): only the parts no region covers are inserted, so
 * total_size counts overlaps once; a range spanning regions and holes
 * fills the holes and merges everything.
 */
static void test_overlap_once(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40100000, SZ_1M), 0);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40300000, SZ_1M), 0);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40180000, SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 2);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40100000, 0x180000, 0);
		assert_int_equal(f.mb.memory.total_size, 0x280000);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 8 * SZ_1M), 0);
		assert_int_equal(f.mb.memory.cnt, 1);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 8 * SZ_1M, 0);
		assert_int_equal(f.mb.memory.total_size, 8 * SZ_1M);
		rmem_test_mb_teardown(&f);
	}
}

/*
 * memblock_merge_regions(): regions of different nodes or flags never
 * merge; without CONFIG_NUMA (armhf) the node is always 0, so they do.
 */
static void test_no_merge_nid_flags(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40000000, SZ_1M, 0, 0), 0);
	assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40100000, SZ_1M, 1, 0), 0);
	assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40200000, SZ_1M, 1,
						RMEM_MEMBLOCK_NOMAP), 0);
	assert_int_equal(f.mb.memory.cnt, 3);
	assert_int_equal(f.mb.memory.regions[1].nid, 1);
	rmem_test_assert_region(&f.mb.memory, 2, 0x40200000, SZ_1M, RMEM_MEMBLOCK_NOMAP);
	rmem_test_mb_teardown(&f);

	rmem_test_mb_setup(&f, "armhf-6.1");
	assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40000000, SZ_1M, 0, 0), 0);
	assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40100000, SZ_1M, 1, 0), 0);
	assert_int_equal(f.mb.memory.cnt, 1);
	assert_int_equal(f.mb.memory.regions[0].nid, 0);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_add_range(): the overlapped part keeps the existing region's
 * flags; the WARN_ON(flags != rgn->flags) for the part inserted below it
 * fires in every pass: twice in 5.10 (count, then insert), once in 6.1 and
 * 6.12 (direct insert while the array has room), at that version's line.
 */
static void test_flags_mismatch_warns(void **state)
{
	static const char *const line[] = {
		[RMEM_TEST_5_10] = "WARNING: CPU: 0 PID: 0 at mm/memblock.c:621 memblock_add_range",
		[RMEM_TEST_6_1] = "WARNING: CPU: 0 PID: 0 at mm/memblock.c:637 memblock_add_range",
		[RMEM_TEST_6_12] = "WARNING: CPU: 0 PID: 0 at mm/memblock.c:651 memblock_add_range",
		[RMEM_TEST_7_2] = "WARNING: CPU: 0 PID: 0 at mm/memblock.c:671 memblock_add_range",
	};
	static const long times[] = {
		[RMEM_TEST_5_10] = 2,
		[RMEM_TEST_6_1] = 1,
		[RMEM_TEST_6_12] = 1,
		/* 7.2 warns only for a piece with flags (mm/memblock.c:671) */
		[RMEM_TEST_7_2] = 0,
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_mb f;

		/* the node memblock_add() gives, MAX_NUMNODES: no nid mismatch */
		int max_nodes = 1 << it.p.nodes_shift;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(rmem_memblock_add_node(&f.mb, 0x40100000, SZ_1M, max_nodes,
							RMEM_MEMBLOCK_NOMAP), 0);
		assert_int_equal(rmem_test_count_lines(&f.log, "WARNING"), 0);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 4 * SZ_1M), 0);
		assert_int_equal(rmem_test_count_lines(&f.log, RMEM_TEST_BY_KERNEL(line, it.name)), RMEM_TEST_BY_KERNEL(times, it.name));
		assert_int_equal(rmem_test_count_lines(&f.log, "WARNING"), RMEM_TEST_BY_KERNEL(times, it.name));
		assert_int_equal(f.mb.memory.cnt, 3);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, SZ_1M, 0);
		rmem_test_assert_region(&f.mb.memory, 1, 0x40100000, SZ_1M, RMEM_MEMBLOCK_NOMAP);
		rmem_test_assert_region(&f.mb.memory, 2, 0x40200000, 2 * SZ_1M, 0);
		rmem_test_mb_teardown(&f);
	}
}

/* memblock_add_range(): a size of 0 is accepted and adds nothing. */
static void test_size_zero(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.12");
	assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 0), 0);
	assert_int_equal(f.mb.memory.cnt, 0);
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40000000, 0), 0);
	assert_int_equal(f.mb.reserved.cnt, 0);
	rmem_test_mb_teardown(&f);
}

/* memblock_cap_size(): base + size past the top is clamped to PHYS_ADDR_MAX. */
static void test_cap_size(void **state)
{
	struct rmem_test_mb f;
	rmem_phys_t base = RMEM_PHYS_MAX - 0xfff;

	rmem_test_mb_setup(&f, "arm64-6.1");
	assert_int_equal(rmem_memblock_add(&f.mb, base, 0x10000), 0);
	rmem_test_assert_region(&f.mb.memory, 0, base, 0xfff, 0);
	assert_int_equal(rmem_memblock_end_of_DRAM(&f.mb), RMEM_PHYS_MAX);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x1000, RMEM_PHYS_MAX), 0);
	assert_int_equal(f.mb.memory.cnt, 1);
	rmem_test_assert_region(&f.mb.memory, 0, 0x1000, RMEM_PHYS_MAX - 0x1000, 0);
	rmem_test_mb_teardown(&f);
}

/*
 * The same at 32 bits (arm without LPAE, PHYS_ADDR_MAX 0xffffffff): 3 GiB
 * of RAM from 0x40000000 ends one byte short of 4 GiB.  armhf-6.1-nolpae
 * and armhf-6.12-nolpae's boots of conformance case 138 count 3145724K of
 * memory (the last, partial page dropped) and place a top-down CMA area
 * below 0xffffffff, at 0xef800000.
 */
static void test_cap_size_32(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_32) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, it.name);
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000, 0xc0000000), 0);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 0xbfffffff, 0);
		assert_int_equal(rmem_memblock_end_of_DRAM(&f.mb), 0xffffffff);
		assert_int_equal(rmem_memblock_reserve(&f.mb, 0xfff00000, 0x100000), 0);
		rmem_test_assert_region(&f.mb.reserved, 0, 0xfff00000, 0xfffff, 0);
		rmem_test_mb_teardown(&f);
	}
}

/* The region arrays' initial sizes: INIT_MEMBLOCK_{MEMORY,RESERVED}_REGIONS. */
static void test_initial_max(void **state)
{
	static const struct {
		const char *profile;
		size_t memory, reserved;
	} cases[] = {
		{ "arm64-5.10", 128, 128 + 256 + 1 },
		{ "arm64-6.1", 1024, 128 + 256 + 1 },
		{ "arm64-6.12", 1024, 128 + 512 + 1 },
		{ "armhf-6.1", 128, 128 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rmem_test_mb f;

		rmem_test_mb_setup(&f, cases[i].profile);
		assert_int_equal(f.mb.memory.max, cases[i].memory);
		assert_int_equal(f.mb.reserved.max, cases[i].reserved);
		assert_int_equal(f.mb.current_limit, RMEM_MEMBLOCK_ALLOC_ANYWHERE);
		assert_false(f.mb.bottom_up);
		rmem_test_mb_teardown(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_adjacent_merge),
		cmocka_unit_test(test_insert_sorted),
		cmocka_unit_test(test_overlap_once),
		cmocka_unit_test(test_no_merge_nid_flags),
		cmocka_unit_test(test_flags_mismatch_warns),
		cmocka_unit_test(test_size_zero),
		cmocka_unit_test(test_cap_size),
		cmocka_unit_test(test_cap_size_32),
		cmocka_unit_test(test_initial_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
