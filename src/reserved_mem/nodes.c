// SPDX-License-Identifier: GPL-2.0-only
/*
 * The node records: one per region node, in DT order, saying what became
 * of it in words the kernel log does not always give.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reserved_mem/reserved_mem_internal.h"

int rmem_rm_nodes_reserve(struct rmem_ctx *ctx, unsigned int more)
{
	unsigned int want = ctx->rm.node_count + more;
	struct rmem_rmem_node *nodes;

	if (want <= ctx->rm.node_cap)
		return 0;
	nodes = realloc(ctx->rm.nodes, (size_t)want * sizeof(*nodes));
	if (!nodes)
		return -ENOMEM;
	ctx->rm.nodes = nodes;
	ctx->rm.node_cap = want;
	return 0;
}

/*
 * Every walk of /reserved-memory (tree.c) goes by fdt_next_node(), whose
 * offsets only grow, and meets its node before any step looks the node up;
 * a later walk of the same tree meets the nodes already recorded first.
 * So the records are in ascending fdt_node order, and bisection finds what
 * a linear search would, without its O(n^2) over a tree of 20,000 regions.
 */
static struct rmem_rmem_node *node_find(struct rmem_ctx *ctx, int fdt_node)
{
	unsigned int lo = 0, hi = ctx->rm.node_count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		int at = ctx->rm.nodes[mid].fdt_node;

		if (at == fdt_node)
			return &ctx->rm.nodes[mid];
		if (at < fdt_node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The record of @fdt_node, made on first sight (NULL only if rmem ran out of memory). */
struct rmem_rmem_node *rmem_rm_node(struct rmem_ctx *ctx, int fdt_node)
{
	struct rmem_rmem_node *n = node_find(ctx, fdt_node);

	if (n)
		return n;
	if (rmem_rm_nodes_reserve(ctx, 1))
		return NULL;
	n = &ctx->rm.nodes[ctx->rm.node_count++];
	memset(n, 0, sizeof(*n));
	n->name = rmem_fdt_name(ctx->fdt, fdt_node);
	n->fdt_node = fdt_node;
	n->nomap = rmem_rm_has_prop(ctx, fdt_node, "no-map");
	n->reusable = rmem_rm_has_prop(ctx, fdt_node, "reusable");
	n->state = RMEM_NODE_IGNORED;
	n->rmem_index = -1;
	return n;
}

struct rmem_rmem_node *rmem_rm_node_of(struct rmem_ctx *ctx, const struct rmem_reserved_mem *rmem)
{
	if (rmem->node_index < 0 || (unsigned int)rmem->node_index >= ctx->rm.node_count)
		return NULL;
	return &ctx->rm.nodes[rmem->node_index];
}

void rmem_rm_node_state(struct rmem_rmem_node *n, enum rmem_rmem_state state, int err)
{
	if (!n)
		return;
	n->state = state;
	n->err = err;
}

static void node_vreason(struct rmem_rmem_node *n, bool append, const char *fmt, va_list ap)
{
	size_t used = append ? strlen(n->reason) : 0;

	if (append && used && used + 2 < sizeof(n->reason)) {
		memcpy(n->reason + used, "; ", 3);
		used += 2;
	}
	if (used < sizeof(n->reason))
		vsnprintf(n->reason + used, sizeof(n->reason) - used, fmt, ap);
}

void rmem_rm_node_reason(struct rmem_rmem_node *n, const char *fmt, ...)
{
	va_list ap;

	if (!n)
		return;
	va_start(ap, fmt);
	node_vreason(n, false, fmt, ap);
	va_end(ap);
}

void rmem_rm_node_more(struct rmem_rmem_node *n, const char *fmt, ...)
{
	va_list ap;

	if (!n)
		return;
	va_start(ap, fmt);
	node_vreason(n, true, fmt, ap);
	va_end(ap);
}

void rmem_rmem_note(struct rmem_ctx *ctx, const struct rmem_reserved_mem *rmem,
		    const char *fmt, ...)
{
	struct rmem_rmem_node *n = rmem_rm_node_of(ctx, rmem);
	va_list ap;

	if (!n)
		return;
	va_start(ap, fmt);
	node_vreason(n, true, fmt, ap);
	va_end(ap);
}

/* After a sort: each record learns where its entry went. */
void rmem_rm_reindex(struct rmem_ctx *ctx)
{
	for (unsigned int i = 0; i < ctx->rm.node_count; i++)
		ctx->rm.nodes[i].rmem_index = -1;
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++) {
		struct rmem_rmem_node *n = rmem_rm_node_of(ctx, &ctx->rm.reserved_mem[i]);

		if (n)
			n->rmem_index = (int)i;
	}
}

unsigned int rmem_rmem_node_count(const struct rmem_ctx *ctx)
{
	return ctx->rm.node_count;
}

const struct rmem_rmem_node *rmem_rmem_node_at(const struct rmem_ctx *ctx, unsigned int i)
{
	return i < ctx->rm.node_count ? &ctx->rm.nodes[i] : NULL;
}

const char *rmem_rmem_state_name(enum rmem_rmem_state state)
{
	static const char *const names[] = {
		[RMEM_NODE_DISABLED] = "disabled",
		[RMEM_NODE_IGNORED] = "ignored",
		[RMEM_NODE_INVALID] = "invalid",
		[RMEM_NODE_NOT_SAVED] = "not-saved",
		[RMEM_NODE_ALLOC_FAILED] = "alloc-failed",
		[RMEM_NODE_RESERVED] = "reserved",
		[RMEM_NODE_INITIALIZED] = "initialized",
		[RMEM_NODE_HANDLER_FAILED] = "handler-failed",
	};

	if ((unsigned int)state >= sizeof(names) / sizeof(names[0]) || !names[state])
		return "?";
	return names[state];
}

bool rmem_rm_node_available(struct rmem_ctx *ctx, int node, struct rmem_rmem_node *n)
{
	if (rmem_fdt_device_is_available(ctx->fdt, node))
		return true;
	rmem_rm_node_state(n, RMEM_NODE_DISABLED, 0);
	rmem_rm_node_reason(n, "status is not \"okay\"");
	return false;
}
