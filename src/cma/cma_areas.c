// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of CMA areas (mm/cma.c's cma_areas[] and cma_area_count), its
 * accessors, and the machine-wide settings the CMA code reads.
 */
#include <string.h>

#include "internal.h"

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
	return ctx->cma_area_count;
}

struct rmem_cma *rmem_cma_area(struct rmem_ctx *ctx, unsigned int i)
{
	return i < ctx->cma_area_count ? &ctx->cma_areas[i] : NULL;
}

struct rmem_cma *rmem_cma_find(struct rmem_ctx *ctx, const char *name)
{
	for (unsigned int i = 0; i < ctx->cma_area_count; i++)
		if (!strcmp(ctx->cma_areas[i].name, name))
			return &ctx->cma_areas[i];
	return NULL;
}

unsigned long rmem_cma_total_pages(const struct rmem_ctx *ctx)
{
	return ctx->totalcma_pages;
}

void rmem_cma_set_range_hook(struct rmem_ctx *ctx, rmem_cma_range_fn fn, void *arg)
{
	ctx->cma_range_fn = fn;
	ctx->cma_range_arg = arg;
}

void rmem_cma_set_highmem_start(struct rmem_ctx *ctx, rmem_phys_t start)
{
	ctx->highmem_start = start;
}

bool rmem_cma_kernel_32bit(const struct rmem_ctx *ctx)
{
	return rmem_profile_long_bits(&ctx->profile) == 32;
}
