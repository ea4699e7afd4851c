// SPDX-License-Identifier: GPL-2.0-only
/*
 * The context object: one simulated machine's state.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

struct rmem_ctx *rmem_ctx_create(const struct rmem_profile *p)
{
	struct rmem_ctx *ctx = calloc(1, sizeof(*ctx));
	int err = EINVAL;

	if (!ctx) {
		errno = ENOMEM;
		return NULL;
	}
	ctx->profile = *p;
	if (rmem_profile_derive(&ctx->profile))
		goto out_free;
	err = ENOMEM;
	if (rmem_log_init(&ctx->log))
		goto out_free;
	rmem_log_set_profile(&ctx->log, &ctx->profile);
	if (rmem_memblock_init(&ctx->memblock, &ctx->profile, &ctx->log))
		goto out_log;
	if (rmem_cma_state_init(&ctx->cma, &ctx->profile))
		goto out_memblock;
	if (rmem_dma_state_init(&ctx->dma))
		goto out_cma;
	return ctx;

out_cma:
	rmem_cma_state_release(&ctx->cma);
out_memblock:
	rmem_memblock_release(&ctx->memblock);
out_log:
	rmem_log_release(&ctx->log);
out_free:
	free(ctx);
	errno = err;
	return NULL;
}

/* In the reverse order of rmem_ctx_create(), after what the boot added. */
void rmem_ctx_destroy(struct rmem_ctx *ctx)
{
	if (!ctx)
		return;
	rmem_rm_state_release(&ctx->rm);
	rmem_fdt_release(&ctx->fdt_owned);
	free(ctx->boot_command_line);
	rmem_dma_state_release(&ctx->dma);
	rmem_cma_state_release(&ctx->cma);
	rmem_memblock_release(&ctx->memblock);
	rmem_log_release(&ctx->log);
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
