// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel refuses or drops: properties of the wrong length
 * (__reserved_mem_reserve_reg(), __reserved_mem_alloc_size()), disabled
 * nodes, a /reserved-memory that __reserved_mem_check_root() refuses, a
 * full reserved_mem array (fdt_reserved_mem_save_node()), 6.12's cap on
 * dynamic regions, and which nodes each version takes for regions.
 */
#include "rm_fixture.h"

/* reg of 12 bytes with 2+2 cells: skipped, logged (twice in 6.12: both passes check it). */
static void test_reg_bad_length(void **state)
{
	static const char *const line[] = {
		"<3>OF: fdt: Reserved memory: invalid reg property in 'bad@60000000', skipping node.", NULL
	};
	static const char *const line_6_12[] = {
		"<3>OF: reserved mem: Reserved memory: invalid reg property in 'bad@60000000', skipping node.",
		"<3>OF: reserved mem: Reserved memory: invalid reg property in 'bad@60000000', skipping node.",
		NULL
	};

	static const char *const none[] = { NULL };

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		bool whole = rm_whole_entries(it.name);
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "bad@60000000");
		RMEM_TEST_DT_CELLS(&dt, "reg", 0, 0x60000000, 0x400000);
		rmem_test_dt_end_node(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		/* 7.2 reads it as no reg, silently (022-static-reg-bad-length's recording) */
		rm_assert_lines(&f, RMEM_LOG_INFO,
				whole ? none : rm_reg_nodes_late(it.name) ? line_6_12 : line);
		n = rm_node(f.ctx, "bad@60000000");
		assert_int_equal(n->state, whole ? RMEM_NODE_IGNORED : RMEM_NODE_INVALID);
		assert_string_equal(n->reason, whole ?
				    "reg property is 12 bytes, not a multiple of 16: read as no reg; neither reg nor size" :
				    "reg property is 12 bytes, a multiple of 16 expected");
		assert_true(rm_free_range(f.ctx, 0x60000000, 0x400000));
		rm_free(&f);
	}
}

/*
 * size, alignment, alloc-ranges of the wrong length (__reserved_mem_alloc_size(),
 * all versions); 7.2 ignores such an alloc-ranges and places the region
 * anywhere, silently (065-ranges-bad-length's recording).
 */
static void test_dynamic_bad_lengths(void **state)
{
	static const char *const lines[] = {
		"OF: reserved mem: invalid size property in 'x' node.",
		"OF: reserved mem: invalid alignment property in 'x' node.",
		"OF: reserved mem: invalid alloc-ranges property in 'x', skipping node.",
	};
	static const char *const reasons[] = {
		"size property is 4 bytes, 8 expected",
		"alignment property is 4 bytes, 8 expected",
		"alloc-ranges property is 12 bytes, a multiple of 16 expected",
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		for (int p = 0; p < 3; p++) {
			struct rmem_test_dt dt;
			struct rm_fixture f;

			rm_dt_begin(&dt);
			rmem_test_dt_begin_node(&dt, "x");
			if (p == 0)
				RMEM_TEST_DT_CELLS(&dt, "size", 0x100000);
			else
				rmem_test_dt_prop_u64(&dt, "size", RM_MB);
			if (p == 1)
				RMEM_TEST_DT_CELLS(&dt, "alignment", 0x100000);
			if (p == 2)
				RMEM_TEST_DT_CELLS(&dt, "alloc-ranges", 0, 0x50000000, 0x100000);
			rmem_test_dt_end_node(&dt);
			rm_boot(&f, it.name, &dt, NULL);
			rm_scan(&f);
			if (p == 2 && rm_whole_entries(it.name)) {
				assert_int_equal(rmem_test_count_lines(&f.ctx->log, "invalid"), 0);
				assert_int_equal(rm_node(f.ctx, "x")->state, RMEM_NODE_RESERVED);
				assert_int_equal(rm_node(f.ctx, "x")->base, RM_RAM_END - RM_MB);
				assert_non_null(strstr(rm_node(f.ctx, "x")->reason,
						       "not a multiple of 16: ignored"));
				rm_free(&f);
				continue;
			}
			assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR, lines[p]));
			assert_int_equal(rm_node(f.ctx, "x")->state, RMEM_NODE_INVALID);
			assert_string_equal(rm_node(f.ctx, "x")->reason, reasons[p]);
			rm_free(&f);
		}
	}
}

/* status = "disabled": of_fdt_device_is_available() false, nothing done. */
static void test_disabled(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "off@60000000");
		RMEM_TEST_DT_REG(&dt, "reg", 0x60000000, RM_MB);
		rmem_test_dt_prop_string(&dt, "status", "disabled");
		rmem_test_dt_end_node(&dt);
		rm_dt_dynamic(&dt, "offdyn", RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "off@60000000")->state, RMEM_NODE_DISABLED);
		assert_true(rm_free_range(f.ctx, 0x60000000, RM_MB));
		assert_int_equal(rmem_reserved_mem_count(f.ctx), 1);
		rm_free(&f);
	}
}

