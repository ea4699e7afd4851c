// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which early-boot story an arch tells: one file per arch, one row here.
 */
#include <errno.h>

#include "boot/boot.h"

static const struct {
	enum rmem_arch arch;
	int (*boot)(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);
} boot_stories[] = {
	{ RMEM_ARCH_ARM64, rmem_boot_arm64 },
	{ RMEM_ARCH_ARM, rmem_boot_arm },
	{ RMEM_ARCH_RISCV64, rmem_boot_riscv64 },
};

int rmem_boot(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	for (size_t i = 0; i < sizeof(boot_stories) / sizeof(boot_stories[0]); i++)
		if (boot_stories[i].arch == ctx->profile.arch)
			return boot_stories[i].boot(ctx, opt);
	return -EOPNOTSUPP;
}
