// SPDX-License-Identifier: GPL-2.0-only
/*
 * Static regions (a reg property): __reserved_mem_reserve_reg() and
 * early_init_dt_reserve_memory(_arch)() in drivers/of/fdt.c (5.10, 6.1) and
 * drivers/of/of_reserved_mem.c (6.12), /memreserve/ in
 * early_init_fdt_scan_reserved_mem(), and 6.12's
 * fdt_scan_reserved_mem_reg_nodes().
 */
#include "rm_fixture.h"

/* A plain reg region is memblock_reserve()d; no compatible, no handler: "reserved" (all versions). */
static void test_plain_reserved(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "plain@60000000", 0x60000000, 16 * RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_true(rm_reserved(f.ctx, 0x60000000, 16 * RM_MB));
		assert_true(rm_mapped(f.ctx, 0x60000000, 16 * RM_MB));
		n = rm_node(f.ctx, "plain@60000000");
		assert_int_equal(n->state, RMEM_NODE_RESERVED);
		assert_false(n->dynamic);
		assert_null(n->handler);
		assert_int_equal(n->base, 0x60000000);
		assert_int_equal(n->size, 16 * RM_MB);
		assert_non_null(strstr(n->reason, "no in-kernel handler claims it"));
		assert_int_equal(rmem_reserved_mem_count(f.ctx), 1);
		rm_free(&f);
	}
}

/* The pr_debug line of a reserved entry, with each version's prefix. */
static void test_reserved_debug_line(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		char line[256], pa[24];

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "plain@60000000", 0x60000000, 16 * RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		snprintf(line, sizeof(line), "%sReserved memory: reserved region for node 'plain@60000000': base %s, size 16 MiB",
			 rm_reg_prefix(it.name), rm_pa(it.name, 0x60000000, pa, sizeof(pa)));
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_DEBUG, line));
		rm_free(&f);
	}
}

/* no-map: memblock_mark_nomap(), not reserved; the dma handler takes it. */
static void test_nomap_marked(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "pool@60000000", 0x60000000, 4 * RM_MB, RM_NOMAP);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_true(rm_nomap(f.ctx, 0x60000000, 4 * RM_MB));
		assert_true(rm_free_range(f.ctx, 0x60000000, 4 * RM_MB));
		assert_int_equal(rm_node(f.ctx, "pool@60000000")->state, RMEM_NODE_INITIALIZED);
		assert_string_equal(rm_node(f.ctx, "pool@60000000")->handler->name, "dma");
		rm_free(&f);
	}
}

/*
 * Several reg entries: each is reserved, only the first is saved; 6.12's
 * fdt_scan_reserved_mem_reg_nodes() warns that it ignores the others; 7.2
 * reserves only the first, and says so early (021-static-multi-reg's
 * recording).
 */
static void test_multi_reg(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		struct rmem_reserved_mem *rmem;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "multi@60000000");
		RMEM_TEST_DT_REG(&dt, "reg", 0x60000000, RM_MB, 0x61000000, RM_MB, 0x62000000, RM_MB);
		rmem_test_dt_end_node(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		for (int k = 0; k < 3; k++)
			assert_int_equal(rm_reserved(f.ctx, 0x60000000 + k * 0x1000000ULL, RM_MB),
					 !k || !rm_whole_entries(it.name));
		rmem = rm_rmem(f.ctx, "multi@60000000");
		assert_int_equal(rmem->base, 0x60000000);
		assert_int_equal(rmem->size, RM_MB);
		assert_int_equal(rmem_test_log_has(&f.ctx->log, RMEM_LOG_WARNING,
			"OF: reserved mem: fdt_scan_reserved_mem_reg_nodes() ignores 2 regions in node 'multi@60000000'"),
			rm_reg_nodes_late(it.name) && !rm_whole_entries(it.name));
		assert_int_equal(rmem_test_log_has(&f.ctx->log, RMEM_LOG_WARNING,
			"OF: reserved mem: Reserved memory: node 'multi@60000000' has 3 <base size> entries, only the first is used"),
			rm_whole_entries(it.name));
		rm_free(&f);
	}
}

/*
 * early_init_dt_reserve_memory(): no-map over a reserved range is refused
 * with -EBUSY.  6.1 (fdt.c:488) and 6.12 refuse only when the range is
 * memory; 5.10 (fdt.c:1156) refuses outside memory too.
 */
static void test_nomap_busy_outside_memory(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;

		rmem_test_dt_begin(&dt, 2, 2);
		rmem_test_dt_memreserve(&dt, 0x100000000ULL, RM_MB);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
		rmem_test_dt_begin_reserved_memory(&dt, 2, 2);
		rm_dt_static(&dt, "out@100000000", 0x100000000ULL, RM_MB, RM_NOMAP | RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		n = rm_node(f.ctx, "out@100000000");
		assert_int_equal(n->reserve_failed, rm_nomap_busy_anywhere(it.name));
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, "failed to reserve memory"),
				 rm_nomap_busy_anywhere(it.name));
		rm_free(&f);
	}
}

