// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check's rules as a table: ids short, stable and kebab-case as dtc's
 * checks are, each documented in docs/check.md; -W's selection ("ID",
 * "no-ID", "all"); a rule turned off gives nothing; findings come out in
 * the table's order.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test_lint.h"

static size_t nr_rules(void)
{
	size_t n = 0;

	while (rmem_check_rule_at(n))
		n++;
	return n;
}

static bool kebab(const char *id)
{
	if (!islower((unsigned char)id[0]))
		return false;
	for (const char *c = id; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    !(*c == '-' && c[1] && c[1] != '-'))
			return false;
	return strlen(id) <= 32;
}

static void test_ids(void **state)
{
	size_t n = nr_rules();

	assert_true(n > 20 && n <= RMEM_CHECK_MAX_RULES);
	for (size_t i = 0; i < n; i++) {
		const struct rmem_check_rule *r = rmem_check_rule_at(i);

		if (!kebab(r->id))
			fail_msg("'%s' is not a short kebab-case id", r->id);
		assert_ptr_equal(rmem_check_rule_find(r->id), r);
		assert_true(r->summary && *r->summary);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(rmem_check_rule_at(j)->id, r->id);
	}
	assert_null(rmem_check_rule_find("no-such-check"));
	assert_string_equal(rmem_severity_name(RMEM_SEVERITY_ERROR), "error");
	assert_string_equal(rmem_severity_name(RMEM_SEVERITY_WARNING), "warning");
	assert_string_equal(rmem_severity_name(RMEM_SEVERITY_INFO), "info");
}

/* docs/check.md has a section per rule, "### `ID` (severity)", in the table's order. */
static void test_documented(void **state)
{
	const char *src = getenv("RMEM_SOURCE_DIR");
	char path[4096], head[128];
	const char *at;
	char *doc;
	long len;
	FILE *f;

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/docs/check.md", src);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	doc = calloc((size_t)len + 1, 1);
	assert_non_null(doc);
	assert_int_equal(fread(doc, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	at = doc;
	for (size_t i = 0; rmem_check_rule_at(i); i++) {
		const struct rmem_check_rule *r = rmem_check_rule_at(i);

		snprintf(head, sizeof(head), "### `%s` (%s)\n", r->id,
			 rmem_severity_name(r->severity));
		at = strstr(at, head);
		if (!at)
			fail_msg("docs/check.md: no \"%.*s\" after the previous rule's",
				 (int)strlen(head) - 1, head);
	}
	free(doc);
}

static void test_select(void **state)
{
	struct rmem_check_options o = { 0 };
	size_t n = nr_rules();
	size_t handler = (size_t)(rmem_check_rule_find("no-handler") - rmem_check_rule_at(0));
	size_t overlap = (size_t)(rmem_check_rule_find("overlap-unreported") -
				  rmem_check_rule_at(0));

	/* "no-handler" is a rule's own id: it turns that rule on, "no-no-handler" off */
	assert_int_equal(rmem_check_select(&o, "no-no-handler"), 0);
	assert_true(o.disabled[handler]);
	assert_int_equal(rmem_check_select(&o, "no-handler"), 0);
	assert_false(o.disabled[handler]);
	assert_int_equal(rmem_check_select(&o, "no-overlap-unreported"), 0);
	assert_true(o.disabled[overlap]);
	assert_int_equal(rmem_check_select(&o, "no-all"), 0);
	for (size_t i = 0; i < n; i++)
		assert_true(o.disabled[i]);
	assert_int_equal(rmem_check_select(&o, "overlap-unreported"), 0);
	assert_false(o.disabled[overlap]);
	assert_int_equal(rmem_check_select(&o, "all"), 0);
	for (size_t i = 0; i < n; i++)
		assert_false(o.disabled[i]);
	assert_int_equal(rmem_check_select(&o, "overlap"), -ENOENT);
	assert_int_equal(rmem_check_select(&o, "no-"), -ENOENT);
	assert_int_equal(rmem_check_select(&o, ""), -ENOENT);
}

/* The overlap board gives findings of three rules; each can be turned off alone. */
static void test_off(void **state)
{
	static const char *const ids[] = { "overlap-unreported", "reg-multiple-entries",
					   "no-handler" };

	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		struct rmem_check_options o = { 0 };
		struct rmem_test_lint t;
		char off[64];

		snprintf(off, sizeof(off), "no-%s", ids[k]);
		assert_int_equal(rmem_check_select(&o, off), 0);
		rmem_test_lint_board(&t, RMEM_PROFILE_DEFAULT, "overlap", NULL, &o);
		for (size_t j = 0; j < sizeof(ids) / sizeof(ids[0]); j++)
			if (j == k)
				assert_int_equal(rmem_test_lint_count(&t, ids[j]), 0);
			else
				assert_true(rmem_test_lint_count(&t, ids[j]) > 0);
		rmem_test_lint_free(&t);
	}
}

/* In the table's order, whatever order the groups found them in; the counts add up. */
static void test_order(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;
		const struct rmem_check_rule *prev = rmem_check_rule_at(0);
		size_t sum = 0;

		rmem_test_lint_board(&t, it.name, "schema", NULL, NULL);
		assert_true(rmem_check_count(t.check) >= 7);
		for (size_t i = 0; i < rmem_check_count(t.check); i++) {
			const struct rmem_check_rule *r = rmem_check_finding(t.check, i)->rule;

			assert_true(r >= prev);
			prev = r;
		}
		for (int s = RMEM_SEVERITY_ERROR; s <= RMEM_SEVERITY_INFO; s++)
			sum += rmem_check_count_severity(t.check, (enum rmem_severity)s);
		assert_int_equal(sum, rmem_check_count(t.check));
		assert_null(rmem_check_finding(t.check, rmem_check_count(t.check)));
		rmem_test_lint_free(&t);
	}
}

