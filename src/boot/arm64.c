// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arm64 early boot (arch/arm64/kernel/setup.c setup_arch(),
 * arch/arm64/mm/init.c), in its order, as far as it decides where reserved
 * memory and the default CMA area go.
 *
 * The /reserved-memory regions are placed in arm64_memblock_init(), when
 * memblock holds only the kernel image and the DTB.  The default CMA area
 * is placed much later, in bootmem_init(), below everything the kernel has
 * allocated top-down in between (arm64_early_alloc.c), under the end of
 * ZONE_DMA (arm64_zones.c).
 */
#include <errno.h>

#include <rmem/contiguous.h>

#include "boot/arm64.h"

/* Measured on Debian's kernels: see struct arm64_model. */
static const struct arm64_model arm64_models[] = {
	{ .version = RMEM_KERNEL_VERSION(5, 10), .page_shift = 12,
	  .pgtable_extra = -2, .sizeof_device_node = 168, .sizeof_property = 88,
	  .numa_distance = true, .node_data_bytes = 0x2500,
	  .section_size_bits = 30, .mem_section_roots_bytes = 16384, .usemap_bytes = 336,
	  .vmemmap_tables = 2, .warn_line_initrd = 390 },
	{ .version = RMEM_KERNEL_VERSION(6, 1), .page_shift = 12,
	  .pgtable_extra = 2, .sizeof_device_node = 208, .sizeof_property = 96,
	  .numa_distance = true, .node_data_bytes = 0x2c80,
	  .section_size_bits = 27, .mem_section_roots_bytes = 131072, .usemap_bytes = 56,
	  .vmemmap_tables = 2, .warn_line_initrd = 347 },
	{ .version = RMEM_KERNEL_VERSION(6, 12), .page_shift = 12,
	  .pgtable_skip_kernel = true, .pgtable_extra = 8, .nomap_page_unmapped = true,
	  .sizeof_device_node = 208, .sizeof_property = 104,
	  .node_data_bytes = 0x3740, .numa_cpumask = true,
	  .section_size_bits = 27, .mem_section_roots_bytes = 131072, .usemap_bytes = 56,
	  .vmemmap_tables = 2, .warn_line_initrd = 267 },
	{ .version = RMEM_KERNEL_VERSION(6, 12), .page_shift = 14,
	  .pgtable_skip_kernel = true, .pgtable_extra = 1, .nomap_page_unmapped = true,
	  .sizeof_device_node = 208, .sizeof_property = 104,
	  .node_data_bytes = 0x3880, .numa_cpumask = true,
	  .section_size_bits = 27, .mem_section_roots_bytes = 524288, .usemap_bytes = 32,
	  .vmemmap_tables = 2, .warn_line_initrd = 267 },
	/*
	 * 7.2: sparse_init() moved to free_area_init(), after the default CMA
	 * area, and maps each section's memmap on its own (measured with
	 * memblock=debug up to "Zone ranges:")
	 */
	{ .version = RMEM_KERNEL_VERSION(7, 2), .page_shift = 12,
	  .pgtable_skip_kernel = true, .pgtable_extra = 24,
	  .sizeof_device_node = 208, .sizeof_property = 112,
	  .node_data_bytes = 0x3800, .numa_cpumask = true,
	  .sparse_after_cma = true, .memmap_per_section = true,
	  .section_size_bits = 27, .mem_section_roots_bytes = 131072, .usemap_bytes = 88,
	  .vmemmap_tables = 2, .warn_line_initrd = 274 },
	{ .version = RMEM_KERNEL_VERSION(7, 2), .page_shift = 14,
	  .pgtable_skip_kernel = true, .pgtable_extra = 1,
	  .sizeof_device_node = 208, .sizeof_property = 112,
	  .node_data_bytes = 0x3940, .numa_cpumask = true,
	  .sparse_after_cma = true, .memmap_per_section = true,
	  .section_size_bits = 27, .mem_section_roots_bytes = 524288, .usemap_bytes = 32,
	  .vmemmap_tables = 2, .warn_line_initrd = 274 },
};

