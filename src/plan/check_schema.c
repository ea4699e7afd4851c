// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rules of the bindings (dt-schema's reserved-memory.yaml and
 * shared-dma-pool.yaml, with restricted-dma-pool), each with what the
 * kernel does with a node that breaks it, and the two "default" flags of
 * shared-dma-pool as the kernel's CMA handler reads them.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "plan/check_internal.h"

static bool has(const struct rmem_fdt *fdt, int node, const char *prop)
{
	return fdt_getprop(fdt->blob, node, prop, NULL) != NULL;
}

/* A cells property as "<2>", or "none" */
static const char *cells_str(const struct rmem_fdt *fdt, int node, const char *prop, char *buf,
			     size_t len)
{
	int plen;
	const void *v = fdt_getprop(fdt->blob, node, prop, &plen);

	if (!v || plen < 4)
		return "none";
	snprintf(buf, len, "<%u>", (unsigned int)fdt32_ld(v));
	return buf;
}

static bool cells_equal(const struct rmem_fdt *fdt, int node, const char *prop, int root)
{
	int plen;
	const void *v = fdt_getprop(fdt->blob, node, prop, &plen);

	return v && plen >= 4 && (int)fdt32_ld(v) == root;
}

/* __reserved_mem_check_root(): else the kernel ignores every region. */
static void check_root(struct check_run *run, int rm)
{
	const struct rmem_fdt *fdt = run->ctx->fdt;
	char ac[16], sc[16];
	int len;
	const void *ranges = fdt_getprop(fdt->blob, rm, "ranges", &len);
	struct rmem_finding *f = NULL;

	if (!cells_equal(fdt, rm, "#address-cells", fdt->root_addr_cells) ||
	    !cells_equal(fdt, rm, "#size-cells", fdt->root_size_cells) || !ranges)
		f = check_add(run, CHECK_RESERVED_MEMORY_FORMAT,
			      "give /reserved-memory the root's #address-cells and #size-cells (and "
			      "write its regions' reg, size and alloc-ranges in those cells), and an "
			      "empty ranges",
			      "/reserved-memory has #address-cells %s and #size-cells %s (the root: "
			      "<%d> and <%d>)%s: the kernel ignores every region under it "
			      "(\"unsupported node format\")",
			      cells_str(fdt, rm, "#address-cells", ac, sizeof(ac)),
			      cells_str(fdt, rm, "#size-cells", sc, sizeof(sc)),
			      fdt->root_addr_cells, fdt->root_size_cells,
			      ranges ? "" : " and no ranges");
	else if (len > 0)
		f = check_add(run, CHECK_RESERVED_MEMORY_RANGES, "make it an empty 'ranges;'",
			      "/reserved-memory's ranges is not empty: the kernel reads its regions' "
			      "reg as root addresses whatever ranges says, and the binding wants it "
			      "empty (an identity mapping)");
	check_node(run, f, rm, 0, 0);
}

static unsigned int reg_entries(const struct rmem_fdt *fdt, int node)
{
	int64_t t_len = check_entry_bytes(fdt);
	int len;

	if (!fdt_getprop(fdt->blob, node, "reg", &len) || t_len <= 0)
		return 0;
	return (unsigned int)(len / t_len);
}

/* reserved-memory.yaml: one of reg and size (or iommu-addresses alone); one reg entry. */
static void check_reg_size(struct check_run *run, int node)
{
	const struct rmem_fdt *fdt = run->ctx->fdt;
	const char *name = rmem_fdt_name(fdt, node);
	bool reg = has(fdt, node, "reg"), size = has(fdt, node, "size");
	unsigned int entries = reg_entries(fdt, node);

	if (!reg && !size && !has(fdt, node, "iommu-addresses"))
		check_node(run, check_add(run, CHECK_REG_OR_SIZE_MISSING,
			   "give it reg (a region at a fixed place) or size (one the kernel places)",
			   "%s has neither reg nor size: the kernel skips it without a word", name),
			   node, 0, 0);
	if (reg && size)
		check_node(run, check_add(run, CHECK_REG_AND_SIZE, "keep one of reg and size",
			   "%s has both reg and size: the kernel places it by reg and ignores size "
			   "(the binding allows one of them)", name), node, 0, 0);
	if (!size && (has(fdt, node, "alloc-ranges") || has(fdt, node, "alignment")))
		check_node(run, check_add(run, CHECK_ALLOC_RANGES_WITHOUT_SIZE,
			   "drop alloc-ranges and alignment, or give size instead of reg",
			   "%s has %s without size: only a region the kernel places (by size) "
			   "reads them, so they are ignored", name,
			   has(fdt, node, "alloc-ranges") ? "alloc-ranges" : "alignment"), node, 0, 0);
	if (entries > 1)
		check_node(run, check_add(run, CHECK_REG_MULTIPLE_ENTRIES,
			   "split it into one node per range",
			   "%s's reg lists %u ranges: the kernel reserves them all, but its handler "
			   "and the devices get only the first (the binding allows one)", name,
			   entries), node, 0, 0);
}

