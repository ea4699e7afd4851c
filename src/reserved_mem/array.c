// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's reserved_mem[] array: a static array of
 * MAX_RESERVED_REGIONS entries (64 in 5.10 .. 6.12), which 6.12 replaces by
 * one allocated from memblock and sized to the regions it counted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "reserved_mem/reserved_mem_internal.h"

void rmem_rm_state_init(struct rmem_rm_state *rm, const struct rmem_rmem_handler *table,
			size_t nr)
{
	memset(rm, 0, sizeof(*rm));
	rm->handlers = table;
	rm->nr_handlers = nr;
}

void rmem_rm_state_release(struct rmem_rm_state *rm)
{
	for (unsigned int i = 0; i < rm->reserved_mem_count; i++) {
		const struct rmem_reserved_mem *rmem = &rm->reserved_mem[i];

		if (rmem->handler && rmem->handler->release_priv && rmem->priv)
			rmem->handler->release_priv(rmem->priv);
	}
	free(rm->reserved_mem);
	free(rm->nodes);
	free(rm->overlaps);
}

void rmem_dma_contiguous_early_fixup(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	struct rmem_rm_state *rm = &ctx->rm;

	/* size is an unsigned long in the kernel */
	if (rm->nr_early_fixups < RMEM_RM_MAX_EARLY_FIXUPS)
		rm->early_fixups[rm->nr_early_fixups++] = (struct rmem_rm_range){
			base, rmem_kernel_ulong(&ctx->profile, size)
		};
}

int rmem_rm_array_init(struct rmem_ctx *ctx)
{
	if (ctx->rm.reserved_mem)
		return 0;
	return rmem_rm_array_resize(ctx, ctx->profile.max_reserved_regions);
}

/*
 * Make room for @max entries and make @max the limit of
 * fdt_reserved_mem_save_node() (6.12's total_reserved_mem_cnt).
 */
int rmem_rm_array_resize(struct rmem_ctx *ctx, unsigned int max)
{
	unsigned int room = max > ctx->rm.reserved_mem_count ? max : ctx->rm.reserved_mem_count;
	struct rmem_reserved_mem *a;

	a = realloc(ctx->rm.reserved_mem, (size_t)(room ? room : 1) * sizeof(*a));
	if (!a && ctx->rm.reserved_mem && room <= ctx->rm.reserved_mem_max)
		a = ctx->rm.reserved_mem;	/* a smaller limit: the old storage does */
	if (!a)
		return -ENOMEM;
	ctx->rm.reserved_mem = a;
	ctx->rm.reserved_mem_max = max;
	return 0;
}

/*
 * fdt_reserved_mem_save_node(): the next free entry, or the kernel's error
 * line when there is none.  Returns the entry's index, or -ENOSPC.
 */
int rmem_rm_save_node(struct rmem_ctx *ctx, int node, const char *uname, rmem_phys_t base,
		      rmem_phys_t size)
{
	struct rmem_rmem_node *n = rmem_rm_node(ctx, node);
	struct rmem_reserved_mem *rmem;

	if (ctx->rm.reserved_mem_count >= ctx->rm.reserved_mem_max) {
		pr_err(ctx, RMEM_PFX_RMEM "not enough space for all defined regions.\n");
		rmem_rm_node_state(n, RMEM_NODE_NOT_SAVED, -ENOSPC);
		rmem_rm_node_reason(n, "the reserved_mem array is full (%u entries): %s",
				    ctx->rm.reserved_mem_max, n && n->dynamic ? "never placed" :
				    "reserved, but no handler sees it");
		return -ENOSPC;
	}
	rmem = &ctx->rm.reserved_mem[ctx->rm.reserved_mem_count];
	memset(rmem, 0, sizeof(*rmem));
	rmem->name = uname;
	rmem->fdt_node = node;
	rmem->base = base;
	rmem->size = size;
	rmem->node_index = n ? (int)(n - ctx->rm.nodes) : -1;
	if (n) {
		n->rmem_index = (int)ctx->rm.reserved_mem_count;
		n->base = base;
		n->size = size;
		rmem_rm_node_state(n, RMEM_NODE_RESERVED, 0);
	}
	return (int)ctx->rm.reserved_mem_count++;
}

unsigned int rmem_reserved_mem_count(const struct rmem_ctx *ctx)
{
	return ctx->rm.reserved_mem_count;
}

struct rmem_reserved_mem *rmem_reserved_mem_at(struct rmem_ctx *ctx, unsigned int i)
{
	return i < ctx->rm.reserved_mem_count ? &ctx->rm.reserved_mem[i] : NULL;
}

struct rmem_reserved_mem *rmem_reserved_mem_by_phandle(struct rmem_ctx *ctx, uint64_t phandle)
{
	if (!phandle)
		return NULL;
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].phandle == phandle)
			return &ctx->rm.reserved_mem[i];
	return NULL;
}

struct rmem_reserved_mem *rmem_reserved_mem_lookup(struct rmem_ctx *ctx, const char *name)
{
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].name && !strcmp(ctx->rm.reserved_mem[i].name, name))
			return &ctx->rm.reserved_mem[i];
	return NULL;
}

/*
 * populate_properties() (drivers/of/fdt.c): the first "phandle" or
 * "linux,phandle" sets the node's phandle, any "ibm,phandle" overrides it.
 */
static uint32_t node_phandle(const struct rmem_ctx *ctx, int node)
{
	const void *blob = ctx->fdt->blob;
	uint32_t phandle = 0;
	int off;

	fdt_for_each_property_offset(off, blob, node) {
		const char *pname;
		const void *val = fdt_getprop_by_offset(blob, off, &pname, NULL);

		if (!val || !pname)
			continue;
		if ((!strcmp(pname, "phandle") || !strcmp(pname, "linux,phandle")) && !phandle)
			phandle = rmem_rm_be32_raw(ctx, val);
		else if (!strcmp(pname, "ibm,phandle"))
			phandle = rmem_rm_be32_raw(ctx, val);
	}
	return phandle;
}

struct rmem_reserved_mem *rmem_reserved_mem_for_node(struct rmem_ctx *ctx, int fdt_node)
{
	/* 6.12: by name (of_reserved_mem.c:670 in 6.12) */
	if (RM_FACT(ctx, lookup_by_name))
		return rmem_reserved_mem_lookup(ctx, rmem_fdt_name(ctx->fdt, fdt_node));
	/* 5.10 and 6.1: __find_rmem() by phandle (of_reserved_mem.c:351 in 6.1) */
	return rmem_reserved_mem_by_phandle(ctx, node_phandle(ctx, fdt_node));
}