/*
 * A boot that ends in a crash (a CMA area past RAM: cma_activate_area())
 * never reached what the boot's checks judge: only the tree's own rules
 * run.  Where the kernel refuses the region instead (16K pages: misaligned),
 * the boot goes on and every rule runs.
 */
static void test_after_crash(void **state)
{
	static const char dts[] =
		"/dts-v1/;\n"
		"/ { #address-cells = <2>; #size-cells = <2>;\n"
		"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
		"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
		"    empty { no-map; };\n"
		"    off: off@50000000 { reg = <0 0x50000000 0 0x100000>; status = \"disabled\"; };\n"
		"    cma@7f000000 { compatible = \"shared-dma-pool\"; reusable;\n"
		"                   reg = <0 0x7f000000 0 0x4000000>; }; };\n"
		"  dev { memory-region = <&off>; }; };\n";
	size_t crashed = 0;

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;
		bool crash;

		rmem_test_lint_dts(&t, it.name, dts, NULL, NULL);
		crash = rmem_ctx_crashed(t.ctx) != NULL;
		crashed += crash;
		assert_int_equal(rmem_test_lint_count(&t, "reg-or-size-missing"), 1);
		assert_int_equal(rmem_test_lint_count(&t, "memory-region-disabled"), !crash);
		assert_int_equal(rmem_test_lint_count(&t, "region-outside-ram"), !crash);
		rmem_test_lint_free(&t);
	}
	assert_true(crashed > 0);
}

/* A context that never booted has nothing to check. */
static void test_not_booted(void **state)
{
	struct rmem_profile p = rmem_test_profile(RMEM_PROFILE_DEFAULT);
	struct rmem_ctx *ctx = rmem_ctx_create(&p);
	struct rmem_check *check = (struct rmem_check *)1;

	assert_int_equal(rmem_check_run(ctx, NULL, &check), -EINVAL);
	assert_null(check);
	rmem_ctx_destroy(ctx);
	rmem_check_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_documented),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_after_crash),
		cmocka_unit_test(test_not_booted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
