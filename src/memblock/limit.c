// SPDX-License-Identifier: GPL-2.0-only
/*
 * mem= and capping: memblock_enforce_memory_limit(),
 * memblock_mem_limit_remove_map() and memblock_cap_memory_range().
 */
#include "memblock/memblock_internal.h"

/*
 * __find_max_addr(): the address below which the memory regions hold
 * @limit bytes (NOMAP regions count), RMEM_PHYS_MAX when they hold less.
 */
static rmem_phys_t find_max_addr(const struct rmem_memblock *mb, rmem_phys_t limit)
{
	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct rmem_memblock_region *r = &mb->memory.regions[i];

		if (limit <= r->size)
			return r->base + limit;
		limit -= r->size;
	}
	return RMEM_PHYS_MAX;
}

/* The address a mem= limit cuts at; RMEM_PHYS_MAX when there is nothing to cut. */
static rmem_phys_t limit_addr(const struct rmem_memblock *mb, rmem_phys_t limit)
{
	return limit ? find_max_addr(mb, limit) : RMEM_PHYS_MAX;
}

void rmem_memblock_enforce_memory_limit(struct rmem_memblock *mb, rmem_phys_t limit)
{
	rmem_phys_t max_addr = limit_addr(mb, limit);

	if (max_addr == RMEM_PHYS_MAX)
		return;
	/* the kernel ignores failures here */
	rmem_mb_remove_range(mb, &mb->memory, max_addr, RMEM_PHYS_MAX);
	rmem_mb_remove_range(mb, &mb->reserved, max_addr, RMEM_PHYS_MAX);
}

/* Remove every region of memory outside [@start_rgn, @end_rgn) that is not NOMAP. */
static void remove_map_outside(struct rmem_memblock *mb, size_t start_rgn, size_t end_rgn)
{
	struct rmem_memblock_type *mem = &mb->memory;

	for (size_t i = mem->cnt; i-- > end_rgn;)
		if (!(mem->regions[i].flags & RMEM_MEMBLOCK_NOMAP))
			rmem_mb_remove_region(mb, mem, i);
	for (size_t i = start_rgn; i-- > 0;)
		if (!(mem->regions[i].flags & RMEM_MEMBLOCK_NOMAP))
			rmem_mb_remove_region(mb, mem, i);
}

void rmem_memblock_cap_memory_range(struct rmem_memblock *mb, rmem_phys_t base,
				    rmem_phys_t size)
{
	size_t start_rgn, end_rgn;

	if (!size || rmem_mb_dead(mb))
		return;
	/* 6.1 added this check; 5.10 goes on (and resets an empty list's dummy) */
	if (MB_FACT(mb, cap_needs_memory) && !mb->memory.total_size) {
		rmem_log_printf(mb->log, RMEM_LOG_WARNING, "%s: No memory registered yet",
				"memblock_cap_memory_range");
		return;
	}
	if (rmem_mb_isolate_range(mb, &mb->memory, base, size, &start_rgn, &end_rgn))
		return;
	remove_map_outside(mb, start_rgn, end_rgn);

	rmem_mb_remove_range(mb, &mb->reserved, 0, base);
	rmem_mb_remove_range(mb, &mb->reserved, base + size, RMEM_PHYS_MAX);
}

void rmem_memblock_mem_limit_remove_map(struct rmem_memblock *mb, rmem_phys_t limit)
{
	rmem_phys_t max_addr = limit_addr(mb, limit);

	if (max_addr == RMEM_PHYS_MAX)
		return;
	rmem_memblock_cap_memory_range(mb, 0, max_addr);
}
