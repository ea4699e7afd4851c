// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding /reserved-memory and the nodes the kernel treats as regions.
 *
 * 5.10 walks the whole tree with of_scan_flat_dt() (drivers/of/fdt.c:544
 * in 5.10): /reserved-memory is the first node of depth 1 named exactly
 * "reserved-memory", and every node below it, at any depth, is a region.
 * 6.1 and 6.12 look it up with fdt_path_offset(), which also finds
 * "reserved-memory@..." (libfdt ignores a unit address not asked for), and
 * take its direct children only (fdt.c:569 in 6.1, of_reserved_mem.c:302
 * in 6.12).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "reserved_mem/reserved_mem_internal.h"

static int find_root_5_10(const void *blob)
{
	int depth = -1;		/* of_scan_flat_dt(): the root is at depth 0 */

	for (int off = fdt_next_node(blob, -1, &depth); off >= 0 && depth >= 0;
	     off = fdt_next_node(blob, off, &depth)) {
		const char *name = fdt_get_name(blob, off, NULL);

		if (depth == 1 && name && !strcmp(name, "reserved-memory"))
			return off;
	}
	return -ENODEV;
}

int rmem_rm_find_root(const struct rmem_ctx *ctx)
{
	int node;

	if (!RM_FACT(ctx, root_by_path))
		return find_root_5_10(ctx->fdt->blob);
	node = fdt_path_offset(ctx->fdt->blob, "/reserved-memory");
	return node < 0 ? -ENODEV : node;
}

/*
 * __reserved_mem_check_root(): the cells must be the root's and "ranges"
 * must be there (its value is not read).
 */
int rmem_rm_check_root(const struct rmem_ctx *ctx, int node)
{
	struct rmem_rm_cells c;
	const void *prop;

	rmem_rm_cells(ctx, &c);
	prop = rmem_rm_prop(ctx, node, "#size-cells", NULL);
	if (!prop || rmem_rm_be32_raw(ctx, prop) != (uint32_t)c.size)
		return -EINVAL;
	prop = rmem_rm_prop(ctx, node, "#address-cells", NULL);
	if (!prop || rmem_rm_be32_raw(ctx, prop) != (uint32_t)c.addr)
		return -EINVAL;
	if (!rmem_rm_has_prop(ctx, node, "ranges"))
		return -EINVAL;
	return 0;
}

/* Why __reserved_mem_check_root() refused @node, in words. */
static void root_refusal(const struct rmem_ctx *ctx, int node, char *buf, size_t len)
{
	static const char *const cells[] = { "#size-cells", "#address-cells" };
	struct rmem_rm_cells c;

	rmem_rm_cells(ctx, &c);
	for (int i = 0; i < 2; i++) {
		const void *prop = rmem_rm_prop(ctx, node, cells[i], NULL);
		int want = i ? c.addr : c.size;

		if (!prop) {
			snprintf(buf, len, "/reserved-memory has no %s (the root's is %d)",
				 cells[i], want);
			return;
		}
		if (rmem_rm_be32_raw(ctx, prop) != (uint32_t)want) {
			snprintf(buf, len, "/reserved-memory has %s = <%u>, the root's is %d",
				 cells[i], rmem_rm_be32_raw(ctx, prop), want);
			return;
		}
	}
	snprintf(buf, len, "/reserved-memory has no ranges property");
}

static bool wanted(const struct rmem_ctx *ctx, int depth)
{
	return RM_FACT(ctx, children_only) ? depth == 1 : depth >= 1;
}

static unsigned int walk(const struct rmem_ctx *ctx, int root, int *out)
{
	const void *blob = ctx->fdt->blob;
	unsigned int n = 0;
	int depth = 0;

	for (int off = fdt_next_node(blob, root, &depth); off >= 0 && depth > 0;
	     off = fdt_next_node(blob, off, &depth)) {
		if (!wanted(ctx, depth))
			continue;
		if (out)
			out[n] = off;
		n++;
	}
	return n;
}

int rmem_rm_children(const struct rmem_ctx *ctx, int root, struct rmem_rm_children *c)
{
	unsigned int n = walk(ctx, root, NULL);

	c->n = n;
	c->off = calloc(n ? n : 1, sizeof(*c->off));
	if (!c->off)
		return -ENOMEM;
	walk(ctx, root, c->off);
	return 0;
}

/*
 * A refused /reserved-memory leaves no trace in the kernel; the records
 * say what was not looked at, and why.
 */
void rmem_rm_mark_unscanned(struct rmem_ctx *ctx, int root)
{
	struct rmem_rm_children c;
	char why[160];

	if (rmem_rm_children(ctx, root, &c))
		return;
	root_refusal(ctx, root, why, sizeof(why));
	rmem_rm_advise_root(ctx, root, c.n);
	if (!rmem_rm_nodes_reserve(ctx, c.n)) {
		for (unsigned int i = 0; i < c.n; i++) {
			struct rmem_rmem_node *n = rmem_rm_node(ctx, c.off[i]);

			rmem_rm_node_state(n, RMEM_NODE_INVALID, -EINVAL);
			rmem_rm_node_reason(n, "%s: the kernel ignored the whole node", why);
		}
	}
	free(c.off);
}
