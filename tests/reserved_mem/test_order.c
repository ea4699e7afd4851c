// SPDX-License-Identifier: GPL-2.0-only
/*
 * The order in which the regions are placed and handed to the handlers,
 * per version, on the tree the real kernels were booted with: children
 * a0 (dynamic), s1@48000000 (static, on the DTB), a2, a3, s4@49000000
 * (static), a5, a6, a7 (dynamic), all "shared-dma-pool" + no-map, 1 MiB.
 *
 * 5.10 and 6.1 (drivers/of/of_reserved_mem.c fdt_init_reserved_mem()):
 * the dynamic regions are saved as (0, 0) and placed in the order the
 * kernel's heapsort leaves them: a7, a2, a3, a0, a5, a6.  6.12
 * (fdt_scan_reserved_mem()): placed in DT order before any static region is
 * saved, then the static ones by fdt_scan_reserved_mem_reg_nodes().  The
 * expected lines were recorded from real boots.
 */
#include "rm_fixture.h"

static void build(struct rmem_test_dt *dt)
{
	static const char *const names[] = { "a0", "s1@48000000", "a2", "a3", "s4@49000000",
					     "a5", "a6", "a7" };

	rm_dt_begin(dt);
	for (int i = 0; i < 8; i++) {
		if (names[i][0] == 's')
			rm_dt_static(dt, names[i], RM_DTB_BASE + (i == 4 ? 16 * RM_MB : 0), RM_MB,
				     RM_NOMAP);
		else
			rm_dt_dynamic(dt, names[i], RM_MB, RM_NOMAP);
	}
}

#define POOL(addr, name)							\
	"<6>Reserved memory: created DMA memory pool at " addr ", size 1 MiB",	\
	"<6>OF: reserved mem: initialized node " name ", compatible id shared-dma-pool"

/* 6.1: fdt_init_reserved_mem() after the heapsort; s1's no-map is refused (-EBUSY on the DTB) */
static void test_order_6_1(void **state)
{
	static const char *const expected[] = {
		"<3>OF: fdt: Reserved memory: failed to reserve memory for node 's1@48000000': base 0x0000000048000000, size 1 MiB",
		POOL("0x000000007ff00000", "a7"), POOL("0x000000007fe00000", "a2"),
		POOL("0x000000007fd00000", "a3"), POOL("0x000000007fc00000", "a0"),
		POOL("0x000000007fb00000", "a5"), POOL("0x000000007fa00000", "a6"),
		POOL("0x0000000048000000", "s1@48000000"), POOL("0x0000000049000000", "s4@49000000"),
		NULL
	};
	struct rmem_test_dt dt;
	struct rm_fixture f;

	build(&dt);
	rm_boot(&f, "arm64-6.1", &dt, NULL);
	rm_scan(&f);
	rm_assert_lines(&f, RMEM_LOG_INFO, expected);
	/* sorted before the placement: the dynamic ones first, in placement order */
	assert_string_equal(rmem_reserved_mem_at(f.ctx, 0)->name, "a7");
	assert_string_equal(rmem_reserved_mem_at(f.ctx, 6)->name, "s1@48000000");
	assert_int_equal(rmem_reserved_mem_count(f.ctx), 8);
	assert_true(rm_node(f.ctx, "s1@48000000")->reserve_failed);
	assert_int_equal(rm_node(f.ctx, "s1@48000000")->state, RMEM_NODE_INITIALIZED);
	assert_true(rm_nomap(f.ctx, 0x7fa00000, 6 * RM_MB));
	rm_free(&f);
}

/* 5.10: the same order; its failed-reservation line is pr_info (drivers/of/fdt.c:506) */
static void test_order_5_10(void **state)
{
	static const char *const expected[] = {
		"<6>OF: fdt: Reserved memory: failed to reserve memory for node 's1@48000000': base 0x0000000048000000, size 1 MiB",
		POOL("0x000000007ff00000", "a7"), POOL("0x000000007fe00000", "a2"),
		POOL("0x000000007fd00000", "a3"), POOL("0x000000007fc00000", "a0"),
		POOL("0x000000007fb00000", "a5"), POOL("0x000000007fa00000", "a6"),
		POOL("0x0000000048000000", "s1@48000000"), POOL("0x0000000049000000", "s4@49000000"),
		NULL
	};
	struct rmem_test_dt dt;
	struct rm_fixture f;

	build(&dt);
	rm_boot(&f, "arm64-5.10", &dt, NULL);
	rm_scan(&f);
	rm_assert_lines(&f, RMEM_LOG_INFO, expected);
	/* 5.10 memblock_remove()s a dynamic no-map region (of_reserved_mem.c:43 in 5.10) */
	assert_false(rmem_memblock_is_memory(&f.ctx->memblock, 0x7fa00000));
	assert_false(rmem_memblock_is_memory(&f.ctx->memblock, 0x7fffffff));
	rm_free(&f);
}

