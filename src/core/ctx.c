// SPDX-License-Identifier: GPL-2.0-only
/*
 * The context object: one simulated machine's state.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "lib/bitmap.h"

/* The context's own locks and log; 0 or -errno, nothing left made on failure. */
static int ctx_init_locks(struct rmem_ctx *ctx)
{
	int ret = rmem_log_init(&ctx->log);

	if (ret)
		return ret;
	ret = -pthread_mutex_init(&ctx->cma_mutex, NULL);
	if (ret)
		goto out_log;
	ret = -pthread_mutex_init(&ctx->atomic_pools_lock, NULL);
	if (ret)
		goto out_cma;
	return 0;
out_cma:
	pthread_mutex_destroy(&ctx->cma_mutex);
out_log:
	rmem_log_release(&ctx->log);
	return ret;
}

static void ctx_release_locks(struct rmem_ctx *ctx)
{
	pthread_mutex_destroy(&ctx->atomic_pools_lock);
	pthread_mutex_destroy(&ctx->cma_mutex);
	rmem_log_release(&ctx->log);
}

struct rmem_ctx *rmem_ctx_create(const struct rmem_profile *p)
{
	struct rmem_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx) {
		errno = ENOMEM;
		return NULL;
	}
	ctx->profile = *p;
	if (rmem_profile_derive(&ctx->profile)) {
		free(ctx);
		errno = EINVAL;
		return NULL;
	}
	if (ctx_init_locks(ctx)) {
		free(ctx);
		errno = ENOMEM;
		return NULL;
	}
	rmem_log_set_profile(&ctx->log, &ctx->profile);
	ctx->cma_debug = ctx->profile.cma_debug;
	ctx->cma_areas = calloc(ctx->profile.max_cma_areas ? ctx->profile.max_cma_areas : 1,
				sizeof(*ctx->cma_areas));
	if (!ctx->cma_areas ||
	    rmem_memblock_init(&ctx->memblock, &ctx->profile, &ctx->log)) {
		free(ctx->cma_areas);
		ctx_release_locks(ctx);
		free(ctx);
		errno = ENOMEM;
		return NULL;
	}
	return ctx;
}

void rmem_ctx_destroy(struct rmem_ctx *ctx)
{
	if (!ctx)
		return;
	for (unsigned int i = 0; i < ctx->cma_area_count; i++) {
		rmem_bitmap_free(ctx->cma_areas[i].bitmap);
		pthread_mutex_destroy(&ctx->cma_areas[i].lock);
	}
	free(ctx->cma_areas);
	for (unsigned int i = 0; i < ctx->reserved_mem_count; i++) {
		const struct rmem_reserved_mem *rmem = &ctx->reserved_mem[i];

		if (rmem->handler && rmem->handler->release_priv && rmem->priv)
			rmem->handler->release_priv(rmem->priv);
	}
	free(ctx->reserved_mem);
	free(ctx->rmem_nodes);
	rmem_dma_release_global_coherent(&ctx->dma_global);
	rmem_fdt_release(&ctx->fdt_owned);
	free(ctx->boot_command_line);
	rmem_memblock_release(&ctx->memblock);
	ctx_release_locks(ctx);
	free(ctx);
}

const struct rmem_profile *rmem_ctx_profile(const struct rmem_ctx *ctx)
{
	return &ctx->profile;
}

const char *rmem_ctx_cmdline(const struct rmem_ctx *ctx)
{
	return ctx->boot_command_line ? ctx->boot_command_line : "";
}

struct rmem_log *rmem_ctx_log(struct rmem_ctx *ctx)
{
	return &ctx->log;
}

struct rmem_memblock *rmem_ctx_memblock(struct rmem_ctx *ctx)
{
	return &ctx->memblock;
}

int rmem_ctx_set_zones(struct rmem_ctx *ctx, const struct rmem_zone *zones, size_t n)
{
	if (n == 0 || n > RMEM_MAX_ZONES)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (zones[i].start_pfn > zones[i].end_pfn)
			return -EINVAL;
		if (i && zones[i].start_pfn < zones[i - 1].end_pfn)
			return -EINVAL;
	}
	for (size_t i = 0; i < n; i++)
		ctx->zones[i] = zones[i];
	ctx->nr_zones = n;
	return 0;
}

int rmem_ctx_zone_of(const struct rmem_ctx *ctx, rmem_pfn_t pfn)
{
	if (!ctx->nr_zones)
		return 0;
	for (size_t i = 0; i < ctx->nr_zones; i++)
		if (pfn >= ctx->zones[i].start_pfn && pfn < ctx->zones[i].end_pfn)
			return (int)i;
	return -1;
}

void rmem_ctx_crash(struct rmem_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->crash[0])
		return;
	va_start(ap, fmt);
	vsnprintf(ctx->crash, sizeof(ctx->crash), fmt, ap);
	va_end(ap);
}

const char *rmem_ctx_crashed(const struct rmem_ctx *ctx)
{
	return ctx->crash[0] ? ctx->crash : NULL;
}
