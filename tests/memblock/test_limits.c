// SPDX-License-Identifier: GPL-2.0-only
/*
 * mem= and capping (mm/memblock.c, 5.10 / 6.1 / 6.12):
 * memblock_enforce_memory_limit(), memblock_mem_limit_remove_map() (arm64's
 * mem=, which keeps NOMAP memory) and memblock_cap_memory_range().
 */
#include "rmem_test.h"

#define SZ_1M	0x100000ULL

/*
 * Two banks, [1G, 1.5G) and [2G, 2.5G), with reservations at 1.25G,
 * 2.125G and the last MiB.
 */
static void setup(struct rmem_test_mb *f, const char *profile)
{
	rmem_test_mb_setup(f, profile);
	assert_int_equal(rmem_memblock_add(&f->mb, 0x40000000, 0x20000000), 0);
	assert_int_equal(rmem_memblock_add(&f->mb, 0x80000000, 0x20000000), 0);
	assert_int_equal(rmem_memblock_reserve(&f->mb, 0x50000000, SZ_1M), 0);
	assert_int_equal(rmem_memblock_reserve(&f->mb, 0x88000000, SZ_1M), 0);
	assert_int_equal(rmem_memblock_reserve(&f->mb, 0x9ff00000, SZ_1M), 0);
}

/*
 * memblock_enforce_memory_limit(): __find_max_addr() turns 768M into the
 * address 2.25G; memory and reserved above it go.
 */
static void test_enforce(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_mb f;

		setup(&f, it.name);
		rmem_memblock_enforce_memory_limit(&f.mb, 0x30000000);
		assert_int_equal(f.mb.memory.cnt, 2);
		rmem_test_assert_region(&f.mb.memory, 1, 0x80000000, 0x10000000, 0);
		assert_int_equal(rmem_memblock_phys_mem_size(&f.mb), 0x30000000);
		assert_int_equal(f.mb.reserved.cnt, 2);
		rmem_test_assert_region(&f.mb.reserved, 1, 0x88000000, SZ_1M, 0);
		rmem_test_mb_teardown(&f);
	}
}

/* memblock_enforce_memory_limit(): 0, or as much as there is or more, changes nothing. */
static void test_enforce_noop(void **state)
{
	struct rmem_test_mb f;

	setup(&f, "arm64-6.1");
	rmem_memblock_enforce_memory_limit(&f.mb, 0);
	rmem_memblock_enforce_memory_limit(&f.mb, 0x40000000);
	rmem_memblock_enforce_memory_limit(&f.mb, 0x80000000);
	rmem_memblock_mem_limit_remove_map(&f.mb, 0);
	rmem_memblock_mem_limit_remove_map(&f.mb, 0x80000000);
	assert_int_equal(f.mb.memory.cnt, 2);
	assert_int_equal(rmem_memblock_phys_mem_size(&f.mb), 0x40000000);
	assert_int_equal(f.mb.reserved.cnt, 3);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_mem_limit_remove_map() -> memblock_cap_memory_range(0, max):
 * NOMAP memory above the limit stays (arm64 keeps firmware tables), where
 * memblock_enforce_memory_limit() drops it.
 */
static void test_remove_map_keeps_nomap(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_mb f;

		setup(&f, it.name);
		rmem_memblock_add(&f.mb, 0xa0100000, SZ_1M);
		rmem_memblock_mark_nomap(&f.mb, 0xa0100000, SZ_1M);
		rmem_memblock_mem_limit_remove_map(&f.mb, 0x30000000);
		assert_int_equal(f.mb.memory.cnt, 3);
		rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, 0x20000000, 0);
		rmem_test_assert_region(&f.mb.memory, 1, 0x80000000, 0x10000000, 0);
		rmem_test_assert_region(&f.mb.memory, 2, 0xa0100000, SZ_1M, RMEM_MEMBLOCK_NOMAP);
		assert_int_equal(f.mb.reserved.cnt, 2);
		rmem_test_mb_teardown(&f);

		setup(&f, it.name);
		rmem_memblock_add(&f.mb, 0xa0100000, SZ_1M);
		rmem_memblock_mark_nomap(&f.mb, 0xa0100000, SZ_1M);
		rmem_memblock_enforce_memory_limit(&f.mb, 0x30000000);
		assert_int_equal(f.mb.memory.cnt, 2);
		rmem_test_mb_teardown(&f);
	}
}

/*
 * memblock_cap_memory_range(): MAP regions outside the range go (the ones
 * crossing it are cut), NOMAP ones stay; reserved is cut to the range.
 */
static void test_cap_range(void **state)
{
	struct rmem_test_mb f;

	setup(&f, "arm64-6.12");
	rmem_memblock_mark_nomap(&f.mb, 0x40000000, SZ_1M);
	rmem_memblock_cap_memory_range(&f.mb, 0x48000000, 0x40000000);
	assert_int_equal(f.mb.memory.cnt, 3);
	rmem_test_assert_region(&f.mb.memory, 0, 0x40000000, SZ_1M, RMEM_MEMBLOCK_NOMAP);
	rmem_test_assert_region(&f.mb.memory, 1, 0x48000000, 0x18000000, 0);
	rmem_test_assert_region(&f.mb.memory, 2, 0x80000000, 0x08000000, 0);
	assert_int_equal(f.mb.reserved.cnt, 1);
	rmem_test_assert_region(&f.mb.reserved, 0, 0x50000000, SZ_1M, 0);
	/* a size of 0 does nothing */
	rmem_memblock_cap_memory_range(&f.mb, 0, 0);
	assert_int_equal(f.mb.memory.cnt, 3);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_cap_memory_range() with no memory: 6.1 added "%s: No memory
 * registered yet" and returns; 5.10 goes on and removes the dummy region,
 * which comes back on node MAX_NUMNODES instead of the static 0.
 */
static void test_cap_empty(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-5.10");
	struct rmem_log log;
	struct rmem_memblock mb;

	rmem_log_init(&log);
	assert_int_equal(rmem_memblock_init(&mb, &p, &log), 0);
	assert_int_equal(mb.memory.regions[0].nid, 0);
	rmem_memblock_cap_memory_range(&mb, 0x40000000, SZ_1M);
	assert_int_equal(log.nr, 0);
	assert_int_equal(mb.memory.cnt, 1);
	assert_int_equal(mb.memory.regions[0].nid, 16);
	rmem_memblock_release(&mb);
	rmem_log_release(&log);

	p = rmem_test_profile("arm64-6.1");
	rmem_log_init(&log);
	assert_int_equal(rmem_memblock_init(&mb, &p, &log), 0);
	rmem_memblock_cap_memory_range(&mb, 0x40000000, SZ_1M);
	assert_int_equal(log.nr, 1);
	assert_string_equal(log.lines[0].text, "memblock_cap_memory_range: No memory registered yet");
	assert_int_equal(log.lines[0].level, RMEM_LOG_WARNING);
	assert_int_equal(mb.memory.regions[0].nid, 0);
	rmem_memblock_release(&mb);
	rmem_log_release(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enforce),
		cmocka_unit_test(test_enforce_noop),
		cmocka_unit_test(test_remove_map_keeps_nomap),
		cmocka_unit_test(test_cap_range),
		cmocka_unit_test(test_cap_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
