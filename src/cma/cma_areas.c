// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of CMA areas (mm/cma.c's cma_areas[] and cma_area_count), its
 * accessors, and the machine-wide settings the CMA code reads.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lib/bitmap.h"

int rmem_cma_state_init(struct rmem_cma_state *cma, const struct rmem_profile *p)
{
	memset(cma, 0, sizeof(*cma));
	cma->debug = p->cma_debug;
	cma->areas = calloc(p->max_cma_areas ? p->max_cma_areas : 1, sizeof(*cma->areas));
	if (!cma->areas)
		return -ENOMEM;
	if (pthread_mutex_init(&cma->mutex, NULL)) {
		free(cma->areas);
		return -ENOMEM;
	}
	return 0;
}

void rmem_cma_state_release(struct rmem_cma_state *cma)
{
	for (unsigned int i = 0; i < cma->area_count; i++) {
		rmem_bitmap_free(cma->areas[i].bitmap);
		pthread_mutex_destroy(&cma->areas[i].lock);
	}
	free(cma->areas);
	pthread_mutex_destroy(&cma->mutex);
}

rmem_phys_t rmem_cma_get_base(const struct rmem_cma *cma)
{
	return cma->base_pfn << cma->ctx->profile.page_shift;
}

rmem_phys_t rmem_cma_get_size(const struct rmem_cma *cma)
{
	return (rmem_phys_t)cma->count << cma->ctx->profile.page_shift;
}

const char *rmem_cma_get_name(const struct rmem_cma *cma)
{
	return cma->name;
}

unsigned int rmem_cma_area_count(const struct rmem_ctx *ctx)
{
	return ctx->cma.area_count;
}

struct rmem_cma *rmem_cma_area(struct rmem_ctx *ctx, unsigned int i)
{
	return i < ctx->cma.area_count ? &ctx->cma.areas[i] : NULL;
}

struct rmem_cma *rmem_cma_find(struct rmem_ctx *ctx, const char *name)
{
	for (unsigned int i = 0; i < ctx->cma.area_count; i++)
		if (!strcmp(ctx->cma.areas[i].name, name))
			return &ctx->cma.areas[i];
	return NULL;
}

unsigned long rmem_cma_total_pages(const struct rmem_ctx *ctx)
{
	return ctx->cma.totalcma_pages;
}

void rmem_cma_set_range_hook(struct rmem_ctx *ctx, rmem_cma_range_fn fn, void *arg)
{
	ctx->cma.range_fn = fn;
	ctx->cma.range_arg = arg;
}

void rmem_cma_set_highmem_start(struct rmem_ctx *ctx, rmem_phys_t start)
{
	ctx->cma.highmem_start = start;
}
