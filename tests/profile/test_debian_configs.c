// SPDX-License-Identifier: GPL-2.0-only
/*
 * The built-in profiles are Debian's kernels: reading the lines of each
 * kernel's own .config (tests/profile/debian-configs/PROFILE.config,
 * extracted from the packages by extract-configs.sh) must give back the
 * built-in profile, Kconfig values and derived constants alike.  Every
 * built-in profile is checked: one without its .config fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"

static void check_debian_config(void **state)
{
	const char *name = *state;
	struct rmem_profile builtin = rmem_test_profile(name);
	struct rmem_profile read = builtin;
	char path[4096], err[256] = "";
	const char *src = getenv("RMEM_SOURCE_DIR");

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/profile/debian-configs/%s.config", src, name);
	/* start from another profile: the complete .config must replace it all */
	read.arch = builtin.arch == RMEM_ARCH_ARM ? RMEM_ARCH_ARM64 : RMEM_ARCH_ARM;
	read.highmem = !builtin.highmem;
	read.cma_areas = 99;
	if (rmem_profile_load_config(&read, path, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
#define SAME(field) assert_int_equal(read.field, builtin.field)
	SAME(arch); SAME(version); SAME(page_shift); SAME(force_max_order);
	SAME(hugetlb_page); SAME(arm_lpae); SAME(highmem); SAME(zone_dma);
	SAME(zone_dma32); SAME(cma); SAME(dma_cma); SAME(dma_global_pool); SAME(cma_debug); SAME(cma_areas);
	SAME(cma_alignment); SAME(cma_size_sel); SAME(cma_size_mbytes);
	SAME(cma_size_percentage); SAME(nr_cpus); SAME(nodes_shift); SAME(page_offset);
	SAME(max_page_order); SAME(pageblock_order); SAME(max_cma_areas);
	SAME(max_reserved_regions); SAME(lowmem_size);
#undef SAME
}

int main(void)
{
	static const struct rmem_test_check checks[] = {
		{ "debian_config", check_debian_config },
	};

	return rmem_test_run_per_profile("debian_configs", checks, 1);
}
