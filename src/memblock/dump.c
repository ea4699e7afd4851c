// SPDX-License-Identifier: GPL-2.0-only
/*
 * __memblock_dump_all(): the "MEMBLOCK configuration:" dump, with %#x as
 * the kernel's vsprintf prints it (0x0 for zero, unlike C's printf).
 */
#include <stdio.h>

#include "memblock/memblock_internal.h"

/*
 * " on node N" with CONFIG_NUMA: 5.10 and 6.1 print it unless the node is
 * MAX_NUMNODES (so NUMA_NO_NODE shows as -1); 6.12 only for a valid node.
 */
static void nid_text(const struct rmem_memblock *mb, const struct rmem_memblock_region *r,
		     char *buf, size_t len)
{
	int nid = rmem_mb_region_nid(mb, r);
	bool show;

	buf[0] = '\0';
	if (!rmem_mb_numa(mb))
		return;
	if (MB_FACT(mb, numa_valid_node))
		show = rmem_mb_numa_valid_node(mb, nid);
	else
		show = nid != rmem_mb_max_numnodes(mb);
	if (show)
		snprintf(buf, len, " on node %d", nid);
}

static void dump_type(const struct rmem_memblock *mb, const struct rmem_memblock_type *type,
		      struct rmem_log *log)
{
	rmem_log_printf(log, RMEM_LOG_INFO, " %s.cnt  = 0x%lx", type->name,
			(unsigned long)type->cnt);
	for (size_t idx = 0; idx < type->cnt; idx++) {
		const struct rmem_memblock_region *r = &type->regions[idx];
		char nid_buf[32];

		nid_text(mb, r, nid_buf, sizeof(nid_buf));
		rmem_log_printf(log, RMEM_LOG_INFO,
				" %s[0x%x]\t[%s-%s], %s bytes%s flags: 0x%x",
				type->name, (unsigned int)idx, rmem_pa_bits(mb->phys_addr_bits, r->base),
				rmem_pa_bits(mb->phys_addr_bits, r->base + r->size - 1),
				rmem_pa_bits(mb->phys_addr_bits, r->size), nid_buf, r->flags);
	}
}

/* arm64 and arm have no CONFIG_HAVE_MEMBLOCK_PHYS_MAP: no "physmem" list. */
void rmem_memblock_dump(const struct rmem_memblock *mb, struct rmem_log *log)
{
	rmem_log_printf(log, RMEM_LOG_INFO, "MEMBLOCK configuration:");
	rmem_log_printf(log, RMEM_LOG_INFO, " memory size = %s reserved size = %s",
			rmem_pa_bits(mb->phys_addr_bits, mb->memory.total_size),
			rmem_pa_bits(mb->phys_addr_bits, mb->reserved.total_size));
	dump_type(mb, &mb->memory, log);
	dump_type(mb, &mb->reserved, log);
}

void rmem_memblock_dump_all(const struct rmem_memblock *mb)
{
	if (mb->debug)
		rmem_memblock_dump(mb, mb->log);
}
