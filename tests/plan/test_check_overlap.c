// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check, overlaps: every overlapping pair is either one the kernel's
 * check reported (its "OVERLAP DETECTED!" lines, which conformance holds
 * to the real kernels' own) or a finding of rmem's, never both and never
 * neither; a region over an early reservation is rmem's alone; and a CMA
 * area over no-map memory, which nothing in the kernel reports.
 */
#include <stdio.h>
#include <string.h>

#include "rmem_test_lint.h"

#define MEMORY "/reserved-memory/"

/* Whether the kernel's log has "A (...) overlaps with B (...)" for @a and @b, either way. */
static bool kernel_reported(const struct rmem_test_lint *t, const char *a, const char *b)
{
	const struct rmem_log *log = rmem_ctx_log(t->ctx);
	char ab[128], ba[128];

	snprintf(ab, sizeof(ab), ") overlaps with %s (", b);
	snprintf(ba, sizeof(ba), ") overlaps with %s (", a);
	for (size_t i = 0; i < log->nr; i++) {
		const char *l = log->lines[i].text;

		if ((!strncmp(l, a, strlen(a)) && l[strlen(a)] == ' ' && strstr(l, ab)) ||
		    (!strncmp(l, b, strlen(b)) && l[strlen(b)] == ' ' && strstr(l, ba)))
			return true;
	}
	return false;
}

static const char *base_name(const char *path)
{
	return strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
}

/*
 * @pairs overlap on @board: each one reported by the kernel or by rmem,
 * and nothing else reported by rmem.
 */
static void check_partition(const char *profile, const char *board,
			    const char *const (*pairs)[2], size_t nr)
{
	struct rmem_test_lint t;
	size_t kernel = 0;

	rmem_test_lint_board(&t, profile, board, NULL, NULL);
	for (size_t i = 0; i < nr; i++) {
		char a[64], b[64];
		bool by_kernel = kernel_reported(&t, pairs[i][0], pairs[i][1]);
		bool by_rmem = false;

		snprintf(a, sizeof(a), MEMORY "%s", pairs[i][0]);
		snprintf(b, sizeof(b), MEMORY "%s", pairs[i][1]);
		for (size_t j = 0; j < rmem_test_lint_count(&t, "overlap-unreported"); j++) {
			const struct rmem_finding *f = rmem_test_lint_nth(&t, "overlap-unreported", j);

			by_rmem |= rmem_test_subject(f, a) && rmem_test_subject(f, b);
		}
		if (by_kernel == by_rmem)
			fail_msg("%s: %s and %s: reported by the kernel %d, by rmem %d", profile,
				 pairs[i][0], pairs[i][1], by_kernel, by_rmem);
		kernel += by_kernel;
	}
	assert_int_equal(rmem_test_lint_count(&t, "overlap-unreported") + kernel, nr);
	for (size_t j = 0; j < rmem_test_lint_count(&t, "overlap-unreported"); j++) {
		const struct rmem_finding *f = rmem_test_lint_nth(&t, "overlap-unreported", j);

		assert_int_equal(f->nr_subjects, 2);
		assert_false(kernel_reported(&t, base_name(f->subjects[0].what),
					     base_name(f->subjects[1].what)));
	}
	rmem_test_lint_free(&t);
}

/*
 * a@50000000 runs into b, its neighbour (the kernel says so), c (not its
 * neighbour) and d's second reg entry (never compared).
 */
static void test_neighbours_only(void **state)
{
	static const char *const pairs[][2] = {
		{ "a@50000000", "b@50100000" },
		{ "a@50000000", "c@50400000" },
		{ "a@50000000", "d@60000000" },
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;

		check_partition(it.name, "overlap", pairs, 3);
		rmem_test_lint_board(&t, it.name, "overlap", NULL, NULL);
		assert_true(rmem_test_lint_names(&t, "overlap-unreported", MEMORY "c@50400000"));
		assert_false(rmem_test_lint_names(&t, "overlap-unreported",
						   MEMORY "apart@70000000"));
		rmem_test_lint_free(&t);
	}
}

/* Four regions over the same bytes: the kernel's sort decides which three pairs it reports. */
static void test_equal_regions(void **state)
{
	static const char *const pairs[][2] = {
		{ "x@50000000", "y@50000000" }, { "x@50000000", "z@50000000" },
		{ "x@50000000", "w@50000000" }, { "y@50000000", "z@50000000" },
		{ "y@50000000", "w@50000000" }, { "z@50000000", "w@50000000" },
	};

	rmem_test_for_each_profile(it, RMEM_TEST_ALL)
		check_partition(it.name, "same-base", pairs, 6);
}

/*
 * A region over the kernel image: reserved without a word by every kernel;
 * image-over-reserved says it, overlap-unreported not again.
 */
static void test_over_reservation(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		const struct rmem_reservation image = { 0x70000000, 0x200000 };
		struct rmem_plan_options o = { .reserve = &image, .nr_reserve = 1 };
		const struct rmem_finding_subject *s = NULL;
		const struct rmem_finding *f;
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "overlap", &o, NULL);
		for (size_t j = 0; j < rmem_test_lint_count(&t, "overlap-unreported"); j++)
			assert_null(rmem_test_subject(rmem_test_lint_nth(&t, "overlap-unreported", j),
						      "--reserve 0x70000000+0x200000 (the kernel image)"));
		assert_int_equal(rmem_test_lint_count(&t, "image-over-reserved"), 1);
		f = rmem_test_lint_nth(&t, "image-over-reserved", 0);
		s = rmem_test_subject(f, "--reserve 0x70000000+0x200000 (the kernel image)");
		assert_non_null(s);
		assert_non_null(strstr(f->message, "--reserve 0x70000000+0x200000 (the kernel image) and "
				       "apart@70000000 "
				       "(0x70000000-0x70100000) overlap by 1 MiB"));
		assert_true(s->has_range && s->base == 0x70000000 && s->size == 0x200000);
		assert_true(rmem_test_lint_names(&t, "image-over-reserved", MEMORY "apart@70000000"));
		rmem_test_lint_free(&t);
	}
}

