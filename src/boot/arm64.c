// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arm64 early boot (arch/arm64/kernel/setup.c setup_arch(),
 * arch/arm64/mm/init.c), in its order, as far as it decides where reserved
 * memory and the default CMA area go.
 *
 * The /reserved-memory regions are placed in arm64_memblock_init(), when
 * memblock holds only the kernel image and the DTB.  The default CMA area
 * is placed much later, in bootmem_init(), below everything the kernel has
 * allocated top-down in between: the page tables of the linear map, the
 * unflattened device tree, the NUMA node data, and the sparse memmap.  The
 * sizes of those come from struct layouts of each build, which rmem cannot
 * compute from source; they were measured on Debian's kernels booted with
 * memblock=debug (see arm64_models[] below), and the rest is computed from
 * the memory map exactly as the kernel computes it.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>

#include <rmem/contiguous.h>

#include "boot/boot.h"
#include "fdt/address.h"

#define SZ_4G	0x100000000ULL

/*
 * What one arm64 build allocates between early_init_fdt_scan_reserved_mem()
 * and dma_contiguous_reserve().  Measured on Debian's kernels with
 * memblock=debug on QEMU's virt machine, 1 GiB and 6 GiB of RAM: the
 * allocation sizes are in the memblock debug lines, the struct sizes solve
 * the unflatten size for two device trees, and the page-table counts fit
 * both memory sizes exactly.
 */
struct arm64_model {
	unsigned int version;
	unsigned int page_shift;
	/* paging_init(): page-granular linear map (rodata=full) */
	bool pgtable_skip_kernel;	/* 6.12 maps the image apart: its whole blocks need no table */
	int pgtable_extra;		/* tables beyond one per block and one per PMD table's span */
	/* unflatten_device_tree() */
	unsigned int sizeof_device_node;
	unsigned int sizeof_property;
	/* arch_numa_init() */
	bool numa_distance;		/* the 256-byte distance table: allocated, freed, allocated */
	unsigned int node_data_bytes;	/* roundup(sizeof(pg_data_t), SMP_CACHE_BYTES) */
	bool numa_cpumask;		/* alloc_bootmem_cpumask_var(): 64 bytes */
	/* sparse_init() */
	unsigned int section_size_bits;
	unsigned int mem_section_roots_bytes;
	unsigned int usemap_bytes;	/* per present section */
	unsigned int vmemmap_tables;	/* pages vmemmap_populate() takes for its tables */
};

static const struct arm64_model arm64_models[] = {
	{ RMEM_KERNEL_VERSION(5, 10), 12, false, -2, 168, 88, true, 0x2500, false,
	  30, 16384, 336, 2 },
	{ RMEM_KERNEL_VERSION(6, 1), 12, false, 2, 208, 96, true, 0x2c80, false,
	  27, 131072, 56, 2 },
	{ RMEM_KERNEL_VERSION(6, 12), 12, true, 8, 208, 104, false, 0x3740, true,
	  27, 131072, 56, 2 },
	{ RMEM_KERNEL_VERSION(6, 12), 14, true, 1, 208, 104, false, 0x3880, true,
	  27, 524288, 32, 2 },
};

#define SIZEOF_STRUCT_PAGE 64

static const struct arm64_model *arm64_model(const struct rmem_profile *p)
{
	for (size_t i = 0; i < sizeof(arm64_models) / sizeof(arm64_models[0]); i++)
		if (arm64_models[i].version == p->version &&
		    arm64_models[i].page_shift == p->page_shift)
			return &arm64_models[i];
	return NULL;
}

struct arm64_boot {
	struct rmem_ctx *ctx;
	const struct rmem_plan_options *opt;
	const struct arm64_model *m;
	rmem_phys_t page_size;
	rmem_phys_t kernel_start, kernel_end;	/* the first early reservation, if any */
};

static rmem_phys_t pmd_size(const struct arm64_boot *b)
{
	return b->page_size << (b->ctx->profile.page_shift - 3);
}

