// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_double_array() (mm/memblock.c, 5.10 / 6.1 / 6.12): a full region
 * array before memblock_allow_resize() (5.10 and 6.1 fail quietly, 6.12
 * panics), and after it, the doubled array allocated from memblock and
 * reserved, the old one given back, the placement avoiding the range being
 * reserved, and the failure when no memory is left.
 */
#include <errno.h>
#include <string.h>

#include "memblock_kernels.h"

#define SZ_1M	0x100000ULL

/* Reserve @n separate pages from @base on, every other page. */
static void reserve_pages(struct rmem_test_mb *f, rmem_phys_t base, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rmem_memblock_reserve(&f->mb, base + i * 0x2000, 0x1000), 0);
}

/*
 * Before memblock_allow_resize(): memblock_add_range() needs one more slot
 * even for a range that would merge (it counts pieces before merging), and
 * memblock_isolate_range() always wants two free slots, so even freeing a
 * whole region fails.  Ranges already covered need none.  5.10 and 6.1
 * return -1 from memblock_double_array() silently; 6.12 panics
 * (mm/memblock.c:424), after which nothing of memblock runs.
 */
static void test_full_before_resize(void **state)
{
	static const size_t max[] = {
		[RMEM_TEST_5_10] = 385,
		[RMEM_TEST_6_1] = 385,
		[RMEM_TEST_6_12] = 641,
		[RMEM_TEST_7_2] = 641,
	};

	/* the reserved array's size: INIT_MEMBLOCK_RESERVED_REGIONS of arm64's NR_CPUS */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		struct rmem_test_mb f;
		rmem_phys_t total;

		rmem_test_mb_setup(&f, it.name);
		reserve_pages(&f, 0x40000000, RMEM_TEST_BY_KERNEL(max, it.name));
		assert_int_equal(f.mb.reserved.cnt, RMEM_TEST_BY_KERNEL(max, it.name));
		total = f.mb.reserved.total_size;
		assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40000000, 0x1000), 0);
		assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40001000, 0x1000), -ENOMEM);
		assert_int_equal(rmem_memblock_phys_free(&f.mb, 0x40000000, 0x1000), -ENOMEM);
		assert_int_equal(f.mb.reserved.cnt, RMEM_TEST_BY_KERNEL(max, it.name));
		assert_int_equal(f.mb.reserved.max, RMEM_TEST_BY_KERNEL(max, it.name));
		assert_int_equal(f.mb.reserved.total_size, total);
		if (!mb_full_panics(it.name)) {
			assert_int_equal(f.log.nr, 0);
			assert_null(f.mb.panicked);
		} else {
			/* the kernel stopped at the panic: the free is refused without a word */
			assert_int_equal(f.log.nr, 1);
			rmem_test_assert_line(&f.log, 0, RMEM_LOG_EMERG,
				    "Kernel panic - not syncing: memblock: cannot resize reserved array");
			assert_string_equal(f.mb.panicked, "reserved");
		}
		rmem_test_mb_teardown(&f);
	}
}

/*
 * After memblock_allow_resize(): the reserved array doubles to 770 entries
 * (18480 bytes, PAGE_ALIGNed to 0x5000) at the top of free memory above the
 * range being added; the static array is not given back; the new one is
 * reserved by memblock_double_array.  The second doubling gives the first
 * array back (memblock_free in 5.10).
 */
static void test_reserved_doubles(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-5.10");
	rmem_memblock_add(&f.mb, 0x40000000, 0x40000000);
	reserve_pages(&f, 0x40000000, 385);
	rmem_memblock_allow_resize(&f.mb);
	rmem_memblock_set_debug(&f.mb, true);
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x40302000, 0x1000), 0);
	assert_int_equal(f.log.nr, 3);
	rmem_test_assert_line(&f.log, 0, RMEM_LOG_INFO,
		    "memblock_reserve: [0x0000000040302000-0x0000000040302fff] memblock_reserve");
	rmem_test_assert_line(&f.log, 1, RMEM_LOG_INFO,
		    "memblock: reserved is doubled to 770 at [0x000000007fffb000-0x000000007ffff82f]");
	rmem_test_assert_line(&f.log, 2, RMEM_LOG_INFO,
		    "memblock_reserve: [0x000000007fffb000-0x000000007fffffff] memblock_double_array");
	assert_int_equal(f.mb.reserved.max, 770);
	assert_int_equal(f.mb.reserved.cnt, 387);
	assert_int_equal(f.mb.reserved.array_phys, 0x7fffb000);
	assert_int_equal(f.mb.reserved.regions[386].base, 0x7fffb000);
	assert_int_equal(f.mb.reserved.regions[386].size, 0x5000);
	assert_int_equal(f.mb.reserved.total_size, 386 * 0x1000 + 0x5000);

	/* fill again up to 770 and add one more: 1540 entries, 0xa000 bytes */
	rmem_memblock_set_debug(&f.mb, false);
	reserve_pages(&f, 0x40304000, 770 - 387);
	assert_int_equal(f.mb.reserved.cnt, 770);
	rmem_log_release(&f.log);
	rmem_memblock_set_debug(&f.mb, true);
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x50000000, 0x1000), 0);
	assert_int_equal(f.log.nr, 4);
	rmem_test_assert_line(&f.log, 1, RMEM_LOG_INFO,
		    "memblock: reserved is doubled to 1540 at [0x000000007fff1000-0x000000007fffa05f]");
	rmem_test_assert_line(&f.log, 2, RMEM_LOG_INFO,
		    "memblock_free: [0x000000007fffb000-0x000000007fffffff] memblock_double_array");
	rmem_test_assert_line(&f.log, 3, RMEM_LOG_INFO,
		    "memblock_reserve: [0x000000007fff1000-0x000000007fffafff] memblock_double_array");
	assert_int_equal(f.mb.reserved.max, 1540);
	assert_int_equal(f.mb.reserved.array_phys, 0x7fff1000);
	assert_true(rmem_memblock_is_reserved(&f.mb, 0x7fff1000));
	assert_false(rmem_memblock_is_reserved(&f.mb, 0x7fffb000));
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_double_array() for memory (5.10: 128 entries): the new array
 * (256 * 24 bytes -> 0x2000) comes from the memory known before the add,
 * top-down, and is reserved.
 */
