// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_double_array(): a full region array doubles, and the new array
 * comes from memblock itself, so it is reserved and changes the layout
 * that later allocations see.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "memblock/memblock_internal.h"

/*
 * Where the new array goes: above the range being added when it is the
 * reserved array that grows (so that the array does not land on memory
 * about to be reserved), below it when nothing is free above.
 */
static rmem_phys_t find_array_room(const struct rmem_memblock *mb,
				   const struct rmem_memblock_type *type,
				   rmem_phys_t new_area_start, rmem_phys_t new_area_size,
				   rmem_phys_t alloc_size)
{
	rmem_phys_t page = rmem_mb_page_size(mb);
	rmem_phys_t addr;

	if (type != &mb->reserved)
		new_area_start = new_area_size = 0;
	addr = rmem_memblock_find_in_range(mb, new_area_start + new_area_size,
					   mb->current_limit, alloc_size, page);
	if (!addr && new_area_size)
		addr = rmem_memblock_find_in_range(mb, 0,
				new_area_start < mb->current_limit ? new_area_start :
								      mb->current_limit,
				alloc_size, page);
	return addr;
}

/*
 * Refuses before memblock_allow_resize(): 5.10 and 6.1 return -1 to the
 * caller, 6.12 panics (mm/memblock.c:424): memblock is dead from then on.
 */
static int cannot_resize(struct rmem_memblock *mb, const struct rmem_memblock_type *type)
{
	if (MB_FACT(mb, panic_on_resize)) {
		rmem_log_printf(mb->log, RMEM_LOG_EMERG,
				"Kernel panic - not syncing: memblock: cannot resize %s array",
				type->name);
		mb->panicked = type->name;
	}
	return -ENOMEM;
}

/*
 * Returns 0, or -ENOMEM when the array may not or cannot grow; nothing has
 * changed then.
 */
int rmem_mb_double_array(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			 rmem_phys_t new_area_start, rmem_phys_t new_area_size)
{
	rmem_phys_t page = rmem_mb_page_size(mb);
	rmem_phys_t old_size = type->max * RMEM_MEMBLOCK_REGION_BYTES;
	rmem_phys_t new_size = old_size << 1;
	rmem_phys_t old_alloc_size = rmem_align_up(old_size, page);
	rmem_phys_t new_alloc_size = rmem_align_up(new_size, page);
	struct rmem_memblock_region *new_array;
	rmem_phys_t addr, old_phys;

	if (!mb->can_resize)
		return cannot_resize(mb, type);

	addr = find_array_room(mb, type, new_area_start, new_area_size, new_alloc_size);
	if (!addr) {
		rmem_log_printf(mb->log, RMEM_LOG_ERR,
				"memblock: Failed to double %s array from %ld to %ld entries !",
				type->name, (long)type->max, (long)type->max * 2);
		return -ENOMEM;
	}
	new_array = calloc(type->max * 2, sizeof(*new_array));
	if (!new_array)
		return -ENOMEM;
	rmem_mb_dbg(mb, "memblock: %s is doubled to %ld at [%s-%s]", type->name,
		    (long)type->max * 2, rmem_pa_bits(mb->phys_addr_bits, addr),
		    rmem_pa_bits(mb->phys_addr_bits, addr + new_size - 1));

	memcpy(new_array, type->regions, type->max * sizeof(*new_array));
	free(type->regions);
	type->regions = new_array;
	type->max <<= 1;
	old_phys = type->array_phys;
	type->array_phys = addr;

	/* the static arrays are never given back; allocated ones are */
	if (old_phys)
		rmem_mb_phys_free(mb, old_phys, old_alloc_size, "memblock_double_array");
	if (rmem_mb_reserve_kern(mb, addr, new_alloc_size, RMEM_NUMA_NO_NODE,
				 "memblock_double_array")) {
		/* the kernel BUG()s: only when reserved cannot grow for a memory array */
		rmem_log_printf(mb->log, RMEM_LOG_CRIT, "kernel BUG at mm/memblock.c:%d!",
				MB_FACT(mb, bug_line_double_array));
		return -ENOMEM;
	}
	return 0;
}
