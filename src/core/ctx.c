// SPDX-License-Identifier: GPL-2.0-only
/*
 * The context object: one simulated machine's state.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "reserved_mem/reserved_mem_internal.h"

struct rmem_ctx *rmem_ctx_create(const struct rmem_profile *p)
{
	struct rmem_ctx *ctx = calloc(1, sizeof(*ctx));
	const struct rmem_rmem_handler *table;
	size_t nr_handlers;
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
	table = rmem_reservedmem_of_table(&nr_handlers);
	rmem_rm_state_init(&ctx->rm, table, nr_handlers);
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
	return rmem_zones_set(&ctx->zones, zones, n);
}

int rmem_ctx_zone_of(const struct rmem_ctx *ctx, rmem_pfn_t pfn)
{
	return rmem_zones_of(&ctx->zones, pfn);
}

void rmem_ctx_crash(struct rmem_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rmem_panic_vrecord(&ctx->panic, fmt, ap);
	va_end(ap);
}

const char *rmem_ctx_crashed(const struct rmem_ctx *ctx)
{
	return rmem_crashed(ctx);
}
