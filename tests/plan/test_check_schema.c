// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check, the bindings' rules (reserved-memory.yaml, shared-dma-pool.yaml,
 * restricted-dma-pool): a node breaking each gets that rule's finding, and
 * only that one; a node breaking none, and one that is an IOMMU carve-out
 * alone, get none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test_lint.h"

#define MEMORY "/reserved-memory/"

static const char *const schema_rules[] = {
	"reserved-memory-format", "reserved-memory-ranges", "reg-or-size-missing",
	"reg-and-size", "alloc-ranges-without-size", "reg-multiple-entries", "reusable-nomap",
	"restricted-pool-flags", "cma-default-unusable", "cma-default-twice",
};

static bool named_by_schema_rule(const struct rmem_test_lint *t, const char *what)
{
	for (size_t i = 0; i < sizeof(schema_rules) / sizeof(schema_rules[0]); i++)
		if (rmem_test_lint_names(t, schema_rules[i], what))
			return true;
	return false;
}

static void test_each_rule(void **state)
{
	static const struct {
		const char *id, *node;
	} expect[] = {
		{ "reserved-memory-ranges", "/reserved-memory" },
		{ "reg-or-size-missing", MEMORY "empty" },
		{ "reg-and-size", MEMORY "both@51000000" },
		{ "alloc-ranges-without-size", MEMORY "ranged@52000000" },
		{ "reusable-nomap", MEMORY "pool@53000000" },
		{ "restricted-pool-flags", MEMORY "restricted@54000000" },
		{ "cma-default-unusable", MEMORY "not-cma@55000000" },
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "schema", NULL, NULL);
		for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
			if (rmem_test_lint_count(&t, expect[i].id) != 1 ||
			    !rmem_test_lint_names(&t, expect[i].id, expect[i].node))
				fail_msg("%s: want one %s naming %s", it.name, expect[i].id,
					 expect[i].node);
		}
		assert_int_equal(rmem_test_lint_count(&t, "reserved-memory-format"), 0);
		assert_int_equal(rmem_test_lint_count(&t, "reg-multiple-entries"), 0);
		assert_int_equal(rmem_test_lint_count(&t, "cma-default-twice"), 0);
		assert_false(named_by_schema_rule(&t, MEMORY "good@5f000000"));
		assert_false(named_by_schema_rule(&t, MEMORY "iommu-only"));
		assert_non_null(strstr(rmem_test_lint_nth(&t, "cma-default-unusable", 0)->message,
				       "(it is not reusable)"));
		rmem_test_lint_free(&t);
	}
}

/* The default CMA area is the last linux,cma-default region the handler takes. */
static void test_cma_default_twice(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		const struct rmem_finding *f;
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "cma-default-twice", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "cma-default-twice"), 1);
		f = rmem_test_lint_nth(&t, "cma-default-twice", 0);
		assert_int_equal(f->nr_subjects, 2);
		assert_non_null(strstr(f->message, rmem_cma_get_name(
			rmem_dma_contiguous_default_area(t.ctx))));
		rmem_test_lint_free(&t);
		/* cma= on the command line bypasses both, as the kernel says */
		{
			struct rmem_plan_options o = { .cmdline = "cma=32M" };

			rmem_test_lint_board(&t, it.name, "cma-default-twice", &o, NULL);
			assert_int_equal(rmem_test_lint_count(&t, "cma-default-twice"), 0);
			assert_int_equal(rmem_test_lint_count(&t, "cma-default-unusable"), 0);
			rmem_test_lint_free(&t);
		}
	}
}

/*
 * /reserved-memory in other cells than the root's: every region ignored;
 * said once, as the finding, not also as rmem's advice (that is for plan).
 */
static void test_root_format(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "root-format", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "reserved-memory-format"), 1);
		assert_true(rmem_test_lint_names(&t, "reserved-memory-format", "/reserved-memory"));
		assert_true(rmem_test_kernel_lines(&t, "unsupported node format") > 0);
		assert_int_equal(rmem_test_log_count(rmem_ctx_log(t.ctx), RMEM_LOG_ADVICE), 0);
		/* and the device that names a region there */
		assert_true(rmem_test_lint_names(&t, "memory-region-dropped", "/vpu"));
		rmem_test_lint_free(&t);
	}
}

/* Without lint, plan keeps its advice line about the root. */
static void test_root_advice_without_lint(void **state)
{
	const char *src = getenv("RMEM_SOURCE_DIR");
	struct rmem_profile p = rmem_test_profile(RMEM_PROFILE_DEFAULT);
	struct rmem_ctx *ctx = rmem_ctx_create(&p);
	struct rmem_dt *dt;
	char path[4096], err[256];

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/plan/boards/root-format.dts", src);
	assert_int_equal(rmem_dt_load_file(path, &dt, err, sizeof(err)), 0);
	assert_int_equal(rmem_plan_boot(ctx, rmem_dt_blob(dt), rmem_dt_size(dt), NULL, err,
					sizeof(err)), 0);
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ADVICE), 1);
	rmem_ctx_destroy(ctx);
	rmem_dt_free(dt);
}

/* A reg of two entries: the overlap board's d@60000000. */
static void test_reg_entries(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "overlap", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "reg-multiple-entries"), 1);
		assert_true(rmem_test_lint_names(&t, "reg-multiple-entries",
						  MEMORY "d@60000000"));
		rmem_test_lint_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_rule),
		cmocka_unit_test(test_cma_default_twice),
		cmocka_unit_test(test_root_format),
		cmocka_unit_test(test_root_advice_without_lint),
		cmocka_unit_test(test_reg_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
