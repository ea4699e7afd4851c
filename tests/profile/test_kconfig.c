// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a kernel .config (scripts/kconfig's output format: "CONFIG_X=v",
 * "# CONFIG_X is not set", comments) into a profile.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"

static int apply(struct rmem_profile *p, const char *text, char *err, size_t errlen)
{
	return rmem_profile_apply_config(p, text, strlen(text), err, errlen);
}

/* A fragment without the header changes only what it names. */
static void test_fragment_overrides(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	char err[128];

	assert_int_equal(apply(&p, "CONFIG_CMA_AREAS=7\nCONFIG_CMA_SIZE_MBYTES=0x100\n"
				   "# CONFIG_DMA_CMA is not set\nCONFIG_UNKNOWN_THING=\"x y\"\n",
			       err, sizeof(err)), 0);
	assert_int_equal(p.cma_areas, 7);
	assert_int_equal(p.max_cma_areas, 8);
	assert_int_equal(p.cma_size_mbytes, 256);
	assert_false(p.dma_cma);
	assert_true(p.zone_dma32);
	assert_string_equal(p.name, "arm64-6.1");
}

/* The CMA size selection is a Kconfig choice: the =y member wins. */
static void test_size_sel_choice(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");

	assert_int_equal(apply(&p, "# CONFIG_CMA_SIZE_SEL_MBYTES is not set\n"
				   "CONFIG_CMA_SIZE_SEL_PERCENTAGE=y\n"
				   "CONFIG_CMA_SIZE_PERCENTAGE=12\n", NULL, 0), 0);
	assert_int_equal(p.cma_size_sel, RMEM_CMA_SIZE_SEL_PERCENTAGE);
	assert_int_equal(p.cma_size_percentage, 12);
}

/* A complete .config (with its header) replaces the profile: absent symbols are off. */
static void test_complete_config_resets(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");

	assert_int_equal(apply(&p, "#\n# Automatically generated file; DO NOT EDIT.\n"
				   "# Linux/arm64 6.12.117 Kernel Configuration\n#\n"
				   "CONFIG_ARM64=y\nCONFIG_ARM64_16K_PAGES=y\n"
				   "CONFIG_ARCH_FORCE_MAX_ORDER=11\nCONFIG_HUGETLB_PAGE=y\n"
				   "CONFIG_CMA_AREAS=20\n", NULL, 0), 0);
	assert_int_equal(p.arch, RMEM_ARCH_ARM64);
	assert_int_equal(p.version, RMEM_KERNEL_VERSION(6, 12));
	assert_false(p.highmem);
	assert_false(p.arm_lpae);
	assert_int_equal(p.page_shift, 14);
	assert_int_equal(p.pageblock_order, 11);
	assert_int_equal(p.max_cma_areas, 20);
}

/* Lines that are not .config lines are an input error naming the line. */
static void test_bad_lines(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	char err[128];

	assert_int_equal(apply(&p, "CONFIG_CMA_AREAS=7\nhello world\n", err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "line 2"));
	assert_int_equal(apply(&p, "CONFIG_CMA_AREAS=seven\n", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "line 1: not a number"));
	assert_int_equal(apply(&p, "CONFIG_CMA_AREAS=-1\n", err, sizeof(err)), -EINVAL);
	assert_int_equal(apply(&p, "CONFIG_CMA_AREAS=99999999999\n", err, sizeof(err)), -EINVAL);
	assert_int_equal(apply(&p, "CONFIG_HIGHMEM=maybe\n", err, sizeof(err)), -EINVAL);
	assert_int_equal(apply(&p, "CONFIG_=y\n", err, sizeof(err)), -EINVAL);
	assert_int_equal(rmem_profile_apply_config(&p, "CONFIG_A=y\0\n", 12, err, sizeof(err)),
			 -EINVAL);
}

/*
 * A .config of a kernel between modelled ones plans as the newest modelled
 * one before it; one older than them all is refused with the reason.
 */
static void test_unmodelled_version(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	char err[256];

	assert_int_equal(apply(&p, "# Linux/arm64 6.6.3 Kernel Configuration\nCONFIG_ARM64=y\n"
				   "CONFIG_ARM64_4K_PAGES=y\n", err, sizeof(err)), 0);
	assert_int_equal(p.version, RMEM_KERNEL_VERSION(6, 6));
	assert_int_equal(rmem_profile_modelled_version(&p), RMEM_KERNEL_VERSION(6, 1));
	p = rmem_test_profile("arm64-6.1");
	assert_int_equal(apply(&p, "# Linux/arm64 4.19.3 Kernel Configuration\nCONFIG_ARM64=y\n"
				   "CONFIG_ARM64_4K_PAGES=y\n", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "kernel 4.19: older than every kernel rmem models (the oldest is 5.10)");
}

/* An order near UINT_MAX cannot wrap past the section-size test. */
static void test_huge_max_order(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-5.10");
	char err[256];

	assert_int_equal(apply(&p, "# Linux/arm64 5.10.0 Kernel Configuration\nCONFIG_ARM64=y\n"
				   "CONFIG_ARM64_4K_PAGES=y\nCONFIG_FORCE_MAX_ZONEORDER=4294967290\n",
			       err, sizeof(err)), -EINVAL);
}

/* A complete .config of another arch is not an arm one with defaults. */
static void test_foreign_arch(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	char err[256];

	assert_int_equal(apply(&p, "# Linux/x86 6.12.117 Kernel Configuration\nCONFIG_PAGE_SHIFT=12\n",
			       err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "line 1: not an arm, arm64 or riscv kernel's .config"));
}

static void test_missing_file(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	char err[128];

	assert_int_equal(rmem_profile_load_config(&p, "/nonexistent/.config", err, sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "No such file"));
}

/*
 * The file's path stays with the profile (the report names it); a complete
 * .config renames the profile, a fragment does not; whether a .config is of
 * the same kernel as a profile.
 */
static void test_config_named(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_profile k612_16k = rmem_test_profile("arm64-6.12-16k");
	struct rmem_profile k61 = rmem_test_profile("arm64-6.1");
	struct rmem_profile armhf = rmem_test_profile("armhf-6.1");
	char path[4096], err[256] = "";
	const char *src = getenv("RMEM_SOURCE_DIR");

	assert_string_equal(p.config, "");
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/profile/debian-configs/arm64-6.1.config", src);
	if (rmem_profile_load_config(&p, path, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	assert_string_equal(p.config, path);
	assert_string_equal(p.name, RMEM_PROFILE_CONFIG_NAME);
	assert_true(rmem_profile_same_kernel(&p, &k61));
	assert_false(rmem_profile_same_kernel(&p, &k612_16k));
	assert_false(rmem_profile_same_kernel(&k61, &armhf));
	assert_true(rmem_profile_same_kernel(&k612_16k, &(struct rmem_profile){
		.arch = RMEM_ARCH_ARM64, .version = RMEM_KERNEL_VERSION(6, 12) }));
	/* a failed load leaves the name of the file it did read */
	assert_int_equal(rmem_profile_load_config(&p, "/nonexistent/.config", err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(p.config, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fragment_overrides),
		cmocka_unit_test(test_size_sel_choice),
		cmocka_unit_test(test_complete_config_resets),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_unmodelled_version),
		cmocka_unit_test(test_huge_max_order),
		cmocka_unit_test(test_foreign_arch),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_config_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
