/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel/dma/'s globals for one machine: the default CMA area
 * (contiguous.c), the atomic pools (pool.c) and the default coherent
 * pool (coherent.c).
 */
#ifndef RMEM_DMA_DMA_STATE_H
#define RMEM_DMA_DMA_STATE_H

#include <pthread.h>

#include <rmem/coherent.h>

#define RMEM_DMA_ATOMIC_CHUNKS 16	/* gen_pool chunks per atomic pool rmem follows */

struct rmem_cma;
struct rmem_ctx;

struct rmem_dma_state {
	/* dma_contiguous_default_area */
	struct rmem_cma *contiguous_default_area;
	/*
	 * the atomic pools (kernel, DMA, DMA32), each a list of chunks,
	 * newest first as gen_pool_add() links them; bytes only
	 */
	struct rmem_dma_atomic_pool {
		bool exists;
		unsigned int nr;
		uint64_t size[RMEM_DMA_ATOMIC_CHUNKS], used[RMEM_DMA_ATOMIC_CHUNKS];
	} atomic_pools[3];
	bool atomic_pools_ready;
	/*
	 * what gen_pool keeps consistent with its spinlock and cmpxchg()es,
	 * and the single atomic_pool_work running at a time
	 */
	pthread_mutex_t atomic_pools_lock;
	/* dma_coherent_default_memory */
	struct rmem_dma_global global;
	/* and dma_reserved_default_memory: the "linux,dma-default" region */
	bool reserved_default_set;
	rmem_phys_t reserved_default_base;
	rmem_phys_t reserved_default_size;
};

/*
 * The size of the default CMA area dma_contiguous_reserve() asks for: the
 * cma= size, or the one CONFIG_CMA_SIZE_* gives; 0 for none.
 */
rmem_phys_t rmem_dma_contiguous_wanted(const struct rmem_ctx *ctx);

/* 0, or -errno when the pools' lock cannot be made. */
int rmem_dma_state_init(struct rmem_dma_state *dma);
void rmem_dma_state_release(struct rmem_dma_state *dma);

#endif /* RMEM_DMA_DMA_STATE_H */
