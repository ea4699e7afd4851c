// SPDX-License-Identifier: GPL-2.0-only
/*
 * Assigning reserved memory to a device when its driver probes:
 * of_reserved_mem_device_init_by_idx(), _by_name() and
 * of_reserved_mem_device_release() (drivers/of/of_reserved_mem.c), with the
 * device ops of the "cma" handler (kernel/dma/contiguous.c
 * rmem_cma_device_init/_release) and of the "dma" handler
 * (kernel/dma/coherent.c rmem_dma_device_init/_release).
 *
 * The three versions share of_reserved_mem_device_init_by_idx() line for
 * line (5.10 of_reserved_mem.c:321, 6.1 :331, 6.12 :650) except the
 * lookup: 5.10 and 6.1 __find_rmem() by phandle, 6.12
 * of_reserved_mem_lookup() by name (rmem_reserved_mem_for_node()).
 * rmem_dma_device_init() differs: 5.10 (coherent.c:328) ignores the
 * -EBUSY of dma_assign_coherent_memory() and does not warn about the mask;
 * 6.1 (coherent.c:336) and 6.12 (coherent.c:337) return it and warn.
 */
#include <errno.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/device.h>

#include "internal.h"
#include "dma/coherent.h"

#define dev_info(ctx, dev, fmt, ...) pr_info(ctx, "%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define dev_warn(ctx, dev, fmt, ...) pr_warn(ctx, "%s: " fmt, (dev)->name, ##__VA_ARGS__)

/*
 * of_dma_is_coherent() (6.12 and 7.2 drivers/of/address.c): the first
 * "dma-coherent" or "dma-noncoherent" on the way up from the node decides;
 * with neither, dma_default_coherent (CONFIG_ARCH_DMA_DEFAULT_COHERENT:
 * riscv).  of_get_next_dma_parent()'s "interconnects" detour is not
 * modelled: the plain parent.
 */
static bool of_dma_is_coherent(const struct rmem_ctx *ctx, int node)
{
	for (; node >= 0; node = fdt_parent_offset(ctx->fdt->blob, node)) {
		if (rmem_fdt_getprop(ctx->fdt, node, "dma-coherent", NULL))
			return true;
		if (rmem_fdt_getprop(ctx->fdt, node, "dma-noncoherent", NULL))
			return false;
	}
	return ctx->profile.arch_ops->dma_default_coherent;
}

int rmem_device_setup(struct rmem_ctx *ctx, int node, struct rmem_device *dev)
{
	memset(dev, 0, sizeof(*dev));
	if (!ctx->fdt || node < 0 || !rmem_fdt_name(ctx->fdt, node)[0])
		return -EINVAL;
	dev->node = node;
	dev->name = rmem_fdt_name(ctx->fdt, node);
	dev->coherent = of_dma_is_coherent(ctx, node);
	/* of_platform_device_create_pdata(): DMA_BIT_MASK(32) */
	dev->coherent_dma_mask = 0xffffffffull;
	return 0;
}

static const struct rmem_rmem_node *region_node(const struct rmem_ctx *ctx,
						const struct rmem_reserved_mem *rmem)
{
	if (rmem->node_index < 0 || (unsigned int)rmem->node_index >= ctx->rm.node_count)
		return NULL;
	return &ctx->rm.nodes[rmem->node_index];
}

/*
 * region_intersects(IORESOURCE_SYSTEM_RAM) for memremap(): a no-map region
 * is not "System RAM" on arm64 (request_standard_resources() names it
 * "reserved"); anything else in memblock.memory is.
 */
static enum rmem_dma_region_ram region_ram(const struct rmem_ctx *ctx,
					   const struct rmem_reserved_mem *rmem)
{
	const struct rmem_rmem_node *n = region_node(ctx, rmem);
	bool first, last;

	if (n && n->nomap)
		return RMEM_DMA_REGION_NOT_RAM;
	if (rmem_memblock_is_region_memory(&ctx->memblock, rmem->base, rmem->size))
		return RMEM_DMA_REGION_RAM;
	first = rmem_memblock_is_memory(&ctx->memblock, rmem->base);
	last = rmem_memblock_is_memory(&ctx->memblock, rmem->base + rmem->size - 1);
	return first || last ? RMEM_DMA_REGION_MIXED : RMEM_DMA_REGION_NOT_RAM;
}

