// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 32-bit arm early boot (arch/arm/kernel/setup.c setup_arch(),
 * arch/arm/mm/mmu.c, arch/arm/mm/init.c), in its order.
 *
 * Unlike arm64, arm places the default CMA area in arm_memblock_init(),
 * right after /reserved-memory and before paging_init(), so only the kernel
 * image, the initrd, the page directory, the DTB and the reserved-memory
 * regions come before it.  What decides more is the lowmem/highmem split:
 * memblock allocates only below the lowmem limit, while CMA tries highmem
 * first.
 */
#include <errno.h>

#include <rmem/contiguous.h>

#include "boot/boot.h"

/* arm_dma_limit for a device-tree machine without a DMA zone size. */
#define ARM_DMA_LIMIT 0xffffffffULL

/* PMD_SIZE: 2 MiB with LPAE, and two 1 MiB sections in the classic format */
#define ARM_PMD_SIZE 0x200000ULL

/*
 * mem= on arm (early_mem() during parse_early_param()): the first one drops
 * every bank the device tree gave, each one adds its own.
 */
static int apply_arm_mem(struct rmem_ctx *ctx)
{
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t phys_offset = rmem_memblock_start_of_DRAM(mb);
	int ret;

	if (!ctx->cmdline.mem_nr_banks)
		return 0;
	ret = rmem_memblock_remove(mb, rmem_memblock_start_of_DRAM(mb),
				   rmem_memblock_end_of_DRAM(mb) - rmem_memblock_start_of_DRAM(mb));
	for (size_t i = 0; !ret && i < ctx->cmdline.mem_nr_banks; i++) {
		rmem_phys_t base, size;

		if (rmem_cmdline_arm_add_memory(&ctx->profile, phys_offset,
						&ctx->cmdline.mem_banks[i], &ctx->log,
						&base, &size))
			continue;
		ret = rmem_memblock_add(mb, base, size);
	}
	return ret;
}

/* Without CONFIG_HIGHMEM the RAM above lowmem is dropped. */
static void ignore_highmem(struct rmem_ctx *ctx, rmem_phys_t from)
{
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t end = rmem_memblock_end_of_DRAM(mb);

	rmem_log_printf(&ctx->log, RMEM_LOG_NOTICE, "Ignoring RAM at %s-%s\n",
			rmem_pa(&ctx->profile, from), rmem_pa(&ctx->profile, end));
	rmem_log_printf(&ctx->log, RMEM_LOG_NOTICE, "Consider using a HIGHMEM enabled kernel.\n");
	rmem_memblock_remove(mb, from, end - from);
}

/*
 * adjust_lowmem_bounds(): the first bank's start is made section-aligned
 * (NOMAP below), lowmem ends where vmalloc space begins, and memblock may
 * allocate only below that, rounded down to a PMD.  Returns the end of
 * lowmem (arm_lowmem_limit).
 */
static rmem_phys_t adjust_lowmem_bounds(struct rmem_ctx *ctx)
{
	struct rmem_memblock *mb = &ctx->memblock;
	const struct rmem_memblock_type *mem = &mb->memory;
	rmem_phys_t pmd = ARM_PMD_SIZE;
	rmem_phys_t vmalloc_limit = rmem_memblock_start_of_DRAM(mb) + ctx->profile.lowmem_size;
	rmem_phys_t lowmem_limit = 0, memblock_limit = 0;

	if (mem->cnt && mem->regions[0].size && mem->regions[0].base % pmd)
		rmem_memblock_mark_nomap(mb, mem->regions[0].base,
					 rmem_align_up(mem->regions[0].base, pmd) -
						 mem->regions[0].base);
	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t start = r->base, end = r->base + r->size;

		if (!r->size || (r->flags & RMEM_MEMBLOCK_NOMAP) || start >= vmalloc_limit)
			continue;
		if (end > lowmem_limit)
			lowmem_limit = end < vmalloc_limit ? end : vmalloc_limit;
		if (!memblock_limit) {
			if (start % pmd)
				memblock_limit = start;
			else if (end % pmd)
				memblock_limit = lowmem_limit;
		}
	}
	if (!memblock_limit)
		memblock_limit = lowmem_limit;
	memblock_limit = rmem_align_down(memblock_limit, pmd);
	if (!ctx->profile.highmem && rmem_memblock_end_of_DRAM(mb) > lowmem_limit)
		ignore_highmem(ctx, memblock_limit);
	rmem_memblock_set_current_limit(mb, memblock_limit);
	rmem_cma_set_highmem_start(ctx, lowmem_limit);
	return lowmem_limit;
}

/*
 * Whether map_lowmem() mapped the PMD at @pmd with a section: a memory
 * range without NOMAP runs from at or below it, and the part of it mapped
 * there ends on a section boundary (2 MiB with LPAE, 1 MiB in the classic
 * format, whose PMD is a pair of sections: the first one counts);
 * otherwise the PMD holds a page table, or nothing.
 */
static bool lowmem_section_at(const struct rmem_ctx *ctx, rmem_phys_t pmd,
			      rmem_phys_t lowmem_limit)
{
	const struct rmem_memblock_type *mem = &ctx->memblock.memory;
	rmem_phys_t section = ctx->profile.arm_lpae ? ARM_PMD_SIZE : ARM_PMD_SIZE / 2;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t end = r->base + r->size;

		if (r->base > pmd || end <= pmd || (r->flags & RMEM_MEMBLOCK_NOMAP))
			continue;
		if (end > pmd + ARM_PMD_SIZE)
			end = pmd + ARM_PMD_SIZE;
		if (end > lowmem_limit)
			end = lowmem_limit;
		return end > pmd && (end - pmd) % section == 0;
	}
	return false;
}