static void check_flags(struct check_run *run, int node)
{
	const struct rmem_fdt *fdt = run->ctx->fdt;
	const char *name = rmem_fdt_name(fdt, node);
	bool nomap = has(fdt, node, "no-map"), reusable = has(fdt, node, "reusable");

	if (nomap && reusable)
		check_node(run, check_add(run, CHECK_REUSABLE_NOMAP,
			   "keep reusable for a CMA area, or no-map for memory the kernel must not map",
			   "%s has both reusable and no-map, which exclude each other: %s", name,
			   rmem_fdt_is_compatible(fdt, node, "shared-dma-pool") ?
			   "neither the CMA handler (it wants mapped memory) nor the DMA-pool "
			   "handler (it refuses reusable memory) takes it" :
			   "the binding allows one of them"), node, 0, 0);
	if (rmem_fdt_is_compatible(fdt, node, "restricted-dma-pool") &&
	    (nomap || reusable || has(fdt, node, "linux,cma-default") ||
	     has(fdt, node, "linux,dma-default")))
		check_node(run, check_add(run, CHECK_RESTRICTED_POOL_FLAGS,
			   "drop no-map, reusable, linux,cma-default and linux,dma-default from it",
			   "%s is a restricted-dma-pool with %s: the binding forbids it (the pool "
			   "must be mapped for bouncing), and the kernel's restricted-dma-pool "
			   "handler refuses the region", name,
			   nomap ? "no-map" : reusable ? "reusable" :
			   has(fdt, node, "linux,cma-default") ? "linux,cma-default" :
			   "linux,dma-default"), node, 0, 0);
}

/* Why the CMA handler did not take a linux,cma-default region, in words. */
static const char *not_cma_because(const struct rmem_fdt *fdt, int node,
				   const struct rmem_rmem_node *n)
{
	if (!rmem_fdt_is_compatible(fdt, node, "shared-dma-pool"))
		return "it is not compatible with \"shared-dma-pool\"";
	if (!has(fdt, node, "reusable"))
		return "it is not reusable";
	if (has(fdt, node, "no-map"))
		return "it is no-map";
	if (!n || n->state == RMEM_NODE_DISABLED)
		return "it is disabled";
	return n->reason[0] ? n->reason : rmem_rmem_state_name(n->state);
}

/* rmem_cma_setup(): the default CMA area is the last linux,cma-default region it took. */
static void check_cma_default(struct check_run *run, int rm)
{
	const struct rmem_ctx *ctx = run->ctx;
	const struct rmem_fdt *fdt = ctx->fdt;
	struct rmem_finding *twice = NULL;
	size_t taken = 0;
	int node;

	fdt_for_each_subnode(node, fdt->blob, rm) {
		const struct rmem_rmem_node *n = check_record(ctx, node);

		if (!has(fdt, node, "linux,cma-default"))
			continue;
		if (check_took_cma(n)) {
			taken++;
			continue;
		}
		/* cma= on the command line bypasses it on purpose, and the kernel says so */
		if (ctx->cmdline.cma_seen || !rmem_fdt_device_is_available(fdt, node))
			continue;
		check_node(run, check_add(run, CHECK_CMA_DEFAULT_UNUSABLE,
			   "make it compatible = \"shared-dma-pool\", reusable and not no-map, or "
			   "drop linux,cma-default",
			   "%s has linux,cma-default, but the kernel does not make it a CMA area "
			   "(%s): the default CMA area comes from cma= or the kernel's config "
			   "instead", rmem_fdt_name(fdt, node), not_cma_because(fdt, node, n)),
			   node, 0, 0);
	}
	if (taken < 2 || !ctx->dma.contiguous_default_area)
		return;
	twice = check_add(run, CHECK_CMA_DEFAULT_TWICE, "keep linux,cma-default on one region",
			  "%zu regions have linux,cma-default: the kernel makes each the default CMA "
			  "area in turn, and the last, %s, wins; the others are CMA areas only "
			  "devices that name them use", taken,
			  rmem_cma_get_name(ctx->dma.contiguous_default_area));
	fdt_for_each_subnode(node, fdt->blob, rm) {
		const struct rmem_rmem_node *n = check_record(ctx, node);

		if (twice && has(fdt, node, "linux,cma-default") && check_took_cma(n))
			check_node(run, twice, node, n->base, n->size);
	}
}

void check_schema(struct check_run *run)
{
	const struct rmem_fdt *fdt = run->ctx->fdt;
	int rm = fdt_path_offset(fdt->blob, "/reserved-memory"), child;

	if (rm < 0)
		return;
	check_root(run, rm);
	fdt_for_each_subnode(child, fdt->blob, rm) {
		check_reg_size(run, child);
		check_flags(run, child);
	}
	/* what the CMA handler did: nothing, when the kernel crashed before */
	if (!rmem_crashed(run->ctx))
		check_cma_default(run, rm);
}