/* arm64_memblock_init(), up to and including early_init_fdt_scan_reserved_mem(). */
static int arm64_memblock_init(struct arm64_boot *b)
{
	struct rmem_ctx *ctx = b->ctx;
	struct rmem_memblock *mb = &ctx->memblock;
	int ret;

	/* the arch cannot address memory beyond its physical address bits */
	ret = rmem_memblock_remove(mb, (rmem_phys_t)1 << 48, RMEM_PHYS_MAX);
	if (ret)
		return ret;
	if (ctx->cmdline.mem_seen)
		rmem_memblock_mem_limit_remove_map(mb, ctx->cmdline.memory_limit);
	ret = rmem_boot_reserve_early(ctx, b->opt);
	if (ret)
		return ret;
	return rmem_early_init_fdt_scan_reserved_mem(ctx);
}

/* Blocks of @block bytes that [base, end) touches. */
static unsigned long blocks_touched(rmem_phys_t base, rmem_phys_t end, rmem_phys_t block)
{
	if (end <= base)
		return 0;
	return (unsigned long)((rmem_align_up(end, block) - rmem_align_down(base, block)) / block);
}

/* Whole @block-sized blocks inside [base, end). */
static unsigned long blocks_inside(rmem_phys_t base, rmem_phys_t end, rmem_phys_t block)
{
	rmem_phys_t first = rmem_align_up(base, block), last = rmem_align_down(end, block);

	return last > first ? (unsigned long)((last - first) / block) : 0;
}

/*
 * paging_init() -> map_mem(): with rodata=full every page of the linear
 * map is mapped by a PTE, so each block a PTE table covers needs one table,
 * and each span a PMD table covers needs one more.  NOMAP regions are not
 * mapped.
 */
static unsigned long linear_map_tables(const struct arm64_boot *b)
{
	const struct rmem_memblock_type *mem = &b->ctx->memblock.memory;
	rmem_phys_t pte_span = pmd_size(b);
	rmem_phys_t pmd_span = pte_span << (b->ctx->profile.page_shift - 3);
	unsigned long tables = 0;
	rmem_phys_t last_pte = RMEM_PHYS_MAX, last_pmd = RMEM_PHYS_MAX;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t base = r->base, end = r->base + r->size;

		if (!r->size || (r->flags & RMEM_MEMBLOCK_NOMAP))
			continue;
		tables += blocks_touched(base, end, pte_span);
		tables += blocks_touched(base, end, pmd_span);
		/* a block shared with the previous region has its table already */
		if (rmem_align_down(base, pte_span) == last_pte)
			tables--;
		if (rmem_align_down(base, pmd_span) == last_pmd)
			tables--;
		last_pte = rmem_align_down(end - 1, pte_span);
		last_pmd = rmem_align_down(end - 1, pmd_span);
	}
	if (b->m->pgtable_skip_kernel && b->kernel_end > b->kernel_start)
		tables -= blocks_inside(b->kernel_start, b->kernel_end, pte_span);
	return tables;
}

/*
 * Whatever the memory map, the kernel maps its own image (5.10 and 6.1:
 * map_kernel()) or its linear alias (6.12: map_mem()), so paging_init()
 * takes one table at least.  early_pgtable_alloc() panics when memblock has
 * no page left for one: so ends the boot of a device tree without memory,
 * which the bootloader was to fill in.
 */
static int paging_init(struct arm64_boot *b)
{
	struct rmem_ctx *ctx = b->ctx;
	long n = (long)linear_map_tables(b) + b->m->pgtable_extra;
	int ret = rmem_boot_alloc_blocks(ctx, n > 0 ? (unsigned long)n : 1, b->page_size);

	if (ret == -ENOMEM) {
		rmem_ctx_crash(ctx, "%spaging_init() finds no free page for a page table: the kernel panics (\"Failed to allocate page table page\")",
			       rmem_memblock_phys_mem_size(&ctx->memblock) ?
			       "" : "the device tree gives the kernel no memory, and ");
		return ret;
	}
	rmem_memblock_allow_resize(&ctx->memblock);
	return ret;
}