#define POOL_6_12(addr, end, name)						\
	POOL(addr, name),							\
	"<6>OF: reserved mem: " addr ".." end " (1024 KiB) nomap non-reusable " name

/* 6.12: DT order, each followed by fdt_init_reserved_mem_node()'s summary line */
static void test_order_6_12(void **state)
{
	static const char *const expected[] = {
		"<3>OF: reserved mem: Reserved memory: failed to reserve memory for node 's1@48000000': base 0x0000000048000000, size 1 MiB",
		POOL_6_12("0x000000007ff00000", "0x000000007fffffff", "a0"),
		POOL_6_12("0x000000007fe00000", "0x000000007fefffff", "a2"),
		POOL_6_12("0x000000007fd00000", "0x000000007fdfffff", "a3"),
		POOL_6_12("0x000000007fc00000", "0x000000007fcfffff", "a5"),
		POOL_6_12("0x000000007fb00000", "0x000000007fbfffff", "a6"),
		POOL_6_12("0x000000007fa00000", "0x000000007fafffff", "a7"),
		POOL_6_12("0x0000000048000000", "0x00000000480fffff", "s1@48000000"),
		POOL_6_12("0x0000000049000000", "0x00000000490fffff", "s4@49000000"),
		NULL
	};
	struct rmem_test_dt dt;
	struct rm_fixture f;

	build(&dt);
	rm_boot(&f, "arm64-6.12", &dt, NULL);
	assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f.ctx), 0);
	/* the early pass handed over only the dynamic regions */
	assert_int_equal(rmem_reserved_mem_count(f.ctx), 6);
	assert_int_equal(rm_node(f.ctx, "s4@49000000")->rmem_index, -1);
	assert_int_equal(rmem_fdt_scan_reserved_mem_reg_nodes(f.ctx), 0);
	rm_assert_lines(&f, RMEM_LOG_INFO, expected);
	assert_int_equal(rmem_reserved_mem_count(f.ctx), 8);
	/* the late pass sorted the array */
	assert_string_equal(rmem_reserved_mem_at(f.ctx, 7)->name, "a0");
	assert_int_equal(rm_node(f.ctx, "a0")->rmem_index, 7);
	rm_free(&f);
}

/*
 * 6.12's __rmem_cmp() breaks ties by node offset, so two identical static
 * regions keep DT order; 6.1 and 7.2 (no tie-break) swap them in the heapsort
 * (lib/sort.c), which shows in the OVERLAP DETECTED line.
 */
static void test_equal_static_tie(void **state)
{
	/* 5.10 sorts as 6.1 does; test_order_5_10 has its own tie */
	static const bool swapped[] = {
		[RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = true, [RMEM_TEST_6_12] = false,
		[RMEM_TEST_7_2] = true,
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		bool swap = RMEM_TEST_BY_KERNEL(swapped, it.name);
		struct rmem_test_dt dt;
		struct rm_fixture f;
		char line[160], from[24], to[24];

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "x@60000000", 0x60000000, RM_MB, RM_NO_COMPAT);
		rm_dt_static(&dt, "y@60000000", 0x60000000, RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		rm_pa(it.name, 0x60000000, from, sizeof(from));
		rm_pa(it.name, 0x60100000, to, sizeof(to));
		snprintf(line, sizeof(line), "%s@60000000 (%s--%s) overlaps with %s@60000000 (%s--%s)",
			 swap ? "y" : "x", from, to, swap ? "x" : "y", from, to);
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR, line));
		rm_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_6_1),
		cmocka_unit_test(test_order_5_10),
		cmocka_unit_test(test_order_6_12),
		cmocka_unit_test(test_equal_static_tie),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