static const struct arm64_model *arm64_model(const struct rmem_profile *p)
{
	for (size_t i = 0; i < sizeof(arm64_models) / sizeof(arm64_models[0]); i++)
		if (arm64_models[i].version == rmem_profile_modelled_version(p) &&
		    arm64_models[i].page_shift == p->page_shift)
			return &arm64_models[i];
	return NULL;
}

/*
 * The linear map's size, PAGE_END - _PAGE_OFFSET(vabits_actual), on a CPU
 * without 52-bit VAs (QEMU's and most boards' Cortex-A5x): 2^47 with 4K
 * pages, 2^46 with 16K (VA_BITS_MIN 47, as 6.12's 52-bit config falls back to).
 */
static rmem_phys_t arm64_linear_region_size(const struct arm64_boot *b)
{
	return (rmem_phys_t)1 << (b->m->page_shift == 14 ? 46 : 47);
}

/*
 * The initrd, before the kernel image: its whole pages are added to memory
 * (an initrd above the RAM's end makes memory of it) and reserved, unless
 * they fall outside the linear map, which WARN()s and drops the initrd.
 */
static void arm64_initrd_pages(const struct arm64_boot *b, rmem_phys_t *base, rmem_phys_t *size)
{
	const struct rmem_ctx *ctx = b->ctx;

	*base = rmem_align_down(ctx->phys_initrd_start, b->page_size);
	*size = rmem_align_up(ctx->phys_initrd_start + ctx->phys_initrd_size, b->page_size) - *base;
}

static int arm64_reserve_initrd(struct arm64_boot *b)
{
	struct rmem_ctx *ctx = b->ctx;
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t dram = rmem_memblock_start_of_DRAM(mb);
	rmem_phys_t base, size;
	int ret;

	if (!ctx->phys_initrd_size)
		return 0;
	arm64_initrd_pages(b, &base, &size);
	if (base < dram || base + size > dram + arm64_linear_region_size(b)) {
		rmem_boot_warn(ctx, "initrd not fully accessible via the linear mapping -- please check your bootloader ...",
			       "arch/arm64/mm/init.c", b->m->warn_line_initrd, "arm64_memblock_init");
		ctx->phys_initrd_size = 0;
		return 0;
	}
	ret = rmem_memblock_add(mb, base, size);
	if (!ret)
		ret = rmem_memblock_clear_nomap(mb, base, size);
	return ret ? ret : rmem_memblock_reserve(mb, base, size);
}

/* arm64_memblock_init(), up to and including early_init_fdt_scan_reserved_mem(). */
static int arm64_memblock_init(struct arm64_boot *b)
{
	struct rmem_ctx *ctx = b->ctx;
	struct rmem_memblock *mb = &ctx->memblock;
	int ret;

	/* mem= may drop the initrd's RAM, which is added back: what was there before? */
	if (ctx->phys_initrd_size) {
		rmem_phys_t base, size;

		arm64_initrd_pages(b, &base, &size);
		b->initrd_not_ram = !rmem_memblock_is_region_memory(mb, base, size);
	}
	/* the arch cannot address memory beyond its physical address bits */
	ret = rmem_memblock_remove(mb, (rmem_phys_t)1 << ARM64_PHYS_BITS, RMEM_PHYS_MAX);
	if (ret)
		return ret;
	if (ctx->cmdline.mem_seen) {
		/* mem= may cut the kernel out of memory: it is added back */
		rmem_memblock_mem_limit_remove_map(mb, ctx->cmdline.memory_limit);
		if (b->kernel_end > b->kernel_start)
			ret = rmem_memblock_add(mb, b->kernel_start, b->kernel_end - b->kernel_start);
		if (ret)
			return ret;
	}
	ret = arm64_reserve_initrd(b);
	if (!ret)
		ret = rmem_boot_reserve_early(ctx, b->opt);
	if (ret)
		return ret;
	return rmem_early_init_fdt_scan_reserved_mem(ctx);
}

/*
 * bootmem_init(), and from 7.2 free_area_init()'s sparse_init(), which
 * start_kernel() runs after setup_arch() (mm_core_init_early()).
 */