static void test_memory_doubles(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-5.10");
	for (rmem_phys_t i = 0; i < 128; i++)
		assert_int_equal(rmem_memblock_add(&f.mb, 0x40000000 + i * 2 * SZ_1M, SZ_1M), 0);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x50000000, SZ_1M), -ENOMEM);
	assert_int_equal(f.mb.memory.cnt, 128);
	rmem_memblock_allow_resize(&f.mb);
	rmem_memblock_set_debug(&f.mb, true);
	assert_int_equal(rmem_memblock_add(&f.mb, 0x50000000, SZ_1M), 0);
	assert_int_equal(f.log.nr, 3);
	rmem_test_assert_line(&f.log, 1, RMEM_LOG_INFO,
		    "memblock: memory is doubled to 256 at [0x000000004fefe000-0x000000004feff7ff]");
	rmem_test_assert_line(&f.log, 2, RMEM_LOG_INFO,
		    "memblock_reserve: [0x000000004fefe000-0x000000004fefffff] memblock_double_array");
	assert_int_equal(f.mb.memory.max, 256);
	assert_int_equal(f.mb.memory.cnt, 129);
	assert_int_equal(f.mb.reserved.cnt, 1);
	assert_int_equal(f.mb.reserved.regions[0].base, 0x4fefe000);
	rmem_test_mb_teardown(&f);
}

/*
 * The reserved array avoids [new_area_start, +size): nothing free above
 * it, so the second memblock_find_in_range() below it is used.
 */
static void test_avoids_new_area(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_add(&f.mb, 0x40000000, SZ_1M);
	reserve_pages(&f, 0x80000000, 385);
	rmem_memblock_allow_resize(&f.mb);
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x400fb000, 0x5000), 0);
	assert_int_equal(f.mb.reserved.array_phys, 0x400f6000);
	assert_true(rmem_memblock_is_reserved(&f.mb, 0x400f6000));
	assert_true(rmem_memblock_is_reserved(&f.mb, 0x400fb000));
	assert_int_equal(f.mb.reserved.regions[0].base, 0x400f6000);
	assert_int_equal(f.mb.reserved.regions[0].size, 0xa000);
	rmem_test_mb_teardown(&f);
}

/* No room for the new array: "memblock: Failed to double ..." and nothing changes. */
static void test_no_room(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.12");
	rmem_memblock_add(&f.mb, 0x40000000, 0x10000);
	rmem_memblock_reserve(&f.mb, 0x40000000, 0x10000);
	reserve_pages(&f, 0x80000000, 640);
	rmem_memblock_allow_resize(&f.mb);
	assert_int_equal(f.mb.reserved.cnt, 641);
	assert_int_equal(rmem_memblock_reserve(&f.mb, 0x90000000, 0x1000), -ENOMEM);
	assert_int_equal(f.log.nr, 1);
	rmem_test_assert_line(&f.log, 0, RMEM_LOG_ERR,
		    "memblock: Failed to double reserved array from 641 to 1282 entries !");
	assert_int_equal(f.mb.reserved.cnt, 641);
	assert_int_equal(f.mb.reserved.max, 641);
	rmem_test_mb_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_before_resize),
		cmocka_unit_test(test_reserved_doubles),
		cmocka_unit_test(test_memory_doubles),
		cmocka_unit_test(test_avoids_new_area),
		cmocka_unit_test(test_no_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
