/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal types shared by the modules: the context object behind the
 * public struct rmem_ctx; and printk, which every module uses.
 */
#ifndef RMEM_INTERNAL_H
#define RMEM_INTERNAL_H

#include <rmem/cma.h>
#include <rmem/cmdline.h>
#include <rmem/coherent.h>
#include <rmem/ctx.h>
#include <rmem/reserved_mem.h>

#include "cma/cma.h"
#include "fdt/fdt.h"
#include "printk/printk.h"

#define RMEM_DMA_ATOMIC_CHUNKS 16	/* gen_pool chunks per atomic pool rmem follows */

/*
 * Locks, outermost first: atomic_pools_lock; then a CMA area's lock or
 * cma_mutex (never both, as in mm/cma.c) or a coherent pool's lock; the
 * log's lock last.  Everything else is written at boot only.
 */
struct rmem_ctx {
	struct rmem_profile profile;
	struct rmem_log log;
	struct rmem_memblock memblock;

	char crash[256];		/* why the kernel crashed; "" while it runs */

	struct rmem_zone zones[RMEM_MAX_ZONES];
	size_t nr_zones;		/* 0: one zone over everything */

	/* mm/cma.c's globals */
	struct rmem_cma *cma_areas;	/* profile.max_cma_areas entries */
	unsigned int cma_area_count;
	unsigned long totalcma_pages;
	rmem_cma_range_fn cma_range_fn;
	void *cma_range_arg;
	/* cma_mutex: alloc_contig_range(), here the range hook, one at a time */
	pthread_mutex_t cma_mutex;
	rmem_phys_t highmem_start;	/* __pa(high_memory - 1) + 1; 0: end of DRAM */
	bool cma_debug;			/* CONFIG_CMA_DEBUG, from the profile */

	/* initial_boot_params: the device tree the kernel was given */
	const struct rmem_fdt *fdt;
	struct rmem_fdt fdt_owned;	/* what rmem_plan_boot() loaded; fdt points here */
	/* boot_command_line, and what its early parameters set */
	char *boot_command_line;
	struct rmem_cmdline cmdline;

	/* drivers/of/of_reserved_mem.c: the kernel's array, and rmem's records */
	struct rmem_reserved_mem *reserved_mem;
	unsigned int reserved_mem_count;
	unsigned int reserved_mem_max;
	struct rmem_rmem_node *rmem_nodes;
	unsigned int rmem_node_count;
	unsigned int rmem_node_cap;

	/* kernel/dma/contiguous.c */
	struct rmem_cma *dma_contiguous_default_area;
	/*
	 * kernel/dma/pool.c: the atomic pools (kernel, DMA, DMA32), each a list
	 * of chunks, newest first as gen_pool_add() links them; bytes only
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
	/* kernel/dma/coherent.c: dma_coherent_default_memory */
	struct rmem_dma_global dma_global;
	/* and dma_reserved_default_memory: the "linux,dma-default" region */
	bool dma_reserved_default_set;
	rmem_phys_t dma_reserved_default_base;
	rmem_phys_t dma_reserved_default_size;
};

#define RMEM_SZ_1M ((uint64_t)1 << 20)

static inline bool rmem_is_power_of_2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* ALIGN() / ALIGN_DOWN() for a power-of-two @a; wraps as the kernel's do. */
static inline uint64_t rmem_align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static inline uint64_t rmem_align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

/* get_order(): the order of pages that holds @size bytes (size > 0). */
static inline unsigned int rmem_get_order(uint64_t size, unsigned int page_shift)
{
	unsigned int order = 0;

	size = (size - 1) >> page_shift;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

#endif /* RMEM_INTERNAL_H */
