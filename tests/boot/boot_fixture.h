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

/* Finish @dt and boot it on a machine running @p; rmem_plan_boot() must return 0. */
static inline struct rmem_ctx *boot_dt_on(struct rmem_test_dt *dt, const struct rmem_profile *p)
{
	struct rmem_ctx *ctx = rmem_ctx_create(p);
	char err[256] = "";
	size_t size;
	void *blob;

	assert_non_null(ctx);
	blob = rmem_test_dt_finish(dt, &size);
	assert_int_equal(rmem_plan_boot(ctx, blob, size, NULL, err, sizeof(err)), 0);
	free(blob);
	return ctx;
}

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
