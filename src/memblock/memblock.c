// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock's state and its region operations: memblock_add(),
 * memblock_remove(), memblock_reserve(), memblock_phys_free(), the NOMAP
 * flag, and the settings (bottom-up, current limit, resizing, debug).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "memblock/memblock_internal.h"

/* arm64: CONFIG_EFI gives INIT_MEMBLOCK_MEMORY_REGIONS = 8 * 128 from 6.1 on */
static size_t init_memory_regions(const struct rmem_profile *p)
{
	if (p->arch_ops->memblock_regions_grow_with_efi && p->facts->memblock.efi_memory_regions)
		return RMEM_INIT_MEMBLOCK_REGIONS * 8;
	return RMEM_INIT_MEMBLOCK_REGIONS;
}

/* arm64: CONFIG_EFI && CONFIG_ARM_GIC_V3_ITS add a region per CPU, and one */
static size_t init_reserved_regions(const struct rmem_profile *p)
{
	if (p->arch_ops->memblock_regions_grow_with_efi)
		return RMEM_INIT_MEMBLOCK_REGIONS + p->nr_cpus + 1;
	return RMEM_INIT_MEMBLOCK_REGIONS;
}

/* The static arrays: zeroed, so the dummy region is on node 0 until first emptied. */
static int init_type(struct rmem_memblock_type *type, const char *name, size_t max,
		     const struct rmem_kernel_facts *facts)
{
	type->name = name;
	type->max = max;
	type->cnt = facts->memblock.counts_dummy_region ? 1 : 0;
	type->total_size = 0;
	type->array_phys = 0;
	type->regions = calloc(max, sizeof(*type->regions));
	return type->regions ? 0 : -ENOMEM;
}

int rmem_memblock_init(struct rmem_memblock *mb, const struct rmem_profile *p,
		       struct rmem_log *log)
{
	memset(mb, 0, sizeof(*mb));
	if (!p->facts)
		return -EINVAL;	/* not derived */
	mb->page_shift = p->page_shift;
	mb->facts = p->facts;
	mb->nodes_shift = p->nodes_shift;
	mb->phys_addr_bits = p->phys_addr_bits;
	/* L1_CACHE_BYTES: 64 on arm64; arm's CPU_V7 default L1_CACHE_SHIFT is 6 too */
	mb->smp_cache_bytes = 64;
	mb->current_limit = RMEM_MEMBLOCK_ALLOC_ANYWHERE;
	mb->log = log;
	if (init_type(&mb->memory, "memory", init_memory_regions(p), p->facts) ||
	    init_type(&mb->reserved, "reserved", init_reserved_regions(p), p->facts)) {
		rmem_memblock_release(mb);
		return -ENOMEM;
	}
	return 0;
}

void rmem_memblock_release(struct rmem_memblock *mb)
{
	free(mb->memory.regions);
	free(mb->reserved.regions);
	mb->memory.regions = NULL;
	mb->reserved.regions = NULL;
	mb->memory.cnt = mb->reserved.cnt = 0;
	mb->memory.max = mb->reserved.max = 0;
}

int rmem_memblock_add(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	rmem_mb_dbg_range(mb, "memblock_add", base, size, rmem_mb_caller(mb, "memblock_add"));
	return rmem_mb_add_range(mb, &mb->memory, base, size, rmem_mb_max_numnodes(mb), 0);
}

int rmem_memblock_add_node(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size,
			   int nid, unsigned int flags)
{
	if (MB_FACT(mb, dbg_add_node))
		rmem_mb_dbg(mb, "memblock_add_node: [%s-%s] nid=%d flags=%x %s",
			    rmem_pa_bits(mb->phys_addr_bits, base),
			    rmem_pa_bits(mb->phys_addr_bits, base + size - 1), nid, flags,
			    rmem_mb_caller(mb, "memblock_add_node"));
	return rmem_mb_add_range(mb, &mb->memory, base, size, nid, flags);
}

int rmem_memblock_remove(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	rmem_mb_dbg_range(mb, "memblock_remove", base, size,
			  rmem_mb_caller(mb, "memblock_remove"));
	return rmem_mb_remove_range(mb, &mb->memory, base, size);
}

/*
 * memblock_reserve(), on MAX_NUMNODES; 7.2's __memblock_reserve() takes a
 * node and flags, and its debug line names both (mm/memblock.c:1013 in 7.2).
 */
static int reserve_nid(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size, int nid,
		       unsigned int flags, const char *caller)
{
	if (!MB_FACT(mb, rsrv_kern)) {
		rmem_mb_dbg_range(mb, "memblock_reserve", base, size, caller);
		return rmem_mb_add_range(mb, &mb->reserved, base, size, rmem_mb_max_numnodes(mb),
					 0);
	}
	rmem_mb_dbg(mb, "__memblock_reserve: [%s-%s] nid=%d flags=%x %s",
		    rmem_pa_bits(mb->phys_addr_bits, base),
		    rmem_pa_bits(mb->phys_addr_bits, base + size - 1), nid, flags, caller);
	return rmem_mb_add_range(mb, &mb->reserved, base, size, nid, flags);
}

int rmem_mb_reserve(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size,
		    const char *caller)
{
	return reserve_nid(mb, base, size, RMEM_NUMA_NO_NODE, 0, caller);
}

int rmem_mb_reserve_kern(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size, int nid,
			 const char *caller)
{
	return reserve_nid(mb, base, size, nid, RMEM_MEMBLOCK_RSRV_KERN, caller);
}

int rmem_memblock_reserve(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	return rmem_mb_reserve(mb, base, size, rmem_mb_caller(mb, "memblock_reserve"));
}

int rmem_mb_phys_free(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size,
		      const char *caller)
{
	rmem_mb_dbg_range(mb, MB_FACT(mb, phys_free), base, size, caller);
	return rmem_mb_remove_range(mb, &mb->reserved, base, size);
}

int rmem_memblock_phys_free(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	return rmem_mb_phys_free(mb, base, size, rmem_mb_caller(mb, MB_FACT(mb, phys_free)));
}

int rmem_memblock_mark_nomap(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	return rmem_mb_setclr_flag(mb, &mb->memory, base, size, true, RMEM_MEMBLOCK_NOMAP);
}

int rmem_memblock_clear_nomap(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	return rmem_mb_setclr_flag(mb, &mb->memory, base, size, false, RMEM_MEMBLOCK_NOMAP);
}

void rmem_memblock_set_bottom_up(struct rmem_memblock *mb, bool enable)
{
	mb->bottom_up = enable;
}

void rmem_memblock_set_current_limit(struct rmem_memblock *mb, rmem_phys_t limit)
{
	mb->current_limit = limit;
}

void rmem_memblock_allow_resize(struct rmem_memblock *mb)
{
	mb->can_resize = true;
}

void rmem_memblock_set_debug(struct rmem_memblock *mb, bool enable)
{
	mb->debug = enable;
}
