// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem diff's text and json reports (docs/diff.md) of a comparison built
 * by hand: each change on its line with both sides, the unified diff's hunk
 * headers as diff -u numbers them, the summary, --ignore-log leaving the
 * kernel's lines out, and the json's one object per change.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <rmem/report.h>

#include "rmem_test.h"

static struct rmem_diff_region regions[] = {
	{ .path = "/reserved-memory/same", .changes = 0,
	  .a = { .present = true, .placed = true, .ok = true, .base = 0x50000000, .size = 0x100000,
		 .state = "reserved", .reason = "" },
	  .b = { .present = true, .placed = true, .ok = true, .base = 0x50000000, .size = 0x100000,
		 .state = "reserved", .reason = "" } },
	{ .path = "/reserved-memory/cma", .changes = RMEM_DIFF_MOVED,
	  .a = { .present = true, .placed = true, .ok = true, .base = 0x7c000000, .size = 0x4000000,
		 .state = "initialized", .handler = "cma", .reason = "" },
	  .b = { .present = true, .placed = true, .ok = true, .base = 0x78000000, .size = 0x4000000,
		 .state = "initialized", .handler = "cma", .reason = "" } },
	{ .path = "/reserved-memory/gone", .changes = RMEM_DIFF_ONLY_A,
	  .a = { .present = true, .state = "disabled", .reason = "status is not \"okay\"" } },
};

static struct rmem_diff_line log_script[] = {
	{ ' ', "k1" }, { ' ', "k2" }, { ' ', "k3" }, { ' ', "k4" }, { '-', "old" }, { '+', "new" },
	{ ' ', "k5" }, { ' ', "k6" }, { ' ', "k7" }, { ' ', "k8" }, { ' ', "k9" }, { ' ', "k10" },
	{ ' ', "k11" }, { '+', "added" },
};

static struct rmem_diff_line errors[] = { { '+', "OF: reserved mem: failed" } };

static struct rmem_diff diff = {
	.kernel = { "arm64-6.1", "arm64-7.2" },
	.regions = regions, .nr_regions = 3,
	.default_cma = { { true, 0x7cc00000, 32u << 20 }, { true, 0x77c00000, 128u << 20 } },
	.cma_total_kb = { 98304, 196608 },
	.kernel_errors = { 0, 1 },
	.errors = errors, .nr_errors = 1,
	.log = log_script, .nr_log = sizeof(log_script) / sizeof(log_script[0]),
	.layout_differs = true, .outcome_differs = true, .log_differs = true,
};

static char *render(enum rmem_report_format format, bool ignore_log)
{
	const struct rmem_report_diff_options opt = { .label = { "A-side", "B-side" },
						      .ignore_log = ignore_log };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(rmem_report_diff(&diff, NULL, NULL, format, &opt, out), 0);
	fclose(out);
	return buf;
}

static void assert_has(const char *text, const char *line)
{
	if (!strstr(text, line))
		fail_msg("no \"%s\" in:\n%s", line, text);
}

static void test_text(void **state)
{
	char *t = render(RMEM_REPORT_TEXT, false);

	(void)state;
	assert_has(t, "A: A-side\nB: B-side\n\n");
	assert_has(t, "\nmoved /reserved-memory/cma: 0x7c000000 -> 0x78000000\n"
		   "    A: 0x7c000000-0x80000000 64 MiB, initialized by cma\n"
		   "    B: 0x78000000-0x7c000000 64 MiB, initialized by cma\n");
	assert_has(t, "only-in-a /reserved-memory/gone\n    A: no size, disabled: status is not "
		   "\"okay\"\n    B: no such node\n");
	assert_null(strstr(t, "/reserved-memory/same"));
	assert_has(t, "\ndefault CMA area: 32 MiB at 0x7cc00000 -> 128 MiB at 0x77c00000\n"
		   "CmaTotal: 98304 kB -> 196608 kB\nkernel errors: 0 -> 1\n"
		   "  gained: OF: reserved mem: failed\n");
	/* two hunks, as diff -u makes them: the changes are 7 lines apart, more than twice the context */
	assert_has(t, "\n--- A: A-side\n+++ B: B-side\n@@ -2,7 +2,7 @@\n k2\n k3\n k4\n-old\n+new\n"
		   " k5\n k6\n k7\n@@ -10,3 +10,4 @@\n k9\n k10\n k11\n+added\n");
	assert_has(t, "\n2 of 3 regions changed, 1 only-in-a, 1 moved; the default CMA area "
		   "differs; CmaTotal differs; 1 kernel error line gained or lost; 3 kernel "
		   "lines differ\n");
	free(t);
}

static void test_ignore_log(void **state)
{
	char *t = render(RMEM_REPORT_TEXT, true);

	(void)state;
	assert_null(strstr(t, "kernel errors"));
	assert_null(strstr(t, "@@"));
	assert_has(t, "CmaTotal differs\n");
	free(t);
}

static json_t *change(json_t *changes, const char *what, size_t nth)
{
	size_t i;
	json_t *c;

	json_array_foreach(changes, i, c)
		if (!strcmp(json_string_value(json_object_get(c, "what")), what) && !nth--)
			return c;
	fail_msg("no change %s", what);
	return NULL;
}

static void test_json(void **state)
{
	char *t = render(RMEM_REPORT_JSON, false);
	json_error_t e;
	json_t *root = json_loads(t, 0, &e), *changes, *c;

	(void)state;
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "schema")), 1);
	assert_true(json_is_true(json_object_get(root, "differs")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "b"), "kernel")),
			    "arm64-7.2");
	changes = json_object_get(root, "changes");
	/* 2 regions, the default area, CmaTotal, 1 error, 3 lines */
	assert_int_equal(json_array_size(changes), 8);
	c = change(changes, "region", 0);
	assert_string_equal(json_string_value(json_object_get(c, "path")), "/reserved-memory/cma");
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "changes"), 0)),
			    "moved");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "b"), "base")),
			 0x78000000);
	assert_true(json_is_null(json_object_get(change(changes, "region", 1), "b")));
	assert_int_equal(json_integer_value(json_object_get(change(changes, "cma-total-kb", 0), "b")),
			 196608);
	c = change(changes, "log-line", 0);
	assert_string_equal(json_string_value(json_object_get(c, "side")), "a");
	assert_int_equal(json_integer_value(json_object_get(c, "line_number")), 5);
	c = change(changes, "log-line", 2);
	assert_string_equal(json_string_value(json_object_get(c, "line")), "added");
	assert_int_equal(json_integer_value(json_object_get(c, "line_number")), 13);
	json_decref(root);
	free(t);
}

static void test_log_format(void **state)
{
	const struct rmem_report_diff_options opt = { .label = { "a", "b" } };

	(void)state;
	assert_int_equal(rmem_report_diff(&diff, NULL, NULL, RMEM_REPORT_LOG, &opt, stdout), -EINVAL);
	assert_int_equal(rmem_report_diff(&diff, NULL, NULL, RMEM_REPORT_TEXT, NULL, stdout),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_ignore_log),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_log_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
