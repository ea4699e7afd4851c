// SPDX-License-Identifier: GPL-2.0-only
/*
 * 6.12's fdt_scan_reserved_mem_reg_nodes() (of_reserved_mem.c:239), from
 * unflatten_device_tree(): the static regions reach reserved_mem[] and
 * their handlers only now, after memblock can allocate the array.
 */
#include <errno.h>
#include <stdlib.h>

#include "reserved_mem/reserved_mem_internal.h"

/*
 * sizeof(struct reserved_mem) of 6.12: name, fdt_node, ops (pointer-sized),
 * then base and size (phys_addr_t, aligned to their size), then priv, the
 * whole aligned to its widest member: 48 bytes on 64-bit kernels, 40 on
 * arm with LPAE, 24 without.  7.2's has no fdt_node: 40 on 64-bit.
 */
static rmem_phys_t reserved_mem_entry_bytes(const struct rmem_ctx *ctx)
{
	rmem_phys_t ptr = ctx->profile.bits_per_long / 8;
	rmem_phys_t phys = ctx->profile.phys_addr_bits / 8;
	rmem_phys_t widest = ptr > phys ? ptr : phys;
	rmem_phys_t head = (RM_FACT(ctx, entry_has_fdt_node) ? 3 : 2) * ptr;
	rmem_phys_t bytes = rmem_align_up(head, phys) + 2 * phys + ptr;

	return rmem_align_up(bytes, widest);
}

/*
 * alloc_reserved_mem_array(): memblock_alloc() of one entry per region the
 * early pass counted; with none counted the static array stays.  On
 * failure the kernel forgets every region saved so far.
 */
static int alloc_reserved_mem_array(struct rmem_ctx *ctx)
{
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t bytes = ctx->rm.reserved_mem_max * reserved_mem_entry_bytes(ctx);
	rmem_phys_t addr;

	if (!ctx->rm.reserved_mem_max)
		return 0;
	if (mb->debug)
		rmem_log_printf(mb->log, RMEM_LOG_INFO,
				"memblock_alloc_try_nid: %llu bytes align=0x%llx nid=-1 from=%s max_addr=%s alloc_reserved_mem_array",
				(unsigned long long)bytes, (unsigned long long)mb->smp_cache_bytes,
				rmem_pa(&ctx->profile, 0), rmem_pa(&ctx->profile, 0));
	addr = rmem_memblock_alloc_range_nid(mb, bytes, mb->smp_cache_bytes, 0,
					     RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, RMEM_NUMA_NO_NODE, false);
	if (addr)
		return 0;
	/* no newline in the kernel's format (of_reserved_mem.c:110) */
	pr_err(ctx, RMEM_PFX_RMEM "Failed to allocate memory for reserved_mem array with err: %d",
	       -ENOMEM);
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		rmem_rm_node_more(rmem_rm_node_of(ctx, &ctx->rm.reserved_mem[i]),
				  "dropped from reserved_mem[]: the array could not be moved");
	ctx->rm.reserved_mem_count = 0;
	rmem_rm_reindex(ctx);
	return -ENOMEM;
}

/*
 * One child of 7.2's fdt_scan_reserved_mem_late(): the first of whole reg
 * entries, unless a handler refuses the node (again: its line again).
 */
static void reg_node_first_entry(struct rmem_ctx *ctx, int node)
{
	struct rmem_rmem_node *n;
	rmem_phys_t base, size;
	const void *prop;
	int entries, idx, err;

	if (!rmem_fdt_device_is_available(ctx->fdt, node))
		return;
	prop = rmem_rm_entries_prop(ctx, node, "reg", &entries);
	if (!prop || !entries)
		return;
	err = rmem_rm_validate_node(ctx, node, NULL);
	if (err && err != -ENODEV)
		return;
	base = rmem_rm_next_cell_raw(ctx, ctx->fdt->root_addr_cells, &prop);
	size = rmem_rm_next_cell_raw(ctx, ctx->fdt->root_size_cells, &prop);
	n = rmem_rm_node(ctx, node);
	if (!size) {
		if (n && n->state == RMEM_NODE_RESERVED) {
			rmem_rm_node_state(n, RMEM_NODE_IGNORED, 0);
			rmem_rm_node_more(n, "its first reg entry has size 0: no entry is kept for it");
		}
		return;
	}
	idx = rmem_rm_save_node(ctx, node, rmem_fdt_name(ctx->fdt, node), base, size);
	if (idx >= 0)
		rmem_rm_init_reserved_mem_node(ctx, &ctx->rm.reserved_mem[idx]);
}

/* One child of the late loop. */
static void reg_node(struct rmem_ctx *ctx, int node)
{
	if (RM_FACT(ctx, whole_entries)) {
		reg_node_first_entry(ctx, node);
		return;
	}
	struct rmem_rmem_node *n = rmem_rm_node(ctx, node);
	struct rmem_rm_cells c;
	const char *uname;
	rmem_phys_t base, size;
	const void *prop;
	int len;

	rmem_rm_cells(ctx, &c);
	prop = rmem_rm_prop(ctx, node, "reg", &len);
	if (!prop || !rmem_fdt_device_is_available(ctx->fdt, node))
		return;
	uname = rmem_fdt_name(ctx->fdt, node);
	if (len && len % c.t_len) {
		pr_err(ctx, RMEM_PFX_RMEM "Reserved memory: invalid reg property in '%s', skipping node.\n",
		       uname);
		return;
	}
	if (len > c.t_len)
		pr_warn(ctx, RMEM_PFX_RMEM "fdt_scan_reserved_mem_reg_nodes() ignores %d regions in node '%s'\n",
			len / c.t_len - 1, uname);
	/* an empty reg is read all the same: the bytes after it */
	base = rmem_rm_next_phys(ctx, c.addr, &prop);
	size = rmem_rm_next_phys(ctx, c.size, &prop);
	if (size) {
		int idx;

		if (n && !len)
			rmem_rm_node_reason(n, "empty reg property: 6.12 read the bytes after it");
		idx = rmem_rm_save_node(ctx, node, uname, base, size);
		if (idx >= 0)
			rmem_rm_init_reserved_mem_node(ctx, &ctx->rm.reserved_mem[idx]);
		return;
	}
	if (n && n->state == RMEM_NODE_RESERVED) {
		rmem_rm_node_state(n, RMEM_NODE_IGNORED, 0);
		rmem_rm_node_more(n, "its first reg entry has size 0: 6.12 keeps no entry for it");
	}
}

int rmem_rm_reg_nodes_6_12(struct rmem_ctx *ctx)
{
	struct rmem_rm_children c;
	int root = rmem_rm_find_root(ctx);
	int ret;

	if (root < 0) {
		pr_info(ctx, RMEM_PFX_RMEM "Reserved memory: No reserved-memory node in the DT\n");
		return 0;
	}
	ret = rmem_rm_array_init(ctx);
	if (!ret)
		ret = rmem_rm_children(ctx, root, &c);
	if (ret)
		return ret;
	ret = rmem_rm_nodes_reserve(ctx, c.n);
	if (ret || alloc_reserved_mem_array(ctx))
		goto out;
	if (rmem_rm_check_root(ctx, root)) {
		pr_err(ctx, RMEM_PFX_RMEM "Reserved memory: unsupported node format, ignoring\n");
		goto out;
	}
	for (unsigned int i = 0; i < c.n; i++)
		reg_node(ctx, c.off[i]);
	rmem_rm_check_for_overlap(ctx);
out:
	free(c.off);
	return ret;
}
