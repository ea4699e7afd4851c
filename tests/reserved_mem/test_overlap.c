// SPDX-License-Identifier: GPL-2.0-only
/*
 * __rmem_check_for_overlap() (drivers/of/of_reserved_mem.c): one pr_err
 * with an embedded newline, which the console shows as two lines, the
 * "OF: reserved mem: " prefix on the first only.  5.10 and 6.1 check
 * before the dynamic regions are placed, 6.12 after every region was
 * handed over.
 */
#include "rm_fixture.h"

/*
 * The lines below quote %pa with 16 digits: the profiles with a 64-bit
 * phys_addr_t (the conformance cases check the 8 digits of arm without LPAE).
 */
#define PA_16 RMEM_TEST_PHYS_64

#define OVERLAP_1 "<3>OF: reserved mem: OVERLAP DETECTED!"
#define OVERLAP_2 "<3>first@60000000 (0x0000000060000000--0x0000000061000000) overlaps with second@60800000 (0x0000000060800000--0x0000000061800000)"

/* Per kernel: the check runs after every region was handed over (6.12). */
RMEM_TEST_KERNEL_FACT(bool, checks_late,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
		      [RMEM_TEST_7_2] = true)

static void build_two(struct rmem_test_dt *dt)
{
	rm_dt_begin(dt);
	rm_dt_static(dt, "first@60000000", 0x60000000, 16 * RM_MB, RM_NO_COMPAT);
	rm_dt_static(dt, "second@60800000", 0x60800000, 16 * RM_MB, RM_NO_COMPAT);
}

/*
 * 5.10 and 6.1: the two lines, before anything is handed over; 6.12: after
 * the summary lines of fdt_init_reserved_mem_node().  Both stay reserved.
 */
static void test_two_static(void **state)
{
	static const char *const early[] = { OVERLAP_1, OVERLAP_2, NULL };
	static const char *const late[] = {
		"OF: reserved mem: 0x0000000060000000..0x0000000060ffffff (16384 KiB) map non-reusable first@60000000",
		"OF: reserved mem: 0x0000000060800000..0x00000000617fffff (16384 KiB) map non-reusable second@60800000",
		OVERLAP_1, OVERLAP_2, NULL
	};

	rmem_test_for_each_profile(it, PA_16) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		build_two(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		rm_assert_lines(&f, RMEM_LOG_INFO, checks_late(it.name) ? late : early);
		assert_true(rm_reserved(f.ctx, 0x60000000, 24 * RM_MB));
		assert_non_null(strstr(rm_node(f.ctx, "first@60000000")->reason,
				       "overlaps second@60800000"));
		assert_non_null(strstr(rm_node(f.ctx, "second@60800000")->reason,
				       "overlaps first@60000000"));
		rm_free(&f);
	}
}

/* Three in a row: each one that runs into the next is reported, in sorted order. */
static void test_three(void **state)
{
	rmem_test_for_each_profile(it, PA_16) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "c@60400000", 0x60400000, 4 * RM_MB, RM_NO_COMPAT);
		rm_dt_static(&dt, "a@60000000", 0x60000000, 8 * RM_MB, RM_NO_COMPAT);
		rm_dt_static(&dt, "b@60200000", 0x60200000, 4 * RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, "OVERLAP DETECTED!"), 2);
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR,
			"a@60000000 (0x0000000060000000--0x0000000060800000) overlaps with b@60200000 (0x0000000060200000--0x0000000060600000)"));
		assert_true(rmem_test_log_has(&f.ctx->log, RMEM_LOG_ERR,
			"b@60200000 (0x0000000060200000--0x0000000060600000) overlaps with c@60400000 (0x0000000060400000--0x0000000060800000)"));
		rm_free(&f);
	}
}

/*
 * A dynamic region placed over nothing is never reported; 5.10/6.1 check
 * while it is still (0, 0), and __rmem_cmp() puts it before a static
 * region at address 0.
 */
static void test_dynamic_not_reported(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rm_dt_dynamic(&dt, "dyn", RM_MB, RM_NO_COMPAT);
		rm_dt_static(&dt, "low@0", 0, RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, "OVERLAP"), 0);
		rm_free(&f);
	}
}

/* Adjacent regions do not overlap. */
static void test_adjacent(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;
		struct rm_fixture f;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "a@60000000", 0x60000000, RM_MB, RM_NO_COMPAT);
		rm_dt_static(&dt, "b@60100000", 0x60100000, RM_MB, RM_NO_COMPAT);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		assert_int_equal(rmem_test_count_lines(&f.ctx->log, "OVERLAP"), 0);
		assert_string_equal(rm_node(f.ctx, "a@60000000")->reason,
				    "no in-kernel handler claims it: the kernel only reserves it, "
				    "and a driver may still use it");
		rm_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_static),
		cmocka_unit_test(test_three),
		cmocka_unit_test(test_dynamic_not_reported),
		cmocka_unit_test(test_adjacent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