/* Neither reg nor size: nothing saved, IGNORED. */
static void test_neither(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "empty");
		rm_dt_flags(&dt, RM_NOMAP);
		rmem_test_dt_end_node(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "empty")->state, RMEM_NODE_IGNORED);
		assert_string_equal(rm_node(f.ctx, "empty")->reason, "neither reg nor size");
		assert_int_equal(rmem_reserved_mem_count(f.ctx), 0);
		rm_free(&f);
	}
}

static void build_bad_root(struct rmem_test_dt *dt, int addr_cells, int size_cells)
{
	rmem_test_dt_begin(dt, 2, 2);
	RMEM_TEST_DT_MEMORY(dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
	rmem_test_dt_begin_reserved_memory(dt, addr_cells, size_cells);
	rmem_test_dt_begin_node(dt, "r@60000000");
	RMEM_TEST_DT_CELLS(dt, "reg", 0x60000000, 0x100000);
	rmem_test_dt_end_node(dt);
}

/*
 * __reserved_mem_check_root(): cells other than the root's: the whole node
 * is ignored ("unsupported node format"; twice in 6.12, whose late pass
 * checks again).
 */
static void test_bad_root_cells(void **state)
{
	static const char *const line[] = {
		"<3>OF: fdt: Reserved memory: unsupported node format, ignoring", NULL
	};
	static const char *const line_6_12[] = {
		"<3>OF: reserved mem: Reserved memory: unsupported node format, ignoring",
		"<3>OF: reserved mem: Reserved memory: unsupported node format, ignoring", NULL
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;

		build_bad_root(&dt, 1, 1);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		rm_assert_lines(&f, RMEM_LOG_INFO, rm_reg_nodes_late(it.name) ? line_6_12 : line);
		n = rm_node(f.ctx, "r@60000000");
		assert_int_equal(n->state, RMEM_NODE_INVALID);
		assert_string_equal(n->reason, "/reserved-memory has #size-cells = <1>, the root's is 2: "
				    "the kernel ignored the whole node");
		rm_free(&f);
	}
}

/* No ranges property: refused as well. */
static void test_no_ranges(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rmem_test_dt_begin(&dt, 2, 2);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
		rmem_test_dt_begin_node(&dt, "reserved-memory");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 2);
		rm_dt_static(&dt, "r@60000000", 0x60000000, RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		/* the kernel's lines only: rmem's advice quotes the phrase too */
		assert_int_equal(rmem_test_count_lines(&f.ctx->log,
						       "unsupported node format, ignoring"),
				 rm_reg_nodes_late(it.name) ? 2 : 1);
		assert_string_equal(rm_node(f.ctx, "r@60000000")->reason,
				    "/reserved-memory has no ranges property: the kernel ignored the whole node");
		assert_true(rm_free_range(f.ctx, 0x60000000, RM_MB));
		rm_free(&f);
	}
}

/*
 * 6.12 allocates the array before it checks the root again: with the early
 * pass refused, total_reserved_mem_cnt kept its 64, so 64 entries of 48
 * bytes come out of memblock (of_reserved_mem.c:258).
 */
static void test_6_12_bad_root_still_allocates(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;
	rmem_phys_t before;

	build_bad_root(&dt, 1, 1);
	rm_boot(&f, "arm64-6.12", &dt, NULL);
	assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f.ctx), 0);
	before = rmem_memblock_reserved_size(&f.ctx->memblock);
	assert_int_equal(rmem_fdt_scan_reserved_mem_reg_nodes(f.ctx), 0);
	assert_int_equal(rmem_memblock_reserved_size(&f.ctx->memblock) - before, 64 * 48);
	rm_free(&f);
}

/*
 * Root cells of 0: the kernel would divide by zero or loop forever on the
 * reg; rmem refuses, changes nothing and says why.
 */
static void test_zero_cells_refused(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;
	rmem_phys_t before;

	rmem_test_dt_begin(&dt, 0, 0);
	rmem_test_dt_begin_reserved_memory(&dt, 0, 0);
	rmem_test_dt_begin_node(&dt, "r");
	rmem_test_dt_prop_empty(&dt, "reg");
	rmem_test_dt_end_node(&dt);
	rm_boot(&f, "arm64-6.1", &dt, NULL);
	before = rmem_memblock_reserved_size(&f.ctx->memblock);
	assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f.ctx), -EINVAL);
	assert_int_equal(rmem_memblock_reserved_size(&f.ctx->memblock), before);
	assert_int_equal(rmem_rmem_node_count(f.ctx), 0);
	assert_int_equal(rmem_test_count_lines(&f.ctx->log, "divide by zero"), 1);
	rm_free(&f);
}

/*
 * 70 static regions: 5.10 and 6.1's array of 64 is full ("not enough
 * space" six times: the memory stays reserved, no handler); 6.12 sizes
 * its array to the count and keeps them all.
 */
