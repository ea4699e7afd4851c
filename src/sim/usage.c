// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the replay left: per CMA area and per DMA pool, pages used and
 * free, the largest free run, and how fragmented the free pages are
 * (1 - largest free run / free pages: 0 when all free pages are one run).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "dma/coherent.h"
#include "sim/sim_internal.h"

static void set_figures(struct rmem_sim_usage *u)
{
	u->free = u->pages - u->used;
	u->fragmentation = u->free ? 1.0 - (double)u->largest_free / (double)u->free : 0.0;
}

static int cma_usage(struct rmem_cma *cma, struct rmem_sim_usage *u)
{
	struct rmem_cma_stat st;
	size_t len;

	rmem_cma_get_stat(cma, &st);
	strcpy(u->kind, "cma");
	snprintf(u->name, sizeof(u->name), "%s", rmem_cma_get_name(cma));
	u->base = rmem_cma_get_base(cma);
	u->pages = st.active ? st.count : 0;
	u->used = st.active ? st.used : 0;
	u->largest_free = st.active ? st.maxchunk : 0;
	u->order_per_bit = st.order_per_bit;
	set_figures(u);
	if (st.active && rmem_cma_free_runs(cma, &u->free_runs, &u->nr_free_runs))
		return -ENOMEM;
	len = rmem_cma_bitmap_show(cma, NULL, 0);
	u->bitmap = malloc(len + 1);
	if (!u->bitmap)
		return -ENOMEM;
	rmem_cma_bitmap_show(cma, u->bitmap, len + 1);
	return 0;
}

static bool page_used(const struct rmem_dma_coherent_mem *mem, unsigned long i)
{
	const unsigned int bits = 8 * sizeof(unsigned long);

	return (mem->bitmap[i / bits] >> (i % bits)) & 1;
}

/* The pool's free runs: counted, and stored when @runs is not NULL. */
static size_t pool_runs(const struct rmem_dma_coherent_mem *mem, struct rmem_cma_run *runs)
{
	size_t nr = 0;

	for (unsigned long i = 0; i < mem->size; i++) {
		if (page_used(mem, i))
			continue;
		if (!i || page_used(mem, i - 1)) {
			if (runs)
				runs[nr] = (struct rmem_cma_run){ i, 0 };
			nr++;
		}
		if (runs)
			runs[nr - 1].pages++;
	}
	return nr;
}

static int pool_usage(const char *name, const struct rmem_dma_coherent_mem *mem,
		      struct rmem_sim_usage *u)
{
	strcpy(u->kind, "pool");
	snprintf(u->name, sizeof(u->name), "%s", name);
	u->base = mem->phys_base;
	u->pages = mem->size;
	u->nr_free_runs = pool_runs(mem, NULL);
	if (u->nr_free_runs) {
		u->free_runs = malloc(u->nr_free_runs * sizeof(*u->free_runs));
		if (!u->free_runs)
			return -ENOMEM;
		pool_runs(mem, u->free_runs);
	}
	u->used = u->pages;
	for (size_t i = 0; i < u->nr_free_runs; i++) {
		u->used -= u->free_runs[i].pages;
		if (u->free_runs[i].pages > u->largest_free)
			u->largest_free = u->free_runs[i].pages;
	}
	set_figures(u);
	return 0;
}

static bool listed(const struct rmem_sim *sim, const struct rmem_dma_coherent_mem *mem)
{
	struct rmem_ctx *ctx = sim->ctx;

	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].priv == mem && ctx->rm.reserved_mem[i].handler &&
		    !strcmp(ctx->rm.reserved_mem[i].handler->name, "dma"))
			return true;
	return false;
}

int rmem_sim_collect_usage(struct rmem_sim *sim)
{
	struct rmem_ctx *ctx = sim->ctx;
	size_t max = sim->nr_areas + ctx->rm.reserved_mem_count + 1;
	int ret;

	sim->usage = calloc(max, sizeof(*sim->usage));
	if (!sim->usage)
		return -ENOMEM;
	for (size_t i = 0; i < sim->nr_areas; i++) {
		ret = cma_usage(sim->areas[i].cma, &sim->usage[sim->nr_usage++]);
		if (ret)
			return ret;
	}
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++) {
		const struct rmem_reserved_mem *r = &ctx->rm.reserved_mem[i];

		if (r->priv && r->handler && !strcmp(r->handler->name, "dma")) {
			ret = pool_usage(r->name, r->priv, &sim->usage[sim->nr_usage++]);
			if (ret)
				return ret;
		}
	}
	if (ctx->dma.global.mem && !listed(sim, ctx->dma.global.mem))
		return pool_usage("default", ctx->dma.global.mem, &sim->usage[sim->nr_usage++]);
	return 0;
}
