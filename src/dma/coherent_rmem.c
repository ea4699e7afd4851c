// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "dma" handler of reserved-memory regions (kernel/dma/coherent.c:
 * rmem_dma_setup()) and the initcall that makes the "linux,dma-default"
 * region the global pool (dma_init_reserved_memory()).
 *
 * The handler only checks and announces the region: the pool itself is
 * made when the first device using the region probes
 * (rmem_dma_device_init()), or, for the global pool, by the initcall.
 *
 * Versions: 5.10 honours "linux,dma-default" on arm only (CONFIG_ARM,
 * coherent.c:373) and its initcall hands the region itself to
 * rmem_dma_device_init(); 6.1 and 6.12 need CONFIG_DMA_GLOBAL_POOL and use
 * dma_init_global_coherent().  6.12 remembers the region's base and size
 * instead of a pointer to it, the reserved_mem array being moved later.
 */
#include <errno.h>

#include "internal.h"
#include "dma/coherent.h"
#include "reserved_mem/reserved_mem_internal.h"

/* 6.12 tests the remembered size, 5.10 and 6.1 the pointer */
static bool default_region_set(const struct rmem_ctx *ctx)
{
	if (ctx->profile.facts->dma.default_by_size)
		return ctx->dma.reserved_default_size != 0;
	return ctx->dma.reserved_default_set;
}

static void set_default(struct rmem_ctx *ctx, const struct rmem_reserved_mem *rmem)
{
	const struct rmem_profile *p = &ctx->profile;

	if (default_region_set(ctx)) {
		/* __warn_printk(), then __warn()'s first line; no register dump */
		pr_warn(ctx, "------------[ cut here ]------------\n");
		pr_warn(ctx, "Reserved memory: region for default DMA coherent area is redefined\n");
		pr_warn(ctx, "WARNING: CPU: 0 PID: 0 at kernel/dma/coherent.c:%d rmem_dma_setup\n",
			p->facts->dma.warn_line_redefined);
	}
	ctx->dma.reserved_default_set = true;
	ctx->dma.reserved_default_base = rmem->base;
	ctx->dma.reserved_default_size = rmem->size;
}

int rmem_rmem_dma_setup(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem)
{
	const struct rmem_profile *p = &ctx->profile;

	if (rmem_rm_has_prop(ctx, rmem->fdt_node, "reusable")) {
		rmem_rmem_note(ctx, rmem, "dma: refuses reusable regions");
		/* 7.2 passes it over to the next handler (coherent.c:368 in 7.2) */
		return ctx->profile.facts->rmem.validate_nodes ? -ENODEV : -EINVAL;
	}
	if (p->arch_ops->dma_rmem_needs_nomap && !rmem_rm_has_prop(ctx, rmem->fdt_node, "no-map")) {
		pr_err(ctx, "Reserved memory: regions without no-map are not yet supported\n");
		rmem_rmem_note(ctx, rmem, "dma: arm wants no-map");
		return -EINVAL;
	}
	if (p->dma_global_pool_present && rmem_rm_has_prop(ctx, rmem->fdt_node, "linux,dma-default"))
		set_default(ctx, rmem);
	/* the pool is made when a device first uses the region */
	rmem->priv = NULL;
	pr_info(ctx, "Reserved memory: created DMA memory pool at %s, size %lld MiB\n",
		rmem_pa(&ctx->profile, rmem->base),
		(long long)(rmem_kernel_ulong(&ctx->profile, rmem->size) / RMEM_SZ_1M));
	return 0;
}

void rmem_rmem_dma_release_priv(void *priv)
{
	rmem_dma_release_coherent_memory(priv);
}

int rmem_dma_init_reserved_memory(struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;

	/* 6.x without CONFIG_DMA_GLOBAL_POOL has no such initcall */
	if (!p->facts->dma.global_pool_config_arm && !p->dma_global_pool)
		return -EOPNOTSUPP;
	if (!default_region_set(ctx))
		return -ENOMEM;
	return rmem_dma_init_global_coherent(&ctx->dma.global, p, ctx->dma.reserved_default_base,
					     ctx->dma.reserved_default_size, NULL, &ctx->log);
}
