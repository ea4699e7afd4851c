// SPDX-License-Identifier: GPL-2.0-only
/*
 * 6.12's two passes (drivers/of/of_reserved_mem.c, drivers/of/fdt.c:496).
 *
 * Early, from early_init_fdt_scan_reserved_mem(): fdt_scan_reserved_mem()
 * reserves the static regions, then places the dynamic ones in DT order,
 * each saved and handed to its handler at once; it counts the regions;
 * /memreserve/ comes after.  Late, from unflatten_device_tree():
 * fdt_scan_reserved_mem_reg_nodes() moves the array into memblock memory
 * sized by that count, saves and hands over the static regions, and only
 * then sorts and checks for overlaps.
 */
#include <errno.h>
#include <stdlib.h>

#include "reserved_mem/reserved_mem_internal.h"

/* fdt_init_reserved_mem_node() (of_reserved_mem.c:598 in 6.12) */
void rmem_rm_init_reserved_mem_node(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem)
{
	bool nomap = rmem_rm_has_prop(ctx, rmem->fdt_node, "no-map");
	bool reusable;
	rmem_phys_t end;
	int err;

	err = rmem_rm_init_node(ctx, rmem);
	if (err && err != -ENOENT) {
		struct rmem_rmem_node *n = rmem_rm_node_of(ctx, rmem);

		rmem_rm_give_back(ctx, rmem, nomap, err);
		/* 7.2 keeps no entry for it: it was saved last (of_reserved_mem.c:655 in 7.2) */
		if (RM_FACT(ctx, validate_nodes)) {
			ctx->rm.reserved_mem_count--;
			if (n)
				n->rmem_index = -1;
		}
		return;
	}
	end = rmem->base + rmem->size - 1;
	reusable = rmem_rm_has_prop(ctx, rmem->fdt_node, "reusable");
	pr_info(ctx, RMEM_PFX_RMEM "%s..%s (%llu KiB) %s %s %s\n",
		rmem_pa(&ctx->profile, rmem->base), rmem_pa(&ctx->profile, end),
		(unsigned long long)rmem_kernel_ulong(&ctx->profile, rmem->size / 1024),
		nomap ? "nomap" : "map", reusable ? "reusable" : "non-reusable",
		rmem->name ? rmem->name : "unknown");
}

/*
 * Whether a placed region goes to dma_contiguous_early_fixup(): a reusable
 * shared-dma-pool in 6.12; in 7.2 one the "cma" handler validates (its
 * node_fixup asks the same), so not a no-map one.
 */
static bool early_fixup(struct rmem_ctx *ctx, int node)
{
	if (RM_FACT(ctx, validate_nodes))
		return !rmem_rm_validate_node(ctx, node, NULL);
	return rmem_fdt_is_compatible(ctx->fdt, node, "shared-dma-pool") &&
	       rmem_rm_has_prop(ctx, node, "reusable");
}

/* fdt_reserved_mem_save_node() of 6.12: saving hands the region over. */
static void save_and_init(struct rmem_ctx *ctx, int node, const char *uname, rmem_phys_t base,
			  rmem_phys_t size)
{
	int idx = rmem_rm_save_node(ctx, node, uname, base, size);

	if (idx >= 0)
		rmem_rm_init_reserved_mem_node(ctx, &ctx->rm.reserved_mem[idx]);
}

/*
 * The early loop over the children.  Returns the regions counted (the
 * valid reg nodes), or -EFAULT when memblock panicked, and fills @dyn with
 * the dynamic nodes, at most MAX_RESERVED_REGIONS of them.
 */
static int collect(struct rmem_ctx *ctx, const struct rmem_rm_children *c, int *dyn,
		   unsigned int *nr_dyn)
{
	unsigned int max = ctx->profile.max_reserved_regions;
	int count = 0;

	*nr_dyn = 0;
	for (unsigned int i = 0; i < c->n; i++) {
		int node = c->off[i];
		struct rmem_rmem_node *n = rmem_rm_node(ctx, node);
		const char *uname = rmem_fdt_name(ctx->fdt, node);
		int err;

		if (!rmem_rm_node_available(ctx, node, n))
			continue;
		err = rmem_rm_reserve_reg(ctx, node, uname);
		if (err == -EFAULT)
			return err;
		if (!err)
			count++;
		if (err != -ENOENT)
			continue;
		if (!rmem_rm_has_prop(ctx, node, "size")) {
			/* after what 7.2 said of a reg it read as none */
			rmem_rm_node_more(n, "neither reg nor size");
			continue;
		}
		if (n)
			n->dynamic = true;
		if (*nr_dyn == max) {
			pr_err(ctx, RMEM_PFX_RMEM "too many defined dynamic regions, skip '%s'\n", uname);
			rmem_rm_node_state(n, RMEM_NODE_NOT_SAVED, -ENOSPC);
			rmem_rm_node_reason(n, "more than %u dynamic regions: never placed", max);
			continue;
		}
		dyn[(*nr_dyn)++] = node;
	}
	return count;
}

/* fdt_scan_reserved_mem() (of_reserved_mem.c:302 in 6.12) */
static int scan_reserved_mem(struct rmem_ctx *ctx, int root, const struct rmem_rm_children *c)
{
	unsigned int nr_dyn;
	int *dyn, count;

	if (rmem_rm_check_root(ctx, root)) {
		pr_err(ctx, RMEM_PFX_RMEM "Reserved memory: unsupported node format, ignoring\n");
		rmem_rm_mark_unscanned(ctx, root);
		/* 7.2 counts no region then, so the late pass allocates no array */
		return RM_FACT(ctx, refused_root_counts_none) ? rmem_rm_array_resize(ctx, 0) : 0;
	}
	dyn = calloc(ctx->profile.max_reserved_regions + 1, sizeof(*dyn));
	if (!dyn)
		return -ENOMEM;
	count = collect(ctx, c, dyn, &nr_dyn);
	for (unsigned int i = 0; count >= 0 && i < nr_dyn; i++) {
		const char *uname = rmem_fdt_name(ctx->fdt, dyn[i]);
		rmem_phys_t base, size;

		int err = rmem_rm_alloc_size(ctx, dyn[i], uname, &base, &size);

		if (err == -EFAULT)
			count = err;
		if (err)
			continue;
		count++;
		if (early_fixup(ctx, dyn[i]))
			rmem_dma_contiguous_early_fixup(ctx, base, size);
		save_and_init(ctx, dyn[i], uname, base, size);
	}
	free(dyn);
	if (count < 0)
		return count;
	/* total_reserved_mem_cnt: the size of the array the late pass allocates */
	return rmem_rm_array_resize(ctx, (unsigned int)count);
}

int rmem_rm_scan_6_12(struct rmem_ctx *ctx)
{
	struct rmem_rm_children c = { 0 };
	int root = rmem_rm_find_root(ctx);
	int ret = 0;

	/* fdt_reserve_elfcorehdr() comes first in 6.12: crash kernels are not modelled */
	if (root >= 0) {
		ret = rmem_rm_children(ctx, root, &c);
		if (!ret)
			ret = rmem_rm_nodes_reserve(ctx, c.n);
		if (!ret)
			ret = scan_reserved_mem(ctx, root, &c);
		free(c.off);
		if (ret)
			return ret;
	}
	rmem_rm_memreserve(ctx);
	return 0;
}
