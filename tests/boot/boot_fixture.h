/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Booting a device tree built with rmem_test_fdt through rmem_plan_boot(),
 * as `rmem plan` does: the boot tests' one helper.  Header-only.
 */
#ifndef BOOT_FIXTURE_H
#define BOOT_FIXTURE_H

#include <stdlib.h>

#include <rmem/plan.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "internal.h"

/* The arm64 profiles, every one of which each boot test runs on. */
static const char *const boot_arm64_profiles[] = {
	"arm64-5.10", "arm64-6.1", "arm64-6.12", "arm64-6.12-16k",
};

#define BOOT_NR_ARM64 (sizeof(boot_arm64_profiles) / sizeof(boot_arm64_profiles[0]))

/* Finish @dt and boot it on @profile; rmem_plan_boot() must return 0. */
static inline struct rmem_ctx *boot_dt(struct rmem_test_dt *dt, const char *profile)
{
	struct rmem_ctx *ctx = rmem_test_ctx(profile, 0, 0);
	char err[256] = "";
	size_t size;
	void *blob = rmem_test_dt_finish(dt, &size);

	assert_int_equal(rmem_plan_boot(ctx, blob, size, NULL, err, sizeof(err)), 0);
	free(blob);
	return ctx;
}

#endif /* BOOT_FIXTURE_H */
