// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hand-made plan results for the report tests: records and array entries
 * put straight into the context, as the reserved-memory code would.
 */
#include <stdlib.h>

#include "rmem_test.h"
#include "internal.h"

struct rmem_ctx *rmem_test_board(const char *profile, rmem_phys_t base, rmem_phys_t size,
				 unsigned int max)
{
	struct rmem_ctx *ctx = rmem_test_ctx(profile, base, size);

	ctx->rm.nodes = calloc(max, sizeof(*ctx->rm.nodes));
	ctx->rm.reserved_mem = calloc(max, sizeof(*ctx->rm.reserved_mem));
	assert_non_null(ctx->rm.nodes);
	assert_non_null(ctx->rm.reserved_mem);
	ctx->rm.node_cap = ctx->rm.reserved_mem_max = max;
	return ctx;
}

struct rmem_rmem_node *rmem_test_node(struct rmem_ctx *ctx, const char *name,
				      enum rmem_rmem_state state, rmem_phys_t base,
				      rmem_phys_t size)
{
	struct rmem_rmem_node *n;

	assert_true(ctx->rm.node_count < ctx->rm.node_cap);
	n = &ctx->rm.nodes[ctx->rm.node_count++];
	n->name = name;
	n->state = state;
	n->base = base;
	n->size = size;
	n->rmem_index = -1;
	return n;
}

void rmem_test_save_rmem(struct rmem_ctx *ctx, struct rmem_rmem_node *n,
			 const struct rmem_rmem_handler *h, void *priv)
{
	struct rmem_reserved_mem *r;

	assert_true(ctx->rm.reserved_mem_count < ctx->rm.reserved_mem_max);
	r = &ctx->rm.reserved_mem[ctx->rm.reserved_mem_count];
	r->name = n->name;
	r->base = n->base;
	r->size = n->size;
	r->handler = h;
	r->priv = priv;
	r->node_index = (int)(n - ctx->rm.nodes);
	n->rmem_index = (int)ctx->rm.reserved_mem_count++;
	n->handler = h;
}
