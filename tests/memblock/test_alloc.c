// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_alloc_range_nid(), memblock_phys_alloc_range() and
 * memblock_find_in_range_node() (mm/memblock.c, 5.10 / 6.1 / 6.12):
 * top-down and bottom-up, alignment, limits, NOMAP and reserved skipped,
 * the first page never used, nodes, failure as 0, an align of 0.
 */
#include <string.h>

#include "rmem_test.h"

#define SZ_1M	0x100000ULL
#define SZ_2M	0x200000ULL
#define ANY	RMEM_MEMBLOCK_ALLOC_ANYWHERE

/* 1 GiB of RAM at 1 GiB, as most tests use */
static void setup_1g(struct rmem_test_mb *f, const char *profile)
{
	rmem_test_mb_setup(f, profile);
	assert_int_equal(rmem_memblock_add(&f->mb, 0x40000000, 0x40000000), 0);
}

static rmem_phys_t alloc(struct rmem_test_mb *f, rmem_phys_t size, rmem_phys_t align,
			 rmem_phys_t start, rmem_phys_t end)
{
	return rmem_memblock_phys_alloc_range(&f->mb, size, align, start, end);
}

/* __memblock_find_range_top_down(): the highest fit; the result is reserved. */
static void test_top_down(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_mb f;

		setup_1g(&f, it.name);
		assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x7ffff000);
		assert_int_equal(alloc(&f, 0x2000, 0x1000, 0, ANY), 0x7fffd000);
		assert_int_equal(f.mb.reserved.cnt, 1);
		assert_int_equal(f.mb.reserved.regions[0].base, 0x7fffd000);
		assert_int_equal(f.mb.reserved.regions[0].size, 0x3000);
		rmem_test_mb_teardown(&f);
	}
}

/* __memblock_find_range_bottom_up(): the lowest fit. */
static void test_bottom_up(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-6.1");
	rmem_memblock_set_bottom_up(&f.mb, true);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x40000000);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x40001000);
	assert_int_equal(rmem_memblock_reserved_size(&f.mb), 0x2000);
	rmem_test_mb_teardown(&f);
}

/* round_down(this_end - size, align) top-down, round_up(this_start, align) bottom-up. */
static void test_alignment(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-6.12");
	assert_int_equal(alloc(&f, 0x1000, SZ_2M, 0, ANY), 0x7fe00000);
	assert_int_equal(alloc(&f, 0x1000, SZ_2M, 0, ANY), 0x7fc00000);
	rmem_memblock_set_bottom_up(&f.mb, true);
	assert_int_equal(alloc(&f, 0x1000, SZ_2M, 0x40000001, ANY), 0x40200000);
	assert_int_equal(alloc(&f, 0x3000, 0x1000, 0x40200000, ANY), 0x40201000);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_find_in_range_node(): [start, end) bounds the fit;
 * MEMBLOCK_ALLOC_ACCESSIBLE (0) and _NOLEAKTRACE (1) mean current_limit.
 */
static void test_limits(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-6.1");
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0x50000000, 0x60000000), 0x5ffff000);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE),
			 0x7ffff000);
	rmem_memblock_set_current_limit(&f.mb, 0x70000000);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE),
			 0x6ffff000);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, RMEM_MEMBLOCK_ALLOC_NOLEAKTRACE),
			 0x6fffe000);
	/* an explicit end is not capped by current_limit */
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x7fffe000);
	/* start above end: end is raised to start, nothing fits */
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0x60000000, 0x50000000), 0);
	rmem_memblock_set_bottom_up(&f.mb, true);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0x50000000, 0x60000000), 0x50000000);
	rmem_test_mb_teardown(&f);
}

/* should_skip_region(): NOMAP memory is never allocated from. */
static void test_nomap_skipped(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-5.10");
	rmem_memblock_mark_nomap(&f.mb, 0x7ff00000, SZ_1M);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x7feff000);
	rmem_memblock_mark_nomap(&f.mb, 0x40000000, 0x3ff00000);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0);
	rmem_test_mb_teardown(&f);
}