/* No-map on the DTB: -EBUSY in every version; the region is saved all the same (not in 6.12 until later). */
static void test_nomap_busy_on_dtb(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		const struct rmem_rmem_node *n;
		char line[256], pa[24];

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "dtb@48000000", RM_DTB_BASE, RM_MB, RM_NOMAP | RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		snprintf(line, sizeof(line), "%sReserved memory: failed to reserve memory for node 'dtb@48000000': base %s, size 1 MiB",
			 rm_reg_prefix(it.name), rm_pa(it.name, RM_DTB_BASE, pa, sizeof(pa)));
		assert_true(rmem_test_log_has(&f.ctx->log, rm_failure_level(it.name), line));
		assert_false(rm_nomap(f.ctx, RM_DTB_BASE, RM_MB));
		n = rm_node(f.ctx, "dtb@48000000");
		assert_true(n->reserve_failed);
		assert_int_equal(n->state, RMEM_NODE_RESERVED);
		assert_non_null(strstr(n->reason, "already reserved"));
		assert_non_null(rmem_reserved_mem_lookup(f.ctx, "dtb@48000000"));
		rm_free(&f);
	}
}

/*
 * A 32-bit phys_addr_t (arm without LPAE) keeps the low half of a reg
 * entry: 0x148000000 is tried at 0x48000000, the DTB, and refused, as the
 * armmp kernels refuse conformance case 139's region at 0x140000000 (at
 * 0x40000000, their kernel's).
 */
static void test_reg_low_32_bits(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_32) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		char line[160];

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "hi@148000000", 0x148000000ULL, RM_MB, RM_NOMAP | RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		snprintf(line, sizeof(line),
			 "%sReserved memory: failed to reserve memory for node 'hi@148000000': base 0x48000000, size 1 MiB",
			 rm_reg_prefix(it.name));
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR, line));
		assert_true(rm_node(f.ctx, "hi@148000000")->reserve_failed);
		rm_free(&f);
	}
}

/* A reg entry of size 0 is reported as failed; 6.12 keeps no entry for it. */
static void test_size_zero_entry(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		char line[128], pa[24];

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "zero@60000000", 0x60000000, 0, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		snprintf(line, sizeof(line),
			 "failed to reserve memory for node 'zero@60000000': base %s, size 0 MiB",
			 rm_pa(it.name, 0x60000000, pa, sizeof(pa)));
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, line), 1);
		/* 5.10/6.1 save it, then find no size property to place it by */
		assert_int_equal(rmem_reserved_mem_count(f.ctx), rm_reg_nodes_late(it.name) ? 0 : 1);
		assert_int_equal(rm_node(f.ctx, "zero@60000000")->state, RMEM_NODE_IGNORED);
		rm_free(&f);
	}
}

/*
 * A static region whose first entry has size 0 and which has a size
 * property: 5.10/6.1's fdt_init_reserved_mem() takes size == 0 for
 * dynamic and places it; 6.12 does not.
 */
static void test_size_zero_entry_with_size(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "odd@60000000");
		RMEM_TEST_DT_REG(&dt, "reg", 0x60000000, 0);
		rmem_test_dt_prop_u64(&dt, "size", 2 * RM_MB);
		rmem_test_dt_prop_empty(&dt, "no-map");
		rmem_test_dt_end_node(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_nomap(f.ctx, RM_RAM_END - 2 * RM_MB, 2 * RM_MB) ||
				 !rmem_memblock_is_memory(&f.ctx->memblock, RM_RAM_END - 1),
				 !rm_reg_nodes_late(it.name));
		assert_int_equal(rmem_reserved_mem_count(f.ctx), rm_reg_nodes_late(it.name) ? 0 : 1);
		rm_free(&f);
	}
}

/*
 * /memreserve/ entries are memblock_reserve()d: before the regions in 5.10
 * and 6.1, after them in 6.12 (fdt.c:507), where a dynamic region can
 * land on one.
 */
static void test_memreserve_order(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rmem_test_dt_begin(&dt, 2, 2);
		rmem_test_dt_memreserve(&dt, RM_RAM_END - RM_MB, RM_MB);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
		rmem_test_dt_begin_reserved_memory(&dt, 2, 2);
		rm_dt_dynamic(&dt, "dyn", RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rm_node(f.ctx, "dyn")->base,
				 rm_reg_nodes_late(it.name) ? RM_RAM_END - RM_MB : RM_RAM_END - 2 * RM_MB);
		assert_true(rm_reserved(f.ctx, RM_RAM_END - RM_MB, RM_MB));
		rm_free(&f);
	}
}

