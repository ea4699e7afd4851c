// SPDX-License-Identifier: GPL-2.0-only
/*
 * The atomic pools of dma-direct (kernel/dma/pool.c): what a non-coherent
 * device's GFP_ATOMIC dma_alloc_coherent() gets, since remapping may
 * sleep.  At postcore_initcall each pool takes its first chunk, from the
 * default CMA area when that lies in the pool's zone; an allocation that
 * leaves a pool with less than atomic_pool_size free schedules a worker
 * that adds a chunk as large as the pool (from CMA again).  That worker is
 * why the first blocking allocations from the default area land after
 * the pools.  The chunks are followed in bytes (no addresses: an atomic
 * buffer has none in rmem); the worker is run right after the allocation
 * that scheduled it, as it runs on an idle machine.
 *
 * The same in 5.10, 6.1 and 6.12 (pool.c: cma_in_zone() :59/:56/:56,
 * atomic_pool_expand() :82/:79/:79, dma_atomic_pool_init() :190/:187/:187,
 * dma_guess_pool() :227/:224/:224); 6.12 compares with zone_dma_limit
 * instead of DMA_BIT_MASK(zone_dma_bits): both 4 GiB on QEMU's virt board
 * for arm64.  A kernel without ZONE_DMA (riscv64) keeps the default, 24
 * bits, has no DMA pool, and sends a 32-bit mask to the DMA32 pool first.
 *
 * 7.2 (pool.c:208, :233) makes a pool only for a zone with pages, the
 * kernel pool for ZONE_NORMAL too, and sends a request whose zone has no
 * pool to the others.
 *
 * Threads: gen_pool allocates and frees with cmpxchg() on its chunks'
 * bitmaps and links chunks under pool->lock (6.12 lib/genalloc.c:54, :68,
 * :202), and atomic_pool_work never runs twice at once (a work item).
 * rmem's byte counts and its inline worker are kept consistent by one
 * lock per context instead.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "dma/pool.h"

enum { POOL_KERNEL, POOL_DMA, POOL_DMA32 };

#define ZONE_DMA_END 0xffffffffull	/* zone_dma_bits 32: no dma-ranges limit */
#define ZONE_DMA32_END 0xffffffffull
#define ZONE_DMA_DEFAULT_END 0xffffffull /* DMA_BIT_MASK(24): no arch sets it */

enum { GFP_ZONE_NORMAL, GFP_ZONE_DMA, GFP_ZONE_DMA32 };

/* zone_dma_limit: where the arch's ZONE_DMA ends, the default without one */
static uint64_t zone_dma_limit(const struct rmem_profile *p)
{
	return p->zone_dma ? ZONE_DMA_END : ZONE_DMA_DEFAULT_END;
}

/*
 * 128 KiB per GiB of totalram_pages() (5.10 :199, 6.1 :196, 6.12 :196), at
 * most a MAX_ORDER block, at least 128 KiB; arm's fixed 256 KiB
 * (arch/arm/mm/dma-mapping.c:185).  totalram_pages() is taken as memory
 * not reserved by memblock plus the CMA pages given back at activation.
 */
uint64_t rmem_dma_atomic_pool_size(const struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;
	uint64_t total, pages;

	if (!p->arch_ops->dma_direct)
		return 256 << 10;
	total = rmem_memblock_phys_mem_size(&ctx->memblock) -
		rmem_memblock_reserved_size(&ctx->memblock);
	total = (total >> p->page_shift) + rmem_cma_total_pages(ctx);
	pages = total / ((1u << 30) / (128u << 10));
	if (pages > (1ull << p->max_page_order))
		pages = 1ull << p->max_page_order;
	pages <<= p->page_shift;
	return pages > (128u << 10) ? pages : (128u << 10);
}

/*
 * cma_in_zone(): the default area may feed a DMA pool only when it ends in
 * ZONE_DMA, a DMA32 one only when it ends below 4 GiB (or ZONE_DMA's end)
 */
static bool cma_in_zone(const struct rmem_ctx *ctx, const struct rmem_cma *cma, int pool)
{
	uint64_t end, dma = zone_dma_limit(&ctx->profile);

	if (!cma || !rmem_cma_get_size(cma))
		return false;
	end = rmem_cma_get_base(cma) + rmem_cma_get_size(cma) - 1;
	if (pool == POOL_DMA)
		return end <= dma;
	return pool == POOL_KERNEL || end <= (dma > ZONE_DMA32_END ? dma : ZONE_DMA32_END);
}

/* dma_alloc_from_contiguous(NULL, ...): the default area, the alignment capped */
static int pool_from_cma(struct rmem_ctx *ctx, unsigned long count, unsigned int align)
{
	rmem_pfn_t pfn;

	if (align > ctx->profile.cma_alignment)
		align = ctx->profile.cma_alignment;
	return rmem_cma_alloc(ctx->dma.contiguous_default_area, count, align, false, &pfn);
}