/* The length of the "name" property populate_properties() makes up. */
static size_t made_up_name_len(const char *name)
{
	const char *at = strchr(name, '@');
	size_t len = at ? (size_t)(at - name) : strlen(name);

	return len + 1;
}

/*
 * __unflatten_device_tree(): the dry run's size, the struct sizes of this
 * build, ALIGN(size, 4) + 4 for the end marker.  The kernel has already
 * NOPed /chosen/kaslr-seed by then (kaslr_early_init()).
 */
static rmem_phys_t unflatten_size(const struct arm64_boot *b)
{
	const void *fdt = b->ctx->fdt->blob;
	rmem_phys_t size = 0;
	int node, prop, depth = 0;

	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		const char *name = fdt_get_name(fdt, node, NULL);
		bool has_name = false;

		size = rmem_align_up(size, 8) + b->m->sizeof_device_node + strlen(name) + 1;
		fdt_for_each_property_offset(prop, fdt, node) {
			const char *pname;

			fdt_getprop_by_offset(fdt, prop, &pname, NULL);
			if (!strcmp(pname, "kaslr-seed") &&
			    !strcmp(name, "chosen") && depth == 1)
				continue;
			has_name |= !strcmp(pname, "name");
			size = rmem_align_up(size, 8) + b->m->sizeof_property;
		}
		if (!has_name)
			size = rmem_align_up(size, 8) + b->m->sizeof_property +
			       made_up_name_len(name);
	}
	return rmem_align_up(size, 4) + 4;
}

/*
 * 6.12 leaves unmapped the whole of a page that a no-map region covers only
 * in part, while memblock still counts the rest of that page free: the
 * kernel faults writing an allocation placed there (Debian's 6.12 did, for
 * page-unaligned no-map regions; 5.10 and 6.1 map such pages).
 */
static bool lands_in_unmapped_page(struct rmem_ctx *ctx, rmem_phys_t addr, rmem_phys_t size,
				   rmem_phys_t *page)
{
	const struct rmem_memblock_type *mem = &ctx->memblock.memory;
	rmem_phys_t psize = rmem_profile_page_size(&ctx->profile);

	if (ctx->profile.version < RMEM_KERNEL_VERSION(6, 12))
		return false;
	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t edge[2] = { r->base, r->base + r->size };

		if (!(r->flags & RMEM_MEMBLOCK_NOMAP))
			continue;
		for (int j = 0; j < 2; j++) {
			rmem_phys_t p = rmem_align_down(edge[j], psize);

			if (edge[j] % psize && addr < p + psize && p < addr + size) {
				*page = p;
				return true;
			}
		}
	}
	return false;
}

/* An allocation the kernel makes after paging_init() and writes to. */
static int alloc_or_fail(struct rmem_ctx *ctx, rmem_phys_t size, rmem_phys_t align,
			 rmem_phys_t start, rmem_phys_t end, rmem_phys_t *at)
{
	rmem_phys_t addr = rmem_memblock_alloc_range_nid(&ctx->memblock, size, align, start, end,
							 RMEM_NUMA_NO_NODE, false);
	rmem_phys_t page;

	if (at)
		*at = addr;
	if (!addr)
		return -ENOMEM;
	if (lands_in_unmapped_page(ctx, addr, size, &page)) {
		rmem_ctx_crash(ctx, "an early allocation at %#llx lands in the page at %#llx, which a page-unaligned no-map region leaves unmapped: the kernel faults writing it",
			       (unsigned long long)addr, (unsigned long long)page);
		return -EFAULT;
	}
	return 0;
}

