// SPDX-License-Identifier: GPL-2.0-only
/*
 * Handing the regions to their handlers (__reserved_mem_init_node()),
 * giving back what every handler refused, and the overlap check
 * (__rmem_check_for_overlap()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sort.h"
#include "reserved_mem/reserved_mem_internal.h"

/* A built-in handler for @node's compatible. */
static bool handler_matches(const struct rmem_ctx *ctx, const struct rmem_rmem_handler *h,
			    int node)
{
	return h->present(&ctx->profile) && rmem_fdt_is_compatible(ctx->fdt, node, h->compatible);
}

/*
 * 7.2's fdt_validate_reserved_mem_node(): the matching handlers in table
 * order until one does not pass the node over.  Returns 0, -ENODEV (none
 * minds it), or the refusal.
 */
int rmem_rm_validate_node(struct rmem_ctx *ctx, int node, rmem_phys_t *align)
{
	int ret = -ENODEV;

	for (size_t i = 0; ret == -ENODEV && i < ctx->rm.nr_handlers; i++) {
		const struct rmem_rmem_handler *h = &ctx->rm.handlers[i];

		if (handler_matches(ctx, h, node) && h->validate)
			ret = h->validate(ctx, node, align);
	}
	return ret;
}

/*
 * __reserved_mem_init_node(): every handler built in whose compatible the
 * node has, in table order, until one takes the region; from 7.2 only
 * while they pass it over (-ENODEV).  Returns 0, the handler's error, or
 * -ENOENT when none matched or took it up.
 */
int rmem_rm_init_node(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem)
{
	struct rmem_rmem_node *n = rmem_rm_node_of(ctx, rmem);
	bool validating = RM_FACT(ctx, validate_nodes);
	int none = validating ? -ENODEV : -ENOENT, ret = none;
	const struct rmem_rmem_handler *h;
	char before[sizeof(n->reason)];

	if (n)
		memcpy(before, n->reason, sizeof(before));
	for (size_t i = 0; i < ctx->rm.nr_handlers && (!validating || ret == none); i++) {
		h = &ctx->rm.handlers[i];
		if (!handler_matches(ctx, h, rmem->fdt_node))
			continue;
		ret = h->init(ctx, rmem);
		if (ret)
			continue;
		pr_info(ctx, RMEM_PFX_RMEM "initialized node %s, compatible id %s\n", rmem->name,
			h->compatible);
		rmem->handler = h;
		if (n) {
			/* the refusals of the handlers tried first are no news */
			memcpy(n->reason, before, sizeof(before));
			n->handler = h;
			rmem_rm_node_state(n, RMEM_NODE_INITIALIZED, 0);
		}
		break;
	}
	if (ret != none)
		return ret;
	/* 7.2's handlers may all have passed it over (-ENODEV) */
	rmem_rm_node_more(n, validating && n && n->reason[0] ?
			  "no in-kernel handler took it up: the kernel only reserves it, "
			  "and a driver may still use it" :
			  "no in-kernel handler claims it: the kernel only reserves it, "
			  "and a driver may still use it");
	return -ENOENT;
}

/*
 * Every matching handler refused the region: "node %s compatible matching
 * fail", and the memory goes back.  5.10 frees it and adds a no-map region
 * back to memory (of_reserved_mem.c:276 in 5.10); 6.1 and 6.12 free it or
 * clear its NOMAP flag.
 */
void rmem_rm_give_back(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem, bool nomap, int err)
{
	struct rmem_rmem_node *n = rmem_rm_node_of(ctx, rmem);
	struct rmem_memblock *mb = &ctx->memblock;
	const char *old = rmem_rm_caller(ctx, RM_FACT(ctx, init_per_node) ?
					 "fdt_init_reserved_mem_node" : "fdt_init_reserved_mem");

	pr_info(ctx, RMEM_PFX_RMEM "node %s compatible matching fail\n", rmem->name);
	if (!ctx->profile.dma_cma && rmem_rm_has_prop(ctx, rmem->fdt_node, "reusable") &&
	    rmem_fdt_is_compatible(ctx->fdt, rmem->fdt_node, "shared-dma-pool"))
		rmem_rm_advise_no_dma_cma(ctx, rmem->name);
	if (RM_FACT(ctx, init_fail_readds_nomap)) {
		rmem_memblock_phys_free(mb, rmem->base, rmem->size);
		if (nomap)
			rmem_memblock_add(mb, rmem->base, rmem->size);
	} else if (nomap) {
		rmem_memblock_clear_nomap(mb, rmem->base, rmem->size);
	} else {
		rmem_memblock_phys_free(mb, rmem->base, rmem->size);
	}
	rmem_rm_caller(ctx, old);
	rmem_rm_node_state(n, RMEM_NODE_HANDLER_FAILED, err);
	rmem_rm_node_more(n, "every matching handler refused it: memory given back");
}