static void test_array_full_static(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;
		bool late = rm_reg_nodes_late(it.name);
		char name[32];

		rm_dt_begin(&dt);
		for (int k = 0; k < 70; k++) {
			snprintf(name, sizeof(name), "s%d@%x", k, 0x60000000 + k * 0x100000);
			rm_dt_static(&dt, name, 0x60000000 + k * RM_MB, RM_MB, RM_NO_COMPAT);
		}
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rmem_test_count_lines(&f.ctx->log,
			"OF: reserved mem: not enough space for all defined regions."), late ? 0 : 6);
		assert_int_equal(rmem_reserved_mem_count(f.ctx), late ? 70 : 64);
		n = rm_node(f.ctx, "s69@64500000");
		assert_int_equal(n->state, late ? RMEM_NODE_RESERVED : RMEM_NODE_NOT_SAVED);
		assert_true(rm_reserved(f.ctx, 0x64500000, RM_MB));
		rm_free(&f);
	}
}

/*
 * 70 dynamic regions: 5.10/6.1 drop the last six when saving them;
 * 6.12's fdt_scan_reserved_mem() skips them ("too many defined dynamic
 * regions, skip 'd64'" ...), as the real kernels logged.
 */
static void test_array_full_dynamic(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		char name[16];

		rm_dt_begin(&dt);
		for (int k = 0; k < 70; k++) {
			snprintf(name, sizeof(name), "d%d", k);
			rm_dt_dynamic(&dt, name, 0x1000, RM_NOMAP);
		}
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		if (!rm_reg_nodes_late(it.name)) {
			assert_int_equal(rmem_test_count_lines(&f.ctx->log, "not enough space"), 6);
		} else {
			assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR,
				"OF: reserved mem: too many defined dynamic regions, skip 'd64'"));
			assert_int_equal(rmem_test_count_lines(&f.ctx->log, "too many defined"), 6);
		}
		assert_int_equal(rm_node(f.ctx, "d69")->state, RMEM_NODE_NOT_SAVED);
		assert_int_equal(rm_node(f.ctx, "d63")->state, RMEM_NODE_INITIALIZED);
		rm_free(&f);
	}
}

/*
 * Which nodes: 5.10's of_scan_flat_dt() callback takes every node below
 * /reserved-memory, grandchildren included, and only a node named exactly
 * "reserved-memory"; 6.1 and 6.12 take the children of
 * fdt_path_offset("/reserved-memory"), which also finds "reserved-memory@0".
 */
static void test_grandchild(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "parent");
		rm_dt_static(&dt, "child@60000000", 0x60000000, RM_MB, RM_NO_COMPAT);
		rmem_test_dt_end_node(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_reserved(f.ctx, 0x60000000, RM_MB), rm_flat_scan(it.name));
		assert_int_equal(rmem_rmem_node_count(f.ctx), rm_flat_scan(it.name) ? 2 : 1);
		rm_free(&f);
	}
}

static void test_unit_address_on_root(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rmem_test_dt_begin(&dt, 2, 2);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
		rmem_test_dt_begin_node(&dt, "reserved-memory@0");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 2);
		rmem_test_dt_prop_empty(&dt, "ranges");
		rm_dt_static(&dt, "r@60000000", 0x60000000, RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_reserved(f.ctx, 0x60000000, RM_MB), !rm_flat_scan(it.name));
		rm_free(&f);
	}
}

/*
 * 6.12's alloc_reserved_mem_array() failing (memblock full): its error line
 * (no newline in the kernel's format), and every region saved so far is
 * forgotten: reserved_mem_count = 0, nothing of the late pass is saved.
 */
static void test_6_12_array_alloc_fails(void **state)
{
	struct rmem_test_dt dt;
	struct rm_fixture f;

	rm_dt_begin(&dt);
	rm_dt_dynamic(&dt, "dyn", RM_MB, RM_NOMAP);
	rm_dt_static(&dt, "s@60000000", 0x60000000, RM_MB, RM_NOMAP);
	rm_boot(&f, "arm64-6.12", &dt, NULL);
	assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f.ctx), 0);
	assert_int_equal(rmem_reserved_mem_count(f.ctx), 1);
	assert_int_equal(rmem_memblock_reserve(&f.ctx->memblock, RM_RAM_BASE, RM_RAM_SIZE), 0);
	assert_int_equal(rmem_fdt_scan_reserved_mem_reg_nodes(f.ctx), 0);
	assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR,
		"OF: reserved mem: Failed to allocate memory for reserved_mem array with err: -12"));
	assert_int_equal(rmem_reserved_mem_count(f.ctx), 0);
	assert_int_equal(rm_node(f.ctx, "dyn")->rmem_index, -1);
	assert_non_null(strstr(rm_node(f.ctx, "dyn")->reason, "dropped"));
	assert_null(rmem_reserved_mem_lookup(f.ctx, "s@60000000"));
	rm_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reg_bad_length),
		cmocka_unit_test(test_dynamic_bad_lengths),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_neither),
		cmocka_unit_test(test_bad_root_cells),
		cmocka_unit_test(test_no_ranges),
		cmocka_unit_test(test_6_12_bad_root_still_allocates),
		cmocka_unit_test(test_6_12_array_alloc_fails),
		cmocka_unit_test(test_zero_cells_refused),
		cmocka_unit_test(test_array_full_static),
		cmocka_unit_test(test_array_full_dynamic),
		cmocka_unit_test(test_grandchild),
		cmocka_unit_test(test_unit_address_on_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
