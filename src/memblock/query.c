// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock's questions: is an address memory, mapped, reserved; sizes and
 * the bounds of DRAM.
 */
#include "memblock/memblock_internal.h"

/*
 * memblock_search(): binary search; the do-while looks at regions[0] even
 * in 6.12's empty list, whose slot 0 is a zeroed region that matches nothing.
 */
static long search(const struct rmem_memblock_type *type, rmem_phys_t addr)
{
	size_t left = 0, right = type->cnt;

	do {
		size_t mid = (right + left) / 2;
		const struct rmem_memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			right = mid;
		else if (addr >= r->base + r->size)
			left = mid + 1;
		else
			return (long)mid;
	} while (left < right);
	return -1;
}

bool rmem_memblock_is_memory(const struct rmem_memblock *mb, rmem_phys_t addr)
{
	return search(&mb->memory, addr) != -1;
}

bool rmem_memblock_is_map_memory(const struct rmem_memblock *mb, rmem_phys_t addr)
{
	long i = search(&mb->memory, addr);

	return i != -1 && !(mb->memory.regions[i].flags & RMEM_MEMBLOCK_NOMAP);
}

bool rmem_memblock_is_reserved(const struct rmem_memblock *mb, rmem_phys_t addr)
{
	return search(&mb->reserved, addr) != -1;
}

bool rmem_memblock_is_region_memory(const struct rmem_memblock *mb, rmem_phys_t base,
				    rmem_phys_t size)
{
	long idx = search(&mb->memory, base);
	rmem_phys_t end = base + rmem_mb_cap_size(mb, base, &size);
	const struct rmem_memblock_region *r;

	if (idx == -1)
		return false;
	r = &mb->memory.regions[idx];
	return r->base + r->size >= end;
}

/* memblock_overlaps_region() on the reserved list */
bool rmem_memblock_is_region_reserved(const struct rmem_memblock *mb, rmem_phys_t base,
				      rmem_phys_t size)
{
	const struct rmem_memblock_type *type = &mb->reserved;

	rmem_mb_cap_size(mb, base, &size);
	for (size_t i = 0; i < type->cnt; i++) {
		const struct rmem_memblock_region *r = &type->regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

rmem_phys_t rmem_memblock_phys_mem_size(const struct rmem_memblock *mb)
{
	return mb->memory.total_size;
}

rmem_phys_t rmem_memblock_reserved_size(const struct rmem_memblock *mb)
{
	return mb->reserved.total_size;
}

rmem_phys_t rmem_memblock_start_of_DRAM(const struct rmem_memblock *mb)
{
	return mb->memory.regions[0].base;
}

/* 6.12 reads regions[-1] when the list is empty; rmem answers 0 as 5.10/6.1 do. */
rmem_phys_t rmem_memblock_end_of_DRAM(const struct rmem_memblock *mb)
{
	const struct rmem_memblock_region *r;

	if (!mb->memory.cnt)
		return 0;
	r = &mb->memory.regions[mb->memory.cnt - 1];
	return r->base + r->size;
}