/*
 * paging_init()'s dma_contiguous_remap() (arch/arm/mm/dma-mapping.c): each
 * range dma_contiguous_early_fixup() was given is mapped again, its lowmem
 * part first unmapped by clearing PMDs from its start in PMD_SIZE steps.
 * From a start that is not PMD-aligned those steps can miss the PMD of the
 * range's end, which stays a section; iotable_init() then wants a page
 * table there and arm_pte_alloc()'s BUG_ON(pmd_bad()) fires before the
 * exception vectors exist (devicemaps_init()): the kernel hangs without a
 * word.  (A table an earlier range left in that PMD is not modelled.)
 */
static int arm_dma_contiguous_remap(struct rmem_ctx *ctx, rmem_phys_t lowmem_limit)
{
	for (unsigned int i = 0; i < ctx->rm.nr_early_fixups; i++) {
		rmem_phys_t start = ctx->rm.early_fixups[i].base;
		rmem_phys_t end = start + ctx->rm.early_fixups[i].size;
		rmem_phys_t last;

		if (end > lowmem_limit)
			end = lowmem_limit;
		if (start >= end)
			continue;
		last = rmem_align_down(end - 1, ARM_PMD_SIZE);
		if (start >= last || last + start % ARM_PMD_SIZE < end ||
		    !lowmem_section_at(ctx, last, lowmem_limit))
			continue;
		rmem_crash(ctx, "paging_init() maps [%#llx-%#llx) again for a reusable shared-dma-pool (dma_contiguous_remap()): from its start, which is not aligned to 2 MiB, the PMDs it clears first miss the one at %#llx, still a section of lowmem, where arm_pte_alloc() then BUG()s before the exception vectors exist: the kernel hangs without a word; align the region to 2 MiB (a CMA area is refused unless it is aligned anyway)",
			   (unsigned long long)ctx->rm.early_fixups[i].base,
			   (unsigned long long)(ctx->rm.early_fixups[i].base +
						ctx->rm.early_fixups[i].size),
			   (unsigned long long)last);
		return -EFAULT;
	}
	return 0;
}

/* zone_sizes_init(): ZONE_DMA up to the lowmem limit, ZONE_HIGHMEM above. */
static void arm_zones(struct rmem_ctx *ctx)
{
	struct rmem_memblock *mb = &ctx->memblock;
	unsigned int shift = ctx->profile.page_shift;
	rmem_phys_t start = rmem_memblock_start_of_DRAM(mb), end = rmem_memblock_end_of_DRAM(mb);
	rmem_phys_t low = ctx->cma.highmem_start && ctx->cma.highmem_start < end ? ctx->cma.highmem_start : end;
	struct rmem_zone zones[2] = {
		{ "DMA", start >> shift, low >> shift },
		{ "HighMem", low >> shift, end >> shift },
	};

	rmem_zones_set(&ctx->zones, zones, end > low ? 2 : 1);
}

/* arm_memblock_init() */
static int arm_memblock_init(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	/* the kernel image, reserve_initrd_mem(), arm_mm_memblock_reserve() */
	int ret = rmem_boot_reserve_image_initrd(ctx, opt);

	/* early_init_fdt_reserve_self() */
	if (!ret)
		ret = rmem_boot_reserve_fdt(ctx, opt);
	if (!ret)
		ret = rmem_early_init_fdt_scan_reserved_mem(ctx);
	/* dma_contiguous_reserve() is void: a failure is the kernel's, and logged */
	if (!ret)
		rmem_dma_contiguous_reserve(ctx, ARM_DMA_LIMIT);
	return ret;
}

int rmem_boot_arm(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	rmem_phys_t lowmem_limit;
	int ret;

	ret = rmem_boot_scan_dt(ctx, opt);
	if (!ret)
		ret = rmem_boot_parse_early_param(ctx);
	if (!ret)
		ret = apply_arm_mem(ctx);
	if (ret)
		return ret;
	adjust_lowmem_bounds(ctx);
	ret = rmem_boot_memblock_panic(ctx, arm_memblock_init(ctx, opt));
	if (ret)
		return ret;
	/*
	 * setup_arch() adjusts the bounds again: no-map regions now ending
	 * lowmem move its end down, and the zones follow the second pass
	 * (find_limits() reads the limit paging_init() sets from it).
	 */
	lowmem_limit = adjust_lowmem_bounds(ctx);
	/*
	 * paging_init() has mapped all of lowmem: memblock may allocate up to
	 * its end from then on, past a first bank's unaligned start.  Then
	 * unflatten_device_tree(): 6.12 saves the static regions there.
	 */
	rmem_memblock_set_current_limit(&ctx->memblock, lowmem_limit);
	ret = arm_dma_contiguous_remap(ctx, lowmem_limit);
	if (ret)
		return ret;
	if (ctx->profile.facts->rmem.scan_reg_nodes_early) {
		ret = rmem_boot_memblock_panic(ctx, rmem_fdt_scan_reserved_mem_reg_nodes(ctx));
		if (ret)
			return ret;
	}
	arm_zones(ctx);
	return rmem_boot_initcalls(ctx);
}
