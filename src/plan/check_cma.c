// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel's limits do to the regions: CMA's alignment, the
 * reserved_mem array's size (MAX_RESERVED_REGIONS), the CMA areas' slots
 * (MAX_CMA_AREAS), each as the context's profile derives it; and the
 * regions no handler of that kernel claims.
 */
#include <stdio.h>
#include <string.h>

#include "plan/check_internal.h"

static bool placed(const struct rmem_rmem_node *n)
{
	return n->size && (n->state == RMEM_NODE_RESERVED || n->state == RMEM_NODE_INITIALIZED ||
			   n->state == RMEM_NODE_HANDLER_FAILED);
}

/* What rmem_cma_setup() would take, alignment aside: a reusable shared-dma-pool, not no-map. */
static bool cma_kind(const struct rmem_ctx *ctx, const struct rmem_rmem_node *n)
{
	return n->reusable && !n->nomap &&
	       rmem_fdt_is_compatible(ctx->fdt, n->fdt_node, "shared-dma-pool");
}

static bool cma_aligned(const struct rmem_ctx *ctx, const struct rmem_rmem_node *n)
{
	return !((n->base | n->size) & (rmem_cma_min_alignment(&ctx->profile) - 1));
}

static void check_cma_alignment(struct check_run *run)
{
	const struct rmem_ctx *ctx = run->ctx;
	rmem_phys_t align = rmem_cma_min_alignment(&ctx->profile);
	char a[32], range[48];

	rmem_size_str(a, sizeof(a), align);
	for (unsigned int i = 0; i < ctx->rm.node_count && check_wanted(run, CHECK_CMA_MISALIGNED);
	     i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		if (!placed(n) || !cma_kind(ctx, n) || cma_aligned(ctx, n))
			continue;
		check_node(run, check_add(run, CHECK_CMA_MISALIGNED, n->dynamic ?
			   "make its size a multiple of that" :
			   "make its base and size multiples of that (or give size and let the "
			   "kernel place it)",
			   "%s (%s) is a CMA region whose %s not a multiple of %s, the alignment "
			   "CMA needs on %s (a pageblock at least): the CMA handler refuses it "
			   "(\"incorrect alignment of CMA region\") and the memory goes back",
			   n->name, check_range_str(range, sizeof(range), n->base, n->size),
			   (n->base & (align - 1)) ? (n->size & (align - 1)) ? "base and size are" :
			   "base is" : "size is", a, ctx->profile.name), n->fdt_node, n->base, n->size);
	}
}

static void check_array_size(struct check_run *run)
{
	const struct rmem_ctx *ctx = run->ctx;
	struct rmem_finding *f = NULL;
	unsigned int dropped = 0;

	for (unsigned int i = 0; i < ctx->rm.node_count; i++)
		dropped += ctx->rm.nodes[i].state == RMEM_NODE_NOT_SAVED;
	if (dropped)
		f = check_add(run, CHECK_TOO_MANY_REGIONS,
			      "merge regions that sit side by side, or drop those the board does not use",
			      "%s keeps at most %u regions in its reserved_mem array "
			      "(MAX_RESERVED_REGIONS): %u regions did not fit, and no handler nor "
			      "device gets them",
			      ctx->profile.name, ctx->profile.max_reserved_regions, dropped);
	for (unsigned int i = 0; f && i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		if (n->state == RMEM_NODE_NOT_SAVED)
			check_node(run, f, n->fdt_node, n->base, n->size);
	}
}

/*
 * Once every slot of cma_areas[] is taken, cma_init_reserved_mem() refuses
 * the rest: the reusable regions the handler would otherwise take, and the
 * default area, declared after the regions.
 */
static void check_cma_slots(struct check_run *run)
{
	const struct rmem_ctx *ctx = run->ctx;
	bool no_default = !ctx->dma.contiguous_default_area && rmem_dma_contiguous_wanted(ctx);
	struct rmem_finding *f;
	unsigned int refused = no_default;

	if (rmem_cma_area_count(ctx) < ctx->profile.max_cma_areas)
		return;
	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		refused += placed(n) && cma_kind(ctx, n) && cma_aligned(ctx, n) && !check_took_cma(n) &&
			   !(ctx->cmdline.cma_seen &&
			     rmem_fdt_getprop(ctx->fdt, n->fdt_node, "linux,cma-default", NULL));
	}
	if (!refused)
		return;
	f = check_add(run, CHECK_TOO_MANY_CMA_AREAS,
		      "drop or merge CMA regions, or build the kernel with a larger CONFIG_CMA_AREAS",
		      "%s has %u CMA area slots (MAX_CMA_AREAS) and all are taken: %u more CMA "
		      "area%s found none (\"Not enough slots for CMA reserved regions\")%s",
		      ctx->profile.name, ctx->profile.max_cma_areas, refused, refused == 1 ? "" : "s",
		      no_default ? ", the default CMA area among them" : "");
	for (unsigned int i = 0; f && i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		if (placed(n) && cma_kind(ctx, n) && cma_aligned(ctx, n) && !check_took_cma(n))
			check_node(run, f, n->fdt_node, n->base, n->size);
	}
	if (no_default)
		check_subject(run, f, "the default CMA area", 0, 0);
}

/* The compatibles this kernel's handlers take, "shared-dma-pool" or a list. */
static const char *handled_compatibles(const struct rmem_ctx *ctx, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ctx->rm.nr_handlers && used < len; i++) {
		const struct rmem_rmem_handler *h = &ctx->rm.handlers[i];
		bool seen = false;

		if (!h->present(&ctx->profile))
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= ctx->rm.handlers[j].present(&ctx->profile) &&
				!strcmp(ctx->rm.handlers[j].compatible, h->compatible);
		if (!seen)
			used += (size_t)snprintf(buf + used, len - used, "%s\"%s\"",
						 used ? ", " : "", h->compatible);
	}
	return buf[0] ? buf : "none";
}

static void check_no_handler(struct check_run *run)
{
	const struct rmem_ctx *ctx = run->ctx;
	struct rmem_finding *f = NULL;
	unsigned int nr = 0;
	char compat[128];

	for (unsigned int i = 0; i < ctx->rm.node_count; i++)
		nr += ctx->rm.nodes[i].state == RMEM_NODE_RESERVED && !ctx->rm.nodes[i].handler;
	if (nr)
		f = check_add(run, CHECK_NO_HANDLER,
			      "nothing, if a driver or the firmware uses the memory; to make a region "
			      "a CMA area or a DMA pool, give it compatible = \"shared-dma-pool\" (and "
			      "reusable, for CMA)",
			      "no in-kernel handler claims %u region%s (the kernel's handlers take %s): "
			      "the kernel only reserves %s, and a driver may still use %s, by "
			      "memory-region or by the node", nr, nr == 1 ? "" : "s",
			      handled_compatibles(ctx, compat, sizeof(compat)),
			      nr == 1 ? "it" : "them", nr == 1 ? "it" : "them");
	for (unsigned int i = 0; f && i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		if (n->state == RMEM_NODE_RESERVED && !n->handler)
			check_node(run, f, n->fdt_node, n->base, n->size);
	}
}

void check_kernel_limits(struct check_run *run)
{
	check_cma_alignment(run);
	check_array_size(run);
	check_cma_slots(run);
	check_no_handler(run);
}
