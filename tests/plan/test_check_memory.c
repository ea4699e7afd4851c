// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check, RAM: memory nodes left for the bootloader (placeholders, or
 * none), and regions or early reservations outside RAM, which the kernel
 * reserves without a word.  Not a finding: a region wholly in RAM.
 */
#include <errno.h>
#include <string.h>

#include "rmem_test_lint.h"

#define MEMORY "/reserved-memory/"

static void test_outside_ram(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_plan_options o = { 0 };
		const struct rmem_reservation rsv[] = {
			{ 0x40200000, 0x1000000 },	/* the kernel image, in RAM */
			{ 0x90000000, 0x1000 },		/* past the end of RAM */
		};
		const struct rmem_finding_subject *s;
		struct rmem_test_lint t;

		o.reserve = rsv;
		o.nr_reserve = 2;
		rmem_test_lint_board(&t, it.name, "memory", &o, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "region-outside-ram"), 2);
		s = rmem_test_subject(rmem_test_lint_nth(&t, "region-outside-ram", 0),
				      MEMORY "sram@10000000");
		assert_non_null(s);
		assert_true(s->has_range && s->base == 0x10000000 && s->size == 0x10000);
		assert_non_null(strstr(rmem_test_lint_nth(&t, "region-outside-ram", 0)->message,
				       "lies outside RAM (0x40000000-0x80000000)"));
		/* across the end: half of it is out */
		s = rmem_test_subject(rmem_test_lint_nth(&t, "region-outside-ram", 1),
				      MEMORY "edge@7ff00000");
		assert_non_null(s);
		assert_non_null(strstr(rmem_test_lint_nth(&t, "region-outside-ram", 1)->message,
				       "1048576 of its 2097152 bytes lie outside RAM"));
		assert_false(rmem_test_lint_names(&t, "region-outside-ram",
						   MEMORY "inside@50000000"));
		/* /memreserve/ and the second --reserve; the kernel image is in RAM */
		assert_int_equal(rmem_test_lint_count(&t, "reserve-outside-ram"), 2);
		assert_true(rmem_test_lint_names(&t, "reserve-outside-ram",
						  "/memreserve/ entry 0"));
		assert_true(rmem_test_lint_names(&t, "reserve-outside-ram",
						  "--reserve 0x90000000+0x1000"));
		rmem_test_lint_free(&t);
	}
}

/* A second memory node of size 0 beside RAM: left for the bootloader. */
static void test_placeholder_beside_ram(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "memory", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "memory-placeholder"), 1);
		assert_true(rmem_test_lint_names(&t, "memory-placeholder", "/memory@100000000"));
		assert_int_equal(rmem_test_lint_count(&t, "memory-missing"), 0);
		rmem_test_lint_free(&t);
	}
}

static const char placeholder_board[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>;\n"
	"  memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0>; };\n"
	"  chosen { };\n"
	"};\n";

static const char no_memory_board[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; chosen { }; };\n";

/*
 * The board as its DTB gives it, before the bootloader's memory fixup
 * (--memory): the check reads the memory nodes there, not in the fixed-up
 * tree it booted, where the placeholder holds the RAM.
 */
static void check_given(const char *dts, const char *id, bool given)
{
	const struct rmem_dt_bank bank = { 0x80000000, 0x40000000 };
	const struct rmem_plan_options po = { .lint = true };

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_check_options o = { 0 };
		struct rmem_test_lint t = { 0 };
		struct rmem_dt *board;
		char err[256];

		assert_int_equal(rmem_dt_load_mem(dts, strlen(dts), &board, err, sizeof(err)), 0);
		o.board = rmem_dt_blob(board);
		o.board_size = rmem_dt_size(board);
		assert_int_equal(rmem_dt_load_mem(dts, strlen(dts), &t.dt, err, sizeof(err)), 0);
		assert_int_equal(rmem_dt_set_memory(t.dt, &bank, 1, err, sizeof(err)), 0);
		t.ctx = rmem_ctx_create(&it.p);
		assert_int_equal(rmem_plan_boot(t.ctx, rmem_dt_blob(t.dt), rmem_dt_size(t.dt), &po,
						err, sizeof(err)), 0);
		assert_int_equal(rmem_check_run(t.ctx, given ? &o : NULL, &t.check), 0);
		/* without the board as given, the fixed-up tree shows no placeholder */
		assert_int_equal(rmem_test_lint_count(&t, id), given);
		if (given)
			assert_non_null(strstr(rmem_test_lint_nth(&t, id, 0)->message,
					       "with the RAM --memory gave"));
		rmem_test_lint_free(&t);
		rmem_dt_free(board);
	}
}

static void test_placeholder_given(void **state)
{
	check_given(placeholder_board, "memory-placeholder", true);
	check_given(placeholder_board, "memory-placeholder", false);
}

static void test_missing_given(void **state)
{
	check_given(no_memory_board, "memory-missing", true);
	check_given(no_memory_board, "memory-missing", false);
}

/* A board rmem cannot read as the board given is the caller's error. */
static void test_given_unreadable(void **state)
{
	struct rmem_check_options o = { .board = "not a tree", .board_size = 10 };
	struct rmem_check *check = NULL;
	struct rmem_test_lint t;

	rmem_test_lint_board(&t, RMEM_PROFILE_DEFAULT, "memory", NULL, NULL);
	assert_int_equal(rmem_check_run(t.ctx, &o, &check), -EINVAL);
	assert_null(check);
	rmem_test_lint_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outside_ram),
		cmocka_unit_test(test_placeholder_beside_ram),
		cmocka_unit_test(test_placeholder_given),
		cmocka_unit_test(test_missing_given),
		cmocka_unit_test(test_given_unreadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
