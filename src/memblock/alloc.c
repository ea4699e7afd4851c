// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_alloc_range_nid() and memblock_phys_alloc_range(): find, then
 * reserve what was found.
 */
#include "memblock/memblock_internal.h"

/*
 * 5.10 and 6.1 turn MAX_NUMNODES into NUMA_NO_NODE with a WARN_ONCE();
 * 6.12 has no such test: numa_valid_node() rejects it later.
 */
static int fix_max_numnodes(struct rmem_memblock *mb, int nid)
{
	if (!MB_FACT(mb, warn_max_numnodes) || nid != rmem_mb_max_numnodes(mb))
		return nid;
	if (!mb->warned_max_numnodes) {
		mb->warned_max_numnodes = true;
		rmem_log_printf(mb->log, RMEM_LOG_WARNING,
				"Usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead");
		rmem_mb_warn(mb, MB_FACT(mb, warn_line_max_numnodes), "memblock_alloc_range_nid");
	}
	return RMEM_NUMA_NO_NODE;
}

/* Whether a failed search on node @nid is retried on any node. */
static bool nid_given(const struct rmem_memblock *mb, int nid)
{
	if (MB_FACT(mb, numa_valid_node))
		return rmem_mb_numa_valid_node(mb, nid);
	return nid != RMEM_NUMA_NO_NODE;
}

/*
 * An align of 0 makes the kernel dump_stack() (a WARN is too early on
 * powerpc) and use SMP_CACHE_BYTES; the dump is logged as its header and
 * the frame that asked for it.
 */
static rmem_phys_t fix_align(struct rmem_memblock *mb, rmem_phys_t align)
{
	if (align)
		return align;
	rmem_log_printf(mb->log, RMEM_LOG_WARNING, "Call trace:");
	rmem_log_printf(mb->log, RMEM_LOG_WARNING, " memblock_alloc_range_nid");
	return mb->smp_cache_bytes;
}

static rmem_phys_t try_node(struct rmem_memblock *mb, rmem_phys_t size, rmem_phys_t align,
			    rmem_phys_t start, rmem_phys_t end, int nid)
{
	rmem_phys_t found = rmem_mb_find_in_range_node(mb, size, align, start, end, nid);

	if (found && !rmem_mb_reserve_kern(mb, found, size, nid, "memblock_alloc_range_nid"))
		return found;
	return 0;
}

rmem_phys_t rmem_memblock_alloc_range_nid(struct rmem_memblock *mb, rmem_phys_t size,
					  rmem_phys_t align, rmem_phys_t start,
					  rmem_phys_t end, int nid, bool exact_nid)
{
	rmem_phys_t found;

	if (rmem_mb_dead(mb))
		return 0;
	nid = fix_max_numnodes(mb, nid);
	align = fix_align(mb, align);

	found = try_node(mb, size, align, start, end, nid);
	if (found)
		return found;
	if (nid_given(mb, nid) && !exact_nid)
		return try_node(mb, size, align, start, end, RMEM_NUMA_NO_NODE);
	return 0;
}

rmem_phys_t rmem_memblock_phys_alloc_range(struct rmem_memblock *mb, rmem_phys_t size,
					   rmem_phys_t align, rmem_phys_t start,
					   rmem_phys_t end)
{
	if (MB_FACT(mb, dbg_add_node))
		rmem_mb_dbg(mb, "memblock_phys_alloc_range: %llu bytes align=0x%llx from=%s max_addr=%s %s",
			    (unsigned long long)size, (unsigned long long)align,
			    rmem_pa_bits(mb->phys_addr_bits, start),
			    rmem_pa_bits(mb->phys_addr_bits, end),
			    rmem_mb_caller(mb, "memblock_phys_alloc_range"));
	return rmem_memblock_alloc_range_nid(mb, size, align, start, end, RMEM_NUMA_NO_NODE,
					     false);
}
