// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_alloc_coherent() and dma_free_coherent() of a platform device on
 * arm64's dma-direct (kernel/dma/mapping.c dma_alloc_attrs(), direct.c
 * dma_direct_alloc() and __dma_direct_alloc_pages(), contiguous.c
 * dma_alloc_contiguous()).
 *
 * Versions: the order of the allocators is the same in 5.10, 6.1 and
 * 6.12.  dma_alloc_contiguous() is identical (5.10 contiguous.c:304, 6.1
 * :303, 6.12 :350): atomic requests skip CMA, the device's area is used
 * for any size, the default area only above one page.  6.x adds the global
 * pool for non-coherent devices (6.1 direct.c:238, 6.12 direct.c:232), which
 * only CONFIG_DMA_GLOBAL_POOL kernels have (not arm64).  The per-node CMA
 * areas (CONFIG_DMA_PERNUMA_CMA / DMA_NUMA_CMA) are not modelled (see
 * <rmem/contiguous.h>).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rmem/device.h>

#include "internal.h"
#include "dma/pool.h"

static void why(struct rmem_dma_alloc *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* appends a step of the path to a->why, "; " between steps */
static void why(struct rmem_dma_alloc *a, const char *fmt, ...)
{
	size_t n = strlen(a->why);
	va_list ap;

	if (n && n + 2 < sizeof(a->why)) {
		strcpy(a->why + n, "; ");
		n += 2;
	}
	if (n >= sizeof(a->why) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(a->why + n, sizeof(a->why) - n, fmt, ap);
	va_end(ap);
}

static uint64_t page_size(const struct rmem_ctx *ctx)
{
	return (uint64_t)1 << ctx->profile.page_shift;
}

/* dma_coherent_ok(): the buffer's last byte within the coherent mask */
static bool coherent_ok(const struct rmem_device *dev, rmem_phys_t phys, uint64_t size)
{
	return phys + size - 1 <= dev->coherent_dma_mask;
}

static int from_pool(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t size,
		     struct rmem_dma_alloc *a)
{
	int ret = 0;

	if (!rmem_dma_alloc_from_dev_coherent(dev->dma_mem, size, &a->dma, NULL, &ret))
		return 1;
	a->err = ret;
	if (ret) {
		why(a, "the device's coherent pool has no free run of 2^%u pages, and it is exclusive",
		    rmem_get_order(size, ctx->profile.page_shift));
		return 0;
	}
	a->src = RMEM_DMA_SRC_POOL;
	a->pool = dev->dma_mem;
	a->has_addr = true;
	return 0;
}

/* dma_alloc_contiguous(); returns 0 when it gave pages, else the reason */
static int from_cma(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t size,
		    struct rmem_dma_alloc *a)
{
	unsigned int shift = ctx->profile.page_shift;
	struct rmem_cma *cma = dev->cma_area;
	unsigned int align;
	rmem_pfn_t pfn;
	int err;

	if (!cma) {
		/* only the device's own area takes single pages */
		if (size <= page_size(ctx)) {
			why(a, "one page: not from the default CMA area");
			return -ENOMEM;
		}
		cma = ctx->dma.contiguous_default_area;
		if (!cma) {
			why(a, "no CMA area");
			return -ENOMEM;
		}
	}
	/* cma_alloc_aligned(): the order of the size, capped by CONFIG_CMA_ALIGNMENT */
	align = rmem_get_order(size, shift);
	if (align > ctx->profile.cma_alignment)
		align = ctx->profile.cma_alignment;
	err = rmem_cma_alloc(cma, size >> shift, align, false, &pfn);
	if (err) {
		why(a, "cma %s: %s", rmem_cma_get_name(cma), err != -EBUSY ? strerror(-err) :
		    /* 7.2's cma_range_alloc() says -EBUSY when it finds no room too */
		    ctx->profile.facts->cma.memranges ?
		    "no free run, or every fitting one had pinned pages" :
		    "every fitting range had pinned pages");
		return err;
	}
	if (!coherent_ok(dev, (rmem_phys_t)pfn << shift, size)) {
		/* __dma_direct_alloc_pages() gives pages beyond the mask back */
		rmem_cma_release(cma, pfn, size >> shift);
		why(a, "cma %s: pages beyond the coherent mask, given back", rmem_cma_get_name(cma));
		return -ENOMEM;
	}
	a->src = RMEM_DMA_SRC_CMA;
	a->cma = cma;
	a->pfn = pfn;
	a->count = size >> shift;
	a->dma = (rmem_dma_t)pfn << shift;
	a->has_addr = true;
	return 0;
}

/* alloc_pages_node(): always there unless the order or the mask forbid it */
static int from_pages(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t size,
		      struct rmem_dma_alloc *a)
{
	unsigned int order = rmem_get_order(size, ctx->profile.page_shift);
	rmem_phys_t start = rmem_memblock_start_of_DRAM(&ctx->memblock);

	if (order > ctx->profile.max_page_order) {
		why(a, "page allocator: order %u is above the largest, %u", order,
		    ctx->profile.max_page_order);
		return -ENOMEM;
	}
	if (!coherent_ok(dev, start, size)) {
		why(a, "page allocator: no RAM below the coherent mask");
		return -ENOMEM;
	}
	a->src = RMEM_DMA_SRC_PAGES;
	return 0;
}

/*
 * dma_direct_alloc_from_pool(): arm64's pools are followed from
 * rmem_dma_atomic_pools_init() on (dma/pool.c); before it, and on arm,
 * only their initial size is known: a larger request fails
 */
static int from_atomic_pool(struct rmem_ctx *ctx, const struct rmem_device *dev, uint64_t size,
			    struct rmem_dma_alloc *a)
{
	uint64_t pool = rmem_dma_atomic_pool_size(ctx);

	if (ctx->profile.arch_ops->dma_direct && ctx->dma.atomic_pools_ready) {
		if (!rmem_dma_alloc_from_pool(ctx, dev, size, a))
			return 0;
		why(a, "atomic pools: none has a chunk with %llu KiB free",
		    (unsigned long long)(size >> 10));
		return -ENOMEM;
	}
	if (size > pool) {
		why(a, "atomic pool: larger than the pool (%llu KiB)",
		    (unsigned long long)(pool >> 10));
		return -ENOMEM;
	}
	a->src = RMEM_DMA_SRC_ATOMIC;
	return 0;
}

/* dma_direct_alloc() for a device that is not cache-coherent */
static bool noncoherent_path(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t size,
			     bool atomic, struct rmem_dma_alloc *a)
{
	const struct rmem_profile *p = &ctx->profile;
	int err;

	if (dev->coherent)
		return false;
	if (p->facts->dma.global_pool_in_alloc && p->dma_global_pool) {
		err = rmem_dma_alloc_from_global_coherent(&ctx->dma.global, size, &a->dma, NULL);
		if (err) {
			a->err = -ENOMEM;
			why(a, "global coherent pool: %s", err == -ENODEV ? "none" : "full");
		} else {
			a->src = RMEM_DMA_SRC_GLOBAL;
			a->pool = ctx->dma.global.mem;
			a->has_addr = true;
		}
		return true;
	}
	if (atomic) {
		/* remapping may block: the atomic pools (CONFIG_DMA_DIRECT_REMAP) */
		a->err = from_atomic_pool(ctx, dev, size, a);
		return true;
	}
	return false;
}

/*
 * arm's own dma ops (arch/arm/mm/dma-mapping.c __dma_alloc(), 6.1 :531):
 * a blocking request takes the CMA allocator whenever dev_get_cma_area()
 * has an area, whatever the size, and has no fallback when it fails; the
 * pages are not checked against the mask.  Otherwise the page allocator
 * (coherent device, or a remapped buffer) or the atomic pool.
 */
static int arm_alloc(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t size, bool atomic,
		     struct rmem_dma_alloc *a)
{
	struct rmem_cma *cma = dev->cma_area ? dev->cma_area : ctx->dma.contiguous_default_area;
	unsigned int shift = ctx->profile.page_shift;
	unsigned int align = rmem_get_order(size, shift);
	int err;

	if (atomic) {
		why(a, "atomic: CMA skipped");
		if (!dev->coherent)
			return from_atomic_pool(ctx, dev, size, a);
		return from_pages(ctx, dev, size, a);
	}
	if (!cma)
		return from_pages(ctx, dev, size, a);
	/* dma_alloc_from_contiguous() caps the order at CONFIG_CMA_ALIGNMENT */
	if (align > ctx->profile.cma_alignment)
		align = ctx->profile.cma_alignment;
	err = rmem_cma_alloc(cma, size >> shift, align, false, &a->pfn);
	if (err) {
		why(a, "arm: cma %s: %s, and no fallback", rmem_cma_get_name(cma),
		    err == -EBUSY ? "every fitting range had pinned pages" : strerror(-err));
		return -ENOMEM;
	}
	a->src = RMEM_DMA_SRC_CMA;
	a->cma = cma;
	a->count = size >> shift;
	a->dma = (rmem_dma_t)a->pfn << shift;
	a->has_addr = true;
	return 0;
}

int rmem_dma_alloc_attrs(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t size,
			 bool atomic, struct rmem_dma_alloc *a)
{
	int err;

	memset(a, 0, sizeof(*a));
	a->size = size;
	if (!size) {
		a->err = -EINVAL;
		why(a, "size 0");
		return a->err;
	}
	if (dev->dma_mem) {
		from_pool(ctx, dev, size, a);
		return a->err;
	}
	size = rmem_align_up(size, page_size(ctx));
	if (!ctx->profile.arch_ops->dma_direct) {
		a->err = arm_alloc(ctx, dev, size, atomic, a);
		return a->err;
	}
	if (noncoherent_path(ctx, dev, size, atomic, a))
		return a->err;
	if (atomic)
		why(a, "atomic: CMA skipped");
	else if (!from_cma(ctx, dev, size, a))
		return 0;
	err = from_pages(ctx, dev, size, a);
	a->err = err;
	return err;
}

/*
 * dma_direct_supported() (5.10 direct.c:468, 6.1 :576, 6.12 :566): a mask
 * of 32 bits or more always; a smaller one must reach the last page of
 * RAM or the end of ZONE_DMA (4 GiB here, see cma_in_zone()), whichever is
 * lower.  Without ZONE_DMA (riscv64) only the last page of RAM counts, which
 * gives the same answer for every mask below 32 bits.  arm's own
 * arm_dma_supported() is not modelled: there any mask is taken.
 */
int rmem_dma_set_coherent_mask(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t mask)
{
	uint64_t min_mask = rmem_memblock_end_of_DRAM(&ctx->memblock) - page_size(ctx);

	if (ctx->profile.arch_ops->dma_direct && mask < 0xffffffffull &&
	    mask < (min_mask < 0xffffffffull ? min_mask : 0xffffffffull))
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}

/* dma_free_contiguous(): the area the device would free to now */
static int free_cma(struct rmem_ctx *ctx, struct rmem_device *dev, struct rmem_dma_alloc *a)
{
	struct rmem_cma *area = dev->cma_area ? dev->cma_area : ctx->dma.contiguous_default_area;

	if (area == a->cma)
		return rmem_cma_release(a->cma, a->pfn, a->count);
	/* cma_release() says "not mine": __free_pages(), the area's bits stay set */
	a->leaked = true;
	return 0;
}

/* __dma_release_from_coherent()'s 1 "mine, released" / 0 "not mine" as 0 / -errno */
static int pool_ret(int ret)
{
	if (ret == 1)
		return 0;
	return ret ? ret : -ENOENT;
}

int rmem_dma_free_attrs(struct rmem_ctx *ctx, struct rmem_device *dev,
			struct rmem_dma_alloc *a)
{
	int ret = 0;

	if (a->src == RMEM_DMA_SRC_NONE)
		return -EINVAL;
	if (a->freed)
		return -ENOENT;
	switch (a->src) {
	case RMEM_DMA_SRC_POOL:
		/* dma_release_from_dev_coherent() looks at dev->dma_mem only */
		if (dev->dma_mem != a->pool)
			return -EFAULT;
		ret = pool_ret(rmem_dma_release_from_coherent(a->pool, a->dma, a->size));
		break;
	case RMEM_DMA_SRC_GLOBAL:
		ret = pool_ret(rmem_dma_release_from_global_coherent(&ctx->dma.global, a->dma,
								      a->size));
		break;
	case RMEM_DMA_SRC_CMA:
		ret = free_cma(ctx, dev, a);
		break;
	case RMEM_DMA_SRC_ATOMIC:
		if (ctx->profile.arch_ops->dma_direct && ctx->dma.atomic_pools_ready)
			rmem_dma_free_from_pool(ctx, a);
		break;
	default:
		break;
	}
	if (!ret)
		a->freed = true;
	return ret;
}

const char *rmem_dma_source_name(enum rmem_dma_source src)
{
	switch (src) {
	case RMEM_DMA_SRC_POOL:
		return "pool";
	case RMEM_DMA_SRC_GLOBAL:
		return "global pool";
	case RMEM_DMA_SRC_CMA:
		return "cma";
	case RMEM_DMA_SRC_ATOMIC:
		return "atomic pool";
	case RMEM_DMA_SRC_PAGES:
		return "generic";
	default:
		return "none";
	}
}
