/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct rmem_dma_coherent_mem: one DMA coherent pool (the kernel's
 * struct dma_coherent_mem, kernel/dma/coherent.c).
 */
#ifndef RMEM_DMA_COHERENT_H
#define RMEM_DMA_COHERENT_H

#include <pthread.h>

#include <rmem/coherent.h>

struct rmem_dma_coherent_mem {
	void *virt_base;		/* the backing memory, or NULL */
	rmem_dma_t device_base;		/* device_addr as given */
	rmem_dma_t dma_offset;		/* device_addr - phys_addr: a linear phys_to_dma() */
	rmem_phys_t phys_base;
	rmem_pfn_t pfn_base;		/* PFN_DOWN(phys_addr) */
	unsigned long size;		/* pages (the kernel's int size) */
	unsigned long *bitmap;		/* one bit per page, set when allocated */
	unsigned int page_shift;
	bool use_dev_dma_pfn_offset;
	bool exclusive;
	/* mem->spinlock: the bitmap (coherent.c:150 and :207 in 6.1 and 6.12) */
	pthread_mutex_t lock;
};

/**
 * rmem_dma_coherent_log_failure() - the kernel's "failed to init DMA memory
 * pool" line for a pool that could not be set up with error @err, if the
 * version of @p prints one for that origin and error.  Exposed for tests:
 * -ENOMEM cannot be provoked from outside.
 */
void rmem_dma_coherent_log_failure(const struct rmem_profile *p,
				   const struct rmem_dma_coherent_desc *desc,
				   struct rmem_log *log, int err);

#endif /* RMEM_DMA_COHERENT_H */
