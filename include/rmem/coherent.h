/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-device DMA coherent pools (kernel/dma/coherent.c).
 *
 * A pool covers [phys, phys + size) and answers dma_alloc_coherent() for the
 * device it is assigned to: a request of SIZE bytes takes a naturally
 * aligned run of 2^get_order(SIZE) pages, found by the kernel's
 * power-of-two region search (bitmap_find_free_region()), which scans from
 * the pool's first page in steps of the run's size.
 *
 * Exclusivity: in 5.10, 6.1 and 6.12 every pool is exclusive.
 * dma_alloc_from_dev_coherent() answers for a device that has a pool even
 * when the pool cannot satisfy the request, so dma_alloc_coherent() fails
 * rather than fall back to other memory.  Every pool made from a device-tree
 * "shared-dma-pool" node (and every dma_declare_coherent_memory() pool)
 * therefore behaves as exclusive = true.  A non-exclusive pool is a what-if
 * (kernels before 4.16 let platform code declare pools without
 * DMA_MEMORY_EXCLUSIVE): it answers only when it can satisfy the request.
 *
 * Threads: the alloc, release and stat functions of a pool may be called
 * from several threads at once; its bitmap is under its own lock, as the
 * kernel's mem->spinlock.  Making and freeing a pool, and the global pool's
 * setup, are not thread-safe (boot time, or a probe, in the kernel).
 */
#ifndef RMEM_COHERENT_H
#define RMEM_COHERENT_H

#include <rmem/api.h>
#include <rmem/log.h>
#include <rmem/profile.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rmem_dma_coherent_mem;

/* Who made the pool: decides how device addresses are formed, and the log. */
enum rmem_dma_pool_origin {
	/*
	 * dma_declare_coherent_memory() from platform code: the device sees
	 * the pool at exactly @device_addr.  Failures are not logged in 5.10.
	 */
	RMEM_DMA_POOL_DECLARED,
	/*
	 * A "shared-dma-pool" reserved-memory node, set up when its first
	 * device probes (rmem_dma_device_init()): use_dev_dma_pfn_offset, so
	 * addresses come from phys_to_dma() of the pool's first page frame.
	 * 5.10 logs "Reserved memory: failed to init DMA memory pool ..." on
	 * every failure.
	 */
	RMEM_DMA_POOL_RESERVED_MEM,
};

/*
 * Where the pool lies with respect to "System RAM", as region_intersects()
 * sees it.  The pool is mapped with memremap(MEMREMAP_WC), which refuses RAM:
 * a region without "no-map" stays System RAM on arm64.
 */
enum rmem_dma_region_ram {
	RMEM_DMA_REGION_NOT_RAM,	/* no-map, or outside memory: maps */
	RMEM_DMA_REGION_RAM,		/* wholly System RAM: memremap() fails */
	RMEM_DMA_REGION_MIXED,		/* partly System RAM: memremap() fails */
};

/**
 * struct rmem_dma_coherent_desc - what dma_init_coherent_memory() is given.
 * @phys_addr:   the pool's CPU physical base
 * @device_addr: the address the device sees for @phys_addr (phys_to_dma();
 *               @phys_addr for a device without dma-ranges).  With
 *               %RMEM_DMA_POOL_RESERVED_MEM the kernel recomputes the base
 *               from the page frame of @phys_addr, so a base that is not
 *               page aligned shifts device addresses down by its offset in
 *               the page (the translation is taken to be linear)
 * @size:        bytes; the pool tracks size >> PAGE_SHIFT pages
 * @backing:     NULL, or @size bytes of memory standing for the pool: then
 *               allocations are zeroed and return pointers into it, as the
 *               kernel returns pointers into its memremap()ed mapping
 * @origin:      see enum rmem_dma_pool_origin
 * @ram:         see enum rmem_dma_region_ram
 * @exclusive:   true for every pool of the modelled kernels; false is the
 *               what-if described at the top of this file
 */
struct rmem_dma_coherent_desc {
	rmem_phys_t phys_addr;
	rmem_dma_t device_addr;
	uint64_t size;
	void *backing;
	enum rmem_dma_pool_origin origin;
	enum rmem_dma_region_ram ram;
	bool exclusive;
};

/**
 * rmem_dma_init_coherent_memory() - dma_init_coherent_memory(), and for
 * %RMEM_DMA_POOL_RESERVED_MEM the logging of its caller rmem_dma_device_init().
 * @p:    the kernel (page size; version-specific logging)
 * @log:  receives the kernel's lines (NULL: dropped)
 *
 * Logs, when memremap() refuses the region, the kernel's one-time warning
 * "memremap attempted on ram|mixed range %pa size: %#lx" (once per @log, as
 * WARN_ONCE), and "Reserved memory: failed to init DMA memory pool at %pa,
 * size N MiB" at KERN_ERR: 5.10 on every failure of a
 * %RMEM_DMA_POOL_RESERVED_MEM pool; 6.1 and 6.12 only on -ENOMEM, for every
 * origin.
 *
 * Returns 0 and *@mem; -EINVAL (@size 0, or memremap() refuses the region,
 * as the kernel); -ENOMEM (no memory for the pool or its bitmap);
 * -EOVERFLOW (more than INT_MAX pages: the kernel's int page count would
 * wrap, rmem refuses).
 */
RMEM_API
int rmem_dma_init_coherent_memory(const struct rmem_profile *p,
				  const struct rmem_dma_coherent_desc *desc,
				  struct rmem_log *log, struct rmem_dma_coherent_mem **mem);

/** Free a pool (NULL is ignored); its backing memory stays the caller's. */
RMEM_API
void rmem_dma_release_coherent_memory(struct rmem_dma_coherent_mem *mem);