/* __unflatten_device_tree() allocates through early_init_dt_alloc_memory_arch(), which panics. */
static int unflatten_device_tree(struct arm64_boot *b)
{
	rmem_phys_t size = unflatten_size(b);
	int ret = alloc_or_fail(b->ctx, size, 8, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, NULL);

	if (ret == -ENOMEM)
		rmem_ctx_crash(b->ctx, "unflatten_device_tree() finds no room for the tree: the kernel panics (\"early_init_dt_alloc_memory_arch: Failed to allocate %llu bytes align=0x8\")",
			       (unsigned long long)size);
	return ret;
}

#define SMP_CACHE_BYTES 64

/* arch_numa_init(): no NUMA in the DT, so numa_init() fails once, then fakes node 0. */
static int arch_numa_init(struct arm64_boot *b, rmem_phys_t *node_data)
{
	struct rmem_ctx *ctx = b->ctx;
	rmem_phys_t dist;
	int ret;

	if (b->m->numa_distance) {
		ret = alloc_or_fail(ctx, 256, b->page_size, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, &dist);
		if (ret)
			return ret;
		rmem_memblock_phys_free(&ctx->memblock, dist, 256);
		ret = alloc_or_fail(ctx, 256, b->page_size, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, NULL);
		if (ret)
			return ret;
	}
	ret = alloc_or_fail(ctx, b->m->node_data_bytes, SMP_CACHE_BYTES, 0,
			    RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, node_data);
	if (ret || !b->m->numa_cpumask)
		return ret;
	return alloc_or_fail(ctx, 64, SMP_CACHE_BYTES, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, NULL);
}

/* Present sections: those holding any memory (NOMAP included). */
static unsigned long present_sections(const struct arm64_boot *b)
{
	const struct rmem_memblock_type *mem = &b->ctx->memblock.memory;
	rmem_phys_t span = (rmem_phys_t)1 << b->m->section_size_bits;
	rmem_phys_t last = RMEM_PHYS_MAX;
	unsigned long n = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];

		if (!r->size)
			continue;
		n += blocks_touched(r->base, r->base + r->size, span);
		if (rmem_align_down(r->base, span) == last)
			n--;
		last = rmem_align_down(r->base + r->size - 1, span);
	}
	return n;
}

/*
 * No room for the one memmap buffer: vmemmap_populate() then takes what each
 * section needs on its own, a PMD block at a time where the memmap is
 * mapped by PMDs, a page at a time otherwise.
 */
static int sparse_populate_sections(struct arm64_boot *b, unsigned long sections,
				    rmem_phys_t per_section, rmem_phys_t map_size)
{
	int ret = rmem_boot_alloc_blocks(b->ctx, b->m->vmemmap_tables, b->page_size);

	for (unsigned long i = 0; !ret && i < sections; i++) {
		if (map_size == per_section)
			ret = rmem_boot_alloc_blocks(b->ctx, 1, map_size);
		else
			ret = rmem_boot_alloc_blocks(b->ctx, per_section / b->page_size,
						     b->page_size);
	}
	return ret;
}

/*
 * sparse_init(): the mem_section roots, one root's section array, the
 * usemaps (within the section that holds the node data), the memmap buffer
 * for every present section, the vmemmap's own tables; with pages larger
 * than 4K the memmap is mapped page by page and the buffer's unused tail is
 * given back.
 */
