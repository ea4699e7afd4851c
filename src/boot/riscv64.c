// SPDX-License-Identifier: GPL-2.0-only
/*
 * The riscv64 early boot (arch/riscv/kernel/setup.c setup_arch(),
 * arch/riscv/mm/init.c setup_bootmem() and misc_mem_init()), in its order.
 *
 * Everything that decides where reserved memory goes happens in
 * setup_bootmem(), inside paging_init(): mem=, the kernel image (rounded
 * up to 2 MiB, the caller's first reservation), the initrd, the
 * /reserved-memory scan, and only then the DTB's own reservation, so that
 * a dynamic region may be placed over the DTB; then the default CMA area,
 * under the end of ZONE_DMA32, before any page table is allocated.  The
 * firmware's own memory (OpenSBI's) is a /reserved-memory node of the DTB
 * the firmware hands over, like any other.
 */
#include <errno.h>

#include <rmem/contiguous.h>

#include "boot/boot.h"

#define SZ_4G 0x100000000ULL

/* dma32_phys_limit: min(4 GiB, the end of DRAM) */
static rmem_phys_t riscv64_dma32_limit(const struct rmem_ctx *ctx)
{
	rmem_phys_t end = rmem_memblock_end_of_DRAM(&ctx->memblock);

	return end < SZ_4G ? end : SZ_4G;
}

/* setup_bootmem(), up to the default CMA area */
static int setup_bootmem(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	int ret;

	/* memblock_enforce_memory_limit(): nothing is reserved yet */
	if (ctx->cmdline.mem_seen)
		rmem_memblock_enforce_memory_limit(&ctx->memblock, ctx->cmdline.memory_limit);
	/* the kernel image [_start, ALIGN(_end, PMD_SIZE)), then reserve_initrd_mem() */
	ret = rmem_boot_reserve_image_initrd(ctx, opt);
	if (!ret)
		ret = rmem_early_init_fdt_scan_reserved_mem(ctx);
	/* memblock_reserve(dtb_early_pa, fdt_totalsize()): after the scan */
	if (!ret)
		ret = rmem_boot_reserve_fdt(ctx, opt);
	/* dma_contiguous_reserve() is void: a failure is the kernel's, and logged */
	if (!ret)
		rmem_dma_contiguous_reserve(ctx, riscv64_dma32_limit(ctx));
	return ret;
}

/* zone_sizes_init(): ZONE_DMA32 up to dma32_phys_limit, ZONE_NORMAL above */
static void riscv64_zones(struct rmem_ctx *ctx)
{
	unsigned int shift = ctx->profile.page_shift;
	rmem_phys_t start = rmem_memblock_start_of_DRAM(&ctx->memblock);
	rmem_phys_t end = rmem_memblock_end_of_DRAM(&ctx->memblock);
	rmem_phys_t dma32 = riscv64_dma32_limit(ctx);
	struct rmem_zone zones[2];
	size_t n = 0;

	if (end <= start)
		return;
	if (dma32 > start)
		zones[n++] = (struct rmem_zone){ "DMA32", start >> shift, dma32 >> shift };
	else
		dma32 = start;
	if (end > dma32)
		zones[n++] = (struct rmem_zone){ "Normal", dma32 >> shift, end >> shift };
	rmem_zones_set(&ctx->zones, zones, n);
}

int rmem_boot_riscv64(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	/* parse_dtb(), parse_early_param() */
	int ret = rmem_boot_scan_dt(ctx, opt);

	if (!ret)
		ret = rmem_boot_parse_early_param(ctx);
	if (ret)
		return ret;
	/* paging_init(): setup_bootmem(), then memblock_allow_resize() */
	ret = rmem_boot_memblock_panic(ctx, setup_bootmem(ctx, opt));
	/* unflatten_device_tree(): 6.12 saves the static regions there */
	if (!ret && ctx->profile.facts->rmem.scan_reg_nodes_early)
		ret = rmem_fdt_scan_reserved_mem_reg_nodes(ctx);
	if (ret)
		return ret;
	/* misc_mem_init() */
	riscv64_zones(ctx);
	return rmem_boot_initcalls(ctx);
}
