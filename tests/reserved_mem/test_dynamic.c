// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dynamic regions (a size property): __reserved_mem_alloc_size(),
 * early_init_dt_alloc_reserved_memory_arch() and 6.12's
 * __reserved_mem_alloc_in_range() in drivers/of/of_reserved_mem.c.
 */
#include "rm_fixture.h"

static void dyn_node(struct rmem_test_dt *dt, const char *name, uint64_t size, uint64_t align,
		     const uint64_t *ranges, size_t nr, unsigned int flags)
{
	rmem_test_dt_begin_node(dt, name);
	rmem_test_dt_prop_u64(dt, "size", size);
	if (align)
		rmem_test_dt_prop_u64(dt, "alignment", align);
	if (ranges)
		rmem_test_dt_prop_reg(dt, "alloc-ranges", 2, 2, ranges, nr);
	rm_dt_flags(dt, flags);
	rmem_test_dt_end_node(dt);
}

/* Without alloc-ranges: top-down anywhere, aligned to "alignment" (all versions). */
static void test_alignment(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		dyn_node(&dt, "first", RM_MB, 0, NULL, 0, RM_NO_COMPAT);
		dyn_node(&dt, "aligned", RM_MB, 16 * RM_MB, NULL, 0, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "first")->base, RM_RAM_END - RM_MB);
		assert_int_equal(rm_node(f.ctx, "aligned")->base, RM_RAM_END - 16 * RM_MB);
		assert_true(rm_node(f.ctx, "aligned")->dynamic);
		assert_true(rm_reserved(f.ctx, RM_RAM_END - 16 * RM_MB, RM_MB));
		rm_free(&f);
	}
}

/*
 * A reusable shared-dma-pool without no-map is aligned for CMA: 4 MiB in
 * 5.10 (MAX_ORDER - 1 and pageblock, of_reserved_mem.c:115 in 5.10), a
 * 2 MiB pageblock in 6.1 and 6.12 (CMA_MIN_ALIGNMENT_BYTES), 8 MiB on arm
 * without LPAE (pageblocks of the largest order).
 */
static void test_cma_alignment(void **state)
{
	static const rmem_phys_t want[] = {
		[RMEM_TEST_5_10] = 0x7f400000, [RMEM_TEST_6_1] = 0x7f600000,
		[RMEM_TEST_6_12] = 0x7f600000, [RMEM_TEST_7_2] = 0x7f600000,
	};

	/* the pageblock of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PAGE_4K) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		/* 1 MiB on top pushes the area down to the next boundary */
		rm_dt_static(&dt, "top@7ff00000", 0x7ff00000, RM_MB, RM_NO_COMPAT);
		dyn_node(&dt, "cma", 8 * RM_MB, 0, NULL, 0, RM_REUSABLE);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "cma")->base,
				 rmem_test_profile_is(&it.p, RMEM_TEST_PHYS_32) ?
				 0x7f000000 : RMEM_TEST_BY_KERNEL(want, it.name));
		assert_string_equal(rm_node(f.ctx, "cma")->handler->name, "cma");
		rm_free(&f);
	}
}

/* alloc-ranges with one range: top-down inside it; the pr_debug line. */
static void test_ranges_one(void **state)
{
	static const uint64_t ranges[] = { 0x50000000, 0x10000000 };

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		char line[128], pa[24];

		rm_dt_begin(&dt);
		dyn_node(&dt, "pool", 4 * RM_MB, 0, ranges, 1, RM_NOMAP);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "pool")->base, 0x5fc00000);
		snprintf(line, sizeof(line),
			 "OF: reserved mem: allocated memory for 'pool' node: base %s, size 4 MiB",
			 rm_pa(it.name, 0x5fc00000, pa, sizeof(pa)));
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_DEBUG, line));
		rm_free(&f);
	}
}

/* Several ranges: the first one with room wins (all versions). */
static void test_ranges_several(void **state)
{
	static const uint64_t ranges[] = { 0x48000000, 0x100000, 0x50000000, 0x1000000,
					   0x60000000, 0x1000000 };

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		dyn_node(&dt, "pool", 4 * RM_MB, 0, ranges, 3, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		/* the first range is the DTB's: no room */
		assert_int_equal(rm_node(f.ctx, "pool")->base, 0x50c00000);
		rm_free(&f);
	}
}

/*
 * No range fits: pr_info without the size in 5.10 (of_reserved_mem.c:154),
 * pr_err with it from 6.1; the record says why.
 */
static void test_ranges_none_fits(void **state)
{
	static const uint64_t ranges[] = { 0x50000000, 0x100000 };
	static const char *const lines[] = {
		[RMEM_TEST_5_10] = "OF: reserved mem: failed to allocate memory for node 'big'",
		[RMEM_TEST_6_1] = "OF: reserved mem: failed to allocate memory for node 'big': size 64 MiB",
		[RMEM_TEST_6_12] = "OF: reserved mem: failed to allocate memory for node 'big': size 64 MiB",
		[RMEM_TEST_7_2] = "OF: reserved mem: failed to allocate memory for node 'big': size 64 MiB",
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;
		char reason[128], from[24], to[24];

		rm_dt_begin(&dt);
		dyn_node(&dt, "big", 64 * RM_MB, 4 * RM_MB, ranges, 1, RM_NOMAP);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_true(rmem_test_log_has(&f.ctx->log, rm_failure_level(it.name),
					      RMEM_TEST_BY_KERNEL(lines, it.name)));
		n = rm_node(f.ctx, "big");
		assert_int_equal(n->state, RMEM_NODE_ALLOC_FAILED);
		assert_int_equal(n->err, -ENOMEM);
		snprintf(reason, sizeof(reason),
			 "no room for 64 MiB aligned to 4 MiB in its alloc-ranges [%s-%s)",
			 rm_pa(it.name, 0x50000000, from, sizeof(from)),
			 rm_pa(it.name, 0x50100000, to, sizeof(to)));
		assert_string_equal(n->reason, reason);
		/* 5.10/6.1 saved it as (0, 0) before trying; 6.12 saves what it placed */
		assert_int_equal(rmem_reserved_mem_lookup(f.ctx, "big") != NULL,
				 !rm_reg_nodes_late(it.name));
		rm_free(&f);
	}
}

