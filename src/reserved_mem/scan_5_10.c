// SPDX-License-Identifier: GPL-2.0-only
/*
 * early_init_fdt_scan_reserved_mem() of 5.10 and 6.1 (drivers/of/fdt.c:585
 * in 5.10, :630 in 6.1): /memreserve/ first, then every region saved in
 * reserved_mem[] (a dynamic one as base 0, size 0), then
 * fdt_init_reserved_mem() sorts the array, checks for overlaps, places the
 * dynamic regions in the sorted order and hands each region to the
 * handlers, all in one pass.
 */
#include <errno.h>
#include <stdlib.h>

#include "reserved_mem/reserved_mem_internal.h"

/* The body of fdt_scan_reserved_mem()'s loop for one node. */
static void scan_node(struct rmem_ctx *ctx, int node)
{
	struct rmem_rmem_node *n = rmem_rm_node(ctx, node);
	const char *uname = rmem_fdt_name(ctx->fdt, node);
	int err;

	if (!rmem_rm_node_available(ctx, node, n))
		return;
	err = rmem_rm_reserve_reg(ctx, node, uname);
	if (err != -ENOENT)
		return;
	if (!rmem_rm_has_prop(ctx, node, "size")) {
		rmem_rm_node_reason(n, "neither reg nor size");
		return;
	}
	if (n)
		n->dynamic = true;
	rmem_rm_save_node(ctx, node, uname, 0, 0);
}

/* The "phandle" or "linux,phandle" property as of_read_number() reads it. */
static uint64_t read_phandle(struct rmem_ctx *ctx, int node)
{
	const void *prop;
	int len;

	prop = rmem_rm_prop(ctx, node, "phandle", &len);
	if (!prop)
		prop = rmem_rm_prop(ctx, node, "linux,phandle", &len);
	if (!prop)
		return 0;
	return rmem_kernel_ulong(&ctx->profile, rmem_rm_next_cell_raw(ctx, len / 4, &prop));
}

/* fdt_init_reserved_mem() (of_reserved_mem.c:254 in 6.1) */
static void init_reserved_mem(struct rmem_ctx *ctx)
{
	rmem_rm_check_for_overlap(ctx);
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++) {
		struct rmem_reserved_mem *rmem = &ctx->rm.reserved_mem[i];
		bool nomap = rmem_rm_has_prop(ctx, rmem->fdt_node, "no-map");
		int err = 0;

		rmem->phandle = read_phandle(ctx, rmem->fdt_node);
		/* a dynamic region, or a static one whose first entry has size 0 */
		if (rmem->size == 0)
			err = rmem_rm_alloc_size(ctx, rmem->fdt_node, rmem->name, &rmem->base,
						 &rmem->size);
		if (err)
			continue;
		err = rmem_rm_init_node(ctx, rmem);
		if (err && err != -ENOENT)
			rmem_rm_give_back(ctx, rmem, nomap, err);
	}
}

/* fdt_scan_reserved_mem(): the regions saved, or the root refused */
static void scan_reserved_mem(struct rmem_ctx *ctx, int root, const struct rmem_rm_children *c)
{
	if (root < 0)
		return;
	if (rmem_rm_check_root(ctx, root)) {
		pr_err(ctx, RMEM_PFX_FDT "Reserved memory: unsupported node format, ignoring\n");
		rmem_rm_mark_unscanned(ctx, root);
		return;
	}
	for (unsigned int i = 0; i < c->n; i++)
		scan_node(ctx, c->off[i]);
}

int rmem_rm_scan_5_10(struct rmem_ctx *ctx)
{
	struct rmem_rm_children c = { 0 };
	int root = rmem_rm_find_root(ctx);
	int ret;

	if (root >= 0) {
		ret = rmem_rm_children(ctx, root, &c);
		if (ret)
			return ret;
		ret = rmem_rm_nodes_reserve(ctx, c.n);
		if (ret)
			goto out;
	}
	rmem_rm_memreserve(ctx);
	scan_reserved_mem(ctx, root, &c);
	/*
	 * fdt_reserve_elfcorehdr() (6.1) would reserve a crash kernel's ELF
	 * core header from /chosen's linux,elfcorehdr: rmem does not model
	 * crash dump kernels.
	 */
	init_reserved_mem(ctx);
	ret = 0;
out:
	free(c.off);
	return ret;
}
