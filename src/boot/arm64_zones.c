// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm64's zones (arch/arm64/mm/init.c zone_sizes_init()): where ZONE_DMA
 * ends is arm64_dma_phys_limit, the limit the default CMA area is placed
 * under, and CMA activation refuses an area that spans two zones.
 */
#include <libfdt.h>
#include <stdio.h>

#include "boot/arm64.h"
#include "fdt/address.h"

/*
 * max_zone_phys() of the version: the end of a zone reaching @limit, within
 * DRAM.  5.10 and 6.1 (init.c:207 / :200) take the limit as a mask of
 * address bits and widen it when DRAM starts above it; 6.12 (init.c:117)
 * takes it as it is.
 */
static rmem_phys_t max_zone_phys(struct arm64_boot *b, rmem_phys_t limit)
{
	struct rmem_memblock *mb = &b->ctx->memblock;
	rmem_phys_t start = rmem_memblock_start_of_DRAM(mb);
	rmem_phys_t last = rmem_memblock_end_of_DRAM(mb) - 1;

	if (b->ctx->profile.version < RMEM_KERNEL_VERSION(6, 12)) {
		if (start > UINT32_MAX)
			limit = RMEM_PHYS_MAX;
		else if (start > limit)
			limit = UINT32_MAX;
	}
	return (limit < last ? limit : last) + 1;
}

/* DMA_BIT_MASK(fls64(@addr)): 5.10 and 6.1 keep only the bit count of the DT's limit. */
static rmem_phys_t dma_bit_mask_of(rmem_phys_t addr, unsigned int max_bits)
{
	unsigned int bits = 0;

	while (bits < 64 && addr >> bits)
		bits++;
	if (bits > max_bits)
		bits = max_bits;
	return bits == 64 ? RMEM_PHYS_MAX : ((rmem_phys_t)1 << bits) - 1;
}

/*
 * The end of ZONE_DMA (arm64_dma_phys_limit): where the most constrained
 * dma-ranges of the DT ends (ACPI's IORT, not read on a DT boot, says
 * PHYS_ADDR_MAX), as bits of at most 32 in 5.10 and 6.1 (init.c:230 /
 * :223); 6.12 (init.c:140) keeps the address, capped at 4 GiB only when
 * DRAM starts below it.
 */
static int arm64_dma_phys_limit(struct arm64_boot *b, rmem_phys_t *limit)
{
	struct rmem_ctx *ctx = b->ctx;
	uint64_t dt_limit;
	char path[256];
	int bad, ret;

	ret = rmem_fdt_dma_max_cpu_address(ctx->fdt, &ctx->profile, &ctx->log, &dt_limit, &bad);
	if (ret) {
		if (fdt_get_path(ctx->fdt->blob, bad, path, sizeof(path)))
			snprintf(path, sizeof(path), "%s", rmem_fdt_name(ctx->fdt, bad));
		rmem_crash(ctx, "of_dma_get_max_cpu_address() never gets through the dma-ranges of %s: its cell counts make the kernel's loop run on",
			       path);
		return ret;
	}
	if (ctx->profile.version < RMEM_KERNEL_VERSION(6, 12)) {
		*limit = max_zone_phys(b, dma_bit_mask_of(dt_limit, 32));
		return 0;
	}
	if (rmem_memblock_start_of_DRAM(&ctx->memblock) < UINT32_MAX && dt_limit > UINT32_MAX)
		dt_limit = UINT32_MAX;
	*limit = max_zone_phys(b, dt_limit);
	return 0;
}

/*
 * zone_sizes_init(): ZONE_DMA up to arm64_dma_phys_limit, ZONE_DMA32 up to
 * 4 GiB, ZONE_NORMAL up to the end of DRAM, each starting where the one
 * before ends, so any of them may be empty (free_area_init()).
 */
int arm64_zone_sizes_init(struct arm64_boot *b, rmem_phys_t *dma_limit)
{
	struct rmem_ctx *ctx = b->ctx;
	unsigned int shift = ctx->profile.page_shift;
	rmem_pfn_t start = rmem_memblock_start_of_DRAM(&ctx->memblock) >> shift;
	rmem_pfn_t end[3] = {
		0,
		max_zone_phys(b, UINT32_MAX) >> shift,
		rmem_memblock_end_of_DRAM(&ctx->memblock) >> shift,
	};
	static const char *const names[3] = { "DMA", "DMA32", "Normal" };
	struct rmem_zone zones[3];
	size_t n = 0;
	int ret = arm64_dma_phys_limit(b, dma_limit);

	if (ret)
		return ret;
	end[0] = *dma_limit >> shift;
	for (int i = 0; i < 3; i++) {
		rmem_pfn_t zone_end = end[i] > start ? end[i] : start;

		if (zone_end > start) {
			zones[n] = (struct rmem_zone){ .start_pfn = start, .end_pfn = zone_end };
			snprintf(zones[n].name, sizeof(zones[n].name), "%s", names[i]);
			n++;
		}
		start = zone_end;
	}
	if (n)
		rmem_zones_set(&ctx->zones, zones, n);
	return 0;
}

