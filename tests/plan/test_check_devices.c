// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check, devices and the regions their memory-region names: one
 * finding per cause (a region, a phandle) listing every device; devices
 * the kernel never creates (disabled, under a disabled bus, nested too
 * deep to unflatten) are not among them, and one nested too deep is a
 * finding of its own.  Said as findings only: a boot for the check logs no
 * advice about devices, a boot for plan does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/fdt.h"
#include "rmem_test_lint.h"

#define MEMORY "/reserved-memory/"

static void assert_devices(const struct rmem_finding *f, const char *target,
			   const char *const *devices)
{
	size_t n = 0;

	if (target)
		assert_string_equal(f->subjects[0].what, target);
	for (; devices[n]; n++)
		if (!rmem_test_subject(f, devices[n]))
			fail_msg("%s: %s is not named", f->rule->id, devices[n]);
	assert_int_equal(f->nr_subjects, n + (target != NULL));
}

/* the board's regions are 64-bit and reusable: kernels with both */
static void test_region_problems(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PHYS_64) {
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "devices", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "memory-region-missing"), 1);
		assert_devices(rmem_test_lint_nth(&t, "memory-region-missing", 0), NULL,
			       (const char *const[]){ "/ghost", NULL });
		assert_int_equal(rmem_test_lint_count(&t, "memory-region-not-reserved"), 1);
		assert_devices(rmem_test_lint_nth(&t, "memory-region-not-reserved", 0),
			       "/other-node", (const char *const[]){ "/outsider", NULL });
		/* camera and isp name it; asleep and off-bus/hidden are never created */
		assert_int_equal(rmem_test_lint_count(&t, "memory-region-disabled"), 1);
		assert_devices(rmem_test_lint_nth(&t, "memory-region-disabled", 0),
			       MEMORY "off@50000000",
			       (const char *const[]){ "/camera", "/isp", NULL });
		assert_int_equal(rmem_test_lint_count(&t, "memory-region-dropped"), 1);
		assert_devices(rmem_test_lint_nth(&t, "memory-region-dropped", 0), MEMORY "huge",
			       (const char *const[]){ "/encoder", NULL });
		assert_true(rmem_test_kernel_lines(&t, "failed to allocate memory for node 'huge'"));
		rmem_test_lint_free(&t);
	}
}

static void test_reach(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PHYS_64) {
		struct rmem_test_lint t;

		rmem_test_lint_board(&t, it.name, "devices", NULL, NULL);
		assert_int_equal(rmem_test_lint_count(&t, "pool-beyond-coherent-mask"), 1);
		assert_devices(rmem_test_lint_nth(&t, "pool-beyond-coherent-mask", 0),
			       MEMORY "high@120000000", (const char *const[]){ "/gpu", NULL });
		/* /bus@0's dma-ranges reach 0x70000000-0x80000000 only */
		assert_int_equal(rmem_test_lint_count(&t, "pool-beyond-dma-ranges"), 2);
		assert_devices(rmem_test_lint_nth(&t, "pool-beyond-dma-ranges", 0),
			       MEMORY "low@60000000", (const char *const[]){ "/bus@0/dsp", NULL });
		assert_devices(rmem_test_lint_nth(&t, "pool-beyond-dma-ranges", 1),
			       MEMORY "cma@64000000", (const char *const[]){ "/bus@0/dsp", NULL });
		assert_non_null(strstr(rmem_test_lint_nth(&t, "pool-beyond-dma-ranges", 0)->message,
				       "CPU addresses 0x70000000-0x80000000"));
		/* a region no handler claims is the driver's own business */
		assert_false(rmem_test_lint_names(&t, "memory-region-dropped", "/camera"));
		rmem_test_lint_free(&t);
	}
}

/* The same devices, booted for plan: the kernel says nothing, rmem's advice does. */
static void test_advice_for_plan(void **state)
{
	struct rmem_profile p = rmem_test_profile(RMEM_PROFILE_DEFAULT);
	struct rmem_ctx *ctx = rmem_ctx_create(&p);
	const char *src = getenv("RMEM_SOURCE_DIR");
	struct rmem_test_lint t;
	char path[4096], err[256];
	struct rmem_dt *dt;

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/plan/boards/devices.dts", src);
	assert_int_equal(rmem_dt_load_file(path, &dt, err, sizeof(err)), 0);
	assert_int_equal(rmem_plan_boot(ctx, rmem_dt_blob(dt), rmem_dt_size(dt), NULL, err,
					sizeof(err)), 0);
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(ctx), RMEM_LOG_ADVICE), 2);
	rmem_ctx_destroy(ctx);
	rmem_dt_free(dt);
	rmem_test_lint_board(&t, RMEM_PROFILE_DEFAULT, "devices", NULL, NULL);
	assert_int_equal(rmem_test_log_count(rmem_ctx_log(t.ctx), RMEM_LOG_ADVICE), 0);
	rmem_test_lint_free(&t);
}

/* A device at @depth (the root's children are 1) naming a region, and a sibling one level up. */
static char *deep_board(int depth)
{
	size_t len = 1024 + (size_t)depth * 24, used;
	char *dts = malloc(len);

	assert_non_null(dts);
	used = (size_t)snprintf(dts, len,
		"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
		"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
		"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
		"    off: off@50000000 { reg = <0 0x50000000 0 0x100000>; status = \"disabled\"; }; };\n");
	for (int d = 1; d < depth; d++)
		used += (size_t)snprintf(dts + used, len - used, "n%d {\n", d);
	used += (size_t)snprintf(dts + used, len - used, "deep { memory-region = <&off>; };\n");
	for (int d = 1; d < depth; d++)
		used += (size_t)snprintf(dts + used, len - used, "};\n");
	snprintf(dts + used, len - used, "};\n");
	return dts;
}

static void test_too_deep(void **state)
{
	static const int depth[] = { RMEM_OF_MAX_DEPTH - 1, RMEM_OF_MAX_DEPTH };

	for (size_t i = 0; i < 2; i++) {
		char *dts = deep_board(depth[i]);
		struct rmem_test_lint t;

		rmem_test_lint_dts(&t, RMEM_PROFILE_DEFAULT, dts, NULL, NULL);
		/* the last depth the kernel unflattens: created, and its region is disabled */
		assert_int_equal(rmem_test_lint_count(&t, "device-too-deep"), i);
		assert_int_equal(rmem_test_lint_count(&t, "memory-region-disabled"), 1 - i);
		rmem_test_lint_free(&t);
		free(dts);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_region_problems),
		cmocka_unit_test(test_reach),
		cmocka_unit_test(test_advice_for_plan),
		cmocka_unit_test(test_too_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