/*
 * atomic_pool_expand(): 2^min(get_order(size), the largest buddy order)
 * pages from CMA when in zone, else from the page allocator, which has
 * them (a smaller order is never needed here)
 */
static void pool_expand(struct rmem_ctx *ctx, int idx, uint64_t size)
{
	struct rmem_dma_atomic_pool *pool = &ctx->dma.atomic_pools[idx];
	const struct rmem_profile *p = &ctx->profile;
	unsigned int order = rmem_get_order(size, p->page_shift);

	if (order > p->max_page_order)
		order = p->max_page_order;
	if (cma_in_zone(ctx, ctx->dma.contiguous_default_area, idx))
		(void)pool_from_cma(ctx, 1ul << order, order);
	if (pool->nr == RMEM_DMA_ATOMIC_CHUNKS)
		return;		/* beyond what rmem follows: the pool stops growing */
	pool->size[pool->nr] = (uint64_t)1 << (order + p->page_shift);
	pool->used[pool->nr++] = 0;
}

/* has_managed_zone(): the zone @name exists and has memory in its span */
static bool zone_has_pages(const struct rmem_ctx *ctx, const char *name)
{
	const struct rmem_memblock_type *mem = &ctx->memblock.memory;
	unsigned int shift = ctx->profile.page_shift;

	for (size_t i = 0; i < ctx->zones.nr; i++) {
		const struct rmem_zone *z = &ctx->zones.zone[i];

		if (strcmp(z->name, name))
			continue;
		for (size_t r = 0; r < mem->cnt; r++)
			if (mem->regions[r].size && mem->regions[r].base >> shift < z->end_pfn &&
			    (mem->regions[r].base + mem->regions[r].size) >> shift > z->start_pfn)
				return true;
	}
	return false;
}

/* Which pools dma_atomic_pool_init() makes. */
static void pools_exist(struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;
	struct rmem_dma_atomic_pool *pools = ctx->dma.atomic_pools;

	if (p->facts->dma.atomic_pools_populated_zones) {
		pools[POOL_KERNEL].exists = zone_has_pages(ctx, "Normal");
		pools[POOL_DMA].exists = p->zone_dma && zone_has_pages(ctx, "DMA");
		pools[POOL_DMA32].exists = p->zone_dma32 && zone_has_pages(ctx, "DMA32");
		return;
	}
	/* has_managed_dma(): ZONE_DMA, where there is one, ends at 4 GiB */
	pools[POOL_KERNEL].exists = true;
	pools[POOL_DMA].exists =
		p->zone_dma && rmem_memblock_start_of_DRAM(&ctx->memblock) <= ZONE_DMA_END;
	pools[POOL_DMA32].exists = p->zone_dma32;
}

int rmem_dma_atomic_pools_init(struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;
	uint64_t size = rmem_dma_atomic_pool_size(ctx);

	if (ctx->dma.atomic_pools_ready)
		return 0;
	ctx->dma.atomic_pools_ready = true;
	if (!p->arch_ops->dma_direct) {
		/*
		 * arch/arm/mm/dma-mapping.c atomic_pool_init() (6.1 :200): one
		 * pool, from the default area when there is one
		 * (__alloc_from_contiguous(): aligned to its order); its use is
		 * not followed
		 */
		if (!ctx->dma.contiguous_default_area)
			return 0;
		return pool_from_cma(ctx, size >> p->page_shift, rmem_get_order(size, p->page_shift));
	}
	pools_exist(ctx);
	for (int i = 0; i < 3; i++)
		if (ctx->dma.atomic_pools[i].exists)
			pool_expand(ctx, i, size);
	return 0;
}

static uint64_t pool_total(const struct rmem_dma_atomic_pool *pool, bool avail)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < pool->nr; i++)
		n += pool->size[i] - (avail ? pool->used[i] : 0);
	return n;
}

/* atomic_pool_work_fn(): DMA, DMA32, then the kernel pool, each grown by its size when low */
static void pool_work(struct rmem_ctx *ctx)
{
	static const int order[] = { POOL_DMA, POOL_DMA32, POOL_KERNEL };
	uint64_t size = rmem_dma_atomic_pool_size(ctx);

	for (int i = 0; i < 3; i++) {
		struct rmem_dma_atomic_pool *pool = &ctx->dma.atomic_pools[order[i]];

		if (pool->exists && pool_total(pool, true) < size)
			pool_expand(ctx, order[i], pool_total(pool, false));
	}
}

/* The first of @a, @b, @c that exists, or -1. */
static int first_pool(const struct rmem_dma_atomic_pool *pools, int a, int b, int c)
{
	return pools[a].exists ? a : pools[b].exists ? b : pools[c].exists ? c : -1;
}

