/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-device DMA coherent pools (kernel/dma/coherent.c).
 *
 * A pool covers [phys, phys + size) and answers dma_alloc_coherent() for the
 * device it is assigned to: a request of SIZE bytes takes a naturally
 * aligned run of 2^get_order(SIZE) pages, found by the kernel's
 * power-of-two region search (bitmap_find_free_region()).
 */
#ifndef RMEM_COHERENT_H
#define RMEM_COHERENT_H

#include <rmem/profile.h>

struct rmem_dma_coherent_mem;

/**
 * rmem_dma_init_coherent_memory() - dma_init_coherent_memory().
 * @p:           the kernel (page size; version-specific behaviour)
 * @phys_addr:   the pool's CPU physical base
 * @device_addr: the address the device sees for @phys_addr
 * @size:        bytes; the pool tracks size >> PAGE_SHIFT pages
 * @backing:     NULL, or @size bytes of memory standing for the pool: then
 *               allocations are zeroed and return pointers into it, as the
 *               kernel returns its remapped virtual addresses
 * @exclusive:   an allocation that the pool cannot satisfy fails instead
 *               of falling back to other memory (see
 *               rmem_dma_alloc_from_dev_coherent())
 * Returns 0 and *@mem; -EINVAL (@size 0, as the kernel), -ENOMEM.
 */
int rmem_dma_init_coherent_memory(const struct rmem_profile *p, rmem_phys_t phys_addr,
				  rmem_dma_t device_addr, uint64_t size, void *backing,
				  bool exclusive, struct rmem_dma_coherent_mem **mem);
void rmem_dma_release_coherent_memory(struct rmem_dma_coherent_mem *mem);

/**
 * rmem_dma_alloc_from_coherent() - __dma_alloc_from_coherent().
 * @dma_handle: receives the device address
 * @vaddr:      if not NULL, receives the pointer into the backing memory
 *              (NULL when the pool has none)
 * Returns 0; -ENOMEM when no free naturally aligned run of
 * 2^get_order(@size) pages exists or @size exceeds the pool.
 */
int rmem_dma_alloc_from_coherent(struct rmem_dma_coherent_mem *mem, uint64_t size,
				 rmem_dma_t *dma_handle, void **vaddr);

/**
 * rmem_dma_alloc_from_dev_coherent() - dma_alloc_from_dev_coherent() for a
 * device whose pool is @mem (NULL: none).  Returns what the kernel returns:
 * 0 when the caller must go on to the next allocator, 1 when the answer is
 * final; *@ret is then 0 with *@dma_handle set, or -ENOMEM.
 */
int rmem_dma_alloc_from_dev_coherent(struct rmem_dma_coherent_mem *mem, uint64_t size,
				     rmem_dma_t *dma_handle, void **vaddr, int *ret);

/**
 * rmem_dma_release_from_coherent() - __dma_release_from_coherent(), found by
 * device address.
 * Returns 1 when @dma_handle lies in the pool and its 2^get_order(@size)
 * pages were released; 0 when it does not lie in the pool (the kernel's
 * "not mine"); -ENOENT when it lies in the pool but those pages are not
 * all allocated, or not at a run's natural alignment: the kernel would
 * corrupt its bitmap, rmem refuses and changes nothing.
 */
int rmem_dma_release_from_coherent(struct rmem_dma_coherent_mem *mem, rmem_dma_t dma_handle,
				   uint64_t size);

/* What the pool looks like now. */
struct rmem_dma_coherent_stat {
	rmem_phys_t phys_base;
	rmem_dma_t device_base;
	unsigned long pages;		/* pool size in pages */
	unsigned long used;		/* pages allocated */
	unsigned int largest_free_order; /* largest order an allocation can still get, -1U when full */
	bool exclusive;
};
void rmem_dma_coherent_get_stat(const struct rmem_dma_coherent_mem *mem,
				struct rmem_dma_coherent_stat *st);

/**
 * The global default pool (a "linux,dma-default" node: dma_init_global_coherent()
 * and dma_alloc_from_global_coherent()).  The pool belongs to @global, an
 * object the caller keeps (the kernel's static dma_coherent_default_memory).
 */
struct rmem_dma_global {
	struct rmem_dma_coherent_mem *mem;
};
int rmem_dma_init_global_coherent(struct rmem_dma_global *global, const struct rmem_profile *p,
				  rmem_phys_t phys_addr, uint64_t size, void *backing);
void rmem_dma_release_global_coherent(struct rmem_dma_global *global);
/** Returns 0; -ENODEV without a global pool; -ENOMEM as rmem_dma_alloc_from_coherent(). */
int rmem_dma_alloc_from_global_coherent(struct rmem_dma_global *global, uint64_t size,
					rmem_dma_t *dma_handle, void **vaddr);
/** As rmem_dma_release_from_coherent(); 0 without a global pool. */
int rmem_dma_release_from_global_coherent(struct rmem_dma_global *global,
					  rmem_dma_t dma_handle, uint64_t size);

#endif /* RMEM_COHERENT_H */