/* 5.10: the "linux,dma-default" region's pool is the global one (dma_init_reserved_memory()) */
static struct rmem_dma_coherent_mem *shared_global_pool(struct rmem_ctx *ctx,
							const struct rmem_reserved_mem *rmem)
{
	if (!ctx->profile.facts->dma.default_region_shared || !ctx->dma.global.mem ||
	    !ctx->dma.reserved_default_set || ctx->dma.reserved_default_base != rmem->base)
		return NULL;
	return ctx->dma.global.mem;
}

static int rmem_dma_device_init(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem,
				struct rmem_device *dev)
{
	struct rmem_dma_coherent_mem *mem = shared_global_pool(ctx, rmem);
	struct rmem_dma_coherent_desc desc = {
		.phys_addr = rmem->base, .device_addr = rmem->base, .size = rmem->size,
		.origin = RMEM_DMA_POOL_RESERVED_MEM, .exclusive = true,
	};
	struct rmem_dma_coherent_stat st;
	int err;

	if (!mem)
		mem = rmem->priv;
	if (!mem) {
		desc.ram = region_ram(ctx, rmem);
		err = rmem_dma_init_coherent_memory(&ctx->profile, &desc, &ctx->log, &mem);
		if (err)
			return err;
		rmem->priv = mem;
	}
	if (ctx->profile.facts->dma.device_init_lenient) {
		/* 5.10 drops dma_assign_coherent_memory()'s -EBUSY */
		if (!dev->dma_mem)
			dev->dma_mem = mem;
		return 0;
	}
	rmem_dma_coherent_get_stat(mem, &st);
	/* min_not_zero(coherent_dma_mask, bus_dma_limit): no dma-ranges, limit 0 */
	if (st.device_base + rmem->size - 1 > dev->coherent_dma_mask)
		dev_warn(ctx, dev, "reserved memory is beyond device's set DMA address range\n");
	if (dev->dma_mem)
		return -EBUSY;
	dev->dma_mem = mem;
	return 0;
}

static bool handler_is(const struct rmem_reserved_mem *rmem, const char *name)
{
	return rmem->handler && !strcmp(rmem->handler->name, name);
}

static int device_init(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem,
		       struct rmem_device *dev)
{
	if (handler_is(rmem, "cma")) {
		dev->cma_area = rmem->priv;
		return 0;
	}
	return rmem_dma_device_init(ctx, rmem, dev);
}

int rmem_of_reserved_mem_device_init_by_idx(struct rmem_ctx *ctx, struct rmem_device *dev,
					    int idx)
{
	const struct rmem_fdt *fdt = ctx->fdt;
	struct rmem_reserved_mem *rmem;
	const void *prop;
	int len, target, err;

	if (!fdt)
		return -ENODEV;
	prop = rmem_fdt_getprop(fdt, dev->node, "memory-region", &len);
	/* of_parse_phandle(): a negative index or one past the list gives NULL */
	if (!prop || idx < 0 || (uint64_t)idx >= (uint64_t)len / 4)
		return -ENODEV;
	target = fdt_node_offset_by_phandle(fdt->blob,
					    rmem_fdt_be32(fdt, (const char *)prop + 4 * idx));
	if (target < 0)
		return -ENODEV;
	if (!rmem_fdt_device_is_available(fdt, target))
		return 0;
	rmem = rmem_reserved_mem_for_node(ctx, target);
	if (!rmem || !(handler_is(rmem, "cma") || handler_is(rmem, "dma")))
		return -EINVAL;
	if (dev->nr_assigned == RMEM_DEVICE_MAX_ASSIGNED)
		return -ENOSPC;
	err = device_init(ctx, rmem, dev);
	if (err)
		return err;
	dev->assigned[dev->nr_assigned++] = rmem;
	dev_info(ctx, dev, "assigned reserved memory node %s\n", rmem->name);
	return 0;
}

int rmem_of_reserved_mem_device_init_by_name(struct rmem_ctx *ctx, struct rmem_device *dev,
					     const char *name)
{
	int idx = -EINVAL;

	if (ctx->fdt)
		idx = rmem_fdt_match_string(ctx->fdt, dev->node, "memory-region-names", name);
	return rmem_of_reserved_mem_device_init_by_idx(ctx, dev, idx);
}

void rmem_of_reserved_mem_device_release(struct rmem_ctx *ctx, struct rmem_device *dev)
{
	(void)ctx;
	for (unsigned int i = 0; i < dev->nr_assigned; i++) {
		/* both handlers clear the pointer, whichever region set it */
		if (handler_is(dev->assigned[i], "cma"))
			dev->cma_area = NULL;
		else
			dev->dma_mem = NULL;
		dev->assigned[i] = NULL;
	}
	dev->nr_assigned = 0;
}