static int sparse_init(struct arm64_boot *b, rmem_phys_t node_data)
{
	struct rmem_ctx *ctx = b->ctx;
	unsigned int shift = ctx->profile.page_shift;
	rmem_phys_t section = (rmem_phys_t)1 << b->m->section_size_bits;
	unsigned long sections = present_sections(b);
	rmem_phys_t per_section = (rmem_phys_t)SIZEOF_STRUCT_PAGE << (b->m->section_size_bits - shift);
	rmem_phys_t map_size = rmem_align_up(per_section, pmd_size(b));
	rmem_phys_t goal = rmem_align_down(node_data, section), buf;
	int ret;

	ret = alloc_or_fail(ctx, b->m->mem_section_roots_bytes, SMP_CACHE_BYTES, 0,
			    RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, NULL);
	if (!ret)
		ret = alloc_or_fail(ctx, b->page_size, SMP_CACHE_BYTES, 0,
				    RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, NULL);
	if (ret)
		return ret;
	/* sparse_early_usemaps_alloc_pgdat_section(): near the node data, else anywhere */
	if (alloc_or_fail(ctx, (rmem_phys_t)b->m->usemap_bytes * sections, SMP_CACHE_BYTES,
			  goal, goal + section, NULL) &&
	    alloc_or_fail(ctx, (rmem_phys_t)b->m->usemap_bytes * sections, SMP_CACHE_BYTES,
			  0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, NULL))
		return -ENOMEM;
	if (alloc_or_fail(ctx, map_size * sections, map_size, 0,
			  RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, &buf))
		return sparse_populate_sections(b, sections, per_section, map_size);
	ret = rmem_boot_alloc_blocks(ctx, b->m->vmemmap_tables, b->page_size);
	if (ret || map_size == per_section)
		return ret;
	/* sparse_buffer_fini(): only the struct pages themselves were used */
	return rmem_memblock_phys_free(&ctx->memblock, buf + per_section * sections,
				       (map_size - per_section) * sections);
}

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
		rmem_ctx_crash(ctx, "of_dma_get_max_cpu_address() never gets through the dma-ranges of %s: its cell counts make the kernel's loop run on",
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
static int zone_sizes_init(struct arm64_boot *b, rmem_phys_t *dma_limit)
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
		rmem_ctx_set_zones(ctx, zones, n);
	return 0;
}

static int bootmem_init(struct arm64_boot *b)
{
	rmem_phys_t node_data = 0, dma_limit;
	int ret;

	ret = arch_numa_init(b, &node_data);
	if (!ret)
		ret = sparse_init(b, node_data);
	if (ret)
		return ret;
	ret = zone_sizes_init(b, &dma_limit);
	if (ret)
		return ret;
	/* dma_contiguous_reserve() is void: a failure is the kernel's, and logged */
	rmem_dma_contiguous_reserve(b->ctx, dma_limit);
	return 0;
}

int rmem_boot_arm64(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	struct arm64_boot b = { .ctx = ctx, .opt = opt, .m = arm64_model(&ctx->profile),
				.page_size = rmem_profile_page_size(&ctx->profile) };
	int ret;

	if (!b.m)
		return -EINVAL;
	if (opt->nr_reserve) {
		b.kernel_start = opt->reserve[0].base;
		b.kernel_end = opt->reserve[0].base + opt->reserve[0].size;
	}
	/* setup_machine_fdt(): memory, then the DTB's own reservation */
	ret = rmem_boot_scan_dt(ctx, opt);
	if (!ret)
		ret = rmem_boot_reserve_fdt(ctx, opt);
	if (!ret)
		ret = rmem_boot_parse_early_param(ctx);
	if (!ret)
		ret = arm64_memblock_init(&b);
	if (!ret)
		ret = paging_init(&b);
	/* unflatten_device_tree(): 6.12 saves the static regions first */
	if (!ret && ctx->profile.version >= RMEM_KERNEL_VERSION(6, 12))
		ret = rmem_fdt_scan_reserved_mem_reg_nodes(ctx);
	if (!ret)
		ret = unflatten_device_tree(&b);
	if (!ret)
		ret = bootmem_init(&b);
	/*
	 * Only a machine of a few MiB runs out here: the kernel panics
	 * (setup_node_data(), sparse_init()'s roots) or, when the memory map
	 * finds no backing, marks its sections absent and faults soon after
	 * on RAM without struct pages.
	 */
	if (ret == -ENOMEM)
		rmem_ctx_crash(ctx, "bootmem_init() finds no memory for the NUMA node data or the memory map: the kernel panics, or faults soon after on RAM without struct pages");
	if (!ret)
		ret = rmem_boot_initcalls(ctx);
	return ret;
}