/* __next_mem_range_rev(): reserved regions are stepped around, too small gaps skipped. */
static void test_reserved_skipped(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-6.12");
	rmem_memblock_reserve(&f.mb, 0x7ff00000, SZ_1M);
	rmem_memblock_reserve(&f.mb, 0x7fd00000, SZ_1M);
	assert_int_equal(alloc(&f, SZ_2M, 0x1000, 0, ANY), 0x7fb00000);
	assert_int_equal(alloc(&f, SZ_1M, 0x1000, 0, ANY), 0x7fe00000);
	rmem_memblock_set_bottom_up(&f.mb, true);
	rmem_memblock_reserve(&f.mb, 0x40000000, 0x1000);
	assert_int_equal(alloc(&f, 0x2000, 0x2000, 0, ANY), 0x40002000);
	rmem_test_mb_teardown(&f);
}

/* memblock_find_in_range_node(): start = max(start, PAGE_SIZE). */
static void test_first_page_avoided(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_add(&f.mb, 0, 0x10000);
	assert_int_equal(alloc(&f, 0x10000, 0x1000, 0, ANY), 0);
	assert_int_equal(alloc(&f, 0xf000, 0x1000, 0, ANY), 0x1000);
	rmem_test_mb_teardown(&f);

	rmem_test_mb_setup(&f, "arm64-6.12-16k");
	rmem_memblock_add(&f.mb, 0, 0x100000);
	rmem_memblock_set_bottom_up(&f.mb, true);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x4000);
	rmem_test_mb_teardown(&f);
}

/* memblock_alloc_range_nid(): nothing fits -> 0, nothing reserved. */
static void test_failure_zero(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-6.1");
	assert_int_equal(alloc(&f, 0x40000001, 0x1000, 0, ANY), 0);
	assert_int_equal(rmem_memblock_reserved_size(&f.mb), 0);
	assert_int_equal(f.log.nr, 0);
	rmem_test_mb_teardown(&f);

	rmem_test_mb_setup(&f, "arm64-6.12");
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0);
	rmem_test_mb_teardown(&f);
}

/* memblock_alloc_range_nid(): align 0 -> dump_stack() and SMP_CACHE_BYTES (64). */
static void test_align_zero(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-6.12");
	assert_int_equal(alloc(&f, 0x100, 0, 0, ANY), 0x7fffff00);
	assert_int_equal(alloc(&f, 0x10, 0, 0, ANY), 0x7ffffec0);
	assert_true(rmem_log_find(&f.log, "Call trace:") >= 0);
	assert_int_equal(f.log.lines[0].level, RMEM_LOG_WARNING);
	rmem_test_mb_teardown(&f);
}

/*
 * A free range is one memory region minus reserved: two touching regions of
 * different nodes give two ranges and a fit cannot span them; without NUMA
 * (armhf) they are one region.
 */
static void test_no_span_across_regions(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_add_node(&f.mb, 0x40000000, SZ_1M, 0, 0);
	rmem_memblock_add_node(&f.mb, 0x40100000, SZ_1M, 1, 0);
	assert_int_equal(alloc(&f, 0x180000, 0x1000, 0, ANY), 0);
	rmem_memblock_set_bottom_up(&f.mb, true);
	assert_int_equal(alloc(&f, 0x180000, 0x1000, 0, ANY), 0);
	rmem_test_mb_teardown(&f);

	rmem_test_mb_setup(&f, "armhf-6.1");
	rmem_memblock_add_node(&f.mb, 0x40000000, SZ_1M, 0, 0);
	rmem_memblock_add_node(&f.mb, 0x40100000, SZ_1M, 1, 0);
	assert_int_equal(alloc(&f, 0x180000, 0x1000, 0, ANY), 0x40080000);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock_alloc_range_nid() on a node: the node's memory only; on failure
 * any node unless @exact_nid.
 */
static void test_nodes(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.12");
	rmem_memblock_add_node(&f.mb, 0x40000000, 0x10000000, 0, 0);
	rmem_memblock_add_node(&f.mb, 0x80000000, 0x10000000, 1, 0);
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0, ANY, 0, true),
			 0x4ffff000);
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0, ANY, 1, true),
			 0x8ffff000);
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0, ANY, 2, true),
			 0);
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0, ANY, 2, false),
			 0x8fffe000);
	/* larger than any region: 0, fallback to any node or not */
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x20000000, 0x1000, 0, ANY, 0,
						       false), 0);
	rmem_test_mb_teardown(&f);
}

