// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/dma/contiguous.c: the default CMA area and the "cma" handler of
 * reserved-memory regions (rmem_cma_setup()).
 *
 * The same code in 5.10, 6.1 and 6.12 but for: the alignment the handler
 * wants (5.10 a MAX_ORDER - 1 block, later a pageblock), where
 * dma_contiguous_early_fixup() is called (the handler until 6.1, the
 * reserved-memory code in 6.12: arm only, nothing rmem models), 6.12's
 * per-node areas (off in Debian) and 5.10/6.1's CONFIG_CMA_DEBUG turning
 * the pr_debug lines on.
 */
#include <errno.h>

#include <rmem/contiguous.h>

#include "internal.h"
#include "reserved_mem/reserved_mem_internal.h"

struct rmem_cma *rmem_dma_contiguous_default_area(struct rmem_ctx *ctx)
{
	return ctx->dma.contiguous_default_area;
}

/* cma_early_percent_memory(): unsigned long arithmetic, 32 bits on arm */
static rmem_phys_t cma_early_percent_memory(const struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;
	uint64_t pages = rmem_kernel_ulong(&ctx->profile, rmem_memblock_phys_mem_size(&ctx->memblock) >>
					    p->page_shift);

	pages = rmem_kernel_ulong(&ctx->profile, pages * p->cma_size_percentage) / 100;
	return rmem_kernel_ulong(&ctx->profile, pages << p->page_shift);
}

/* The size CONFIG_CMA_SIZE_SEL_* selects when no cma= was given. */
static rmem_phys_t config_size(const struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;
	/* CONFIG_CMA_SIZE_MBYTES does not exist with SEL_PERCENTAGE: 0 */
	rmem_phys_t size_bytes = p->cma_size_sel == RMEM_CMA_SIZE_SEL_PERCENTAGE ? 0 :
				 (rmem_phys_t)p->cma_size_mbytes * RMEM_SZ_1M;
	rmem_phys_t percent;

	if (p->cma_size_sel == RMEM_CMA_SIZE_SEL_MBYTES)
		return size_bytes;
	percent = cma_early_percent_memory(ctx);
	switch (p->cma_size_sel) {
	case RMEM_CMA_SIZE_SEL_PERCENTAGE:
		return percent;
	case RMEM_CMA_SIZE_SEL_MIN:
		return size_bytes < percent ? size_bytes : percent;
	default:
		return size_bytes > percent ? size_bytes : percent;
	}
}