/* __rmem_cmp(): by base, then size, so that the dynamic (0, 0) come first */
static int rmem_cmp(const void *a, const void *b)
{
	const struct rmem_reserved_mem *ra = a, *rb = b;

	if (ra->base != rb->base)
		return ra->base < rb->base ? -1 : 1;
	if (ra->size != rb->size)
		return ra->size < rb->size ? -1 : 1;
	return 0;
}

/* 6.12 also orders equal regions by node offset (of_reserved_mem.c:556 in 6.12) */
static int rmem_cmp_6_12(const void *a, const void *b)
{
	const struct rmem_reserved_mem *ra = a, *rb = b;
	int ret = rmem_cmp(a, b);

	if (ret || ra->fdt_node == rb->fdt_node)
		return ret;
	return ra->fdt_node < rb->fdt_node ? -1 : 1;
}

/* rmem's record of the pair, for rmem check: the kernel keeps none */
static void remember_overlap(struct rmem_rm_state *rm, int a, int b)
{
	if (rm->nr_overlaps == rm->overlaps_cap) {
		unsigned int cap = rm->overlaps_cap ? 2 * rm->overlaps_cap : 8;
		struct rmem_rm_overlap *n = realloc(rm->overlaps, cap * sizeof(*n));

		if (!n) {
			rm->overlaps_lost = true;
			return;
		}
		rm->overlaps = n;
		rm->overlaps_cap = cap;
	}
	rm->overlaps[rm->nr_overlaps++] = (struct rmem_rm_overlap){ a, b };
}

static void report_overlap(struct rmem_ctx *ctx, const struct rmem_reserved_mem *this,
			   const struct rmem_reserved_mem *next)
{
	rmem_phys_t this_end = this->base + this->size, next_end = next->base + next->size;

	/* one printk with an embedded newline: the console shows two lines */
	pr_err(ctx, RMEM_PFX_RMEM "OVERLAP DETECTED!\n%s (%s--%s) overlaps with %s (%s--%s)\n",
	       this->name, rmem_pa(&ctx->profile, this->base), rmem_pa(&ctx->profile, this_end),
	       next->name, rmem_pa(&ctx->profile, next->base), rmem_pa(&ctx->profile, next_end));
	rmem_rm_node_more(rmem_rm_node_of(ctx, this), "overlaps %s", next->name);
	rmem_rm_node_more(rmem_rm_node_of(ctx, next), "overlaps %s", this->name);
	remember_overlap(&ctx->rm, this->fdt_node, next->fdt_node);
}

/*
 * __rmem_check_for_overlap(): sort the array with the kernel's heapsort
 * (the order of equal entries, the dynamic ones before 6.12, comes from
 * it) and report each entry that runs into the next.
 */
void rmem_rm_check_for_overlap(struct rmem_ctx *ctx)
{
	unsigned int count = ctx->rm.reserved_mem_count;

	if (count < 2)
		return;
	rmem_sort(ctx->rm.reserved_mem, count, sizeof(ctx->rm.reserved_mem[0]),
		  RM_FACT(ctx, sort_ties_by_node) ? rmem_cmp_6_12 : rmem_cmp,
		  ctx->profile.facts->lib.sort_heap);
	rmem_rm_reindex(ctx);
	for (unsigned int i = 0; i + 1 < count; i++) {
		const struct rmem_reserved_mem *this = &ctx->rm.reserved_mem[i];
		const struct rmem_reserved_mem *next = &ctx->rm.reserved_mem[i + 1];

		if (this->base + this->size > next->base)
			report_overlap(ctx, this, next);
	}
}