/*
 * 5.10 and 6.1: nid == MAX_NUMNODES warns once ("Usage of MAX_NUMNODES is
 * deprecated...") and means any node; 6.12 drops the test, the node is
 * simply not valid.
 */
static void test_max_numnodes(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-5.10");
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0, ANY, 16, true),
			 0x7ffff000);
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0, ANY, 16, true),
			 0x7fffe000);
	assert_int_equal(f.log.nr, 2);
	assert_string_equal(f.log.lines[0].text,
			    "Usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead");
	assert_string_equal(f.log.lines[1].text,
			    "WARNING: CPU: 0 PID: 0 at mm/memblock.c:1331 memblock_alloc_range_nid");
	rmem_test_mb_teardown(&f);

	setup_1g(&f, "arm64-6.12");
	assert_int_equal(rmem_memblock_alloc_range_nid(&f.mb, 0x1000, 0x1000, 0, ANY, 16, true),
			 0x7ffff000);
	assert_int_equal(f.log.nr, 0);
	rmem_test_mb_teardown(&f);
}

/*
 * memblock=debug: 6.1 added memblock_phys_alloc_range()'s line; the
 * reservation's line names memblock_alloc_range_nid as its caller.
 */
static void test_debug_lines(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-6.1");
	rmem_memblock_set_debug(&f.mb, true);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x7ffff000);
	assert_int_equal(f.log.nr, 2);
	assert_string_equal(f.log.lines[0].text,
			    "memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x0000000000000000 max_addr=0xffffffffffffffff memblock_phys_alloc_range");
	assert_string_equal(f.log.lines[1].text,
			    "memblock_reserve: [0x000000007ffff000-0x000000007fffffff] memblock_alloc_range_nid");
	rmem_test_mb_teardown(&f);

	setup_1g(&f, "arm64-5.10");
	rmem_memblock_set_debug(&f.mb, true);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x7ffff000);
	assert_int_equal(f.log.nr, 1);
	assert_string_equal(f.log.lines[0].text,
			    "memblock_reserve: [0x000000007ffff000-0x000000007fffffff] memblock_alloc_range_nid");
	rmem_test_mb_teardown(&f);
}

/* should_skip_region(): MEMBLOCK_DRIVER_MANAGED (6.1+) is skipped; 5.10 has no such flag. */
static void test_driver_managed(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_add_node(&f.mb, 0x40000000, 0x40000000, 0, RMEM_MEMBLOCK_DRIVER_MANAGED);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0);
	rmem_test_mb_teardown(&f);

	rmem_test_mb_setup(&f, "arm64-5.10");
	rmem_memblock_add_node(&f.mb, 0x40000000, 0x40000000, 0, RMEM_MEMBLOCK_DRIVER_MANAGED);
	assert_int_equal(alloc(&f, 0x1000, 0x1000, 0, ANY), 0x7ffff000);
	rmem_test_mb_teardown(&f);
}

/* memblock_find_in_range(): the same search, nothing reserved. */
static void test_find_only(void **state)
{
	struct rmem_test_mb f;

	setup_1g(&f, "arm64-5.10");
	assert_int_equal(rmem_memblock_find_in_range(&f.mb, 0, ANY, SZ_2M, SZ_2M), 0x7fe00000);
	assert_int_equal(rmem_memblock_find_in_range(&f.mb, 0, ANY, SZ_2M, SZ_2M), 0x7fe00000);
	assert_int_equal(rmem_memblock_reserved_size(&f.mb), 0);
	rmem_test_mb_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_down),
		cmocka_unit_test(test_bottom_up),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_nomap_skipped),
		cmocka_unit_test(test_reserved_skipped),
		cmocka_unit_test(test_first_page_avoided),
		cmocka_unit_test(test_failure_zero),
		cmocka_unit_test(test_align_zero),
		cmocka_unit_test(test_no_span_across_regions),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_max_numnodes),
		cmocka_unit_test(test_debug_lines),
		cmocka_unit_test(test_driver_managed),
		cmocka_unit_test(test_find_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