static int bootmem_init(struct arm64_boot *b)
{
	rmem_phys_t node_data = 0, dma_limit;
	int ret;

	ret = arm64_numa_init(b, &node_data);
	if (!ret && !b->m->sparse_after_cma)
		ret = arm64_sparse_init(b, node_data);
	if (!ret)
		ret = arm64_zone_sizes_init(b, &dma_limit);
	if (ret)
		return ret;
	/* dma_contiguous_reserve() is void: a failure is the kernel's, and logged */
	rmem_dma_contiguous_reserve(b->ctx, dma_limit);
	if (!b->m->sparse_after_cma)
		return 0;
	ret = arm64_request_standard_resources(b);
	return ret ? ret : arm64_sparse_init(b, node_data);
}

static int setup_machine_fdt(struct arm64_boot *b)
{
	/* memory, then the DTB's own reservation */
	int ret = rmem_boot_scan_dt(b->ctx, b->opt);

	return ret ? ret : rmem_boot_reserve_fdt(b->ctx, b->opt);
}

static int parse_early_param(struct arm64_boot *b)
{
	return rmem_boot_parse_early_param(b->ctx);
}

/*
 * acpi_table_upgrade() (CONFIG_ACPI_TABLE_UPGRADE, in Debian's configs)
 * looks for tables in the initrd through the linear map, right after
 * paging_init(): an initrd arm64_memblock_init() had to make memory of,
 * where the device tree has no RAM, is read where nothing answers.
 */
static int acpi_table_upgrade(struct arm64_boot *b)
{
	if (!b->ctx->phys_initrd_size || !b->initrd_not_ram)
		return 0;
	rmem_crash(b->ctx, "/chosen's initrd [%#llx-%#llx) lies outside the device tree's RAM: arm64_memblock_init() adds its pages to memory, and acpi_table_upgrade() then reads them (find_cpio_data()): \"Internal error: synchronous external abort\", then \"Kernel panic - not syncing: Attempted to kill the idle task!\"; load the initrd into RAM, or fix linux,initrd-start/-end",
		   (unsigned long long)b->ctx->phys_initrd_start,
		   (unsigned long long)(b->ctx->phys_initrd_start + b->ctx->phys_initrd_size));
	return -EFAULT;
}

/*
 * setup_arch() up to paging_init(), which lets memblock's arrays grow: a
 * 6.12 memblock panic in any of them ends the boot there.
 */
static int (*const before_resize[])(struct arm64_boot *b) = {
	setup_machine_fdt, parse_early_param, arm64_memblock_init, arm64_paging_init,
	acpi_table_upgrade,
};

int rmem_boot_arm64(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	struct arm64_boot b = { .ctx = ctx, .opt = opt, .m = arm64_model(&ctx->profile),
				.page_size = rmem_profile_page_size(&ctx->profile) };
	int ret = 0;

	if (!b.m)
		return -EOPNOTSUPP;
	if (opt->nr_reserve) {
		b.kernel_start = opt->reserve[0].base;
		b.kernel_end = opt->reserve[0].base + opt->reserve[0].size;
	}
	for (size_t i = 0; !ret && i < sizeof(before_resize) / sizeof(before_resize[0]); i++)
		ret = rmem_boot_memblock_panic(ctx, before_resize[i](&b));
	/* unflatten_device_tree(): 6.12 saves the static regions first */
	if (!ret && ctx->profile.facts->rmem.scan_reg_nodes_early)
		ret = rmem_fdt_scan_reserved_mem_reg_nodes(ctx);
	if (!ret)
		ret = arm64_unflatten_device_tree(&b);
	if (!ret)
		ret = bootmem_init(&b);
	/*
	 * Only a machine of a few MiB runs out here: the kernel panics
	 * (setup_node_data(), sparse_init()'s roots) or, when the memory map
	 * finds no backing, marks its sections absent and faults soon after
	 * on RAM without struct pages.
	 */
	if (ret == -ENOMEM)
		rmem_crash(ctx, "bootmem_init() finds no memory for the NUMA node data or the memory map: the kernel panics, or faults soon after on RAM without struct pages");
	if (!ret)
		ret = rmem_boot_initcalls(ctx);
	return ret;
}
