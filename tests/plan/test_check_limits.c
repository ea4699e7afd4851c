// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check, the kernel's limits as each profile has them: CMA's
 * alignment, MAX_RESERVED_REGIONS, MAX_CMA_AREAS.  Where the kernel itself
 * complains, its lines (held to the real kernels' by conformance) say how
 * many regions each finding must name; and the regions no handler claims,
 * one finding for them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test_lint.h"

#define MEMORY "/reserved-memory/"

static size_t subjects(const struct rmem_test_lint *t, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < rmem_test_lint_count(t, id); i++)
		n += rmem_test_lint_nth(t, id, i)->nr_subjects;
	return n;
}

/*
 * One finding per region the CMA handler refuses for its alignment, as the
 * kernel's lines count (on kernels with the handler: DMA_CMA).
 */
static void test_cma_alignment(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		struct rmem_test_lint t;
		size_t refused;

		rmem_test_lint_board(&t, it.name, "cma-align", NULL, NULL);
		refused = rmem_test_kernel_lines(&t, "incorrect alignment of CMA region");
		assert_true(refused >= 1);
		assert_int_equal(rmem_test_lint_count(&t, "cma-misaligned"), refused);
		/* 1 MiB at 0x50100000 is too small for every kernel's CMA */
		assert_true(rmem_test_lint_names(&t, "cma-misaligned", MEMORY "odd@50100000"));
		assert_false(rmem_test_lint_names(&t, "cma-misaligned", MEMORY "big@58000000"));
		rmem_test_lint_free(&t);
	}
}

/* @n static regions of 4 KiB, or @n reusable ones of 32 MiB (aligned for every kernel's CMA) when @cma. */
static char *many_regions(unsigned int n, bool cma)
{
	size_t len = 512 + (size_t)n * 160, used;
	char *dts = malloc(len);

	assert_non_null(dts);
	used = (size_t)snprintf(dts, len,
		"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
		"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
		"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n");
	for (unsigned int i = 0; i < n; i++) {
		unsigned int base = 0x42000000 + i * (cma ? 0x2000000 : 0x10000);

		used += (size_t)snprintf(dts + used, len - used,
			"    r%u@%x { reg = <0 0x%x 0 0x%x>;%s };\n", i, base, base,
			cma ? 0x2000000 : 0x1000,
			cma ? " compatible = \"shared-dma-pool\"; reusable;" : "");
	}
	snprintf(dts + used, len - used, "  }; };\n");
	return dts;
}

/* The regions the array has no room for: as many as the kernel's lines say, or none. */
static void test_too_many_regions(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		unsigned int n = it.p.max_reserved_regions + 6;
		char *dts = many_regions(n, false);
		struct rmem_test_lint t;
		size_t dropped;

		rmem_test_lint_dts(&t, it.name, dts, NULL, NULL);
		dropped = rmem_test_kernel_lines(&t, "not enough space for all defined regions");
		assert_int_equal(rmem_test_lint_count(&t, "too-many-regions"), dropped ? 1 : 0);
		assert_int_equal(subjects(&t, "too-many-regions"), dropped);
		rmem_test_lint_free(&t);
		free(dts);
	}
}

/* Every CMA area slot taken: the regions (and the default area) that found none. */
static void test_too_many_cma_areas(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		char *dts = many_regions(it.p.max_cma_areas + 2, true);
		struct rmem_test_lint t;
		size_t refused;

		rmem_test_lint_dts(&t, it.name, dts, NULL, NULL);
		refused = rmem_test_kernel_lines(&t, "Not enough slots for CMA reserved regions");
		assert_true(refused > 0);
		assert_int_equal(rmem_test_lint_count(&t, "too-many-cma-areas"), 1);
		assert_int_equal(subjects(&t, "too-many-cma-areas"), refused);
		/*
		 * the default area is among them where the kernel declares it
		 * after the regions (arm64); armhf 6.12 declares it first, and
		 * its "Reserved N MiB at" line says it got a slot
		 */
		assert_int_equal(rmem_test_lint_names(&t, "too-many-cma-areas", "the default CMA area"),
				 !rmem_test_kernel_lines(&t, "MiB at "));
		rmem_test_lint_free(&t);
		free(dts);
		/* as many as there are slots: nothing */
		dts = many_regions(it.p.max_cma_areas - 1, true);
		rmem_test_lint_dts(&t, it.name, dts, NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "too-many-cma-areas"), 0);
		rmem_test_lint_free(&t);
		free(dts);
	}
}

/*
 * The regions no handler claims: one finding naming them all, never the
 * word "unused" (a driver may use them); the kernel's CMA areas not among them.
 */
static void test_no_handler_once(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		const struct rmem_finding *f;
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "overlap", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "no-handler"), 1);
		f = rmem_test_lint_nth(&t, "no-handler", 0);
		assert_int_equal(f->nr_subjects, 5);
		assert_non_null(strstr(f->message, "no in-kernel handler claims 5 regions"));
		assert_non_null(strstr(f->message, "a driver may still use them"));
		assert_null(strstr(f->message, "unused"));
		rmem_test_lint_free(&t);
		rmem_test_lint_board(&t, it.name, "cma-default-twice", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "no-handler"), 0);
		rmem_test_lint_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cma_alignment),
		cmocka_unit_test(test_too_many_regions),
		cmocka_unit_test(test_too_many_cma_areas),
		cmocka_unit_test(test_no_handler_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