static rmem_phys_t min_not_zero(rmem_phys_t a, rmem_phys_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

int rmem_dma_contiguous_reserve_area(struct rmem_ctx *ctx, rmem_phys_t size, rmem_phys_t base,
				     rmem_phys_t limit, struct rmem_cma **res_cma, bool fixed)
{
	int ret = rmem_cma_declare_contiguous(ctx, base, size, limit, 0, 0, fixed, "reserved",
					      res_cma);

	if (!ret)
		rmem_dma_contiguous_early_fixup(ctx, rmem_cma_get_base(*res_cma),
						rmem_cma_get_size(*res_cma));
	return ret;
}

rmem_phys_t rmem_dma_contiguous_wanted(const struct rmem_ctx *ctx)
{
	return ctx->cmdline.cma_seen ? ctx->cmdline.size_cmdline : config_size(ctx);
}

int rmem_dma_contiguous_reserve(struct rmem_ctx *ctx, rmem_phys_t limit)
{
	const struct rmem_cmdline *cl = &ctx->cmdline;
	rmem_phys_t size, base = 0, sel_limit = limit;
	bool fixed = false;

	/* 6.12 first calls dma_numa_cma_reserve(): CONFIG_DMA_NUMA_CMA is off in Debian */
	pr_debug(ctx, "cma: dma_contiguous_reserve(limit %08llx)\n",
		 (unsigned long long)rmem_kernel_ulong(&ctx->profile, limit));
	if (cl->cma_seen) {
		size = cl->size_cmdline;
		base = cl->base_cmdline;
		/* 7.2 honours the limit given even above the arch's (contiguous.c:264) */
		if (ctx->profile.facts->dma.cmdline_limit_replaces)
			sel_limit = cl->limit_cmdline ? cl->limit_cmdline : limit;
		else
			sel_limit = min_not_zero(cl->limit_cmdline, limit);
		fixed = cl->cma_fixed;
	} else {
		size = config_size(ctx);
	}
	if (!size || ctx->dma.contiguous_default_area)
		return 0;
	pr_debug(ctx, "cma: dma_contiguous_reserve: reserving %lld MiB for global area\n",
		 (long long)(rmem_kernel_ulong(&ctx->profile, size) / RMEM_SZ_1M));
	return rmem_dma_contiguous_reserve_area(ctx, size, base, sel_limit,
						&ctx->dma.contiguous_default_area, fixed);
}

/*
 * 7.2's __rmem_cma_verify_node(): a node not reusable, or no-map, is not
 * CMA's (-ENODEV: the next handler may take it); a "linux,cma-default" one
 * is refused when cma= was given (even cma=0), before it is reserved or
 * placed.  Its line has no prefix (contiguous.c:491 drops pr_fmt).
 */
static int cma_verify_node(struct rmem_ctx *ctx, int node)
{
	if (!rmem_rm_has_prop(ctx, node, "reusable") || rmem_rm_has_prop(ctx, node, "no-map"))
		return -ENODEV;
	if (ctx->cmdline.cma_seen && rmem_rm_has_prop(ctx, node, "linux,cma-default")) {
		pr_err(ctx, "Skipping dt linux,cma-default node in favor for \"cma=\" kernel param.\n");
		rmem_rm_node_more(rmem_rm_node(ctx, node),
				  "cma: linux,cma-default bypassed, cma= is on the command line");
		return -EBUSY;
	}
	return 0;
}

/* 7.2's rmem_cma_validate(): a CMA node is placed aligned to a pageblock at least */
int rmem_rmem_cma_validate(struct rmem_ctx *ctx, int node, rmem_phys_t *align)
{
	rmem_phys_t min = rmem_cma_min_alignment(&ctx->profile);
	int ret = cma_verify_node(ctx, node);

	if (!ret && align && *align < min)
		*align = min;
	return ret;
}

/*
 * The checks before the alignment: up to 6.12, "linux,cma-default" is
 * bypassed with -EBUSY when cma= was given (even cma=0), and since the
 * "dma" handler refuses a reusable region too, the kernel gives its memory
 * back; 7.2 asks cma_verify_node() again.
 */
static int cma_setup_checks(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem)
{
	int ret;

	if (ctx->profile.facts->rmem.validate_nodes) {
		ret = cma_verify_node(ctx, rmem->fdt_node);
		if (ret == -ENODEV)
			rmem_rmem_note(ctx, rmem, "cma: wants reusable without no-map");
		return ret;
	}
	if (ctx->cmdline.cma_seen && rmem_rm_has_prop(ctx, rmem->fdt_node, "linux,cma-default")) {
		pr_info(ctx, "Reserved memory: bypass %s node, using cmdline CMA params instead\n",
			rmem->name);
		rmem_rmem_note(ctx, rmem, "cma: linux,cma-default bypassed, cma= is on the command line");
		return -EBUSY;
	}
	if (!rmem_rm_has_prop(ctx, rmem->fdt_node, "reusable") ||
	    rmem_rm_has_prop(ctx, rmem->fdt_node, "no-map")) {
		rmem_rmem_note(ctx, rmem, "cma: wants reusable without no-map");
		return -EINVAL;
	}
	return 0;
}

/*
 * rmem_cma_setup(): a reusable region, not no-map, aligned as CMA wants,
 * becomes a CMA area named after the node; "linux,cma-default" makes it the
 * default area.
 */
int rmem_rmem_cma_setup(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem)
{
	const struct rmem_profile *p = &ctx->profile;
	bool default_cma = rmem_rm_has_prop(ctx, rmem->fdt_node, "linux,cma-default");
	rmem_phys_t align = rmem_cma_min_alignment(p);
	struct rmem_cma *cma;
	char buf[32];
	int err;

	err = cma_setup_checks(ctx, rmem);
	if (err)
		return err;
	/* 5.10: MAX_ORDER - 1 and pageblock (contiguous.c:402); 6.x: CMA_MIN_ALIGNMENT_BYTES */
	if ((rmem->base | rmem->size) & (align - 1)) {
		pr_err(ctx, "Reserved memory: incorrect alignment of CMA region\n");
		rmem_rmem_note(ctx, rmem, "cma: base and size must be multiples of %s",
			       rmem_size_str(buf, sizeof(buf), align));
		return -EINVAL;
	}
	err = rmem_cma_init_reserved_mem(ctx, rmem->base, rmem->size, 0, rmem->name, &cma);
	if (err) {
		pr_err(ctx, "Reserved memory: unable to setup CMA region\n");
		rmem_rmem_note(ctx, rmem, "cma: cma_init_reserved_mem() failed (%d%s)", err,
			       err == -ENOSPC ? ": no free CMA area slot" : "");
		return err;
	}
	if (!RM_FACT(ctx, early_fixup_on_reserve))
		rmem_dma_contiguous_early_fixup(ctx, rmem->base, rmem->size);
	if (default_cma)
		ctx->dma.contiguous_default_area = cma;
	rmem->priv = cma;
	pr_info(ctx, "Reserved memory: created CMA memory pool at %s, size %lld MiB\n",
		rmem_pa(&ctx->profile, rmem->base), (long long)(rmem_kernel_ulong(&ctx->profile, rmem->size) / RMEM_SZ_1M));
	return 0;
}