/* No room anywhere: the record's words; the entry stays in 5.10/6.1's array, unplaced. */
static void test_too_big(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		dyn_node(&dt, "huge", 2 * RM_RAM_SIZE, 0, NULL, 0, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_string_equal(rm_node(f.ctx, "huge")->reason,
				    "no room for 2 GiB aligned to 64 bytes anywhere in free memory");
		assert_int_equal(rmem_reserved_mem_count(f.ctx), rm_reg_nodes_late(it.name) ? 0 : 1);
		rm_free(&f);
	}
}

/* An empty alloc-ranges is valid and has no range: the allocation fails. */
static void test_ranges_empty(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		dyn_node(&dt, "pool", RM_MB, 0, NULL, 0, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_free(&f);

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "pool");
		rmem_test_dt_prop_u64(&dt, "size", RM_MB);
		rmem_test_dt_prop_empty(&dt, "alloc-ranges");
		rmem_test_dt_end_node(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "pool")->state, RMEM_NODE_ALLOC_FAILED);
		rm_free(&f);
	}
}

/*
 * No-map: 5.10 memblock_remove()s the region (of_reserved_mem.c:43), 6.1
 * and 6.12 allocate it and mark it NOMAP.
 */
static void test_nomap_removed_or_marked(void **state)
{
	static const bool removed[] = {
		[RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		[RMEM_TEST_7_2] = false,
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		dyn_node(&dt, "pool", RM_MB, 0, NULL, 0, RM_NOMAP | RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		if (RMEM_TEST_BY_KERNEL(removed, it.name)) {
			assert_false(rmem_memblock_is_memory(&f.ctx->memblock, RM_RAM_END - RM_MB));
			assert_true(rm_free_range(f.ctx, RM_RAM_END - RM_MB, RM_MB));
		} else {
			assert_true(rm_nomap(f.ctx, RM_RAM_END - RM_MB, RM_MB));
			assert_true(rm_reserved(f.ctx, RM_RAM_END - RM_MB, RM_MB));
		}
		rm_free(&f);
	}
}

/*
 * 6.12's __reserved_mem_alloc_in_range(): a range that starts where a
 * placed region ends is searched bottom-up.  6.1 searches top-down, and
 * places b before a (the heapsort swaps two equal entries).
 */
static void test_6_12_bottom_up_next_to_region(void **state)
{
	static const uint64_t ra[] = { 0x60000000, 0x100000 };
	static const uint64_t rb[] = { 0x60100000, 0x1000000 };
	static const rmem_phys_t want_b[] = {
		[RMEM_TEST_5_10] = 0x61000000, [RMEM_TEST_6_1] = 0x61000000,
		[RMEM_TEST_6_12] = 0x60100000, [RMEM_TEST_7_2] = 0x60100000,
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		dyn_node(&dt, "a", RM_MB, 0, ra, 1, RM_NO_COMPAT);
		dyn_node(&dt, "b", RM_MB, 0, rb, 1, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "a")->base, 0x60000000);
		assert_int_equal(rm_node(f.ctx, "b")->base, RMEM_TEST_BY_KERNEL(want_b, it.name));
		/* memblock's direction is restored */
		assert_false(f.ctx->memblock.bottom_up);
		rm_free(&f);
	}
}

/*
 * Size 0: memblock finds a place of no size at the end of memory; the
 * region is handed over with base 0x80000000, size 0 (real 5.10/6.1/6.12
 * boots print "created DMA memory pool at 0x0000000080000000, size 0 MiB").
 */
static void test_size_zero(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		char line[128], at[24], end[24];

		rm_dt_begin(&dt);
		dyn_node(&dt, "zero", 0, 0, NULL, 0, RM_NOMAP);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		rm_pa(it.name, 0x80000000, at, sizeof(at));
		snprintf(line, sizeof(line), "Reserved memory: created DMA memory pool at %s, size 0 MiB",
			 at);
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_INFO, line));
		snprintf(line, sizeof(line),
			 "OF: reserved mem: %s..%s (0 KiB) nomap non-reusable zero", at,
			 rm_pa(it.name, 0x7fffffff, end, sizeof(end)));
		if (rm_reg_nodes_late(it.name))
			assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_INFO, line));
		rm_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_cma_alignment),
		cmocka_unit_test(test_ranges_one),
		cmocka_unit_test(test_ranges_several),
		cmocka_unit_test(test_ranges_none_fits),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_ranges_empty),
		cmocka_unit_test(test_nomap_removed_or_marked),
		cmocka_unit_test(test_6_12_bottom_up_next_to_region),
		cmocka_unit_test(test_size_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
