/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Devices after boot: how a driver's probe assigns reserved memory to its
 * device (drivers/of/of_reserved_mem.c: of_reserved_mem_device_init_by_idx()
 * and friends, with the handlers' device_init/device_release of
 * kernel/dma/contiguous.c and kernel/dma/coherent.c), and how
 * dma_alloc_coherent() / dma_free_coherent() then find memory for it
 * (kernel/dma/mapping.c, direct.c, contiguous.c, coherent.c).
 *
 * A device is a device-tree node with a "memory-region" property, seen as
 * the platform device the kernel makes of it.  What the kernel logs with
 * dev_info()/dev_warn() is logged to the context's log prefixed with the
 * device's name ("camera: ..."; the kernel prints the driver and the
 * platform device name, which rmem does not know).
 *
 * Threads: rmem_dma_alloc_attrs() and rmem_dma_free_attrs() may run on
 * several threads at once, for the same device too, as drivers call them;
 * each allocation record is its caller's (freeing one record from two
 * threads at once is a double free).  Setting a device up, assigning its
 * regions, releasing them, its coherent mask and the atomic pools' init
 * are boot or probe time: one thread, not during those calls.
 */
#ifndef RMEM_DEVICE_H
#define RMEM_DEVICE_H

#include <rmem/api.h>
#include <rmem/cma.h>
#include <rmem/coherent.h>
#include <rmem/reserved_mem.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RMEM_DEVICE_MAX_ASSIGNED 16

/* struct device, as far as reserved memory and coherent DMA go. */
struct rmem_device {
	const char *name;		/* the node's name */
	int node;			/* its offset in the context's device tree */
	bool coherent;			/* "dma-coherent": dev_is_dma_coherent() */
	uint64_t coherent_dma_mask;	/* DMA_BIT_MASK(32) for a platform device */
	struct rmem_cma *cma_area;	/* dev->cma_area */
	struct rmem_dma_coherent_mem *dma_mem;	/* dev->dma_mem */
	/* of_rmem_assigned_device_list entries of this device, oldest first */
	struct rmem_reserved_mem *assigned[RMEM_DEVICE_MAX_ASSIGNED];
	unsigned int nr_assigned;
};

/**
 * rmem_device_setup() - the platform device for the node at @node: not
 * coherent unless "dma-coherent", a 32-bit coherent mask, nothing assigned.
 * Returns 0; -EINVAL when @node is not a node of the context's tree.
 */
RMEM_API
int rmem_device_setup(struct rmem_ctx *ctx, int node, struct rmem_device *dev);

/**
 * rmem_of_reserved_mem_device_init_by_idx() - entry @idx of the device's
 * "memory-region": found in the reserved_mem array by phandle (5.10, 6.1:
 * __find_rmem()) or by node name (6.12: of_reserved_mem_lookup()), then
 * the handler's device_init:
 *   "cma": dev->cma_area = the region's area (all versions);
 *   "dma": the region's pool, made on first use by
 *          rmem_dma_init_coherent_memory() (exclusive; a region that is
 *          System RAM, i.e. without no-map, is refused by memremap()), then
 *          assigned: 6.x returns -EBUSY when the device has a pool already
 *          and warns when the pool lies beyond the coherent mask; 5.10
 *          ignores the -EBUSY and keeps the first pool.
 * Logs "assigned reserved memory node NAME" on success.
 * Returns 0 (also for a disabled target, which the kernel skips);
 * -ENODEV (@idx negative or past the entries, or a phandle that names no
 * node: of_parse_phandle() gives NULL); -EINVAL (the target is no region of
 * the array, or its handler has no device ops: only "cma" and "dma" have
 * them); -ENOSPC (rmem's own list is
 * full); the pool's errors (-EINVAL, -ENOMEM) and 6.x's -EBUSY.
 */
RMEM_API
int rmem_of_reserved_mem_device_init_by_idx(struct rmem_ctx *ctx, struct rmem_device *dev,
					    int idx);

/**
 * rmem_of_reserved_mem_device_init_by_name() - the index of @name in
 * "memory-region-names" (of_property_match_string()), then the above: a
 * name not found passes a negative index, which of_parse_phandle() turns
 * into -ENODEV, as in the kernel.
 * Returns as rmem_of_reserved_mem_device_init_by_idx().
 */
RMEM_API
int rmem_of_reserved_mem_device_init_by_name(struct rmem_ctx *ctx, struct rmem_device *dev,
					     const char *name);

/**
 * rmem_of_reserved_mem_device_release() - every region assigned to @dev
 * gets its device_release: cma_area or dma_mem cleared (the pool itself
 * stays the region's, for the next device).
 */
RMEM_API
void rmem_of_reserved_mem_device_release(struct rmem_ctx *ctx, struct rmem_device *dev);

/* Who answered a dma_alloc_coherent(). */
enum rmem_dma_source {
	RMEM_DMA_SRC_NONE,		/* failed */
	RMEM_DMA_SRC_POOL,		/* the device's coherent pool */
	RMEM_DMA_SRC_GLOBAL,		/* the global coherent pool (6.x, DMA_GLOBAL_POOL) */
	RMEM_DMA_SRC_CMA,		/* a CMA area */
	RMEM_DMA_SRC_ATOMIC,		/* the atomic pools (kernel/dma/pool.c): no address */
	RMEM_DMA_SRC_PAGES,		/* the page allocator: not modelled */
};

