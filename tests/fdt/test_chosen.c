// SPDX-License-Identifier: GPL-2.0-only
/*
 * early_init_dt_scan_chosen() (drivers/of/fdt.c 5.10:1038, 6.1:1151,
 * 6.12:1017): which node is /chosen, bootargs as strscpy()/strlcpy() copies
 * it, and early_init_dt_check_for_initrd() (5.10:870, 6.1:906).
 */
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "fdt/fdt.h"

struct tree {
	struct rmem_fdt fdt;
	void *blob;
	struct rmem_fdt_chosen chosen;
	struct rmem_log log;
};

static void tree_load(struct tree *t, struct rmem_test_dt *dt)
{
	char err[128];
	size_t size;

	memset(t, 0, sizeof(*t));
	t->blob = rmem_test_dt_finish(dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&t->fdt, t->blob, size, err, sizeof(err)), 0);
}

static void tree_scan(struct tree *t, const char *profile)
{
	struct rmem_profile p = rmem_test_profile(profile);

	rmem_fdt_chosen_release(&t->chosen);
	rmem_log_release(&t->log);
	assert_int_equal(rmem_fdt_scan_chosen(&t->fdt, &p, &t->log, &t->chosen), 0);
}

static void tree_release(struct tree *t)
{
	rmem_log_release(&t->log);
	rmem_fdt_chosen_release(&t->chosen);
	rmem_fdt_release(&t->fdt);
	free(t->blob);
}

/* bootargs: the property's string; none without /chosen or without bootargs. */
static void test_bootargs(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_chosen(&dt, "console=ttyAMA0 cma=64M");
	tree_load(&t, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		tree_scan(&t, it.name);
		assert_true(t.chosen.node > 0);
		assert_string_equal(t.chosen.bootargs, "console=ttyAMA0 cma=64M");
		assert_false(t.chosen.have_initrd);
		assert_int_equal(t.log.nr, 2);
		rmem_test_assert_line(&t.log, 0, RMEM_LOG_DEBUG,
				      "OF: fdt: Looking for initrd properties... ");
		rmem_test_assert_line(&t.log, 1, RMEM_LOG_DEBUG,
				      "OF: fdt: Command line is: console=ttyAMA0 cma=64M");
	}
	tree_release(&t);

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_chosen(&dt, NULL);
	tree_load(&t, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		tree_scan(&t, it.name);
		assert_true(t.chosen.node > 0);
		assert_null(t.chosen.bootargs);
	}
	tree_release(&t);

	/*
	 * No /chosen: 5.10 warns (early_init_dt_scan_nodes(), fdt.c:1199);
	 * 6.1/6.12 test "if (rc)" on a scan that returns 0, never warn, and
	 * report the (empty) command line.
	 */
	rmem_test_dt_begin(&dt, 2, 2);
	tree_load(&t, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		static const bool warns[] = {
			[RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
			[RMEM_TEST_7_2] = false,
		};

		tree_scan(&t, it.name);
		assert_true(t.chosen.node < 0);
		assert_null(t.chosen.bootargs);
		assert_int_equal(t.log.nr, 1);
		if (RMEM_TEST_BY_KERNEL(warns, it.name))
			rmem_test_assert_line(&t.log, 0, RMEM_LOG_WARNING,
					      "OF: fdt: No chosen node found, continuing without");
		else
			rmem_test_assert_line(&t.log, 0, RMEM_LOG_DEBUG,
					      "OF: fdt: Command line is: ");
	}
	tree_release(&t);
}

/*
 * "if (p != NULL && l > 0) strscpy(cmdline, p, min(l, COMMAND_LINE_SIZE))":
 * an empty property leaves the command line alone, an unterminated one
 * loses its last byte, an inner NUL ends it.
 */
static void test_bootargs_odd(void **state)
{
	static const struct {
		const char *raw;
		size_t len;
		const char *expect;
	} cases[] = {
		{ "", 0, NULL },
		{ "cma=64M", 7, "cma=64" },
		{ "cma=64M\0mem=1G", 15, "cma=64M" },
		{ "", 1, "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rmem_test_dt dt;
		struct tree t;

		rmem_test_dt_begin(&dt, 2, 2);
		rmem_test_dt_begin_node(&dt, "chosen");
		rmem_test_dt_prop_raw(&dt, "bootargs", cases[i].raw, cases[i].len);
		rmem_test_dt_end_node(&dt);
		tree_load(&t, &dt);
		rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
			tree_scan(&t, it.name);
			if (cases[i].expect)
				assert_string_equal(t.chosen.bootargs, cases[i].expect);
			else
				assert_null(t.chosen.bootargs);
		}
		tree_release(&t);
	}
}

/*
 * Which node: 5.10 wants depth 1 and the name "chosen" or "chosen@0"
 * exactly; 6.1/6.12's fdt_path_offset("/chosen") also takes "chosen@1".
 * Both take the first match in tree order.
 */
static void test_chosen_node(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "chosen@1");
	rmem_test_dt_prop_string(&dt, "bootargs", "one");
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "soc");
	rmem_test_dt_chosen(&dt, "nested");
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);
	tree_scan(&t, "arm64-5.10");
	assert_true(t.chosen.node < 0);
	assert_null(t.chosen.bootargs);
	tree_scan(&t, "arm64-6.1");
	assert_string_equal(t.chosen.bootargs, "one");
	tree_scan(&t, "arm64-6.12");
	assert_string_equal(t.chosen.bootargs, "one");
	tree_release(&t);

	/* chosen@0 alone: all versions */
	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "chosen@0");
	rmem_test_dt_prop_string(&dt, "bootargs", "zero");
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		tree_scan(&t, it.name);
		assert_string_equal(t.chosen.bootargs, "zero");
	}
	tree_release(&t);

	/* chosen@0 before chosen: the first one in every version */
	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "chosen@0");
	rmem_test_dt_prop_string(&dt, "bootargs", "zero");
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_chosen(&dt, "plain");
	tree_load(&t, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		tree_scan(&t, it.name);
		assert_string_equal(t.chosen.bootargs, "zero");
	}
	tree_release(&t);
}