/* 7.2's dma_guess_pool(): the mask's zone, or the nearest pool there is */
static int guess_pool_7_2(const struct rmem_ctx *ctx, int prev, int gfp)
{
	const struct rmem_dma_atomic_pool *pools = ctx->dma.atomic_pools;

	if (prev < 0 && gfp == GFP_ZONE_DMA)
		return first_pool(pools, POOL_DMA, POOL_DMA32, POOL_KERNEL);
	if (prev < 0 && gfp == GFP_ZONE_DMA32)
		return first_pool(pools, POOL_DMA32, POOL_DMA, POOL_KERNEL);
	if (prev < 0)
		return first_pool(pools, POOL_KERNEL, POOL_DMA32, POOL_DMA);
	if (prev == POOL_KERNEL)
		return first_pool(pools, POOL_DMA32, POOL_DMA, POOL_DMA);
	if (prev == POOL_DMA32)
		return first_pool(pools, POOL_DMA, POOL_DMA, POOL_DMA);
	return -1;
}

/* dma_guess_pool(): the zone of the mask first, then the lower ones */
static int guess_pool(const struct rmem_ctx *ctx, int prev, int gfp)
{
	const struct rmem_dma_atomic_pool *pools = ctx->dma.atomic_pools;

	if (ctx->profile.facts->dma.atomic_pools_populated_zones)
		return guess_pool_7_2(ctx, prev, gfp);
	if (prev < 0) {
		if (gfp == GFP_ZONE_DMA32 && pools[POOL_DMA32].exists)
			return POOL_DMA32;
		if (gfp == GFP_ZONE_DMA && pools[POOL_DMA].exists)
			return POOL_DMA;
		return POOL_KERNEL;
	}
	if (prev == POOL_KERNEL && pools[POOL_DMA32].exists)
		return POOL_DMA32;
	if (prev != POOL_DMA && pools[POOL_DMA].exists)
		return POOL_DMA;
	return -1;
}

/* dma_direct_optimal_gfp_mask(): the zone the device's mask falls into */
static int optimal_gfp(const struct rmem_ctx *ctx, const struct rmem_device *dev)
{
	if (dev->coherent_dma_mask <= zone_dma_limit(&ctx->profile))
		return GFP_ZONE_DMA;
	return dev->coherent_dma_mask <= ZONE_DMA32_END ? GFP_ZONE_DMA32 : GFP_ZONE_NORMAL;
}

/* gen_pool_alloc(): the newest chunk first; a chunk's free bytes taken as one run */
static int chunk_alloc(struct rmem_dma_atomic_pool *pool, uint64_t size)
{
	for (int i = (int)pool->nr - 1; i >= 0; i--) {
		if (pool->size[i] - pool->used[i] < size)
			continue;
		pool->used[i] += size;
		return i;
	}
	return -1;
}

static int alloc_from_pool(struct rmem_ctx *ctx, const struct rmem_device *dev, uint64_t size,
			   struct rmem_dma_alloc *a)
{
	int gfp = optimal_gfp(ctx, dev);

	for (int idx = guess_pool(ctx, -1, gfp); idx >= 0; idx = guess_pool(ctx, idx, gfp)) {
		struct rmem_dma_atomic_pool *pool = &ctx->dma.atomic_pools[idx];
		int chunk = chunk_alloc(pool, size);

		if (chunk < 0)
			continue;
		a->src = RMEM_DMA_SRC_ATOMIC;
		a->atomic_pool = idx;
		a->atomic_chunk = chunk;
		if (pool_total(pool, true) < rmem_dma_atomic_pool_size(ctx))
			pool_work(ctx);
		return 0;
	}
	return -ENOMEM;
}

int rmem_dma_alloc_from_pool(struct rmem_ctx *ctx, const struct rmem_device *dev, uint64_t size,
			     struct rmem_dma_alloc *a)
{
	int ret;

	pthread_mutex_lock(&ctx->dma.atomic_pools_lock);
	ret = alloc_from_pool(ctx, dev, size, a);
	pthread_mutex_unlock(&ctx->dma.atomic_pools_lock);
	return ret;
}

void rmem_dma_free_from_pool(struct rmem_ctx *ctx, const struct rmem_dma_alloc *a)
{
	struct rmem_dma_atomic_pool *pool = &ctx->dma.atomic_pools[a->atomic_pool];
	uint64_t size = rmem_align_up(a->size, (uint64_t)1 << ctx->profile.page_shift);

	pthread_mutex_lock(&ctx->dma.atomic_pools_lock);
	if (pool->used[a->atomic_chunk] >= size)
		pool->used[a->atomic_chunk] -= size;
	pthread_mutex_unlock(&ctx->dma.atomic_pools_lock);
}

int rmem_dma_state_init(struct rmem_dma_state *dma)
{
	memset(dma, 0, sizeof(*dma));
	return -pthread_mutex_init(&dma->atomic_pools_lock, NULL);
}

void rmem_dma_state_release(struct rmem_dma_state *dma)
{
	rmem_dma_release_global_coherent(&dma->global);
	pthread_mutex_destroy(&dma->atomic_pools_lock);
}