/**
 * rmem_dma_alloc_from_coherent() - __dma_alloc_from_coherent().
 * @size:       bytes; the run is 2^get_order(@size) pages
 * @dma_handle: receives the device address of the run
 * @vaddr:      if not NULL, receives the pointer into the backing memory
 *              (NULL when the pool has none).  Only the first @size bytes
 *              are zeroed, as the kernel zeroes them, not the whole run
 * Returns 0; -ENOMEM when @size exceeds the pool or no free naturally
 * aligned run exists; -EINVAL for @size 0 (the kernel's get_order(0) makes
 * it shift past the width of an int: undefined, rmem refuses).
 */
RMEM_API
int rmem_dma_alloc_from_coherent(struct rmem_dma_coherent_mem *mem, uint64_t size,
				 rmem_dma_t *dma_handle, void **vaddr);

/**
 * rmem_dma_alloc_from_dev_coherent() - dma_alloc_from_dev_coherent() for a
 * device whose pool is @mem (NULL: none).
 * @ret: receives rmem_dma_alloc_from_coherent()'s result whenever @mem is
 *       not NULL
 * Returns 0 when the caller must go on to the next allocator: no pool, or
 * a non-exclusive pool that cannot satisfy the request; 1 when the answer
 * is final: always for an exclusive pool (every pool of 5.10/6.1/6.12,
 * even when *@ret is an error), and on success for a non-exclusive one.
 */
RMEM_API
int rmem_dma_alloc_from_dev_coherent(struct rmem_dma_coherent_mem *mem, uint64_t size,
				     rmem_dma_t *dma_handle, void **vaddr, int *ret);

/**
 * rmem_dma_release_from_coherent() - __dma_release_from_coherent(), found by
 * device address instead of the kernel's virtual address.
 * @dma_handle: an address inside the run; like the kernel, rmem rounds it
 *              down to its page
 * @size:       the size given to the allocation: the run is
 *              2^get_order(@size) pages
 * Returns 1 when @dma_handle lies in the pool and the run was released; 0
 * when it does not lie in the pool, or @mem is NULL (the kernel's "not
 * mine"); -ENOENT when it lies in the pool but the run is not wholly
 * allocated, not aligned to its size, or runs past the pool: the kernel
 * would corrupt its bitmap, rmem refuses and changes nothing; -EINVAL for
 * @size 0.
 */
RMEM_API
int rmem_dma_release_from_coherent(struct rmem_dma_coherent_mem *mem, rmem_dma_t dma_handle,
				   uint64_t size);

/* What the pool looks like now. */
struct rmem_dma_coherent_stat {
	rmem_phys_t phys_base;
	rmem_dma_t device_base;		/* the device address of page 0 */
	unsigned long pages;		/* pool size in pages */
	unsigned long used;		/* pages allocated */
	/* the largest order an allocation can still get, -1U when none */
	unsigned int largest_free_order;
	bool exclusive;
};

/** rmem_dma_coherent_get_stat() - fill @st; cannot fail. */
RMEM_API
void rmem_dma_coherent_get_stat(const struct rmem_dma_coherent_mem *mem,
				struct rmem_dma_coherent_stat *st);

/**
 * The global default pool: a "shared-dma-pool" node with "linux,dma-default",
 * which non-coherent devices allocate from when the kernel has one.  The
 * pool belongs to @global, an object the caller keeps (the kernel's static
 * dma_coherent_default_memory).
 *
 * Which kernels have it: 6.1 and 6.12 with CONFIG_DMA_GLOBAL_POOL
 * (dma_init_global_coherent(); arm selects it only without an MMU); 5.10
 * only on arm (rmem_dma_setup() reads "linux,dma-default" under CONFIG_ARM,
 * and only arm's no-MMU DMA ops allocate from it).
 */
struct rmem_dma_global {
	struct rmem_dma_coherent_mem *mem;
};

/**
 * rmem_dma_init_global_coherent() - 6.x dma_init_global_coherent(), 5.10
 * dma_init_reserved_memory(): make the pool at @phys_addr (device address
 * @phys_addr, as a %RMEM_DMA_POOL_RESERVED_MEM pool, exclusive) the global
 * default one.
 * @backing: as in struct rmem_dma_coherent_desc
 * @log:     receives "DMA: default coherent area is set" (KERN_INFO) on
 *           success, and the failure lines of rmem_dma_init_coherent_memory()
 *           as that version prints them
 * Returns 0; -EOPNOTSUPP when the kernel has no global pool (nothing is
 * logged: the kernel ignores "linux,dma-default"); -EBUSY when @global
 * already has a pool (the kernel sets it up once); the errors of
 * rmem_dma_init_coherent_memory().
 */
RMEM_API
int rmem_dma_init_global_coherent(struct rmem_dma_global *global, const struct rmem_profile *p,
				  rmem_phys_t phys_addr, uint64_t size, void *backing,
				  struct rmem_log *log);

/** Free the global pool, if any, and leave @global empty. */
RMEM_API
void rmem_dma_release_global_coherent(struct rmem_dma_global *global);

/** Returns 0; -ENODEV without a global pool; else as rmem_dma_alloc_from_coherent(). */
RMEM_API
int rmem_dma_alloc_from_global_coherent(struct rmem_dma_global *global, uint64_t size,
					rmem_dma_t *dma_handle, void **vaddr);

/** As rmem_dma_release_from_coherent(); 0 without a global pool. */
RMEM_API
int rmem_dma_release_from_global_coherent(struct rmem_dma_global *global,
					  rmem_dma_t dma_handle, uint64_t size);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_COHERENT_H */
