/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drivers/of/of_reserved_mem.c's globals for one machine: the kernel's
 * reserved_mem[] array, and rmem's record of every node it looked at.
 */
#ifndef RMEM_RESERVED_MEM_RM_STATE_H
#define RMEM_RESERVED_MEM_RM_STATE_H

#include <rmem/reserved_mem.h>

/* The ranges rmem keeps of dma_contiguous_early_fixup()'s (arm's holds MAX_CMA_AREAS). */
#define RMEM_RM_MAX_EARLY_FIXUPS 64

struct rmem_rm_state {
	struct rmem_reserved_mem *reserved_mem;
	unsigned int reserved_mem_count;
	unsigned int reserved_mem_max;
	struct rmem_rmem_node *nodes;
	unsigned int node_count;
	unsigned int node_cap;
	/*
	 * the ranges given to dma_contiguous_early_fixup(), in call order:
	 * arm's dma_mmu_remap[], which paging_init() maps again; the other
	 * arches keep nothing.  Here, below kernel/dma/, because both
	 * of_reserved_mem.c (6.12) and contiguous.c call it.
	 */
	struct rmem_rm_range {
		rmem_phys_t base, size;
	} early_fixups[RMEM_RM_MAX_EARLY_FIXUPS];
	unsigned int nr_early_fixups;
	/* the handlers a region is offered to, in order */
	const struct rmem_rmem_handler *handlers;
	size_t nr_handlers;
	/*
	 * The pairs of nodes (fdt offsets) __rmem_check_for_overlap()
	 * reported, so that rmem check can tell which overlaps the kernel
	 * left unsaid; overlaps_lost when one could not be kept (no memory).
	 */
	struct rmem_rm_overlap {
		int a, b;
	} *overlaps;
	unsigned int nr_overlaps, overlaps_cap;
	bool overlaps_lost;
};

/* Empty, with the @nr handlers of @table (the kernel's link order). */
void rmem_rm_state_init(struct rmem_rm_state *rm, const struct rmem_rmem_handler *table,
			size_t nr);

/* Frees the array, the records and each region's handler data. */
void rmem_rm_state_release(struct rmem_rm_state *rm);

#endif /* RMEM_RESERVED_MEM_RM_STATE_H */