/* linux,initrd-start/-end: of_read_number() over len / 4 cells, u32 or u64 each. */
static void test_initrd(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "chosen");
	RMEM_TEST_DT_CELLS(&dt, "linux,initrd-start", 0x84000000);
	rmem_test_dt_prop_u64(&dt, "linux,initrd-end", 0x1085000000ULL);
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		tree_scan(&t, it.name);
		assert_true(t.chosen.have_initrd);
		assert_int_equal(t.chosen.initrd_start, 0x84000000);
		assert_int_equal(t.chosen.initrd_end, 0x1085000000ULL);
		assert_true(rmem_test_log_has(&t.log, RMEM_LOG_DEBUG,
					      "OF: fdt: initrd_start=0x84000000  initrd_end=0x1085000000"));
	}
	tree_release(&t);

	/* 12 bytes: the low 64 bits; only a start: no initrd */
	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "chosen");
	RMEM_TEST_DT_CELLS(&dt, "linux,initrd-start", 0xffff, 0x1, 0x2);
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		tree_scan(&t, it.name);
		assert_false(t.chosen.have_initrd);
		assert_int_equal(t.chosen.initrd_start, 0x100000002ULL);
	}
	tree_release(&t);
}

/* start > end: 6.1 (fdt.c:926) and 6.12 ignore the pair; 5.10 takes it (its size wraps). */
static void test_initrd_reversed(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "chosen");
	RMEM_TEST_DT_CELLS(&dt, "linux,initrd-start", 0x85000000);
	RMEM_TEST_DT_CELLS(&dt, "linux,initrd-end", 0x84000000);
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);
	tree_scan(&t, "arm64-5.10");
	assert_true(t.chosen.have_initrd);
	assert_int_equal(t.chosen.initrd_end - t.chosen.initrd_start, 0xffffffffff000000ULL);
	tree_scan(&t, "arm64-6.1");
	assert_false(t.chosen.have_initrd);
	assert_int_equal(rmem_test_count_lines(&t.log, "initrd_start"), 0);
	tree_scan(&t, "arm64-6.12");
	assert_false(t.chosen.have_initrd);
	tree_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootargs),
		cmocka_unit_test(test_bootargs_odd),
		cmocka_unit_test(test_chosen_node),
		cmocka_unit_test(test_initrd),
		cmocka_unit_test(test_initrd_reversed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