/* 6.12's fdt_scan_reserved_mem_reg_nodes(): pr_info without /reserved-memory; the others say nothing. */
static void test_no_reserved_memory_node(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const line[] = {
		"OF: reserved mem: Reserved memory: No reserved-memory node in the DT", NULL
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rmem_test_dt_begin(&dt, 2, 2);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		rm_assert_lines(&f, RMEM_LOG_INFO, rm_reg_nodes_late(it.name) ? line : none);
		assert_int_equal(rmem_rmem_node_count(f.ctx), 0);
		rm_free(&f);
	}
}

/*
 * 6.12's alloc_reserved_mem_array(): the array moves to memblock, one
 * 48-byte struct reserved_mem per region counted by the early pass; 7.2's
 * struct has no fdt_node, 40 bytes (the NODE_DATA lines of the 7.2
 * recordings place it so).
 */
static void test_6_12_array_in_memblock(void **state)
{
	static const struct { const char *profile; rmem_phys_t entry; } k[] = {
		{ "arm64-6.12", 48 }, { "arm64-7.2", 40 },
	};

	for (size_t i = 0; i < 2; i++) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		rmem_phys_t before;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "a@60000000", 0x60000000, RM_MB, RM_NO_COMPAT);
		rm_dt_static(&dt, "b@61000000", 0x61000000, RM_MB, RM_NO_COMPAT);
		rm_dt_dynamic(&dt, "c", RM_MB, RM_NO_COMPAT);
		rm_boot(&f, k[i].profile, &dt, NULL);
		assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f.ctx), 0);
		before = rmem_memblock_reserved_size(&f.ctx->memblock);
		assert_int_equal(rmem_fdt_scan_reserved_mem_reg_nodes(f.ctx), 0);
		assert_int_equal(rmem_memblock_reserved_size(&f.ctx->memblock) - before,
				 3 * k[i].entry);
		assert_int_equal(rmem_reserved_mem_count(f.ctx), 3);
		rm_free(&f);
	}
}

/*
 * A /reserved-memory __reserved_mem_check_root() refuses: 6.12 still
 * allocates the array of MAX_RESERVED_REGIONS entries in the late pass,
 * 7.2 counted no region and allocates none (of_reserved_mem.c:346 in 7.2).
 */
static void test_refused_root_array(void **state)
{
	static const struct { const char *profile; rmem_phys_t bytes; } k[] = {
		{ "arm64-6.12", 64 * 48 }, { "arm64-7.2", 0 },
	};

	for (size_t i = 0; i < 2; i++) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		rmem_phys_t before;

		rmem_test_dt_begin(&dt, 2, 2);
		RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
		rmem_test_dt_begin_node(&dt, "reserved-memory");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 1);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 1);
		rmem_test_dt_prop_empty(&dt, "ranges");
		rm_boot(&f, k[i].profile, &dt, NULL);
		assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f.ctx), 0);
		before = rmem_memblock_reserved_size(&f.ctx->memblock);
		assert_int_equal(rmem_fdt_scan_reserved_mem_reg_nodes(f.ctx), 0);
		assert_int_equal(rmem_memblock_reserved_size(&f.ctx->memblock) - before,
				 k[i].bytes);
		rm_free(&f);
	}
}

/*
 * 6.12 reads a whole entry out of an empty reg (the bytes after the
 * property in the blob): here the next property's tag, so a non-zero size
 * and a region saved at a nonsensical address.  5.10 and 6.1 save nothing,
 * nor does 7.2, which reads no entry in an empty reg.
 */
static void test_empty_reg(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		bool reads_past = rm_reg_nodes_late(it.name) && !rm_whole_entries(it.name);
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "empty@60000000");
		rmem_test_dt_prop_empty(&dt, "reg");
		rmem_test_dt_prop_string(&dt, "label", "x");
		rmem_test_dt_end_node(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rmem_reserved_mem_count(f.ctx), reads_past);
		/* FDT_PROP (3) and the length (2) of "label"; the low half in 32 bits */
		if (reads_past)
			assert_int_equal(rm_rmem(f.ctx, "empty@60000000")->base,
					 it.p.phys_addr_bits == 32 ? 0x2 : 0x0000000300000002ULL);
		rm_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_reserved),
		cmocka_unit_test(test_reserved_debug_line),
		cmocka_unit_test(test_nomap_marked),
		cmocka_unit_test(test_multi_reg),
		cmocka_unit_test(test_nomap_busy_outside_memory),
		cmocka_unit_test(test_nomap_busy_on_dtb),
		cmocka_unit_test(test_reg_low_32_bits),
		cmocka_unit_test(test_size_zero_entry),
		cmocka_unit_test(test_size_zero_entry_with_size),
		cmocka_unit_test(test_memreserve_order),
		cmocka_unit_test(test_no_reserved_memory_node),
		cmocka_unit_test(test_6_12_array_in_memblock),
		cmocka_unit_test(test_refused_root_array),
		cmocka_unit_test(test_empty_reg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
