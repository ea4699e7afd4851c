/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The atomic pools (kernel/dma/pool.c; arm's in arch/arm/mm/dma-mapping.c)
 * as dma_alloc_attrs() meets them.  rmem_dma_atomic_pools_init() is
 * public (<rmem/device.h>).
 */
#ifndef RMEM_DMA_POOL_H
#define RMEM_DMA_POOL_H

#include <rmem/device.h>

/* atomic_pool_size: the size each pool starts with */
uint64_t rmem_dma_atomic_pool_size(const struct rmem_ctx *ctx);

/*
 * dma_alloc_from_pool() for @dev (its coherent mask picks the pools) of
 * @size bytes (page-aligned); a success schedules the pools' growth, which
 * rmem runs at once.  Returns 0 with @a->src ATOMIC; -ENOMEM (@a->why).
 */
int rmem_dma_alloc_from_pool(struct rmem_ctx *ctx, const struct rmem_device *dev, uint64_t size,
			     struct rmem_dma_alloc *a);

/* dma_free_from_pool(): gives @a's bytes back to its chunk */
void rmem_dma_free_from_pool(struct rmem_ctx *ctx, const struct rmem_dma_alloc *a);

#endif /* RMEM_DMA_POOL_H */