/* A reusable region reserved over no-map memory becomes a CMA area anyway. */
static void test_cma_over_nomap(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		const struct rmem_finding_subject *s;
		const struct rmem_finding *f;
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "cma-nomap", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "cma-over-nomap"), 1);
		f = rmem_test_lint_nth(&t, "cma-over-nomap", 0);
		s = rmem_test_subject(f, MEMORY "camera@58000000");
		assert_non_null(s);
		assert_true(s->base == 0x58000000 && s->size == 0x2000000);
		assert_non_null(rmem_test_subject(f, MEMORY "firmware@58800000"));
		assert_non_null(strstr(f->message, "over 1 MiB of no-map memory"));
		rmem_test_lint_free(&t);
	}
}

/*
 * cma=SIZE@BASE over a no-map region: memblock_is_region_reserved() does
 * not see no-map memory, so the fixed default area lands on it.
 */
static void test_default_cma_over_nomap(void **state)
{
	static const char dts[] =
		"/dts-v1/;\n"
		"/ { #address-cells = <2>; #size-cells = <2>;\n"
		"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
		"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
		"    fw@50400000 { reg = <0 0x50400000 0 0x100000>; no-map; }; }; };\n";

	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		struct rmem_plan_options o = { .cmdline = "cma=32M@0x50000000" };
		const struct rmem_finding *f;
		struct rmem_test_lint t;

		rmem_test_lint_dts(&t, it.name, dts, &o, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "cma-over-nomap"), 1);
		f = rmem_test_lint_nth(&t, "cma-over-nomap", 0);
		assert_non_null(rmem_test_subject(f, "the default CMA area"));
		assert_non_null(rmem_test_subject(f, MEMORY "fw@50400000"));
		rmem_test_lint_free(&t);
		/* the same area elsewhere: nothing */
		o.cmdline = "cma=32M@0x60000000";
		rmem_test_lint_dts(&t, it.name, dts, &o, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "cma-over-nomap"), 0);
		rmem_test_lint_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neighbours_only),
		cmocka_unit_test(test_equal_regions),
		cmocka_unit_test(test_over_reservation),
		cmocka_unit_test(test_cma_over_nomap),
		cmocka_unit_test(test_default_cma_over_nomap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