/* One dma_alloc_coherent() and what it got. */
struct rmem_dma_alloc {
	uint64_t size;			/* as asked */
	enum rmem_dma_source src;
	int err;			/* 0, or why it failed */
	bool has_addr;			/* false for ATOMIC and PAGES */
	rmem_dma_t dma;			/* the device address */
	struct rmem_dma_coherent_mem *pool;	/* POOL, GLOBAL */
	struct rmem_cma *cma;		/* CMA */
	rmem_pfn_t pfn;			/* CMA: first page */
	unsigned long count;		/* CMA: pages */
	bool freed;			/* dma_free_coherent() gave it back */
	int atomic_pool, atomic_chunk;	/* ATOMIC on arm64: where it came from */
	/*
	 * CMA pages freed while the device's current area (dev->cma_area, or
	 * the default area when it has none) is not the one that gave them:
	 * dma_free_contiguous() hands them to the page allocator and the area
	 * keeps them marked allocated for good
	 */
	bool leaked;
	char why[256];			/* the path taken, in words */
};

/**
 * rmem_dma_alloc_attrs() - dma_alloc_attrs() on arm64's dma-direct:
 *   1. the device's pool (dma_alloc_from_dev_coherent()): final, pools are
 *      exclusive;
 *   2. non-coherent device: 6.x with CONFIG_DMA_GLOBAL_POOL takes the global
 *      pool; @atomic (no __GFP_DIRECT_RECLAIM) takes the atomic pools
 *      (CONFIG_DMA_DIRECT_REMAP): after rmem_dma_atomic_pools_init() on
 *      arm64 their chunks are followed (dma/pool.c: a request no chunk
 *      has room for fails; the pools grow); before it, and on arm, only
 *      their initial size is known (128 KiB per GiB of RAM, at least
 *      128 KiB; 256 KiB on arm): a larger request fails.  Success gives
 *      no address;
 *   3. dma_alloc_contiguous(): CMA only when blocking is allowed; the
 *      device's area, else, above one page, the default area; count =
 *      PAGE_ALIGN(size) pages aligned to min(get_order(size),
 *      CONFIG_CMA_ALIGNMENT); pages beyond the coherent mask go back;
 *   4. the page allocator: a success without an address, unless the
 *      order is above the largest the buddy allocator has (MAX_ORDER) or
 *      the mask lies below the start of RAM plus the size (then -ENOMEM).
 * On arm (armhf) arm's own dma ops instead (arch/arm/mm/dma-mapping.c):
 * after the pool, a blocking request goes to the device's area or else the
 * default area whatever its size, with no fallback when CMA fails and no
 * mask check; atomic ones to the atomic pool (the page allocator for a
 * coherent device).
 * Returns 0 with @res filled; the allocation's error otherwise (@res says
 * why; the kernel returns NULL for all): -ENOMEM (also when CMA failed on
 * pinned pages: the page allocator had the last word), -EINVAL (size 0).
 */
RMEM_API
int rmem_dma_alloc_attrs(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t size,
			 bool atomic, struct rmem_dma_alloc *res);

/**
 * rmem_dma_free_attrs() - dma_free_attrs() of @a, routed as the kernel
 * routes it by the device's state now: the device's pool
 * (dma_release_from_dev_coherent()), else dma_free_contiguous(): the
 * device's CMA area, or without one the default area, else the page
 * allocator.  CMA pages that reach the page allocator that way stay marked
 * in their area (@a->leaked).  The same in 5.10, 6.1 and 6.12
 * (contiguous.c:347, :346, :400).
 * Returns 0; -EINVAL when @a failed (nothing to free); -ENOENT when it was
 * freed already (a double free); -EFAULT when @a came from a pool the
 * device no longer has (the kernel would give pool memory to the page
 * allocator: refused, nothing changed); the refusals of
 * rmem_dma_release_from_coherent() and rmem_cma_release(), with nothing
 * changed.
 */
RMEM_API
int rmem_dma_free_attrs(struct rmem_ctx *ctx, struct rmem_device *dev,
			struct rmem_dma_alloc *a);

/**
 * rmem_dma_set_coherent_mask() - dma_set_coherent_mask(): dma-direct's
 * dma_direct_supported() refuses a mask below 32 bits that does not reach
 * min(the last page of RAM, the end of ZONE_DMA); on arm any mask is taken.
 * Returns 0 with @dev's mask set; -EIO (refused, the mask unchanged).
 */
RMEM_API
int rmem_dma_set_coherent_mask(struct rmem_ctx *ctx, struct rmem_device *dev, uint64_t mask);

/**
 * rmem_dma_atomic_pools_init() - the atomic pools' first pages, taken at
 * postcore_initcall (kernel/dma/pool.c dma_atomic_pool_init(); on arm,
 * arch/arm/mm/dma-mapping.c atomic_pool_init()) from the default CMA area
 * when it lies in each pool's zone: 3 pools of 2^get_order(size) pages on
 * arm64 (size: 128 KiB per GiB of RAM, at least 128 KiB), one of 256 KiB
 * on arm.  Call after the CMA areas are activated and before any driver
 * allocates; later calls do nothing.  The pools keep these pages for good.
 * Returns 0, also when there is no default area or it cannot give a pool
 * its pages (the page allocator then does); on arm rmem_cma_alloc()'s
 * error in that last case.
 */
RMEM_API
int rmem_dma_atomic_pools_init(struct rmem_ctx *ctx);

/** A readable name for @src ("pool", "cma", "generic", ...). */
RMEM_API
const char *rmem_dma_source_name(enum rmem_dma_source src);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_DEVICE_H */
